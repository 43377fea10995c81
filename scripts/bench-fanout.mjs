// Notice fan-out benchmark (notices reach inboxes on read: publishing writes one row whatever the audience, a
// reader's inbox is a query over their subscriptions; only the WeChat messages are queued per reader, by a
// paced job; a publish request must stay under 100 ms, because the office's editor waits on it). For each engine (BENCH_ENGINES, default
// pglite,postgres — PostgreSQL is a throwaway cluster this script starts, or BENCH_DATABASE_URL's server): bulk-seeds BENCH_SUBSCRIBERS (default 100 000) readers
// with subscriptions by SQL (scripts/seed-subscribers.ts), starts the real server (server/main.ts, development
// mode for the demo admin 13800000003 and the dev SMS code; dev adapters), logs in as the admin and publishes
// through POST /api/v1/admin/notices:
//   - BENCH_PUBLISHES (default 5) notices that reach about half the readers, one after the other: the request
//     time, and the time from the response until the push job has queued every WeChat message (polled
//     through GET /api/v1/admin/notices: fanout = done and delivered = the reference count);
//   - while each of those fan-outs runs, 3 notices for a region nobody subscribed to (忻州): the request time
//     of a publish that waits behind a running fan-out.
// Then stops the server and counts, per notice, the rows written per reader (inbox rows: none; the delivery table is gone) and
// the WeChat messages queued / sent and their readers against the reference count (the domain rule applied to
// the seed's patterns), and reads the inboxes of 300 readers spread over the seed (right entries; latency).
// Bar: publish request p95 < 100 ms (BENCH_ENFORCE=0 reports without failing); a wrong count always fails.
// Writes os.tmpdir()/test-output/bench-fanout.json, and the notice budgets' rows of docs/performance.md (one pair
// per engine and audience size, scripts/perf-doc.ts); BENCH_DOC=0 leaves that file alone.
import { spawn, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { tsImport } from 'tsx/esm/api'
import { freePort, freshDatabase, postgresServer, root } from './bench-support.mjs'

const ENGINES = (process.env.BENCH_ENGINES ?? 'pglite,postgres').split(',').map((s) => s.trim()).filter(Boolean)
const N = Number(process.env.BENCH_SUBSCRIBERS ?? 100_000)
const PUBLISHES = Number(process.env.BENCH_PUBLISHES ?? 5)
const DURING = 3
const ENFORCE = process.env.BENCH_ENFORCE !== '0'
const BAR_MS = 100
const FANOUT_TIMEOUT_MS = 15 * 60_000

const NOTICE = {
  summary: '阳泉市职业培训补贴申领时间调整，农村转移劳动力培训后 12 个月内都能申请。',
  body: '一、申领时间：取证后 12 个月内。\n二、办理方式：手机上提交，不用跑腿。',
  issuer: '阳泉市人力资源和社会保障局',
  docNumber: '',
  regions: ['1403'],
  tags: ['subsidy:training', 'group:rural_migrant']
}
const QUIET = { ...NOTICE, regions: ['1409'], issuer: '忻州市人力资源和社会保障局', summary: '忻州市秋季培训报名开始，详情见正文。' }

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length ? +s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)].toFixed(1) : null
}

function tsx(env, args) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts/seed-subscribers.ts'), ...args], { cwd: root, env, encoding: 'utf8', maxBuffer: 1 << 24 })
  if (r.status !== 0) throw new Error(`seed-subscribers ${args[0]} failed:\n${r.stdout}${r.stderr}`)
  return JSON.parse(r.stdout.trim().split('\n').pop())
}

let resets = 0
async function api(base, method, path, body, token) {
  // a reused keep-alive connection the server has just closed resets: a GET is tried again (counted)
  for (let attempt = 1; ; attempt++) {
    try {
      return await request(base, method, path, body, token)
    } catch (e) {
      if (method !== 'GET' || attempt === 3) throw e
      resets++
    }
  }
}

async function request(base, method, path, body, token) {
  const t0 = performance.now()
  const res = await fetch(base + path, {
    method,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined
  })
  const json = await res.json().catch(() => null)
  return { status: res.status, body: json, ms: performance.now() - t0 }
}

async function benchOne(engine, pgServer) {
  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  const dataDir = mkdtempSync(join(os.tmpdir(), 'zsb-fanout-'))
  const env = {
    ...process.env,
    NODE_ENV: 'development',
    ...Object.fromEntries(['WECHAT_ADAPTER', 'SMS_ADAPTER', 'NOTIFIER_ADAPTER', 'SOCIAL_INSURANCE_ADAPTER', 'CERTIFICATE_REGISTRY', 'CONTENT_SAFETY_ADAPTER'].map((k) => [k, 'dev'])),
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    STATIC_DIR: join(dataDir, 'no-h5')
  }
  if (engine === 'postgres') Object.assign(env, { DATABASE_URL: await freshDatabase(pgServer.url, 'zsb_bench_fanout'), DATA_DIR: dataDir })
  else Object.assign(env, { DATABASE_URL: '', DATA_DIR: join(dataDir, 'db') })
  let child
  const stop = async () => {
    if (!child || child.exitCode !== null) return
    child.kill('SIGTERM')
    await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)))
  }
  try {
    const seeded = tsx(env, ['seed', String(N)])
    console.log(`bench-fanout: ${engine}: ${N} subscribers seeded in ${(seeded.ms / 1000).toFixed(1)} s; the notice reaches ${seeded.expectedReached}`)
    child = spawn(process.execPath, ['--import', 'tsx', join(root, 'server', 'main.ts')], { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] })
    running = child
    for (let t0 = Date.now(); ; await sleep(300)) {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`)
      if (Date.now() - t0 > 600_000) throw new Error('server did not start')
      if ((await fetch(`${base}/api/v1/health`).catch(() => null))?.ok) break
    }
    const sent = await api(base, 'POST', '/api/v1/auth/sms/send', { phone: '13800000003' })
    const login = await api(base, 'POST', '/api/v1/auth/sms/verify', { phone: '13800000003', code: sent.body.devCode })
    if (login.status !== 200) throw new Error(`admin login → ${login.status}`)
    const token = login.body.token
    const publish = async (body) => {
      const r = await api(base, 'POST', '/api/v1/admin/notices', body, token)
      if (r.status !== 201) throw new Error(`publish → ${r.status} ${JSON.stringify(r.body)}`)
      return r
    }
    // warm-up (JIT, schema compilers, first plans): not counted
    for (let i = 0; i < 3; i++) await publish({ ...QUIET, title: `预热 ${i}` })
    const idle = []
    const during = []
    const fanouts = []
    for (let i = 1; i <= PUBLISHES; i++) {
      const r = await publish({ ...NOTICE, title: `扇出测试 ${i}` })
      idle.push(r.ms)
      const t0 = performance.now()
      for (let k = 0; k < DURING; k++) {
        await sleep(400)
        during.push((await publish({ ...QUIET, title: `扇出期间发布 ${i}-${k}` })).ms)
      }
      let row
      for (;;) {
        const list = await api(base, 'GET', '/api/v1/admin/notices', undefined, token)
        row = list.body.items.find((n) => n.id === r.body.id)
        if (row.fanout === 'done' && row.delivered === seeded.expectedReached) break
        if (performance.now() - t0 > FANOUT_TIMEOUT_MS) throw new Error(`fan-out of ${r.body.id} not done: ${JSON.stringify(row)}`)
        await sleep(2000)
      }
      const ms = performance.now() - t0
      fanouts.push({ id: r.body.id, ms: Math.round(ms), delivered: row.delivered, perSecond: Math.round(row.delivered / (ms / 1000)) })
      console.log(`bench-fanout: ${engine}: publish ${r.ms.toFixed(1)} ms; ${row.delivered} WeChat messages queued in ${(ms / 1000).toFixed(1)} s`)
    }
    // the WeChat messages: sent by their own job after each fan-out; wait for the outbox to drain (PostgreSQL: read
    // it; PGlite: the server holds the database, so give the flush up to the fan-out time and count after stopping)
    let drainMs = null
    if (engine === 'postgres') {
      const c = new pg.Client({ connectionString: env.DATABASE_URL })
      await c.connect()
      const t0 = performance.now()
      for (;;) {
        const { rows } = await c.query(`SELECT count(*)::int AS n FROM notifier_outbox WHERE sent_at IS NULL AND error IS NULL`)
        if (rows[0].n === 0 || performance.now() - t0 > FANOUT_TIMEOUT_MS) break
        await sleep(250)
      }
      drainMs = Math.round(performance.now() - t0)
      await c.end()
    } else await sleep(Math.max(...fanouts.map((f) => f.ms)))
    await stop()
    const checked = tsx(env, ['check', String(N), ...fanouts.map((f) => f.id)])
    const counts = checked.notices
    const exact = checked.sample.wrong === 0 && counts.every((c) => c.inbox === 0 && c.queued === seeded.expectedReached && c.readers === c.queued)
    const all = [...idle, ...during]
    return {
      engine,
      subscribers: N,
      reached: seeded.expectedReached,
      seedMs: seeded.ms,
      publishIdle: { n: idle.length, p50: pct(idle, 50), p95: pct(idle, 95), max: pct(idle, 100) },
      publishDuringFanout: { n: during.length, p50: pct(during, 50), p95: pct(during, 95), max: pct(during, 100) },
      publishAll: { n: all.length, p50: pct(all, 50), p95: pct(all, 95) },
      fanoutMs: { p50: pct(fanouts.map((f) => f.ms), 50), max: pct(fanouts.map((f) => f.ms), 100) },
      fanouts,
      wechatDrainAfterLastFanoutMs: drainMs,
      counts,
      inboxRead: checked.sample,
      exact,
      getRetries: resets
    }
  } finally {
    await stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

const results = []
const failures = []
let running = null
process.on('SIGTERM', () => {
  running?.kill('SIGTERM')
  process.exit(143)
})
let pgServer
try {
  if (ENGINES.includes('postgres')) pgServer = await postgresServer('zsb-fanout-pg-')
  for (const engine of ENGINES) {
    const r = await benchOne(engine, pgServer)
    results.push(r)
    if (!r.exact) failures.push(`${engine}: counts not exact: ${JSON.stringify(r.counts)}`)
    if (r.publishAll.p95 >= BAR_MS) failures.push(`${engine}: publish request p95 ${r.publishAll.p95} ms ≥ ${BAR_MS} ms`)
  }
} finally {
  pgServer?.stop()
}
const machine = { cpus: os.cpus().length, model: os.cpus()[0]?.model, loadavg: os.loadavg().map((x) => +x.toFixed(2)), node: process.version }
const out = join(os.tmpdir(), 'test-output')
mkdirSync(out, { recursive: true })
writeFileSync(join(out, 'bench-fanout.json'), JSON.stringify({ at: new Date().toISOString(), machine, results }, null, 2))
for (const r of results) {
  console.log(
    `bench-fanout: ${r.engine}, ${r.subscribers} subscribers (${r.reached} reached): publish p50 ${r.publishAll.p50} / p95 ${r.publishAll.p95} ms ` +
      `(idle p95 ${r.publishIdle.p95}, during a fan-out p95 ${r.publishDuringFanout.p95}); WeChat queue p50 ${(r.fanoutMs.p50 / 1000).toFixed(1)} s, ` +
      `max ${(r.fanoutMs.max / 1000).toFixed(1)} s; inbox read p95 ${r.inboxRead.readP95} ms; counts ${r.exact ? 'exact' : 'WRONG'}`
  )
}
console.log(`bench-fanout: machine ${machine.cpus} cores, load ${machine.loadavg.join(' ')}; ${join(out, 'bench-fanout.json')}`)
if (process.env.BENCH_DOC !== '0' && results.length) {
  const { writePerfRows, stamp, fanoutRows, BUDGET_HEADER } = await tsImport('./perf-doc.ts', import.meta.url)
  const when = `${stamp()}, load ${os.loadavg()[0].toFixed(1)}`
  writePerfRows({ file: join(root, 'docs', 'performance.md'), section: 'budgets', header: BUDGET_HEADER, rows: fanoutRows(results, when), keyColumns: 1 })
}
const enforced = ENFORCE ? failures : failures.filter((f) => f.includes('counts'))
if (failures.length) console.log(`bench-fanout: ${ENFORCE ? 'FAILED' : 'bars not met (reported only)'}:\n  ${failures.join('\n  ')}`)
process.exit(enforced.length ? 1 : 0)
