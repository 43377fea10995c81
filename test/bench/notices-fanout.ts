/**
 * Notice fan-out bench (DESIGN.md §5: publishing answers in ≤ 100 ms; fan-out to 100 000 subscribers runs as a
 * job and finishes in minutes). Real server (buildApp, pg-boss jobs) on a fresh embedded database, or on
 * PostgreSQL with BENCH_DATABASE_URL. 100 000 users each subscribe (mixed regions and tags); the admin publishes
 * a national notice over HTTP; we time the request, then the job until every subscriber's inbox has the entry.
 * While it runs, 10 more (small) notices are published and their request times recorded too.
 *   npx tsx test/bench/notices-fanout.ts        (SUBSCRIBERS=100000 default)
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { buildApp, openDb } from '../../server/app'

const N = Number(process.env.SUBSCRIBERS ?? 100_000)
const databaseUrl = process.env.BENCH_DATABASE_URL || undefined

async function main() {
  const t0 = Date.now()
  const { db } = await openDb({ databaseUrl, seedCourses: 200 })
  const app = await buildApp({ db })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const addr = app.server.address()
  const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`
  const post = async (url: string, body: unknown, token?: string) => {
    const s = performance.now()
    const res = await fetch(base + url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body)
    })
    return { status: res.status, body: (await res.json()) as any, ms: performance.now() - s }
  }
  const sent = await post('/api/v1/auth/sms/send', { phone: '13800000003' })
  const admin = (await post('/api/v1/auth/sms/verify', { phone: '13800000003', code: sent.body.devCode })).body.token as string

  // N subscribers: users and subscriptions written set-based (as a migration of existing subscribers would)
  const regions = ['140322', '140302', '1403', '140921', '310115', '310112', '31', '210102', '14', '000000']
  const s0 = Date.now()
  await db.query(`INSERT INTO users (id, login_method, wechat_openid) SELECT 'usr_bench' || lpad(i::text, 7, '0'), 'wechat', 'o_bench_' || i FROM generate_series(1, $1) AS i`, [N])
  await db.query(
    `INSERT INTO notice_subscriptions (id, user_id, region, reach, tags)
     SELECT 'sub_bench' || lpad(i::text, 7, '0'), 'usr_bench' || lpad(i::text, 7, '0'), r.region, r.reach,
            CASE WHEN i % 5 = 0 THEN ARRAY['subsidy:living'] ELSE '{}'::text[] END
     FROM generate_series(1, $1) AS i
     JOIN jsonb_to_recordset($2::jsonb) AS r(k int, region text, reach text[]) ON r.k = i % $3`,
    [
      N,
      JSON.stringify(
        regions.map((region, k) => ({
          k,
          region,
          reach: region === '000000' ? ['000000'] : ['000000', ...[2, 4, 6].filter((l) => l <= region.length).map((l) => region.slice(0, l))]
        }))
      ),
      regions.length
    ]
  )
  const setupMs = Date.now() - s0
  const body = (over: Record<string, unknown>) => ({
    title: '全国农民工技能培训新通知',
    summary: '这是压测用的通知。',
    body: '压测正文。',
    issuer: '人力资源社会保障部办公厅',
    docNumber: '',
    regions: ['000000'],
    tags: ['subsidy:training'],
    ...over
  })
  // expected readers: subscriptions without a tag filter (the notice is tagged training, not living)
  const [{ expected }] = await db.query<{ expected: number }>(`SELECT count(DISTINCT user_id)::int AS expected FROM notice_subscriptions WHERE tags = '{}'`)

  const pub = await post('/api/v1/admin/notices', body({}), admin)
  if (pub.status !== 201) throw new Error(`publish → ${pub.status} ${JSON.stringify(pub.body)}`)
  const fanStart = Date.now()
  const during: number[] = []
  for (let i = 0; i < 10; i++) {
    await new Promise((r) => setTimeout(r, 500))
    const r = await post('/api/v1/admin/notices', body({ title: `盂县小通知 ${i}`, regions: ['140322'] }), admin)
    during.push(r.ms)
  }
  let delivered = 0
  for (;;) {
    const [row] = await db.query<{ fanout: string; n: number }>(
      `SELECT fanout, (SELECT count(*)::int FROM notice_deliveries WHERE notice_id = $1) AS n FROM notices WHERE id = $1`,
      [pub.body.id]
    )
    delivered = row.n
    if (row.fanout === 'done' || Date.now() - fanStart > 30 * 60_000) break
    await new Promise((r) => setTimeout(r, 500))
  }
  const fanoutMs = Date.now() - fanStart
  const [{ inbox }] = await db.query<{ inbox: number }>(`SELECT count(*)::int AS inbox FROM inbox_messages WHERE ref_id = $1`, [pub.body.id])
  const [{ queued }] = await db.query<{ queued: number }>(`SELECT count(*)::int AS queued FROM notifier_outbox WHERE page LIKE $1`, [`%${pub.body.id}`])
  const quiet = []
  for (let i = 0; i < 10; i++) quiet.push((await post('/api/v1/admin/notices', body({ title: `城区小通知 ${i}`, regions: ['140302'] }), admin)).ms)
  const sorted = (a: number[]) => [...a].sort((x, y) => x - y)
  const result = {
    engine: databaseUrl ? 'postgres' : 'pglite',
    subscribers: N,
    expectedReaders: expected,
    delivered,
    inboxEntries: inbox,
    wechatMessagesQueued: queued,
    publishRequestMs: Math.round(pub.ms * 10) / 10,
    publishDuringFanoutMs: { p50: Math.round(sorted(during)[5]), max: Math.round(Math.max(...during)) },
    publishQuietMs: { p50: Math.round(sorted(quiet)[5]), max: Math.round(Math.max(...quiet)) },
    fanoutSeconds: Math.round(fanoutMs / 100) / 10,
    setupSeconds: Math.round(setupMs / 100) / 10,
    totalSeconds: Math.round((Date.now() - t0) / 1000)
  }
  console.log(JSON.stringify(result, null, 2))
  mkdirSync('test-output', { recursive: true })
  writeFileSync(`test-output/notices-bench-${result.engine}.json`, JSON.stringify(result, null, 2))
  await app.close()
  await db.close()
  if (delivered !== expected || inbox !== expected) {
    console.error(`WRONG: delivered ${delivered}, inbox ${inbox}, expected ${expected}`)
    process.exit(1)
  }
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
