/**
 * The API survives its PostgreSQL server going away (a restart once killed the process with
 * "Unhandled 'error' event … Connection terminated unexpectedly"). A server process runs on a PostgreSQL
 * cluster of this test's own; under load the cluster is stopped abruptly and started again. Checks: the
 * process stays up; while the database is down requests get 503 { code, message } quickly (no hang, no
 * 500); afterwards it serves 2xx again without a restart; no sign-up that was acknowledged is lost, and
 * retries with the same Idempotency-Key do not double it.
 */
import { randomBytes } from 'node:crypto'
import os from 'node:os'
import path from 'node:path'
import { Client } from 'pg'
import { freePort, startServer, type RunningServer } from '../support/server'
import { describePostgres, ownCluster } from '../support/postgres'
import { call, readyWorkerAt } from '../support/http-client'
import { HAS_CHINESE, addDaysIso } from './helpers'
import { todayInChina } from '../../src/domain/format'

describePostgres('PostgreSQL outage under load', () => {
  let cluster: ReturnType<typeof ownCluster>
  let url: string
  let server: RunningServer
  const dir = path.join(os.tmpdir(), `zsb-outage-${process.pid}`)
  const WORKERS = 12
  const tokens: string[] = []
  let courseId: string

  beforeAll(async () => {
    const port = Number(process.env.PG_OUTAGE_PORT ?? (await freePort()))
    cluster = ownCluster(dir, port)
    url = cluster.start()
    server = await startServer({ DATABASE_URL: url, DATA_KEY: randomBytes(32).toString('base64'), SEED_COURSES: '400', LOG_LEVEL: 'warn' }, 180_000)
    // one course open for sign-up with room for everybody
    const pg = new Client({ connectionString: url })
    await pg.connect()
    const today = todayInChina()
    const [row] = (await pg.query('SELECT id FROM courses ORDER BY id LIMIT 1')).rows
    courseId = row.id
    await pg.query('UPDATE courses SET seats_total = 500, seats_left = 500, start_date = $2, end_date = $3, allow_late_join = false WHERE id = $1', [
      courseId,
      addDaysIso(today, 10),
      addDaysIso(today, 30)
    ])
    await pg.end()
    for (let i = 0; i < WORKERS; i++) tokens.push(await readyWorkerAt(server.url, `outage${i}`, i + 1))
  }, 300_000)

  afterAll(async () => {
    await server?.stop()
    try {
      cluster?.stop()
    } catch {
      /* already gone */
    }
  })

  test('503 while down, 2xx after, process alive, no acknowledged sign-up lost or doubled', async () => {
    const log: { at: number; status: number; ms: number; code?: string; kind: string }[] = []
    const acknowledged = new Map<number, string>() // worker → enrollment id answered 201
    const keys = tokens.map((_, i) => `outage-key-${i}-${Date.now()}`)
    let stop = false
    let phase: 'before' | 'down' | 'after' = 'before'
    const phases: Record<string, number[]> = { before: [], down: [], after: [] }

    const reader = async () => {
      while (!stop) {
        const lat = (37.8 + Math.random() * 0.1).toFixed(4)
        try {
          const a = await call(server.url, 'GET', `/api/v1/courses?lat=${lat}&lng=113.58&limit=10`, { timeoutMs: 10_000 })
          log.push({ at: Date.now(), status: a.status, ms: a.ms, code: a.body?.code, kind: 'read' })
          phases[phase].push(a.status)
          if (a.status >= 400) {
            expect(typeof a.body.code).toBe('string')
            expect(a.body.message).toMatch(HAS_CHINESE)
          }
        } catch (err) {
          log.push({ at: Date.now(), status: 0, ms: 10_000, kind: `read-fail (${phase}) ${(err as Error).message}` })
        }
        await new Promise((r) => setTimeout(r, 20))
      }
    }
    // each worker signs up once, retrying with the same key until acknowledged (what the app's queue does)
    const writer = async (i: number) => {
      await new Promise((r) => setTimeout(r, i * 150))
      while (!stop && !acknowledged.has(i)) {
        try {
          const a = await call(server.url, 'POST', '/api/v1/enrollments', {
            token: tokens[i],
            body: { courseId },
            headers: { 'idempotency-key': keys[i] },
            timeoutMs: 5000
          })
          log.push({ at: Date.now(), status: a.status, ms: a.ms, code: a.body?.code, kind: 'write' })
          if (a.status === 201) acknowledged.set(i, a.body.id)
          else expect(a.status).toBe(503)
        } catch {
          /* timeout: retry */
        }
        await new Promise((r) => setTimeout(r, 200))
      }
    }

    const load = [reader(), reader(), reader(), ...tokens.map((_, i) => writer(i))]
    await new Promise((r) => setTimeout(r, 1500)) // fixed on purpose: a stretch of normal load before the crash
    cluster.crash()
    phase = 'down'
    await new Promise((r) => setTimeout(r, 4000)) // fixed on purpose: the load keeps running against a stopped database for a while
    const health = await call(server.url, 'GET', '/api/v1/health')
    expect(health.status).toBe(503)
    expect(health.body.code).toBe('DB_UNAVAILABLE')
    cluster.resume()
    phase = 'after'
    // serving again without a restart
    const t0 = Date.now()
    while ((await call(server.url, 'GET', '/api/v1/health')).status !== 200) {
      expect(Date.now() - t0).toBeLessThan(20_000)
      await new Promise((r) => setTimeout(r, 200))
    }
    await new Promise((r) => setTimeout(r, 3000)) // fixed on purpose: a stretch of load after recovery, which must all succeed
    const deadline = Date.now() + 30_000
    while (acknowledged.size < WORKERS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200))
    stop = true
    await Promise.all(load)

    const count = (xs: number[], pred: (s: number) => boolean) => xs.filter(pred).length
    console.log(
      `outage: before ${phases.before.length} reads (${count(phases.before, (s) => s === 200)} ok), down ${phases.down.length} (${count(phases.down, (s) => s === 503)} × 503), after ${phases.after.length} (${count(phases.after, (s) => s === 200)} ok); acknowledged ${acknowledged.size}/${WORKERS}`
    )
    // no 500, no hang, no dropped connection
    expect(log.filter((l) => l.status === 0 || l.status === 500)).toEqual([])
    expect(count(phases.before, (s) => s === 200)).toBeGreaterThan(0)
    expect(count(phases.down, (s) => s === 503)).toBeGreaterThan(0)
    // 503s come fast while down (fail fast, not a connect timeout per request)
    const downAnswers = log.filter((l) => l.status === 503)
    // (median: single answers can be slow on a busy shared machine, a hang would show as 10 s timeouts above)
    const sorted = downAnswers.map((l) => l.ms).sort((x, y) => x - y)
    expect(sorted[Math.floor(sorted.length / 2)]).toBeLessThan(1000)
    // after recovery, reads succeed
    const lastReads = log.filter((l) => l.kind === 'read').slice(-10)
    expect(lastReads.every((l) => l.status === 200)).toBe(true)
    expect(acknowledged.size).toBe(WORKERS)

    // every acknowledged sign-up is in the database, exactly once
    const pg = new Client({ connectionString: url })
    await pg.connect()
    const rows = (await pg.query(`SELECT id, user_id FROM enrollments WHERE course_id = $1 AND status = 'registered'`, [courseId])).rows
    await pg.end()
    expect(new Set(rows.map((r) => r.user_id)).size).toBe(rows.length)
    for (const id of acknowledged.values()) expect(rows.map((r) => r.id)).toContain(id)
    expect(rows).toHaveLength(WORKERS)

    // the process never died
    expect(server.output()).not.toMatch(/Unhandled 'error' event|Connection terminated unexpectedly\n\s+at/)
    expect((await call(server.url, 'GET', '/api/v1/health')).status).toBe(200)
  }, 180_000)
})
