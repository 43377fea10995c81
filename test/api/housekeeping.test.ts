/**
 * Housekeeping: expired SMS codes, sessions, idempotency keys and reviewers' decision keys are purged with the retention
 * periods the privacy notice states, and a scheduled run happens once per period however many instances ask.
 * On the embedded database, and on PostgreSQL when TEST_DATABASE_URL is set.
 */
import { openDb } from '../../server/app'
import { openTestDb } from '../support/db'
import type { Db } from '../../server/db'
import { claimRun, purgeExpired, RETENTION, runHousekeepingIfDue } from '../../server/ops/housekeeping'
import { PRIVACY_NOTICE } from '../../server/accounts/privacy'
import { freshDatabase, TEST_DATABASE_URL } from '../support/postgres'

const HOUR = 3_600_000
const engines: [string, () => Promise<{ db: Db; done: () => Promise<void> }>][] = [
  ['pglite', async () => {
    const { db } = await openTestDb()
    return { db, done: () => db.close() }
  }]
]
if (TEST_DATABASE_URL) {
  engines.push(['postgres', async () => {
    const fresh = await freshDatabase('zsb_hk')
    const { db } = await openDb({ databaseUrl: fresh.url })
    return { db, done: async () => { await db.close(); await fresh.drop() } }
  }])
} else console.warn('housekeeping on PostgreSQL skipped (TEST_DATABASE_URL not set)')

describe.each(engines)('housekeeping on %s', (_name, open) => {
  let db: Db
  let done: () => Promise<void>
  const now = new Date('2026-06-01T12:00:00Z')
  const at = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * HOUR).toISOString()
  beforeAll(async () => {
    ;({ db, done } = await open())
    await db.query(`INSERT INTO users (id, login_method, created_at) VALUES ('usr_hk1', 'sms', $1)`, [at(2000)])
  }, 120_000)
  afterAll(async () => done?.())

  test('deletes exactly what is past its retention, keeps the rest', async () => {
    const sms = (id: string, hoursAgo: number) =>
      db.query(`INSERT INTO sms_codes (phone_hash, code_hash, ip, created_at, expires_at) VALUES ($1, 'h', '127.0.0.1', $2, $3)`, [id, at(hoursAgo), at(hoursAgo - 0.1)])
    await sms('old', RETENTION.smsCodesHours + 1)
    await sms('fresh', RETENTION.smsCodesHours - 1)
    await db.query(`INSERT INTO sms_outbox (phone_hash, text, created_at) VALUES ('old', 't', $1), ('fresh', 't', $2)`, [at(25), at(1)])
    const session = (hash: string, expiresHoursAgo: number, revokedHoursAgo: number | null) =>
      db.query(`INSERT INTO sessions (token_hash, user_id, created_at, expires_at, revoked_at) VALUES ($1, 'usr_hk1', $2, $3, $4)`, [
        hash,
        at(1000),
        at(expiresHoursAgo),
        revokedHoursAgo === null ? null : at(revokedHoursAgo)
      ])
    await session('expired', 1, null)
    await session('revoked', -100, 1)
    await session('live', -100, null)
    const key = (k: string, hoursAgo: number) =>
      db.query(`INSERT INTO idempotency_keys (user_id, key, fingerprint, response_status, response_body, created_at) VALUES ('usr_hk1', $1, 'f', 201, '{}', $2)`, [k, at(hoursAgo)])
    await key('old-key-1', RETENTION.idempotencyKeysHours + 1)
    await key('new-key-1', RETENTION.idempotencyKeysHours - 1)
    const decision = (k: string, hoursAgo: number) =>
      db.query(`INSERT INTO review_decision_keys (actor_id, key, claim_id, fingerprint, response, created_at) VALUES ('usr_hk1', $1, 'clm_hk1', 'f', '{}', $2)`, [k, at(hoursAgo)])
    await decision('old-decision-1', RETENTION.reviewDecisionKeysHours + 1)
    await decision('new-decision-1', RETENTION.reviewDecisionKeysHours - 1)

    const result = await purgeExpired(db, now)
    expect(result).toEqual({ smsCodes: 1, smsOutbox: 1, sessions: 2, idempotencyKeys: 1, reviewDecisionKeys: 1 })
    expect((await db.query<{ phone_hash: string }>('SELECT phone_hash FROM sms_codes')).map((r) => r.phone_hash)).toEqual(['fresh'])
    expect((await db.query<{ token_hash: string }>('SELECT token_hash FROM sessions')).map((r) => r.token_hash)).toEqual(['live'])
    expect((await db.query<{ key: string }>('SELECT key FROM idempotency_keys')).map((r) => r.key)).toEqual(['new-key-1'])
    expect((await db.query<{ key: string }>('SELECT key FROM review_decision_keys')).map((r) => r.key)).toEqual(['new-decision-1'])
    // a second run finds nothing more
    expect(await purgeExpired(db, now)).toEqual({ smsCodes: 0, smsOutbox: 0, sessions: 0, idempotencyKeys: 0, reviewDecisionKeys: 0 })
  })

  test('a period is claimed once however many callers race for it', async () => {
    const t = new Date('2026-06-01T13:00:00Z')
    const wins = await Promise.all(Array.from({ length: 8 }, () => claimRun(db, 'test.task', t, HOUR)))
    expect(wins.filter(Boolean)).toHaveLength(1)
    // same period again: nobody; next period: one
    expect(await claimRun(db, 'test.task', new Date(t.getTime() + HOUR / 2), HOUR)).toBe(false)
    const next = await Promise.all(Array.from({ length: 4 }, () => claimRun(db, 'test.task', new Date(t.getTime() + HOUR), HOUR)))
    expect(next.filter(Boolean)).toHaveLength(1)
  })

  test('the scheduled run purges and records its result', async () => {
    const t = new Date('2026-07-01T00:00:00Z')
    const first = await runHousekeepingIfDue(db, t, HOUR)
    expect(first).not.toBeNull()
    expect(await runHousekeepingIfDue(db, t, HOUR)).toBeNull()
    const [row] = await db.query<{ last_result: unknown }>(`SELECT last_result FROM ops_schedule WHERE name = 'housekeeping.purge_expired'`)
    expect(typeof row.last_result === 'string' ? JSON.parse(row.last_result) : row.last_result).toEqual(first)
  })
})

test('the privacy notice states the retention periods housekeeping applies', () => {
  const text = PRIVACY_NOTICE.sections.map((s) => s.body).join('\n')
  expect(text).toContain(`发出 ${RETENTION.smsCodesHours} 小时后删除`)
  expect(text).toContain('过期（登录后 30 天）或退出登录后删除')
  expect(text).toContain(`保存 ${RETENTION.idempotencyKeysHours / 24} 天后删除`)
})
