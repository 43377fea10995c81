/**
 * Two API instances on one real PostgreSQL server behave like one (DESIGN.md §5 scale-out): the public
 * verify limit is counted in the database, and concurrent 一键查询 on both instances imports each certificate once.
 * Opt-in: TEST_DATABASE_URL=postgres://… (npm test sets it). Skipped otherwise.
 */
import { createFieldCrypto, loadDataKey } from '../../server/crypto'
import { RATE_LIMITS } from '../../server/certificates/public'
import { DEMO, login, setIdentity, startCertServer, type CertServer } from './cert-support'

const url = process.env.TEST_DATABASE_URL
const maybe = url ? describe : describe.skip
if (!url) console.log('certificates-postgres: skipped (TEST_DATABASE_URL not set)')

maybe('certificates on PostgreSQL, two instances', () => {
  let a: CertServer
  let b: CertServer
  beforeAll(async () => {
    // one deployment: both instances hold the same data key (DATA_KEY: the tests' shared key, as the database is
    // shared with other test files) and file store
    const crypto = createFieldCrypto(loadDataKey())
    a = await startCertServer({ databaseUrl: url, crypto })
    b = await startCertServer({ databaseUrl: url, crypto, store: a.store })
  })
  afterAll(async () => {
    await a?.close()
    await b?.close()
  })

  test('the public verify limit is shared: 10 across both instances, then 429 on either', async () => {
    await a.db.query(`DELETE FROM rate_limit_hits WHERE bucket = 'certificateVerify'`)
    const q = `/api/v1/public/certificates/verify?number=S000114000021254000123&name=${encodeURIComponent('某某')}`
    const limit = RATE_LIMITS.certificateVerify.limit
    const half = Math.ceil(limit / 2)
    const first = await Promise.all(Array.from({ length: half }, () => a.req('GET', q)))
    const second = await Promise.all(Array.from({ length: limit - half }, () => b.req('GET', q)))
    expect([...first, ...second].map((r) => r.status)).toEqual(Array(limit).fill(200))
    expect((await a.req('GET', q)).status).toBe(429)
    const fromB = await b.req('GET', q)
    expect(fromB.status).toBe(429)
    expect(fromB.body.message).toBe('查询太频繁了，请过10分钟再试')
  })

  test('concurrent 一键查询 on both instances imports the three demo certificates once', async () => {
    const name = `pg-demo-${Date.now().toString(36)}`
    const token = await login(a, name)
    await setIdentity(a, token, DEMO.realName, DEMO.idNumber)
    const results = await Promise.all([a, b, a, b].map((s) => s.req('POST', '/api/v1/me/certificates/lookup', { token })))
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200])
    expect(results.reduce((n, r) => n + r.body.imported, 0)).toBe(3)
    const list = await b.req('GET', '/api/v1/me/certificates', { token })
    expect(list.body.items).toHaveLength(3)
    expect(list.body.items.every((c: { verification: string }) => c.verification === 'verified')).toBe(true)
  })
})
