/**
 * Month partitions of the append-only tables (migration 039), both engines:
 * - a database with rows from before the migration (claim timeline, audit chain, inbox, read marks, delivery
 *   records) is converted in place: every row is kept, lands in its month's partition, the audit chain still
 *   verifies, the append-only rule still holds, and the delivery records are gone;
 * - a row for a month without a partition lands in the DEFAULT partition; the maintenance run gives that month
 *   its own partition and moves the row there (append-only rows too), creates the months ahead, and a second
 *   run changes nothing.
 */
import { connect, type Db } from '../../server/db'
import { loadMigrations, migrate } from '../../server/db/migrate'
import { seed } from '../../server/seed'
import { audit } from '../../server/platform'
import { verifyAuditChain } from '../../server/integrity/audit-chain'
import { deliverToInbox, listInbox } from '../../server/inbox'
import { maintainPartitions, PARTITION_MONTHS_AHEAD } from '../../server/ops/partitions'
import { TEST_DATABASE_URL, freshDatabase } from '../support/postgres'
import { todayInChina } from '../../src/domain/format'

const MONTH_MS = 30 * 86_400_000
const partitionOf = async (db: Db, table: string, where: string, params: unknown[]) =>
  (await db.query<{ p: string }>(`SELECT tableoid::regclass::text AS p FROM ${table} WHERE ${where}`, params)).map((r) => r.p)
function monthTag(at: Date): string {
  const china = new Date(at.getTime() + 8 * 3_600_000)
  return `${china.getUTCFullYear()}${String(china.getUTCMonth() + 1).padStart(2, '0')}`
}

const engines: [string, () => Promise<{ url?: string; drop: () => Promise<void> }>][] = [['PGlite', async () => ({ drop: async () => undefined })]]
if (TEST_DATABASE_URL) engines.push(['PostgreSQL', () => freshDatabase('zsb_partconv')])

describe.each(engines)('%s: partitioned append-only tables', (_engine, fresh) => {
  let handle: { url?: string; drop: () => Promise<void> }
  let db: Db
  const now = new Date()
  const old = new Date(now.getTime() - 5 * MONTH_MS)
  beforeAll(async () => {
    handle = await fresh()
    db = await connect({ databaseUrl: handle.url })
    // the schema as a deployment has it before 039, with rows
    await migrate(db, loadMigrations().filter((m) => m.version < '039'))
    await seed(db, { courses: 20, today: todayInChina() })
    await db.query(`INSERT INTO users (id, login_method) VALUES ('usr_partconv', 'sms')`)
    await db.query(
      `INSERT INTO claims (id, user_id, kind, state, occupation_name, office_region, verdicts, payout_type, idempotency_key, request_fingerprint, submitted_on, created_at, updated_at)
       VALUES ('clm_partconv', 'usr_partconv', 'evaluation', 'accepted', '电工', '140302', '[]', 'bank_card', 'k-partconv', 'f', $1::date, $2, $2)`,
      [old.toISOString().slice(0, 10), old.toISOString()]
    )
    for (const [to, at] of [['submitted', old], ['accepted', now]] as const) {
      await db.query(
        `INSERT INTO claim_events (claim_id, from_state, to_state, actor_id, actor_role, office, at) VALUES ('clm_partconv', NULL, $1, 'usr_partconv', 'worker', '城区', $2)`,
        [to, at.toISOString()]
      )
    }
    for (let i = 0; i < 3; i++) await audit(db, { actor: 'usr_partconv', action: 'claim.submit', objectType: 'claim', objectId: 'clm_partconv' })
    await deliverToInbox(db, 'usr_partconv', { kind: 'claim_state', title: '旧消息', body: '五个月前' }, old)
    await deliverToInbox(db, 'usr_partconv', { kind: 'claim_state', title: '新消息', body: '现在' }, now)
    const [notice] = await db.query<{ id: string }>(
      `INSERT INTO notices (id, title, summary, body, issuer, regions, published_on, published_at) VALUES ('ntc_partconv', '旧通知', '摘要', '正文', '城区人社局', '{140302}', $1::date, $2) RETURNING id`,
      [old.toISOString().slice(0, 10), old.toISOString()]
    )
    await db.query(`INSERT INTO notice_reads (user_id, notice_id, read_at) VALUES ('usr_partconv', $1, now())`, [notice.id])
    await db.query(`INSERT INTO notice_deliveries (notice_id, user_id) VALUES ($1, 'usr_partconv')`, [notice.id])
    expect(await migrate(db)).toContain('039')
  }, 300_000)
  afterAll(async () => {
    await db?.close()
    await handle?.drop()
  })

  test('existing rows are converted in place into their months; the chain verifies; append-only holds', async () => {
    expect(await partitionOf(db, 'claim_events', `claim_id = 'clm_partconv' ORDER BY id`, [])).toEqual([`claim_events_p${monthTag(old)}`, `claim_events_p${monthTag(now)}`])
    expect(await partitionOf(db, 'inbox_messages', `user_id = 'usr_partconv' ORDER BY created_at`, [])).toEqual([`inbox_messages_p${monthTag(old)}`, `inbox_messages_p${monthTag(now)}`])
    const [read] = await db.query<{ p: string; same: boolean }>(
      `SELECT r.tableoid::regclass::text AS p, r.notice_at = n.published_at AS same FROM notice_reads r JOIN notices n ON n.id = r.notice_id WHERE r.user_id = 'usr_partconv'`
    )
    expect(read.same).toBe(true)
    expect(read.p).toBe(`notice_reads_p${monthTag(old)}`)
    expect((await partitionOf(db, 'audit_log', `object_id = 'clm_partconv'`, [])).every((p) => p === `audit_log_p${monthTag(new Date())}`)).toBe(true)
    const chain = await verifyAuditChain(db)
    expect(chain.firstBreak).toBeNull()
    expect(chain.ok).toBe(true)
    // the app appends after the conversion and the chain still links
    await audit(db, { actor: 'usr_partconv', action: 'claim.submit', objectType: 'claim', objectId: 'clm_partconv' })
    expect((await verifyAuditChain(db)).ok).toBe(true)
    await expect(db.query(`DELETE FROM claim_events WHERE claim_id = 'clm_partconv'`)).rejects.toThrow(/append-only/)
    await expect(db.query(`UPDATE audit_log SET reason = 'x' WHERE object_id = 'clm_partconv'`)).rejects.toThrow(/append-only/)
    expect(await db.query(`SELECT 1 FROM pg_class WHERE relname = 'notice_deliveries'`)).toEqual([])
    // the inbox shows both messages (within INBOX_KEEP_MONTHS)
    expect((await listInbox(db, 'usr_partconv', { limit: 10 }, now)).items.map((m) => m.title)).toEqual(['新消息', '旧消息'])
  })

  test('a row for a month without a partition lands in DEFAULT; maintenance gives it its month and creates the months ahead', async () => {
    const far = new Date(now.getTime() + 14 * MONTH_MS)
    const tag = monthTag(far)
    const id = await deliverToInbox(db, 'usr_partconv', { kind: 'claim_state', title: '未来消息', body: '开发时钟' }, far)
    await db.query(
      `INSERT INTO claim_events (claim_id, from_state, to_state, actor_id, actor_role, office, at) VALUES ('clm_partconv', 'accepted', 'first_review', 'usr_partconv', 'worker', '城区', $1)`,
      [far.toISOString()]
    )
    expect(await partitionOf(db, 'inbox_messages', 'id = $1', [id])).toEqual(['inbox_messages_default'])
    expect(await partitionOf(db, 'claim_events', `to_state = 'first_review'`, [])).toEqual(['claim_events_default'])

    const created = await maintainPartitions(db)
    expect(created).toEqual(expect.arrayContaining([`inbox_messages_p${tag}`, `claim_events_p${tag}`]))
    expect(await partitionOf(db, 'inbox_messages', 'id = $1', [id])).toEqual([`inbox_messages_p${tag}`])
    expect(await partitionOf(db, 'claim_events', `to_state = 'first_review'`, [])).toEqual([`claim_events_p${tag}`])
    // the months ahead exist for every table
    const aheadTag = monthTag(new Date(now.getTime() + PARTITION_MONTHS_AHEAD * MONTH_MS + 2 * 86_400_000))
    for (const t of ['claim_events', 'audit_log', 'inbox_messages', 'notice_reads']) {
      expect(await db.query(`SELECT 1 FROM pg_class WHERE relname = $1`, [`${t}_p${aheadTag}`])).toHaveLength(1)
    }
    // the move was the only deletion the append-only rule let through
    await expect(db.query(`DELETE FROM claim_events WHERE to_state = 'first_review'`)).rejects.toThrow(/append-only/)
    expect(await maintainPartitions(db)).toEqual([])
    expect((await verifyAuditChain(db)).ok).toBe(true)
  })
})
