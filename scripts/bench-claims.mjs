// Claims submission benchmark on PostgreSQL (the bar: ≥ 500 new claims/s with p99 ≤ 100 ms at 20 clients, and
// exactly once: no claim lost, none doubled).
// Starts the real server (server/main.ts, development adapters) on a fresh database of BENCH_DATABASE_URL's
// server (or a throwaway cluster), and prepares BENCH_CLAIM_WORKERS (default 3 200) distinct workers: users and
// sessions by SQL, each with a copy of the demo worker's registry certificates and social insurance record
// under their own ID number (dev registry tables); consent, real name + ID and the certificate import through
// the API. Then BENCH_CLAIM_CLIENTS (default 20) clients submit one 职业技能评价补贴 claim per worker, each with
// its own Idempotency-Key; every BENCH_DUP_EVERY-th (default 5) worker's request is sent twice at once with the
// same key (a double tap), and every such worker's key once more afterwards. Every answer must be 201 and the
// same claim for the same key. Prints new claims/s, p50/p95/p99 of all submissions, and counts from the
// database: lost (a 201 whose claim is not stored) and doubled (a worker with more than one claim).
// BENCH_STATEMENTS=1 (with pg_stat_statements preloaded) lists the statements of the run per new claim.
// BENCH_SERVER_NODE_ARGS adds node options to the server process (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`).
// Writes os.tmpdir()/test-output/bench-claims.json and the claims row of docs/performance.md's budgets
// (scripts/perf-doc.ts; BENCH_DOC=0 leaves that file alone). BENCH_ENFORCE=0 reports the bars without failing; a lost or
// doubled claim always fails.
import { spawn } from 'node:child_process'
import http from 'node:http'
import { createHash, randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { tsImport } from 'tsx/esm/api'
import { freePort, freshDatabase, percentile, postgresServer, root } from './bench-support.mjs'

const { PRIVACY_NOTICE_VERSION } = await tsImport('../src/domain/profile.ts', import.meta.url)
const { checkDigitOf } = await tsImport('../src/domain/id-card.ts', import.meta.url)

const WORKERS = Number(process.env.BENCH_CLAIM_WORKERS ?? 3200)
const CLIENTS = Number(process.env.BENCH_CLAIM_CLIENTS ?? 20)
const DUP_EVERY = Number(process.env.BENCH_DUP_EVERY ?? 5)
const ENFORCE = process.env.BENCH_ENFORCE !== '0'
const BAR = { perSecond: 500, p99Ms: 100 }
const DEMO_ID = '140302197803150021'
const DEMO_NAME = '王秀英'

const sha256b64 = (v) => createHash('sha256').update(v).digest('base64url')
const registryDigest = (id) => createHash('sha256').update(`registry:${id.toUpperCase()}`).digest('hex')
const insuranceKey = (id) => createHash('sha256').update(id.toUpperCase()).digest('hex')
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

/** CPU ms (user + system) of a process from /proc, or 0 when it is gone or not on this machine. */
function cpuMsOf(pid) {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100
  } catch {
    return 0
  }
}
/** The local PostgreSQL server's processes (the postmaster's children), by way of one backend's parent. */
function postgresPids(backendPid) {
  try {
    const ppid = readFileSync(`/proc/${backendPid}/stat`, 'utf8').split(') ')[1].split(' ')[1]
    return readdirSync('/proc').filter((d) => /^[0-9]+$/.test(d) && (() => { try { return readFileSync(`/proc/${d}/stat`, 'utf8').split(') ')[1].split(' ')[1] === ppid } catch { return false } })())
  } catch {
    return []
  }
}
/** CPU of the bench client, the server and PostgreSQL so far; per-pid so that a later sample subtracts. */
function cpuSample(serverPid, backendPid) {
  const pg = Object.fromEntries(postgresPids(backendPid).map((p) => [p, cpuMsOf(p)]))
  const self = process.cpuUsage()
  return { client: (self.user + self.system) / 1000, server: cpuMsOf(serverPid), pg }
}
const cpuDelta = (a, b) => ({
  client: b.client - a.client,
  server: b.server - a.server,
  postgres: Object.entries(b.pg).reduce((sum, [pid, ms]) => sum + ms - (a.pg[pid] ?? 0), 0)
})

/** Worker i's ID number: 阳泉市城区, born on day i after 1970-01-01 (a valid date), check digit computed. */
function idNumberOf(i) {
  const d = new Date(Date.UTC(1970, 0, 1) + i * 86_400_000)
  const first17 = `140302${d.toISOString().slice(0, 10).replaceAll('-', '')}982`
  return first17 + checkDigitOf(first17)
}

/** Statements run so far on this database (pg_stat_statements' calls when that extension is loaded), else null. */
async function statementCount(db) {
  try {
    const { rows } = await db.query(`SELECT sum(calls)::bigint AS n FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())`)
    // no rows counted: the extension exists but the server does not preload it (nothing is tracked)
    return rows[0].n === null || Number(rows[0].n) === 0 ? null : Number(rows[0].n)
  } catch {
    return null
  }
}

// node:http with kept-alive connections: the bench client is on the same two cores as the server and
// PostgreSQL, and fetch() cost it about twice the CPU per request
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 })

function api(base, method, path, body, token, headers = {}) {
  const t0 = performance.now()
  const payload = body ? JSON.stringify(body) : undefined
  return new Promise((resolve, reject) => {
    const req = http.request(
      base + path,
      {
        method,
        agent,
        headers: {
          ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...headers
        }
      },
      (res) => {
        const chunks = []
        res.on('data', (c) => chunks.push(c))
        res.on('end', () => {
          let json = null
          try {
            json = JSON.parse(Buffer.concat(chunks).toString('utf8'))
          } catch {}
          resolve({ status: res.statusCode, body: json, ms: performance.now() - t0 })
        })
        res.on('error', reject)
      }
    )
    req.on('error', reject)
    req.end(payload)
  })
}

/** Runs fn(i) for i in 0..n-1 with `clients` in flight at once. */
async function pool(n, clients, fn) {
  let next = 0
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let i = next++; i < n; i = next++) await fn(i)
    })
  )
}

async function main() {
  const pgServer = await postgresServer('zsb-claims-pg-')
  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  const dataDir = mkdtempSync(join(os.tmpdir(), 'zsb-claims-'))
  const url = await freshDatabase(pgServer.url, 'zsb_bench_claims')
  const env = {
    ...process.env,
    NODE_ENV: 'development',
    ...Object.fromEntries(['WECHAT_ADAPTER', 'SMS_ADAPTER', 'NOTIFIER_ADAPTER', 'SOCIAL_INSURANCE_ADAPTER', 'CERTIFICATE_REGISTRY', 'CONTENT_SAFETY_ADAPTER'].map((k) => [k, 'dev'])),
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    STATIC_DIR: join(dataDir, 'no-h5'),
    DATABASE_URL: url,
    DATA_DIR: dataDir,
    DATA_KEY: process.env.DATA_KEY || Buffer.alloc(32, 'zsb-bench').toString('base64'),
    SEED_COURSES: process.env.SEED_COURSES ?? '2000'
  }
  const child = spawn(process.execPath, [...(process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean), '--import', 'tsx', join(root, 'server', 'main.ts')], { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] })
  const db = new pg.Client({ connectionString: url })
  try {
    for (let t0 = Date.now(); ; await sleep(300)) {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`)
      if (Date.now() - t0 > 600_000) throw new Error('server did not start')
      if ((await api(base, 'GET', '/api/v1/health').catch(() => null))?.status === 200) break
    }
    await db.connect()
    // workers: users and sessions by SQL; the demo worker's registry certificates and insurance copied under each ID
    const tokens = Array.from({ length: WORKERS }, () => randomBytes(24).toString('base64url'))
    const ids = Array.from({ length: WORKERS }, (_, i) => idNumberOf(i + 1))
    const userIds = ids.map((_, i) => `usr_cb${String(i + 1).padStart(7, '0')}`)
    const t0 = performance.now()
    await db.query(`INSERT INTO users (id, login_method, created_at) SELECT u, 'sms', now() FROM unnest($1::text[]) u`, [userIds])
    await db.query(
      `INSERT INTO sessions (token_hash, user_id, created_at, expires_at) SELECT t, u, now(), now() + interval '1 day' FROM unnest($1::text[], $2::text[]) AS x(t, u)`,
      [tokens.map(sha256b64), userIds]
    )
    await db.query(
      `INSERT INTO dev_certificate_registry (number, holder_name, id_sha256, kind, occupation_code, occupation_name, level, issued_days_ago, issuer)
       SELECT r.number || '-' || x.n, r.holder_name, x.digest, r.kind, r.occupation_code, r.occupation_name, r.level, r.issued_days_ago, r.issuer
       FROM dev_certificate_registry r, unnest($1::text[], $2::int[]) AS x(digest, n) WHERE r.id_sha256 = $3`,
      [ids.map(registryDigest), ids.map((_, i) => i + 1), registryDigest(DEMO_ID)]
    )
    await db.query(
      `INSERT INTO dev_social_insurance (id_sha256, insured, region_code, since, employer)
       SELECT x.k, s.insured, s.region_code, s.since, s.employer FROM dev_social_insurance s, unnest($1::text[]) AS x(k) WHERE s.id_sha256 = $2 ON CONFLICT DO NOTHING`,
      [ids.map(insuranceKey), insuranceKey(DEMO_ID)]
    )
    const certs = new Array(WORKERS)
    await pool(WORKERS, CLIENTS, async (i) => {
      const token = tokens[i]
      const c = await api(base, 'POST', '/api/v1/me/consent', { version: PRIVACY_NOTICE_VERSION }, token)
      if (c.status !== 200) throw new Error(`consent → ${c.status} ${JSON.stringify(c.body)}`)
      const p = await api(base, 'PUT', '/api/v1/me/profile', { realName: DEMO_NAME, idNumber: ids[i], homeRegion: '140302', groups: ['rural_migrant'], employmentStatus: 'employed' }, token)
      if (p.status !== 200) throw new Error(`profile → ${p.status} ${JSON.stringify(p.body)}`)
      const l = await api(base, 'POST', '/api/v1/me/certificates/lookup', undefined, token)
      if (l.status !== 200) throw new Error(`lookup → ${l.status} ${JSON.stringify(l.body)}`)
      const cert = l.body.items.find((x) => x.occupationName === '育婴员' && x.level === '4')
      if (!cert) throw new Error(`worker ${i}: no 育婴员 四级 certificate`)
      certs[i] = cert.id
    })
    console.log(`bench-claims: ${WORKERS} workers prepared in ${((performance.now() - t0) / 1000).toFixed(1)} s`)

    // warm-up: a pre-check per client (plans, JIT), not counted
    await pool(CLIENTS, CLIENTS, (i) => api(base, 'POST', '/api/v1/claims/precheck', { kind: 'evaluation', certificateId: certs[i] }, tokens[i]))

    const latencies = []
    const answers = new Map() // key → claim ids answered
    const wrong = []
    const submit = async (i, key) => {
      const r = await api(base, 'POST', '/api/v1/claims', { kind: 'evaluation', certificateId: certs[i] }, tokens[i], { 'idempotency-key': key })
      latencies.push(r.ms)
      if (r.status !== 201) wrong.push(`${i}: ${r.status} ${JSON.stringify(r.body)?.slice(0, 200)}`)
      else answers.set(key, [...(answers.get(key) ?? []), r.body.id])
    }
    const keyOf = (i) => `bench-${i}-${randomBytes(6).toString('hex')}`
    const keys = Array.from({ length: WORKERS }, (_, i) => keyOf(i))
    const backendPid = (await db.query('SELECT pg_backend_pid() AS p')).rows[0].p
    // counts statements when the server preloads pg_stat_statements (a bench cluster may; nothing else needs it)
    await db.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements').catch(() => undefined)
    if (process.env.BENCH_STATEMENTS === '1') await db.query('SELECT pg_stat_statements_reset()').catch(() => undefined)
    const statementsBefore = await statementCount(db)
    const walOf = async () => (await db.query('SELECT wal_records::bigint AS records, wal_bytes::bigint AS bytes, wal_sync::bigint AS syncs FROM pg_stat_wal').catch(() => ({ rows: [null] }))).rows[0]
    const wal0 = await walOf()
    const cpu0 = cpuSample(child.pid, backendPid)
    const tRun = performance.now()
    await pool(WORKERS, CLIENTS, async (i) => {
      if (i % DUP_EVERY === 0) await Promise.all([submit(i, keys[i]), submit(i, keys[i])])
      else await submit(i, keys[i])
    })
    const runMs = performance.now() - tRun
    const cpu = cpuDelta(cpu0, cpuSample(child.pid, backendPid))
    const statements = (await statementCount(db)) - statementsBefore
    if (process.env.BENCH_STATEMENTS === '1') {
      // PostgreSQL's CPU by process kind (backends, WAL writer, …)
      const byKind = {}
      const end = cpuSample(child.pid, backendPid)
      for (const [pid, ms] of Object.entries(end.pg)) {
        let kind = 'gone'
        try {
          kind = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim().replace(/^postgres: (?:[0-9]+\/main: )?/, '').split(' ').slice(0, 2).join(' ')
        } catch {}
        byKind[kind] = (byKind[kind] ?? 0) + (ms - (cpu0.pg[pid] ?? 0)) / WORKERS
      }
      console.log('  PostgreSQL CPU ms per claim by process:', Object.entries(byKind).filter(([, v]) => v > 0.005).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', '))
      const wal1 = await walOf()
      if (wal0 && wal1) console.log(`  WAL per claim (whole server): ${((wal1.records - wal0.records) / WORKERS).toFixed(1)} records, ${Math.round((wal1.bytes - wal0.bytes) / WORKERS)} bytes, ${((wal1.syncs - wal0.syncs) / WORKERS).toFixed(2)} flushes`)
      // what each claim cost PostgreSQL, statement by statement (calls and execution time per new claim)
      const top = await db.query(
        `SELECT calls, total_exec_time, regexp_replace(query, '\\s+', ' ', 'g') AS q FROM pg_stat_statements
         WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) ORDER BY calls DESC LIMIT 40`
      ).catch(() => ({ rows: [] }))
      for (const r of top.rows) console.log(`  ${(r.calls / WORKERS).toFixed(2).padStart(6)} × ${(r.total_exec_time / r.calls).toFixed(3).padStart(7)} ms  ${r.q.slice(0, 130)}`)
    }
    // the retries after the fact (an app that did not see the answer): same key → the same claim
    await pool(Math.ceil(WORKERS / DUP_EVERY), CLIENTS, (k) => submit(k * DUP_EVERY, keys[k * DUP_EVERY]))

    const { rows } = await db.query(`SELECT user_id, idempotency_key, id FROM claims WHERE user_id LIKE 'usr_cb%'`)
    const stored = new Map(rows.map((r) => [r.idempotency_key, r.id]))
    const perWorker = new Map()
    for (const r of rows) perWorker.set(r.user_id, (perWorker.get(r.user_id) ?? 0) + 1)
    let lost = 0
    let mismatched = 0
    for (const [key, got] of answers) {
      if (!stored.has(key)) lost++
      else if (got.some((id) => id !== stored.get(key))) mismatched++
    }
    const doubled = [...perWorker.values()].filter((n) => n > 1).length
    const missing = WORKERS - perWorker.size
    latencies.sort((a, b) => a - b)
    const result = {
      workers: WORKERS,
      clients: CLIENTS,
      submissions: latencies.length,
      duplicates: latencies.length - WORKERS,
      newClaims: rows.length,
      perSecond: Math.round(WORKERS / (runMs / 1000)),
      p50: +percentile(latencies, 50).toFixed(1),
      p95: +percentile(latencies, 95).toFixed(1),
      p99: +percentile(latencies, 99).toFixed(1),
      lost,
      doubled,
      missing,
      mismatched,
      errors: wrong.length,
      // per new claim (duplicates included in the work): CPU ms of each process and statements PostgreSQL ran
      cpuMsPerClaim: Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, +(v / WORKERS).toFixed(2)])),
      statementsPerClaim: statements === null ? null : +(statements / WORKERS).toFixed(1),
      loadavg: os.loadavg().map((x) => +x.toFixed(2))
    }
    const out = join(os.tmpdir(), 'test-output')
    mkdirSync(out, { recursive: true })
    writeFileSync(join(out, 'bench-claims.json'), JSON.stringify({ at: new Date().toISOString(), result, errors: wrong.slice(0, 20) }, null, 2))
    console.log(
      `bench-claims: PostgreSQL, ${CLIENTS} clients, ${WORKERS} workers: ${result.perSecond} new claims/s (bar ≥ ${BAR.perSecond}), ` +
        `p50 ${result.p50} / p95 ${result.p95} / p99 ${result.p99} ms (bar p99 ≤ ${BAR.p99Ms}) over ${result.submissions} submissions ` +
        `(${result.duplicates} with a repeated key); lost ${lost}, doubled ${doubled}, missing ${missing}, other claim for a key ${mismatched}, errors ${wrong.length}; load ${result.loadavg.join(' ')}`
    )
    const c = result.cpuMsPerClaim
    console.log(
      `bench-claims: CPU per new claim: server ${c.server} ms, PostgreSQL ${c.postgres} ms, bench client ${c.client} ms` +
        (result.statementsPerClaim === null ? '' : `; ${result.statementsPerClaim} statements per new claim (pg_stat_statements, BEGIN and COMMIT included)`)
    )
    if (wrong.length) console.log(`bench-claims: first errors:\n  ${wrong.slice(0, 5).join('\n  ')}`)
    if (process.env.BENCH_DOC !== '0') {
      const { writePerfRows, stamp, BUDGET_HEADER } = await tsImport('./perf-doc.ts', import.meta.url)
      const n = (x) => x.toLocaleString('en-US').replace(/,/g, ' ')
      writePerfRows({
        file: join(root, 'docs', 'performance.md'),
        section: 'budgets',
        header: BUDGET_HEADER,
        keyColumns: 1,
        rows: [[
          `claim submissions, PostgreSQL, ${CLIENTS} clients, ${n(WORKERS)} workers`,
          `≥ ${BAR.perSecond}/s, p99 ≤ ${BAR.p99Ms} ms, lost / doubled 0 / 0`,
          `${n(result.perSecond)}/s, p50 ${result.p50} / p99 ${result.p99} ms; lost ${lost}, doubled ${doubled} (${n(result.duplicates)} repeated keys)`,
          `\`node scripts/bench-claims.mjs\`, ${stamp()}, load ${os.loadavg()[0].toFixed(1)}`
        ]]
      })
    }
    const exact = lost === 0 && doubled === 0 && missing === 0 && mismatched === 0 && wrong.length === 0
    const bars = result.perSecond >= BAR.perSecond && result.p99 <= BAR.p99Ms
    return exact && (bars || !ENFORCE) ? 0 : 1
  } finally {
    await db.end().catch(() => undefined)
    if (child.exitCode === null) {
      child.kill('SIGTERM')
      await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)))
    }
    agent.destroy()
    pgServer.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

process.exit(await main())
