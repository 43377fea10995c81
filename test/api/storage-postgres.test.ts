/**
 * On one real PostgreSQL server, two API instances count quotas and budgets together: the daily upload quota
 * (concurrent uploads split across both) and a station's consent-SMS budget; the health probe reports the shared
 * file store on both, and its outage (503 + Retry-After on both); deep JSON is a 400 on both. Opt-in: TEST_DATABASE_URL=postgres://… (npm test sets it). Skipped otherwise.
 */
import fs from 'node:fs'
import { randomBytes } from 'node:crypto'
import { createFieldCrypto, loadDataKey } from '../../server/crypto'
import { jpegWithMetadata, login, startCertServer, upload, type CertServer } from './cert-support'

const url = process.env.TEST_DATABASE_URL
const maybe = url ? describe : describe.skip
if (!url) console.log('storage-postgres: skipped (TEST_DATABASE_URL not set)')

maybe('quotas on PostgreSQL, two instances', () => {
  let a: CertServer
  let b: CertServer
  const saved = { ...process.env }
  beforeAll(async () => {
    process.env.UPLOAD_QUOTA_PER_DAY = '4'
    process.env.STAFF_SMS_PER_STATION_PER_HOUR = '3'
    // the tests' shared DATA_KEY: the database is shared with other test files and sealed with it
    const crypto = createFieldCrypto(loadDataKey())
    a = await startCertServer({ databaseUrl: url, crypto })
    b = await startCertServer({ databaseUrl: url, crypto, store: a.store })
  }, 120_000)
  afterAll(async () => {
    for (const k of ['UPLOAD_QUOTA_PER_DAY', 'STAFF_SMS_PER_STATION_PER_HOUR']) {
      if (saved[k] === undefined) delete process.env[k]
      else process.env[k] = saved[k]
    }
    await a?.close()
    await b?.close()
  })

  test('upload quota: 8 concurrent uploads split over both instances → exactly 4 stored, the rest 429 with Retry-After', async () => {
    const token = await login(a, `pg-quota-${randomBytes(4).toString('hex')}`)
    const photo = await jpegWithMetadata(400, 300)
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => upload(i % 2 ? b : a, token, photo)))
    expect(results.map((r) => r.status).sort()).toEqual([201, 201, 201, 201, 429, 429, 429, 429])
    for (const r of results.filter((x) => x.status === 429)) {
      expect(r.body.code).toBe('UPLOAD_QUOTA')
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(86_000)
    }
  }, 120_000)

  test("a station's consent-SMS budget is shared by both instances", async () => {
    const staffLogin = async (s: CertServer) => {
      const sent = await s.req('POST', '/api/v1/auth/sms/send', { json: { phone: '13800000002' } })
      if (sent.status !== 200) throw new Error(`staff login send → ${sent.status} ${JSON.stringify(sent.body)}`)
      const v = await s.req('POST', '/api/v1/auth/sms/verify', { json: { phone: '13800000002', code: sent.body.devCode } })
      return v.body.token as string
    }
    // a reused PostgreSQL keeps earlier runs' codes: start this station's hour (and the staff phone's minute) clean
    await a.db.query(`DELETE FROM sms_codes WHERE station_id IS NOT NULL OR ip = '127.0.0.1'`)
    const token = await staffLogin(a)
    const phone = () => `1370${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`
    const send = (s: CertServer) => s.req('POST', '/api/v1/staff/consents/sms', { token, json: { phone: phone() } })
    expect((await send(a)).status).toBe(200)
    expect((await send(b)).status).toBe(200)
    expect((await send(a)).status).toBe(200)
    const refused = await send(b)
    expect(refused.status).toBe(429)
    expect(refused.body.code).toBe('SMS_STATION_LIMIT')
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
  }, 60_000)

  test('health reports the database engine and the shared store on both', async () => {
    for (const s of [a, b]) expect((await s.req('GET', '/api/v1/health')).body).toMatchObject({ status: 'ok', database: 'postgres', storage: 'ok' })
  })

  test('deep JSON → 400 JSON_TOO_DEEP on both, anonymous and logged in', async () => {
    const token = await login(a, `pg-deep-${randomBytes(4).toString('hex')}`)
    for (const s of [a, b]) {
      for (const body of ['{"a":'.repeat(20_000), '['.repeat(5000)]) {
        const anon = await s.req('POST', '/api/v1/auth/sms/send', { body, headers: { 'content-type': 'application/json' } })
        expect([anon.status, anon.body.code]).toEqual([400, 'JSON_TOO_DEEP'])
        const logged = await s.req('POST', '/api/v1/claims/precheck', { token, body, headers: { 'content-type': 'application/json' } })
        expect([logged.status, logged.body.code]).toEqual([400, 'JSON_TOO_DEEP'])
      }
    }
  })

  test('the shared folder store away: uploads 503 STORAGE_UNAVAILABLE with Retry-After on both instances, then back', async () => {
    const dir = a.filesDir!
    const token = await login(a, `pg-outage-${randomBytes(4).toString('hex')}`)
    const photo = await jpegWithMetadata(400, 300)
    fs.renameSync(dir, `${dir}.aside`)
    fs.writeFileSync(dir, 'not a folder')
    try {
      for (const s of [a, b]) {
        const r = await upload(s, token, photo)
        expect(r.status).toBe(503)
        expect(r.body.code).toBe('STORAGE_UNAVAILABLE')
        expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0)
      }
    } finally {
      fs.rmSync(dir, { force: true })
      fs.renameSync(`${dir}.aside`, dir)
    }
    expect((await upload(b, token, photo)).status).toBe(201)
  }, 60_000)
})
