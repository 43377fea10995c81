/**
 * Two API instances on one PostgreSQL server behave like one: a due claim is moved once however many sweeps
 * run at once on either instance, a pg-boss job sent by both instances with one singleton key runs once, and
 * the development clock is shared; one worker's submissions racing on both instances make one claim per
 * certificate and per key. Opt-in: TEST_DATABASE_URL=postgres://… — skipped (with a note) otherwise.
 */
import { createHash, randomBytes } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { buildApp, openDb } from '../../server/app'
import { createFieldCrypto } from '../../server/crypto'
import type { Db } from '../../server/db'
import { todayInChina } from '../../src/domain/format'
import { addDays } from '../../src/domain/working-days'
import { freshDatabase } from '../support/postgres'
import { validIdNumber } from '../support/api'
import { verifyAuditChain } from '../../server/integrity/audit-chain'
import { PRIVACY_NOTICE_VERSION } from '../../src/domain/profile'

const url = process.env.TEST_DATABASE_URL
const maybe = url ? describe : describe.skip
if (!url) console.log('claims-postgres: TEST_DATABASE_URL not set — two-instance job tests skipped')

maybe('two instances on one PostgreSQL', () => {
  const crypto = createFieldCrypto(randomBytes(32))
  const instances: { app: FastifyInstance; db: Db; base: string }[] = []
  const run = Date.now().toString(36)
  let fresh: Awaited<ReturnType<typeof freshDatabase>>

  beforeAll(async () => {
    // a database of its own, so the first start (pg-boss installing its schema from two instances) is tested
    fresh = await freshDatabase('zsb_claims_two')
    const url = fresh.url
    // the catalogue seed runs first (it is not built for concurrent first starts); then both instances start
    // at once: pg-boss's schema, the demo seed and the job workers must cope
    const dbs = [(await openDb({ databaseUrl: url, today: todayInChina() })).db, (await openDb({ databaseUrl: url, today: todayInChina() })).db]
    const started = await Promise.all(
      dbs.map(async (db) => {
        const app = await buildApp({ db, crypto, devMode: true })
        await app.listen({ port: 0, host: '127.0.0.1' })
        const address = app.server.address()
        return { app, db, base: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` }
      })
    )
    instances.push(...started)
    await instances[0].db.query('UPDATE dev_clock SET offset_days = 0 WHERE id = 1')
  })
  afterAll(async () => {
    if (instances[0]) await instances[0].db.query('UPDATE dev_clock SET offset_days = 0 WHERE id = 1')
    for (const i of instances) {
      await i.app.close()
      await i.db.close()
    }
    await fresh?.drop()
  })

  async function dueClaim(state: 'announced' | 'needs_supplement'): Promise<{ id: string; userId: string }> {
    const db = instances[0].db
    const userId = `usr_pg${run}${state.slice(0, 3)}`
    const id = `clm_pg${run}${state.slice(0, 3)}`
    await db.query(`INSERT INTO users (id, wechat_openid, login_method) VALUES ($1, $2, 'wechat') ON CONFLICT DO NOTHING`, [userId, `pg-${userId}`])
    const yesterday = addDays(todayInChina(), -1)
    await db.query(
      `INSERT INTO claims (id, user_id, kind, state, occupation_name, office_region, verdicts, payout_type, deadline, idempotency_key, request_fingerprint, submitted_on, created_at, updated_at)
       VALUES ($1, $2, 'evaluation', $3, '育婴员', '140302', '[]', 'social_security_card', $4, $1, 'x', $4, now(), now())`,
      [id, userId, state, yesterday]
    )
    return { id, userId }
  }

  test('a due claim moves once when both instances sweep at the same time, repeatedly', async () => {
    const ann = await dueClaim('announced')
    const sup = await dueClaim('needs_supplement')
    const results = await Promise.all([0, 1, 0, 1, 0, 1].map((i) => instances[i].app.jobs.runDueWork()))
    const ended = results.reduce((n, r) => n + (r['claims.announcementsEnded'] ?? 0), 0)
    const expired = results.reduce((n, r) => n + (r['claims.supplementsExpired'] ?? 0), 0)
    expect({ ended, expired }).toEqual({ ended: 1, expired: 1 })
    const db = instances[1].db
    const [a] = await db.query<{ state: string }>('SELECT state FROM claims WHERE id = $1', [ann.id])
    const [s] = await db.query<{ state: string }>('SELECT state FROM claims WHERE id = $1', [sup.id])
    expect([a.state, s.state]).toEqual(['awaiting_payment', 'rejected'])
    for (const c of [ann, sup]) {
      const [ev] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM claim_events WHERE claim_id = $1', [c.id])
      const [inbox] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM inbox_messages WHERE ref_id = $1', [c.id])
      const [aud] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE object_id = $1`, [c.id])
      expect([ev.n, inbox.n, aud.n]).toEqual([1, 1, 1])
    }
  })

  test('a pg-boss job sent by both instances with one singleton key runs once', async () => {
    const queue = `test-once-${run}`
    const ran: string[] = []
    await instances[0].app.jobs.registerJob(queue, async (data: { n: number }) => void ran.push(`a${data.n}`), { policy: 'short' })
    await instances[1].app.jobs.registerJob(queue, async (data: { n: number }) => void ran.push(`b${data.n}`), { policy: 'short' })
    const ids = await Promise.all([instances[0].app.jobs.sendJob(queue, { n: 1 }, { singletonKey: 'due' }), instances[1].app.jobs.sendJob(queue, { n: 1 }, { singletonKey: 'due' })])
    expect(ids.filter(Boolean)).toHaveLength(1)
    const deadline = Date.now() + 20_000
    while (ran.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200))
    await new Promise((r) => setTimeout(r, 3000)) // fixed on purpose: proves an absence — both workers polled again and ran nothing more
    expect(ran).toHaveLength(1)
  })

  test('one worker racing on both instances: one claim for the certificate, the same answer for a key, the audit chain whole', async () => {
    const db = instances[0].db
    const token = randomBytes(24).toString('base64url')
    const userId = `usr_race${run}`
    const idNumber = validIdNumber('14030219850505123')
    const demo = '140302197803150021'
    const hex = (v: string) => createHash('sha256').update(v).digest('hex')
    await db.query(`INSERT INTO users (id, login_method, created_at) VALUES ($1, 'sms', now())`, [userId])
    await db.query(`INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, now(), now() + interval '1 day')`, [
      createHash('sha256').update(token).digest('base64url'),
      userId
    ])
    // the demo worker's registry certificates and insurance, under this worker's ID number
    await db.query(
      `INSERT INTO dev_certificate_registry (number, holder_name, id_sha256, kind, occupation_code, occupation_name, level, issued_days_ago, issuer)
       SELECT number || '-race', holder_name, $1, kind, occupation_code, occupation_name, level, issued_days_ago, issuer FROM dev_certificate_registry WHERE id_sha256 = $2`,
      [hex(`registry:${idNumber}`), hex(`registry:${demo}`)]
    )
    await db.query(
      `INSERT INTO dev_social_insurance (id_sha256, insured, region_code, since, employer) SELECT $1, insured, region_code, since, employer FROM dev_social_insurance WHERE id_sha256 = $2`,
      [hex(idNumber), hex(demo)]
    )
    const call = async (i: number, method: string, path: string, body?: unknown, key?: string) => {
      const res = await fetch(`${instances[i].base}/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}), ...(key ? { 'idempotency-key': key } : {}) },
        body: body ? JSON.stringify(body) : undefined
      })
      return { status: res.status, body: await res.json() }
    }
    expect((await call(0, 'POST', '/me/consent', { version: PRIVACY_NOTICE_VERSION })).status).toBe(200)
    const profile = await call(1, 'PUT', '/me/profile', { realName: '王秀英', idNumber, homeRegion: '140302', groups: ['rural_migrant'], employmentStatus: 'employed' })
    expect(profile.status).toBe(200)
    const lookup = await call(0, 'POST', '/me/certificates/lookup')
    const cert = lookup.body.items.find((c: { occupationName: string; level: string }) => c.occupationName === '育婴员' && c.level === '4')
    expect(cert).toBeDefined()
    const claimBody = { kind: 'evaluation', certificateId: cert.id }
    // two keys for the same certificate, each sent twice, to both instances at once
    const keys = [`race-a-${run}`, `race-b-${run}`]
    const answers = await Promise.all([0, 1, 1, 0].flatMap((i, n) => [call(i, 'POST', '/claims', claimBody, keys[n % 2]), call(1 - i, 'POST', '/claims', claimBody, keys[n % 2])]))
    const stored = await db.query<{ id: string; idempotency_key: string }>('SELECT id, idempotency_key FROM claims WHERE user_id = $1', [userId])
    expect(stored).toHaveLength(1)
    for (const a of answers) {
      if (a.status === 201) expect({ key: stored[0].idempotency_key, id: a.body.id }).toEqual({ key: stored[0].idempotency_key, id: stored[0].id })
      else expect(a).toMatchObject({ status: 422, body: { code: 'PRECHECK_FAILED' } })
    }
    // every answer for the winning key is that claim; every answer for the other key is the refusal
    expect(answers.filter((a) => a.status === 201)).toHaveLength(4)
    const [counts] = await db.query<{ events: number; inbox: number; outbox: number; audit: number; seq: number }>(
      `SELECT (SELECT count(*)::int FROM claim_events WHERE claim_id = $1) AS events, (SELECT count(*)::int FROM inbox_messages WHERE ref_id = $1) AS inbox,
              (SELECT count(*)::int FROM notifier_outbox WHERE user_id = $2) AS outbox, (SELECT count(*)::int FROM audit_log WHERE object_id = $1 AND action = 'claim.submit') AS audit,
              (SELECT seq FROM claim_submitters WHERE user_id = $2) AS seq`,
      [stored[0].id, userId]
    )
    expect(counts).toEqual({ events: 1, inbox: 1, outbox: 1, audit: 1, seq: 1 })
    const [used] = await db.query<{ used: boolean }>('SELECT used_at IS NOT NULL AS used FROM certificates WHERE id = $1', [cert.id])
    expect(used.used).toBe(true)
    expect((await verifyAuditChain(db)).ok).toBe(true)
  })

  test('the development clock is shared: moved on one instance, read on the other', async () => {
    const moved = await fetch(`${instances[0].base}/api/v1/dev/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ days: 3 }) })
    expect((await moved.json()).offsetDays).toBe(3)
    const read = await fetch(`${instances[1].base}/api/v1/dev/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ days: 0 }) })
    const body = await read.json()
    expect(body).toMatchObject({ offsetDays: 3, today: addDays(todayInChina(), 3) })
  })
})
