/** Shared steps of the claims API tests: phone login (demo accounts), a worker with registry certificates. */
import { login, type Target } from '../support/api'
import { PRIVACY_NOTICE_VERSION } from '../../src/domain/profile'
import { loginAs, validIdNumber, type TestServer } from './helpers'

/** SMS login of a phone account (the seeded reviewers, admin, staff). Same as `login(s, { phone })`. */
export const loginByPhone = (s: Target, phone: string): Promise<string> => login(s, { phone })

export const DEMO = { realName: '王秀英', idNumber: '140302197803150021' }

/** A consented worker with real name + ID whose registry certificates are imported. Returns token and certificates. */
export async function workerWithCertificates(
  s: TestServer,
  login: string,
  who: { realName: string; idNumber: string; homeRegion?: string }
): Promise<{ token: string; certs: { id: string; occupationName: string; level: string | null; issuedOn: string }[] }> {
  const token = await loginAs(s, login)
  const c = await s.post('/api/v1/me/consent', { version: PRIVACY_NOTICE_VERSION }, { token })
  if (c.status !== 200) throw new Error(`consent → ${c.status} ${c.text}`)
  const p = await s.put(
    '/api/v1/me/profile',
    { realName: who.realName, idNumber: who.idNumber, homeRegion: who.homeRegion ?? who.idNumber.slice(0, 6), groups: ['rural_migrant'], employmentStatus: 'employed' },
    { token }
  )
  if (p.status !== 200) throw new Error(`profile → ${p.status} ${p.text}`)
  const l = await s.post('/api/v1/me/certificates/lookup', undefined, { token })
  if (l.status !== 200) throw new Error(`lookup → ${l.status} ${l.text}`)
  return { token, certs: l.body.items }
}

export const idOf = (first17: string) => validIdNumber(first17)

let keyN = 0
export const newKey = () => `test-key-${Date.now()}-${++keyN}`
