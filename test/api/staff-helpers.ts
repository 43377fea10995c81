/** Station staff sessions and walk-in workers for the staff tests. */
import { login, type Target } from '../support/api'
import sharp from 'sharp'
import type { TestServer } from './helpers'
import { validIdNumber } from './helpers'

/** Logs in by SMS (development adapter's devCode). Same as `login(server, { phone })`. */
export const smsLogin = (server: Target, phone: string): Promise<string> => login(server, { phone })

/** The seeded station staff account for `phone` (13800000002 阳泉市城区, 13800000006 上海). */
export async function staffLogin(server: TestServer, phone: string): Promise<{ token: string; stationId: string }> {
  const token = await smsLogin(server, phone)
  const me = await server.get('/api/v1/staff/me', { token })
  if (me.status !== 200) throw new Error(`staff/me ${phone} → ${me.status} ${me.text}`)
  return { token, stationId: me.body.station.id }
}

/** A small real PNG, like the signature canvas produces. */
export async function signaturePng(seed = 0): Promise<string> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="300" height="120"><path d="M10 ${60 + (seed % 30)} C 80 10, 150 110, 290 50" stroke="#111" stroke-width="4" fill="none"/></svg>`
  const png = await sharp(Buffer.from(svg)).png().toBuffer()
  return `data:image/png;base64,${png.toString('base64')}`
}

/** A walk-in worker with a unique valid ID and phone (unique per test run too: a reused PostgreSQL keeps rows). */
export function walkIn(run: number, n: number, overrides: Partial<{ realName: string; idNumber: string; phone: string; groups: string[] }> = {}) {
  const year = 1970 + (run % 30)
  const day = String(1 + (n % 28)).padStart(2, '0')
  const month = String(1 + (Math.floor(n / 28) % 12)).padStart(2, '0')
  const seq = String(Math.floor(n / 336) * 100 + (run % 100)).padStart(3, '0').slice(-3)
  const id = validIdNumber(`14${String(run % 10000).padStart(4, '0')}${year}${month}${day}${seq}`)
  const phone = `15${String((run * 7919 + n * 104729) % 1_000_000_000).padStart(9, '0')}`
  return { realName: '王小二', idNumber: id, phone, groups: ['rural_migrant'], ...overrides }
}

