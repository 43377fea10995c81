/**
 * Fan-out at scale, both engines: 5 000 subscribers seeded in bulk, a notice published through the real route
 * (the request stays short), then the reached readers see it in their inbox at once — computed on read, no
 * row written per reader — and each reached reader gets one queued WeChat message from the push job, nobody
 * else anything; a push job that dies half-way and is run again finishes the rest without a duplicate;
 * running it once more changes nothing. (1 000 000: scripts/bench-fanout.mjs.)
 */
import { login } from '../support/api'
import { startTestServer, type TestServer } from './helpers'
import { describePostgres, freshDatabase } from '../support/postgres'
import { expectedReached, FANOUT_NOTICE, seedSubscribers, subscriberId } from '../support/subscribers'
import { fanOutNotice, type FanoutDeps } from '../../server/notices/fanout'
import { listInbox } from '../../server/inbox'
import { queueNotificationMany } from '../../server/adapters/notifier'
import { noticeReaches } from '../../src/domain/notice'

const N = 5000

const loginByPhone = (s: TestServer, phone: string): Promise<string> => login(s, { phone })

async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 120_000): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = await fn()
    if (ok(v) || Date.now() > end) return v
    await new Promise((r) => setTimeout(r, 250))
  }
}

const count = async (s: TestServer, sql: string, params: unknown[]) => (await s.db.query<{ n: number }>(sql, params))[0].n

/** The first SAMPLE readers cover every pattern and the second subscriptions; their inboxes are read one by one */
const SAMPLE = 140

function fanoutSuite(engine: string, databaseUrl: () => string | undefined) {
  let server: TestServer
  let admin: string
  const expected = expectedReached(N)
  beforeAll(async () => {
    server = await startTestServer({ databaseUrl: databaseUrl() })
    await seedSubscribers(server.db, N, 'f')
    admin = await loginByPhone(server, '13800000003')
  })
  afterAll(async () => server?.close())

  test(`${engine}: publish → exactly the ${expected} reached readers of ${N}, once each; the request stays short`, async () => {
    expect(expected).toBeGreaterThan(N / 3) // the seed has both kinds
    expect(expected).toBeLessThan(N)
    const t0 = performance.now()
    const res = await server.post('/api/v1/admin/notices', { ...FANOUT_NOTICE, title: `${engine} 扇出检查` }, { token: admin })
    const ms = performance.now() - t0
    expect(res.status).toBe(201)
    // timed in the bench, not here: the bar (< 100 ms) is measured at 100 000 by scripts/bench-fanout.mjs; with
    // seven jest workers on two cores a wall-clock bound here only measures the neighbours
    console.log(`${engine}: publish request ${ms.toFixed(1)} ms with ${N} subscribers`)
    const id = res.body.id as string
    // the reference list: reader i is reached when one of their subscriptions is (domain rule, per reader)
    const subs = await server.db.query<{ user_id: string; region: string; tags: string[] }>(
      `SELECT user_id, region, tags FROM notice_subscriptions WHERE user_id LIKE 'usr_f%' ORDER BY user_id`
    )
    const want = new Set(subs.filter((s) => noticeReaches(FANOUT_NOTICE.regions, s.region) && (s.tags.length === 0 || s.tags.some((t) => FANOUT_NOTICE.tags.includes(t)))).map((s) => s.user_id))
    expect(want.size).toBe(expected)
    // on read, right after the response: each sampled reader's inbox has the notice once exactly when reached
    for (let i = 1; i <= SAMPLE; i++) {
      const reader = subscriberId(i, 'f')
      const inbox = await listInbox(server.db, reader, { limit: 50 })
      const entries = inbox.items.filter((m) => m.refId === id)
      expect(entries).toHaveLength(want.has(reader) ? 1 : 0)
      if (want.has(reader)) {
        expect(entries[0]).toMatchObject({ id, kind: 'notice', readAt: null })
        expect(inbox.unreadCount).toBe(1)
      }
    }
    // nothing was written per reader for the inbox
    expect(await count(server, `SELECT count(*)::int AS n FROM inbox_messages WHERE ref_id = $1`, [id])).toBe(0)
    // and no per-reader delivery record: the old fan-out's table is gone
    expect(await count(server, `SELECT count(*)::int AS n FROM pg_class WHERE relname = 'notice_deliveries'`, [])).toBe(0)
    const t1 = Date.now()
    await until(() => server.db.query<{ fanout: string }>('SELECT fanout FROM notices WHERE id = $1', [id]), (r) => r[0].fanout === 'done')
    console.log(`${engine}: WeChat messages for ${expected} readers queued ${Date.now() - t1} ms after the response`)
    // one WeChat message per reached reader, whatever the number of their matching subscriptions
    const queued = await server.db.query<{ user_id: string; n: number }>(
      `SELECT user_id, count(*)::int AS n FROM notifier_outbox WHERE template = 'notice' AND page LIKE $1 GROUP BY user_id ORDER BY user_id`,
      [`%${id}`]
    )
    expect(queued.every((r) => r.n === 1)).toBe(true)
    expect(queued.map((r) => r.user_id)).toEqual([...want].sort())
    // the queued WeChat messages are sent by their own job, each once
    const sent = await until(
      () => count(server, `SELECT count(*)::int AS n FROM notifier_outbox WHERE page LIKE $1 AND sent_at IS NOT NULL`, [`%${id}`]),
      (n) => n === expected
    )
    expect(sent).toBe(expected)
    const admins = await server.get('/api/v1/admin/notices', { token: admin })
    expect(admins.body.items.find((n: { id: string }) => n.id === id)).toMatchObject({ delivered: expected, fanout: 'done' })
  })

  test(`${engine}: a fan-out that dies half-way finishes on retry without duplicates; one more run changes nothing`, async () => {
    // a notice inserted without a job, so this test drives the fan-out itself
    const id = `ntc_retry${engine}`
    await server.db.query(
      `INSERT INTO notices (id, title, summary, body, issuer, regions, tags, published_on, fanout) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending')`,
      [id, '重试检查', FANOUT_NOTICE.summary, FANOUT_NOTICE.body, FANOUT_NOTICE.issuer, FANOUT_NOTICE.regions, FANOUT_NOTICE.tags, server.today]
    )
    let batches = 0
    const deps = (failAt: number | null): FanoutDeps => ({
      db: server.db,
      batchSize: 700,
      perSecond: 0,
      notify: async (tx, ids, msg) => {
        await queueNotificationMany(tx, ids, { template: 'notice', data: msg.wechat, page: msg.link ?? null }, new Date())
        if (failAt !== null && ++batches === failAt) throw new Error('instance died')
      }
    })
    await expect(fanOutNotice(deps(3), id)).rejects.toThrow('instance died')
    const partial = await count(server, `SELECT count(*)::int AS n FROM notifier_outbox WHERE page LIKE $1`, [`%${id}`])
    expect(partial).toBe(1400) // two whole batches committed, the failed one rolled back
    expect(await count(server, `SELECT reached AS n FROM notices WHERE id = $1`, [id])).toBe(1400)
    const resumed = await fanOutNotice(deps(null), id)
    expect(resumed.delivered).toBe(expected - 1400)
    const again = await fanOutNotice(deps(null), id)
    expect(again.delivered).toBe(0)
    expect(await count(server, `SELECT count(*)::int AS n FROM notifier_outbox WHERE page LIKE $1`, [`%${id}`])).toBe(expected)
    expect(await count(server, `SELECT count(DISTINCT user_id)::int AS n FROM notifier_outbox WHERE page LIKE $1`, [`%${id}`])).toBe(expected)
    expect(await count(server, `SELECT reached AS n FROM notices WHERE id = $1`, [id])).toBe(expected)
    // readers the notice does not reach got nothing from either notice, in their inbox or on WeChat
    const untouched = subscriberId(3, 'f') // pattern 3: 上海
    expect((await listInbox(server.db, untouched, {})).items).toEqual([])
    expect(await count(server, `SELECT count(*)::int AS n FROM notifier_outbox WHERE user_id = $1`, [untouched])).toBe(0)
    expect((await server.db.query<{ fanout: string }>('SELECT fanout FROM notices WHERE id = $1', [id]))[0].fanout).toBe('done')
  })
}

describe('fan-out on PGlite', () => fanoutSuite('pglite', () => undefined))

let pg: { url: string; drop: () => Promise<void> } | undefined
describePostgres('fan-out on PostgreSQL', () => {
  beforeAll(async () => {
    pg = await freshDatabase('zsb_fanout')
  })
  afterAll(async () => pg?.drop())
  describe('on a fresh database', () => fanoutSuite('postgres', () => pg?.url))
})
