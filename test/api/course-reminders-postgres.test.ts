/**
 * 开课提醒 exactly once on PostgreSQL with true concurrency: two API instances on one database sweep at the
 * same moment, repeatedly, on the day before the start; each enrollment gets one inbox reminder and one
 * subscribe message, the cancelled one none. Opt-in: TEST_DATABASE_URL=postgres://… — skipped otherwise.
 */
import { randomBytes } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { buildApp, openDb } from '../../server/app'
import { createFieldCrypto } from '../../server/crypto'
import type { Db } from '../../server/db'
import { todayInChina } from '../../src/domain/format'
import { freshDatabase } from '../support/postgres'
import type { TestServer } from './helpers'
import { courseStartNotifications, daysToEve, prepare, reminderInbox } from './course-reminders-suite'

const url = process.env.TEST_DATABASE_URL
const maybe = url ? describe : describe.skip
if (!url) console.log('course-reminders-postgres: TEST_DATABASE_URL not set — two-instance reminder test skipped')

/** The parts of TestServer the suite uses, over an app already listening. */
function serverOf(app: FastifyInstance, db: Db, base: string): TestServer {
  const request = async (method: string, path: string, body?: unknown, o: { token?: string; headers?: Record<string, string> } = {}) => {
    const headers: Record<string, string> = { ...(o.headers ?? {}) }
    if (o.token) headers.authorization = `Bearer ${o.token}`
    if (body !== undefined) headers['content-type'] = 'application/json'
    const res = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
    const text = await res.text()
    let parsed: unknown = text
    try {
      parsed = JSON.parse(text)
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed as any, headers: Object.fromEntries(res.headers.entries()), text }
  }
  return {
    app,
    db,
    today: todayInChina(),
    base,
    get: (p, o) => request('GET', p, undefined, o),
    post: (p, b, o) => request('POST', p, b, o),
    put: (p, b, o) => request('PUT', p, b, o),
    delete: (p, o) => request('DELETE', p, undefined, o),
    close: async () => undefined
  }
}

maybe('开课提醒 on PostgreSQL with two instances', () => {
  const crypto = createFieldCrypto(randomBytes(32))
  const servers: TestServer[] = []
  let fresh: Awaited<ReturnType<typeof freshDatabase>>

  beforeAll(async () => {
    fresh = await freshDatabase('zsb_course_reminders')
    const dbs = [(await openDb({ databaseUrl: fresh.url, today: todayInChina() })).db, (await openDb({ databaseUrl: fresh.url, today: todayInChina() })).db]
    for (const db of dbs) {
      // no scheduled sweep (jobs: false): the sweeps raced below are the only ones, so their counts add up
      const app = await buildApp({ db, crypto, devMode: true, jobs: false })
      await app.listen({ port: 0, host: '127.0.0.1' })
      const address = app.server.address()
      servers.push(serverOf(app, db, `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`))
    }
  })
  afterAll(async () => {
    for (const s of servers) {
      await s.app.close()
      await s.db.close()
    }
    await fresh?.drop()
  })

  test('both instances sweep at once, repeatedly: one reminder per enrollment, none for the cancelled one', async () => {
    const [a, b] = servers
    const f = await prepare(a, ['pg-rem-kept', 'pg-rem-gone'], { skip: 7, n: 61 })
    // a second worker still enrolled, so the sweep has more than one row to race on
    const g = await prepare(b, ['pg-rem-kept2', 'pg-rem-gone2'], { skip: 7, n: 63 })
    expect(g.courseId).toBe(f.courseId)
    // move the shared clock without sweeping through the route, then race the sweeps
    await a.db.query('UPDATE dev_clock SET offset_days = offset_days + $1 WHERE id = 1', [await daysToEve(a, f.start)])
    const results = await Promise.all([a, b, a, b, a, b].map((s) => s.app.jobs.runDueWork()))
    const reminded = results.reduce((n, r) => n + (r['courses.courseStart'] ?? 0), 0)
    expect(reminded).toBe(2)
    for (const token of [f.kept.token, g.kept.token]) {
      expect(await reminderInbox(a, token)).toHaveLength(1)
      expect(await courseStartNotifications(b, token)).toHaveLength(1)
    }
    for (const token of [f.gone.token, g.gone.token]) {
      expect(await reminderInbox(b, token)).toEqual([])
      expect(await courseStartNotifications(a, token)).toEqual([])
    }
    const [rows] = await a.db.query<{ n: number }>('SELECT count(*)::int AS n FROM course_start_reminders WHERE enrollment_id = ANY($1::text[])', [
      [f.kept.enrollmentId, g.kept.enrollmentId, f.gone.enrollmentId, g.gone.enrollmentId]
    ])
    expect(rows.n).toBe(2)
  })
})
