/**
 * The same sign-up guarantees on a real PostgreSQL server with a connection pool (true concurrency, unlike
 * PGlite's one-transaction-at-a-time). Opt-in: TEST_DATABASE_URL=postgres://… (the database needs the
 * cube, earthdistance and pg_trgm extensions available). Skipped otherwise.
 */
import type { Db } from '../../server/db'
import { distanceKm } from '../../src/domain/geo'
import type { CoursePage } from '../../src/contract'
import { openCourse, readyWorker, startTestServer, type TestServer } from './helpers'

const url = process.env.TEST_DATABASE_URL
const maybe = url ? describe : describe.skip

maybe('enrollments on PostgreSQL', () => {
  let db: Db
  let server: TestServer
  const run = Date.now().toString(36)
  beforeAll(async () => {
    server = await startTestServer({ databaseUrl: url })
    db = server.db
  })
  afterAll(async () => server?.close())

  test('nearby search runs the same prepared statement on PostgreSQL: nearest first, pages exactly once', async () => {
    const here = { lat: 37.857, lng: 113.58 } // 阳泉
    const rows = await db.query<{ id: string; lat: number; lng: number }>(
      'SELECT id, lat, lng FROM courses WHERE end_date >= $1::date',
      [server.today]
    )
    const reference = rows
      .map((r) => ({ id: r.id, d: distanceKm(here, { lat: Number(r.lat), lng: Number(r.lng) }) }))
      .filter((r) => r.d <= 50)
      .sort((a, b) => a.d - b.d || (a.id < b.id ? -1 : 1))
    expect(reference.length).toBeGreaterThan(20)
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const q = `/api/v1/courses?lat=${here.lat}&lng=${here.lng}&limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`
      const page = (await server.get(q)).body as CoursePage
      for (let i = 1; i < page.items.length; i++) expect(page.items[i].distanceKm!).toBeGreaterThanOrEqual(page.items[i - 1].distanceKm!)
      seen.push(...page.items.map((c) => c.id))
      cursor = page.nextCursor
    } while (cursor)
    expect(new Set(seen).size).toBe(seen.length)
    expect(seen).toEqual(reference.map((r) => r.id))
  })

  test('50 users, 30 seats; 10 retries of one key; 5 overlapping courses by one user at once', async () => {
    const courseId = await openCourse(db, server.today, { seats: 30, skip: 5 })
    const tokens: string[] = []
    for (let i = 0; i < 50; i++) tokens.push(await readyWorker(server, `pg${run}_${i}`, i))
    const results = await Promise.all(
      tokens.map((t, i) => server.post('/api/v1/enrollments', { courseId }, { token: t, headers: { 'idempotency-key': `pg-${run}-${i}` } }))
    )
    expect(results.filter((r) => r.status === 201)).toHaveLength(30)
    expect(results.filter((r) => r.body.code === 'COURSE_FULL')).toHaveLength(20)
    expect((await db.query<{ seats_left: number }>('SELECT seats_left FROM courses WHERE id = $1', [courseId]))[0].seats_left).toBe(0)

    const other = await openCourse(db, server.today, { seats: 30, skip: 6, schedule: ['weekend'], startInDays: 200 })
    const burst = await Promise.all(
      Array.from({ length: 10 }, () => server.post('/api/v1/enrollments', { courseId: other }, { token: tokens[0], headers: { 'idempotency-key': `burst-${run}` } }))
    )
    expect(new Set(burst.map((r) => r.text)).size).toBe(1)
    // this run's user only: a reused test database may hold earlier runs' enrollments in the same course
    const burstUser = (await server.get('/api/v1/me', { token: tokens[0] })).body.id as string
    expect(
      (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM enrollments WHERE course_id = $1 AND user_id = $2', [other, burstUser]))[0].n
    ).toBe(1)

    const ids: string[] = []
    for (let k = 0; k < 5; k++) ids.push(await openCourse(db, server.today, { seats: 30, skip: 60 + k, schedule: ['weekday_day'], startInDays: 300 }))
    const ov = await Promise.all(ids.map((id, k) => server.post('/api/v1/enrollments', { courseId: id }, { token: tokens[40], headers: { 'idempotency-key': `ov-${run}-${k}` } })))
    expect(ov.filter((r) => r.status === 201)).toHaveLength(1)
    expect(ov.filter((r) => r.body.code === 'SCHEDULE_OVERLAP')).toHaveLength(4)
  })
})
