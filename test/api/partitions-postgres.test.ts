/**
 * The append-only tables are partitioned by month (migration 039). This drives the app through its routes on
 * a real PostgreSQL server, captures the statements it sends that read a partitioned table, and runs each
 * with EXPLAIN (ANALYZE) — inside a transaction rolled back — to list the month partitions actually read:
 * each named query must leave out the months outside its key range (pruned when planned, or never executed
 * when pruned at run time in a join). Months 30, 29, 2 and 1 before this one are created empty first, so
 * there is something to prune. Needs TEST_DATABASE_URL (npm test starts one).
 */
import { Client } from 'pg'
import { startTestServer, type TestServer } from './helpers'
import { describePostgres, freshDatabase } from '../support/postgres'
import { DEMO, loginByPhone, newKey, workerWithCertificates } from './claims-support'
import { PARTITIONED } from '../../server/ops/partitions'

interface PlanNode {
  'Node Type': string
  'Relation Name'?: string
  'Actual Loops'?: number
  'Subplans Removed'?: number
  Plans?: PlanNode[]
}
const walk = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(walk)]

/** YYYYMM of the China-time month `offset` months from now. */
function monthTag(offset: number): string {
  const china = new Date(Date.now() + 8 * 3_600_000)
  const d = new Date(Date.UTC(china.getUTCFullYear(), china.getUTCMonth() + offset, 1))
  return `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}`
}
const PAST = [-30, -29, -2, -1]

describePostgres('append-only tables: month partitions pruned for the app’s queries (PostgreSQL)', () => {
  let db: { url: string; drop: () => Promise<void> }
  let s: TestServer
  let client: Client
  const captured: { sql: string; params: unknown[] }[] = []

  beforeAll(async () => {
    db = await freshDatabase('zsb_parts')
    s = await startTestServer({ databaseUrl: db.url })
    for (const { table, key } of PARTITIONED) {
      for (const m of PAST) await s.db.query(`SELECT zsb_month_partition($1, $2, (now() + make_interval(months => $3::int))::date)`, [table, key, m])
    }
    const query = s.db.query.bind(s.db)
    s.db.query = (async (sql: string, params: unknown[] = []) => {
      if (PARTITIONED.some((p) => sql.includes(p.table))) captured.push({ sql, params })
      return query(sql, params)
    }) as typeof s.db.query
    client = new Client({ connectionString: db.url })
    await client.connect()

    // a worker's claim and its timeline, the inbox entry it wrote, a notice to their county opened and listed
    const worker = await workerWithCertificates(s, 'partition-worker', DEMO)
    const reviewer = await loginByPhone(s, '13800000001')
    expect((await s.post('/api/v1/me/subscriptions', { region: '140302', tags: [] }, { token: worker.token })).status).toBe(201)
    const cert = worker.certs.find((c) => c.level !== null) ?? worker.certs[0]
    const claim = await s.post('/api/v1/claims', { kind: 'evaluation', certificateId: cert.id }, { token: worker.token, headers: { 'idempotency-key': newKey() } })
    expect(claim.status).toBe(201)
    expect((await s.get(`/api/v1/claims/${claim.body.id}`, { token: worker.token })).status).toBe(200)
    const notice = await s.post(
      '/api/v1/admin/notices',
      { title: '分区测试通知', summary: '城区电工班开班。', body: '一、课程：电工。', issuer: '阳泉市城区人力资源和社会保障局', docNumber: '', regions: ['140302'], tags: [] },
      { token: reviewer }
    )
    expect(notice.status).toBe(201)
    const first = await s.get('/api/v1/me/inbox?limit=1', { token: worker.token })
    expect(first.status).toBe(200)
    expect(first.body.nextCursor).toBeTruthy()
    expect((await s.get(`/api/v1/me/inbox?limit=1&cursor=${encodeURIComponent(first.body.nextCursor)}`, { token: worker.token })).status).toBe(200)
    expect((await s.get('/api/v1/notices', { token: worker.token })).status).toBe(200)
    expect((await s.get(`/api/v1/notices/${notice.body.id}`, { token: worker.token })).status).toBe(200)
    expect((await s.post('/api/v1/me/inbox/read', { all: true }, { token: worker.token })).status).toBe(200)
    await client.query('ANALYZE')
  }, 300_000)
  afterAll(async () => {
    await client?.end()
    await s?.close()
    await db?.drop()
  })

  /** Partitions of `table` the statement reads: scan nodes that ran at least once. */
  async function partitionsRead(table: string, stmt: { sql: string; params: unknown[] }): Promise<string[]> {
    await client.query('BEGIN')
    try {
      const res = await client.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${stmt.sql}`, stmt.params)
      const nodes = walk(res.rows[0]['QUERY PLAN'][0].Plan)
      return [...new Set(nodes.filter((n) => n['Relation Name']?.startsWith(`${table}_`) && (n['Actual Loops'] ?? 0) > 0).map((n) => n['Relation Name']!))].sort()
    } finally {
      await client.query('ROLLBACK')
    }
  }
  const statement = (pick: (sql: string, params: unknown[]) => boolean) => {
    const found = captured.find((c) => pick(c.sql, c.params))
    if (!found) throw new Error('the app did not send this statement')
    return found
  }
  const past = (table: string, offsets: number[]) => offsets.map((m) => `${table}_p${monthTag(m)}`)
  const ahead = (table: string) => [1, 2, 3].map((m) => `${table}_p${monthTag(m)}`)

  // name → the table, how to recognise the app's statement, the partitions it must not read
  // noticeMonthsOnly: the feed looks up a mark per listed notice, so it may read each published notice's month
  // (seeded notices span several) and nothing else
  const cases: Record<
    string,
    { table: string; pick: (sql: string, params: unknown[]) => boolean; notRead: (t: string) => string[]; reads: (t: string) => string[]; noticeMonthsOnly?: boolean }
  > = {
    'claim timeline (claimEvents)': {
      table: 'claim_events',
      pick: (sql) => sql.includes('FROM claim_events') && sql.includes('claim_id = $1'),
      notRead: (t) => past(t, PAST),
      reads: (t) => [`${t}_p${monthTag(0)}`]
    },
    'ID-number change risk rule (lastIdNumberChange)': {
      table: 'audit_log',
      pick: (sql) => sql.includes("FROM audit_log WHERE object_type = 'profile'"),
      notRead: (t) => past(t, [-30, -29, -2]),
      reads: () => []
    },
    'inbox first page (listInbox)': {
      table: 'inbox_messages',
      pick: (sql, p) => sql.includes('FROM inbox_messages') && sql.includes('ORDER BY created_at DESC') && p[2] === null,
      notRead: (t) => past(t, [-30, -29]),
      reads: (t) => [`${t}_p${monthTag(0)}`]
    },
    'inbox next page (listInbox with a cursor)': {
      table: 'inbox_messages',
      pick: (sql, p) => sql.includes('FROM inbox_messages') && sql.includes('ORDER BY created_at DESC') && p[2] !== null,
      notRead: (t) => [...past(t, [-30, -29]), ...ahead(t)],
      reads: (t) => [`${t}_p${monthTag(0)}`]
    },
    'inbox unread count (unreadCount)': {
      table: 'inbox_messages',
      pick: (sql) => sql.includes('SELECT count(*) AS n FROM inbox_messages'),
      notRead: (t) => past(t, [-30, -29]),
      reads: (t) => [`${t}_p${monthTag(0)}`]
    },
    'inbox mark read (markRead)': {
      table: 'inbox_messages',
      pick: (sql) => sql.includes('UPDATE inbox_messages SET read_at'),
      notRead: (t) => past(t, [-30, -29]),
      reads: (t) => [`${t}_p${monthTag(0)}`]
    },
    'notices feed read marks (listNotices)': {
      table: 'notice_reads',
      pick: (sql) => sql.includes('FROM notice_reads r WHERE r.notice_id = n.id AND r.user_id = $6'),
      notRead: (t) => [...past(t, [-30, -29]), ...ahead(t)],
      reads: (t) => [`${t}_p${monthTag(0)}`],
      noticeMonthsOnly: true
    },
    'notices unread count (listNotices)': {
      table: 'notice_reads',
      pick: (sql) => sql.includes('FROM notice_reads r WHERE r.notice_id = n.id AND r.user_id = $3'),
      notRead: (t) => [...past(t, [-30, -29]), ...ahead(t)],
      reads: (t) => [`${t}_p${monthTag(0)}`],
      noticeMonthsOnly: true
    },
    'notices in the inbox (noticeInboxSource.list)': {
      table: 'notice_reads',
      pick: (sql) => sql.includes('FROM notice_reads r WHERE r.user_id = $1') && sql.includes('ORDER BY at DESC'),
      notRead: (t) => [...past(t, PAST), ...ahead(t)],
      reads: (t) => [`${t}_p${monthTag(0)}`]
    }
  }

  test.each(Object.keys(cases))('%s reads only its months', async (name) => {
    const c = cases[name]
    const read = await partitionsRead(c.table, statement(c.pick))
    const all = (await client.query<{ name: string }>(`SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = $1::regclass AND c.relkind = 'r'`, [c.table])).rows.map((r) => r.name)
    console.log(`${name}: reads ${read.length} of ${all.length} partitions of ${c.table}: ${read.join(', ') || '(none)'}`)
    for (const p of c.notRead(c.table)) expect(all).toContain(p)
    for (const p of c.notRead(c.table)) expect(read).not.toContain(p)
    for (const p of c.reads(c.table)) expect(read).toContain(p)
    if (c.noticeMonthsOnly) {
      const months = (await client.query<{ m: string }>(`SELECT DISTINCT to_char(zsb_china_month(published_at), 'YYYYMM') AS m FROM notices`)).rows.map((r) => `${c.table}_p${r.m}`)
      const allowed = months.map((p) => (all.includes(p) ? p : `${c.table}_default`))
      for (const p of read) expect(allowed).toContain(p)
    }
    expect(read.length).toBeLessThan(all.length)
  })
})
