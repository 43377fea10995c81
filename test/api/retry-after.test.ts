/**
 * Every route that can answer 429 is driven to it here, and each 429 carries a sensible Retry-After
 * (whole seconds, > 0, no longer than the limit's own window) and a Chinese message. The set of routes
 * driven must equal the routes the contract marks `rateLimited`: a route that starts limiting without
 * saying so in the contract, or without a case here, fails this test.
 */
import sharp from 'sharp'
import { routes, type RouteContract } from '../../src/contract'
import { SMS_MAX_PER_IP_PER_HOUR, SMS_MAX_PER_PHONE_PER_DAY, SMS_MAX_WRONG_ATTEMPTS } from '../../server/accounts/auth'
import { RATE_LIMITS } from '../../server/certificates/public'
import { HAS_CHINESE, loginAs, readyWorker, startTestServer, type TestServer, type TestResponse } from './helpers'
import { staffLogin } from './staff-helpers'

let server: TestServer
const saved = { ...process.env }
beforeAll(async () => {
  process.env.UPLOAD_QUOTA_PER_DAY = '1'
  process.env.STAFF_SMS_PER_STATION_PER_HOUR = '2'
  process.env.SPEECH_QUEUE_PER_USER = '2'
  server = await startTestServer()
}, 60_000)
afterAll(async () => {
  for (const k of ['UPLOAD_QUOTA_PER_DAY', 'STAFF_SMS_PER_STATION_PER_HOUR', 'SPEECH_QUEUE_PER_USER']) {
    if (saved[k] === undefined) delete process.env[k]
    else process.env[k] = saved[k]
  }
  await server?.close()
})

const seen = new Map<string, string[]>()
function expect429(route: keyof typeof routes, res: TestResponse | { status: number; body: any; headers: Record<string, unknown> }, code: string, maxSeconds: number): void {
  expect(res.status).toBe(429)
  expect(res.body.code).toBe(code)
  expect(res.body.message).toMatch(HAS_CHINESE)
  const value = String(res.headers['retry-after'] ?? '')
  expect(value).toMatch(/^[1-9][0-9]*$/)
  expect(Number(value)).toBeLessThanOrEqual(maxSeconds)
  seen.set(route, [...(seen.get(route) ?? []), code])
}

const post = (url: string, body: unknown, token?: string) => server.post(url, body, token ? { token } : {})
let phoneSeq = 0
const phone = () => `1390000${String(++phoneSeq).padStart(4, '0')}`

test('POST /auth/sms/send: resend interval, daily per-phone limit, hourly per-address limit', async () => {
  const p = phone()
  expect((await post('/api/v1/auth/sms/send', { phone: p })).status).toBe(200)
  expect429('sendSmsCode', await post('/api/v1/auth/sms/send', { phone: p }), 'SMS_TOO_FREQUENT', 60)
  // the day's sends of one phone, made earlier (older than the resend interval)
  const daily = phone()
  const hash = await hashOf(daily)
  for (let i = 1; i < SMS_MAX_PER_PHONE_PER_DAY; i++) {
    await server.db.query(
      `INSERT INTO sms_codes (phone_hash, code_hash, ip, created_at, expires_at, used_at)
       VALUES ($1, 'x', '10.0.0.9', now() - make_interval(hours => $2), now(), now())`,
      [hash, 2 + i]
    )
  }
  expect429('sendSmsCode', await post('/api/v1/auth/sms/send', { phone: daily }), 'SMS_DAILY_LIMIT', 86_400)
  // fill the address's hour (this test's other sends from 127.0.0.1 count too)
  let res: TestResponse
  let n = 0
  do {
    res = await post('/api/v1/auth/sms/send', { phone: phone() })
  } while (res.status === 200 && ++n <= SMS_MAX_PER_IP_PER_HOUR)
  expect429('sendSmsCode', res, 'SMS_IP_LIMIT', 3600)
})

/** The stored hash of a phone (the server's keyed hash): one real send, read back and moved out of the way */
async function hashOf(p: string): Promise<string> {
  await server.db.query(`DELETE FROM sms_codes WHERE ip = '10.0.0.8'`)
  const before = await server.db.query<{ phone_hash: string }>('SELECT DISTINCT phone_hash FROM sms_codes')
  const sent = await post('/api/v1/auth/sms/send', { phone: p })
  expect(sent.status).toBe(200)
  const after = await server.db.query<{ phone_hash: string; id: string }>('SELECT phone_hash, id FROM sms_codes ORDER BY id DESC LIMIT 1')
  expect(before.map((r) => r.phone_hash)).not.toContain(after[0].phone_hash)
  // this send is moved out of the resend minute so only the daily count decides
  await server.db.query(`UPDATE sms_codes SET created_at = now() - interval '90 minutes', ip = '10.0.0.8' WHERE id = $1`, [after[0].id])
  return after[0].phone_hash
}

test('POST /auth/sms/verify: too many wrong codes burn the code', async () => {
  await server.db.query(`DELETE FROM sms_codes WHERE ip = '127.0.0.1'`)
  const p = phone()
  const sent = await post('/api/v1/auth/sms/send', { phone: p })
  expect(sent.status).toBe(200)
  const wrong = sent.body.devCode === '000000' ? '111111' : '000000'
  let res: TestResponse | undefined
  for (let i = 0; i < SMS_MAX_WRONG_ATTEMPTS; i++) res = await post('/api/v1/auth/sms/verify', { phone: p, code: wrong })
  expect429('verifySmsCode', res!, 'SMS_TOO_MANY_ATTEMPTS', 3600)
})

test('POST /me/phone/code and /me/phone (a WeChat-only account binding a phone): the login limits apply', async () => {
  await server.db.query(`DELETE FROM sms_codes WHERE ip = '127.0.0.1'`)
  const wx = await loginAs(server, `bind-${Date.now()}`)
  const p = phone()
  const sent = await post('/api/v1/me/phone/code', { phone: p }, wx)
  expect(sent.status).toBe(200)
  expect429('sendPhoneBindCode', await post('/api/v1/me/phone/code', { phone: p }, wx), 'SMS_TOO_FREQUENT', 60)
  const wrong = sent.body.devCode === '000000' ? '111111' : '000000'
  let res: TestResponse | undefined
  for (let i = 0; i < SMS_MAX_WRONG_ATTEMPTS; i++) res = await post('/api/v1/me/phone', { phone: p, code: wrong }, wx)
  expect429('bindPhone', res!, 'SMS_TOO_MANY_ATTEMPTS', 3600)
  // the code is burnt: the right one no longer binds
  expect((await post('/api/v1/me/phone', { phone: p, code: sent.body.devCode }, wx)).status).not.toBe(200)
})

test("POST /staff/consents/sms: the station's own hourly budget", async () => {
  await server.db.query(`DELETE FROM sms_codes WHERE ip = '127.0.0.1'`)
  const staff = await staffLogin(server, '13800000002')
  expect((await post('/api/v1/staff/consents/sms', { phone: phone() }, staff.token)).status).toBe(200)
  expect((await post('/api/v1/staff/consents/sms', { phone: phone() }, staff.token)).status).toBe(200)
  expect429('staffSmsConsent', await post('/api/v1/staff/consents/sms', { phone: phone() }, staff.token), 'SMS_STATION_LIMIT', 3600)
  // separate budgets: the station's codes do not use up the address's login codes
  expect((await post('/api/v1/auth/sms/send', { phone: phone() })).status).toBe(200)
})

test('GET /public/certificates/verify and /public/institutions/verify: per-client windows', async () => {
  const cert = `/api/v1/public/certificates/verify?number=S000114000021254000123&name=${encodeURIComponent('某某')}`
  let res: TestResponse
  do res = await server.get(cert)
  while (res.status === 200)
  expect429('verifyCertificatePublic', res, 'RATE_LIMITED', RATE_LIMITS.certificateVerify.windowSeconds)
  const ins = `/api/v1/public/institutions/verify?q=${encodeURIComponent('职业培训学校')}`
  do res = await server.get(ins)
  while (res.status === 200)
  expect429('verifyInstitutionPublic', res, 'RATE_LIMITED', RATE_LIMITS.institutionVerify.windowSeconds)
})

test('POST /uploads: the daily photo quota', async () => {
  const token = await readyWorker(server, 'retry-upload', 7)
  const jpeg = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#a33' } }).jpeg().toBuffer()
  const send = async () => {
    const form = new FormData()
    form.append('file', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), 'a.jpg')
    const r = await fetch(`${server.base}/api/v1/uploads`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form })
    return { status: r.status, body: await r.json(), headers: { 'retry-after': r.headers.get('retry-after') ?? undefined } }
  }
  expect((await send()).status).toBe(201)
  expect429('createUpload', await send(), 'UPLOAD_QUOTA', 86_400)
})

test('GET /speech: a burst beyond the per-user queue', async () => {
  const token = await loginAs(server, 'retry-speech')
  const burst = await Promise.all(
    Array.from({ length: 8 }, (_, i) => server.get(`/api/v1/speech?text=${encodeURIComponent(`第${i}段：报名前请带好身份证。`)}`, { token }))
  )
  const refused = burst.filter((r) => r.status === 429)
  expect(refused.length).toBeGreaterThan(0)
  for (const r of refused) expect429('speech', r, 'SPEECH_QUEUE_FULL', 120)
  // the others were read aloud (or the synthesiser is missing: 503 with its own message)
  for (const r of burst.filter((x) => x.status !== 429)) expect([200, 503]).toContain(r.status)
})

test('every route the contract marks rateLimited was driven to a 429 above, and no other', () => {
  const marked = Object.entries(routes as Record<string, RouteContract>)
    .filter(([, r]) => r.rateLimited)
    .map(([name]) => name)
    .sort()
  expect([...seen.keys()].sort()).toEqual(marked)
})
