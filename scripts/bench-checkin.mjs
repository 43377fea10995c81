// Check-in benchmark: BENCH_CHECKIN_WORKERS (default 500) workers check in to one class session within
// BENCH_CHECKIN_SECONDS (default 60) on PostgreSQL, each at a random moment of that minute, typing the code the
// institution's screen shows (the screen asks for a new code when the old one expires, as the page does).
// Starts the real server (server/main.ts, development mode: the demo institution 13800000007, dev adapters and
// the dev clock) on a fresh database of BENCH_DATABASE_URL's server, or of a throwaway cluster; signs the workers
// up through the API, moves the dev clock to 10 minutes before the session, runs the minute, then sends every
// tenth worker's check-in again (idempotency). Reports latency p50/p95/p99/max and errors, and checks in the
// database that the session has exactly one attendance row per worker. Writes os.tmpdir()/test-output/bench-checkin.json.
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { freePort, freshDatabase, percentile, postgresServer, root } from './bench-support.mjs'

const N = Number(process.env.BENCH_CHECKIN_WORKERS ?? 500)
const SECONDS = Number(process.env.BENCH_CHECKIN_SECONDS ?? 60)
const SETUP_CONCURRENCY = 16

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

async function api(base, method, path, body, opts = {}) {
  const t0 = performance.now()
  const res = await fetch(base + path, {
    method,
    headers: {
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...(opts.headers ?? {})
    },
    body: body ? JSON.stringify(body) : undefined
  })
  const json = await res.json().catch(() => null)
  return { status: res.status, body: json, ms: performance.now() - t0 }
}

function idNumber(seq) {
  const first17 = `1403021990${String(1 + (seq % 12)).padStart(2, '0')}${String(1 + (seq % 28)).padStart(2, '0')}${String(seq % 1000).padStart(3, '0')}`
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * w[i]
  return first17 + '10X98765432'[sum % 11]
}

async function pool(items, size, fn) {
  let next = 0
  await Promise.all(
    Array.from({ length: size }, async () => {
      while (next < items.length) {
        const i = next++
        await fn(items[i], i)
      }
    })
  )
}

const addDays = (iso, n) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10)

let child
process.on('SIGTERM', () => {
  child?.kill('SIGTERM')
  process.exit(143)
})

const pgServer = await postgresServer('zsb-checkin-pg-')
const dataDir = mkdtempSync(join(os.tmpdir(), 'zsb-checkin-'))
try {
  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  const databaseUrl = await freshDatabase(pgServer.url, `zsb_bench_checkin_${process.pid}`)
  const env = {
    ...process.env,
    NODE_ENV: 'development',
    ...Object.fromEntries(['WECHAT_ADAPTER', 'SMS_ADAPTER', 'NOTIFIER_ADAPTER', 'SOCIAL_INSURANCE_ADAPTER', 'CERTIFICATE_REGISTRY', 'CONTENT_SAFETY_ADAPTER'].map((k) => [k, 'dev'])),
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    STATIC_DIR: join(dataDir, 'no-h5'),
    DATABASE_URL: databaseUrl,
    DATA_DIR: dataDir
  }
  child = spawn(process.execPath, ['--import', 'tsx', join(root, 'server', 'main.ts')], { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] })
  for (let t0 = Date.now(); ; await sleep(300)) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`)
    if (Date.now() - t0 > 600_000) throw new Error('server did not start')
    if ((await fetch(`${base}/api/v1/health`).catch(() => null))?.ok) break
  }
  const db = new pg.Client({ connectionString: databaseUrl })
  await db.connect()

  // the institution and one of its courses: evenings, starting tomorrow, seats for everyone
  const sent = await api(base, 'POST', '/api/v1/auth/sms/send', { phone: '13800000007' })
  const staff = (await api(base, 'POST', '/api/v1/auth/sms/verify', { phone: '13800000007', code: sent.body.devCode })).body.token
  const me = await api(base, 'GET', '/api/v1/institution/me', undefined, { token: staff })
  if (me.status !== 200) throw new Error(`institution/me → ${me.status}`)
  const today = (await api(base, 'POST', '/api/v1/dev/clock', { days: 0 })).body.today
  const {
    rows: [course]
  } = await db.query('SELECT id FROM courses WHERE institution_id = $1 ORDER BY id LIMIT 1', [me.body.institution.id])
  await db.query(
    `UPDATE courses SET mode = 'offline', schedule = '{evening}', start_date = $2, end_date = $3, seats_total = $4, seats_left = $4, allow_late_join = false WHERE id = $1`,
    [course.id, addDays(today, 1), addDays(today, 14), N + 10]
  )
  const {
    rows: [venue]
  } = await db.query('SELECT lat, lng FROM courses WHERE id = $1', [course.id])

  // the workers, signed up through the API
  const version = (await api(base, 'GET', '/api/v1/privacy')).body.version
  const workers = []
  const t0Setup = performance.now()
  await pool(
    Array.from({ length: N }, (_, i) => i),
    SETUP_CONCURRENCY,
    async (i) => {
      const login = await api(base, 'POST', '/api/v1/auth/wechat', { code: `dev:bench-checkin-${i}` })
      const token = login.body.token
      await api(base, 'POST', '/api/v1/me/consent', { version }, { token })
      const p = await api(
        base,
        'PUT',
        '/api/v1/me/profile',
        { realName: '王师傅', idNumber: idNumber(i), phone: `139${String(10_000_000 + i).slice(-8)}`, groups: ['rural_migrant'] },
        { token }
      )
      if (p.status !== 200) throw new Error(`profile ${i} → ${p.status} ${JSON.stringify(p.body)}`)
      const e = await api(base, 'POST', '/api/v1/enrollments', { courseId: course.id }, { token, headers: { 'idempotency-key': `bench-checkin-${i}-0001` } })
      if (e.status !== 201) throw new Error(`sign-up ${i} → ${e.status} ${JSON.stringify(e.body)}`)
      workers.push({ token, i })
    }
  )
  console.log(`bench-checkin: ${N} workers signed up in ${((performance.now() - t0Setup) / 1000).toFixed(1)} s`)

  // stand 10 minutes before the first session
  const sessions = (await api(base, 'GET', `/api/v1/institution/courses/${course.id}/sessions`, undefined, { token: staff })).body.items
  const session = sessions[0]
  const moved = await api(base, 'POST', '/api/v1/dev/clock', { to: new Date(Date.parse(session.startsAt) - 10 * 60_000).toISOString() })
  if (moved.status !== 200) throw new Error(`dev clock → ${moved.status} ${JSON.stringify(moved.body)}`)
  const movedAt = performance.now()
  // the dev clock is re-read by the server at most once a second
  await sleep(1100)

  // the institution's screen: a new code whenever the shown one expires
  let screen = (await api(base, 'POST', `/api/v1/institution/sessions/${session.id}/checkin-code`, undefined, { token: staff })).body
  let screenOn = true
  const codeCalls = []
  const screenLoop = (async () => {
    while (screenOn) {
      // the server's clock runs at real speed from here, shifted by the dev offset
      const wait = Date.parse(screen.expiresAt) - Date.parse(moved.body.now) - (performance.now() - movedAt)
      await sleep(Math.max(50, wait + 20))
      if (!screenOn) break
      const r = await api(base, 'POST', `/api/v1/institution/sessions/${session.id}/checkin-code`, undefined, { token: staff })
      codeCalls.push(r.ms)
      if (r.status === 200) screen = r.body
    }
  })()

  // the minute: each worker at a random moment, typing what the screen shows now (near the venue)
  const results = []
  const start = performance.now()
  await Promise.all(
    workers.map(async (w) => {
      await sleep(Math.random() * SECONDS * 1000)
      const r = await api(base, 'POST', '/api/v1/attendance/checkins', { code: screen.code, lat: venue.lat + 0.0005, lng: venue.lng }, { token: w.token })
      results.push({ status: r.status, ms: r.ms, code: r.body?.code })
    })
  )
  const wallS = (performance.now() - start) / 1000
  // every tenth worker taps again: the same check-in, nothing doubled
  const again = []
  for (const w of workers.filter((_, k) => k % 10 === 0)) {
    const r = await api(base, 'POST', '/api/v1/attendance/checkins', { code: screen.code }, { token: w.token })
    again.push(r)
  }
  screenOn = false
  await screenLoop

  const {
    rows: [{ n: rowsInDb }]
  } = await db.query('SELECT count(*)::int AS n FROM attendance WHERE session_id = $1', [session.id])
  const {
    rows: [{ n: distinctUsers }]
  } = await db.query('SELECT count(DISTINCT user_id)::int AS n FROM attendance WHERE session_id = $1', [session.id])
  await db.end()

  const ok = results.filter((r) => r.status === 200)
  const errors = results.filter((r) => r.status !== 200)
  const ms = results.map((r) => r.ms).sort((a, b) => a - b)
  const out = {
    engine: 'postgres',
    date: new Date().toISOString().slice(0, 10),
    cores: os.cpus().length,
    workers: N,
    windowSeconds: SECONDS,
    wallSeconds: +wallS.toFixed(1),
    ok: ok.length,
    errors: errors.length,
    errorCodes: Object.fromEntries(Object.entries(errors.reduce((m, r) => ({ ...m, [`${r.status} ${r.code}`]: (m[`${r.status} ${r.code}`] ?? 0) + 1 }), {}))),
    latencyMs: {
      p50: +percentile(ms, 50).toFixed(1),
      p95: +percentile(ms, 95).toFixed(1),
      p99: +percentile(ms, 99).toFixed(1),
      max: +percentile(ms, 100).toFixed(1)
    },
    repeatTaps: { n: again.length, ok: again.filter((r) => r.status === 200 && r.body.already === true).length },
    codeRequests: { n: codeCalls.length, p95: codeCalls.length ? +percentile([...codeCalls].sort((a, b) => a - b), 95).toFixed(1) : null },
    attendanceRows: rowsInDb,
    distinctWorkers: distinctUsers,
    exact: rowsInDb === ok.length && distinctUsers === ok.length
  }
  console.log(JSON.stringify(out, null, 2))
  const dir = join(os.tmpdir(), 'test-output')
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'bench-checkin.json'), JSON.stringify(out, null, 2))
  if (!out.exact || out.errors > 0) process.exitCode = 1
} finally {
  if (child && child.exitCode === null) {
    child.kill('SIGTERM')
    await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)))
  }
  pgServer.stop()
  rmSync(dataDir, { recursive: true, force: true })
}
