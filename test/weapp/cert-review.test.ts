/**
 * 证书人工核验 in the compiled mini program, headless, against a live server: a worker in 阳泉市城区 has added a
 * certificate by hand (待人工核验, through the API); reviewer 13800000001 (session as the app stores it) opens
 * the page, sees the certificate in the queue with the holder masked, opens it, refuses without a reason (told
 * what is missing, nothing sent), picks a common reason and confirms; the worker's certificate is then 核验未通过
 * with that reason. A worker account opening the page is told it has no reviewer role.
 */
import path from 'node:path'
import sharp from 'sharp'
import { startServer, type RunningServer } from '../support/server'
import { validIdNumber } from '../api/helpers'
import { todayInChina } from '../../src/domain/format'
import { WeappHost } from './host'

const DIST = path.resolve(__dirname, '../../dist/weapp')
let server: RunningServer
beforeAll(async () => {
  server = await startServer({}, 240_000)
}, 250_000)
afterAll(async () => server?.stop())

async function call<T = any>(method: string, p: string, token?: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
  const isForm = body instanceof FormData
  const res = await fetch(server.url + p, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined || isForm ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : isForm ? body : JSON.stringify(body)
  })
  return { status: res.status, body: (await res.json()) as T }
}

/** What the app's storage adapter would have written (wx storage holds the zustand JSON string). */
const stored = (value: unknown) => JSON.stringify(JSON.stringify(value))

async function phoneSession(phone: string) {
  const sent = await call<{ devCode: string }>('POST', '/api/v1/auth/sms/send', undefined, { phone })
  return (await call<{ token: string; expiresAt: string; me: unknown }>('POST', '/api/v1/auth/sms/verify', undefined, { phone, code: sent.body.devCode })).body
}

test('reviewer: queue → certificate → 核验不通过 with a reason; the worker sees it', async () => {
  // the worker, through the API
  const worker = (await call<{ token: string }>('POST', '/api/v1/auth/wechat', undefined, { code: 'dev:weapp-cert-review-worker' })).body.token
  const version = (await call<{ version: string }>('GET', '/api/v1/privacy')).body.version
  await call('POST', '/api/v1/me/consent', worker, { version })
  expect((await call('PUT', '/api/v1/me/profile', worker, { realName: '钱美玲', idNumber: validIdNumber('14030219860808004'), homeRegion: '140302' })).status).toBe(200)
  const form = new FormData()
  const jpeg = await sharp({ create: { width: 800, height: 560, channels: 3, background: { r: 240, g: 230, b: 200 } } }).jpeg().toBuffer()
  form.append('file', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), 'c.jpg')
  const up = await call<{ id: string }>('POST', '/api/v1/uploads', worker, form)
  const today = todayInChina()
  const cert = await call<{ id: string }>(
    'POST',
    '/api/v1/me/certificates',
    worker,
    { kind: 'skill_level', number: `S010114000123${today.slice(2, 4)}5${String(Date.now() % 1e6).padStart(6, '0')}`, occupationCode: '4-10-01-05', level: '5', issuedOn: today, issuer: '阳泉市职业技能鉴定中心', photos: [up.body.id] },
    { 'idempotency-key': `weapp-review-${Date.now()}` }
  )
  expect(cert.status).toBe(201)

  const session = await phoneSession('13800000001')
  const host = new WeappHost({
    distDir: DIST,
    apiBase: server.url,
    privacyAgreed: true,
    storage: { 'zsb.session': stored({ state: { token: session.token, expiresAt: session.expiresAt, me: session.me, pendingEnrollments: {} }, version: 1 }) }
  })
  const page = await host.launch('subpackages/review/certificates/index')
  const queue = await page.waitForText('钱*玲', 15_000)
  expect(queue).toContain('待人工核验')
  expect(queue).not.toContain('钱美玲')
  await page.tapId(`cert-${cert.body.id}`)
  const detail = await page.waitForText('登记的信息', 15_000)
  expect(detail).toContain('1403**********')
  expect(detail).toContain('省份代码 14：山西')
  await page.tapId('decide-rejected')
  await page.waitForId('reason-0')
  await page.tapId('confirm-decision')
  await page.waitForText('请写明不通过的原因')
  expect(host.requests.filter((r) => r.method === 'POST' && r.url.includes('/decisions'))).toEqual([])
  await page.tapId('reason-1')
  await page.tapId('confirm-decision')
  await page.waitForText('已记录核验不通过', 15_000)
  expect(page.text()).toContain('核验未通过')

  const mine = await call<{ verification: string; review: { reason: string } }>('GET', `/api/v1/me/certificates/${cert.body.id}`, worker)
  expect(mine.body.verification).toBe('rejected')
  expect(mine.body.review.reason).toBe('证书上的姓名和你的实名信息不一致，请核对是不是本人的证书')
})

test('a worker opening the page is told they have no reviewer role', async () => {
  const host = new WeappHost({ distDir: DIST, apiBase: server.url, loginCode: 'dev:weapp-cert-review-nobody', privacyAgreed: true })
  const page = await host.launch('subpackages/review/certificates/index')
  await page.waitForText('你没有审核权限', 15_000)
})
