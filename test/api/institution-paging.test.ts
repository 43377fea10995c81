/**
 * GET /api/v1/institutions/:id pages its courses (the institution page was once one ≈ 140 KB setData):
 * `limit` + `cursor` walk every current course exactly once in the page's order (not yet started, soonest
 * first; then running), on PGlite and, when TEST_DATABASE_URL is set, on PostgreSQL.
 */
import type { InstitutionDetail } from '../../src/contract'
import { describePostgres, freshDatabase } from '../support/postgres'
import { HAS_CHINESE, startTestServer, type TestServer } from './helpers'

function pagingSuite(start: () => Promise<{ server: TestServer; cleanup?: () => Promise<void> }>) {
  let server: TestServer
  let cleanup: (() => Promise<void>) | undefined
  beforeAll(async () => {
    ;({ server, cleanup } = await start())
  }, 120_000)
  afterAll(async () => {
    await server?.close()
    await cleanup?.()
  })

  test('limit + cursor walk every current course once, in order; the count is the total', async () => {
    const [busiest] = await server.db.query<{ id: string; n: number }>(
      'SELECT institution_id AS id, count(*)::int AS n FROM courses WHERE end_date >= $1::date GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1',
      [server.today]
    )
    expect(busiest.n).toBeGreaterThan(3)
    const expected = (
      await server.db.query<{ id: string }>(
        'SELECT id FROM courses WHERE institution_id = $1 AND end_date >= $2::date ORDER BY (start_date < $2::date), start_date, id',
        [busiest.id, server.today]
      )
    ).map((r) => r.id)

    const seen: string[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const res: { status: number; body: InstitutionDetail } = await server.get(
        `/api/v1/institutions/${busiest.id}?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`
      )
      expect(res.status).toBe(200)
      expect(res.body.courses.length).toBeLessThanOrEqual(3)
      expect(res.body.courseCount).toBe(busiest.n)
      seen.push(...res.body.courses.map((c) => c.id))
      cursor = res.body.coursesNextCursor
      pages++
    } while (cursor && pages < 100)
    expect(seen).toEqual(expected)
    expect(pages).toBe(Math.ceil(expected.length / 3))
  })

  test('without limit: one page of 20 and a cursor when there are more', async () => {
    const res = await server.get<InstitutionDetail>('/api/v1/institutions/ins_0001')
    expect(res.status).toBe(200)
    expect(res.body.courses.length).toBeLessThanOrEqual(20)
    expect(res.body.coursesNextCursor === null).toBe(res.body.courseCount <= 20)
  })

  test('a forged cursor, or one from another institution, is a 400 in Chinese', async () => {
    const [a, b] = await server.db.query<{ id: string }>(
      'SELECT institution_id AS id FROM courses WHERE end_date >= $1::date GROUP BY 1 HAVING count(*) > 2 ORDER BY 1 LIMIT 2',
      [server.today]
    )
    const first = await server.get<InstitutionDetail>(`/api/v1/institutions/${a.id}?limit=1`)
    const cursor = first.body.coursesNextCursor!
    expect(cursor).toEqual(expect.any(String))
    const other = await server.get(`/api/v1/institutions/${b.id}?limit=1&cursor=${encodeURIComponent(cursor)}`)
    expect(other.status).toBe(400)
    expect(other.body.code).toBe('INVALID_CURSOR')
    expect(other.body.message).toMatch(HAS_CHINESE)
    const forged = await server.get(`/api/v1/institutions/${a.id}?limit=1&cursor=${encodeURIComponent(cursor.slice(0, -2) + 'xx')}`)
    expect(forged.status).toBe(400)
    for (const bad of ['limit=0', 'limit=51', 'limit=abc', 'page=2']) {
      const res = await server.get(`/api/v1/institutions/${a.id}?${bad}`)
      expect(res.status).toBe(400)
      expect(res.body.message).toMatch(HAS_CHINESE)
    }
  })
}

describe('institution courses paged (PGlite)', () => pagingSuite(async () => ({ server: await startTestServer() })))

describePostgres('institution courses paged (PostgreSQL)', () =>
  pagingSuite(async () => {
    const db = await freshDatabase('inspaging')
    return { server: await startTestServer({ databaseUrl: db.url }), cleanup: db.drop }
  })
)
