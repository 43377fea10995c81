/**
 * A notice never shows a made-up publication day: the seeded 以工代训 notice (晋人社办函〔2020〕208号) is known
 * only by its year, so the feed, the detail and the dates printed from them say 2020年, never 2020年1月1日.
 */
import { startTestServer, type TestServer } from './helpers'
import { formatDate, publishedLabel } from '../../src/domain/format'

let server: TestServer
beforeAll(async () => {
  server = await startTestServer()
})
afterAll(async () => server?.close())

/** Every notice in a region's feed, all pages. */
async function feed(region: string): Promise<Array<{ id: string; publishedAt: string }>> {
  const out: Array<{ id: string; publishedAt: string }> = []
  let cursor: string | null = null
  do {
    const res: { status: number; body: any } = await server.get(`/api/v1/notices?region=${region}&limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
    expect(res.status).toBe(200)
    out.push(...res.body.items)
    cursor = res.body.nextCursor
  } while (cursor)
  return out
}

test('the feed and the detail give the 2020 notice its year only; no notice anywhere shows a placeholder 1月1日', async () => {
  const items = [...(await feed('140322')), ...(await feed('310101'))]
  expect(items.length).toBeGreaterThan(3)
  const shanxi = items.find((n) => n.id === 'ntc_shanxi208')
  expect(shanxi?.publishedAt).toBe('2020')
  for (const n of items) {
    // a full date or a bare year; never a 1 January standing in for an unknown day
    expect([n.id, /^[0-9]{4}(-[0-9]{2}-[0-9]{2})?$/.test(n.publishedAt)]).toEqual([n.id, true])
    expect([n.id, n.publishedAt.endsWith('-01-01')]).toEqual([n.id, false])
    expect([n.id, formatDate(n.publishedAt, '2026-12-07')]).not.toEqual([n.id, expect.stringMatching(/1月1日$/)])
  }
  const detail = await server.get('/api/v1/notices/ntc_shanxi208')
  expect(detail.status).toBe(200)
  expect(detail.body.publishedAt).toBe('2020')
  // still ordered by its year: after every seeded notice of a later year
  const ids = (await feed('140322')).map((n) => n.id)
  expect(ids.indexOf('ntc_shanxi208')).toBe(ids.length - 1)
  // the stored rows: any 1 January date is a year-only sort key
  const rows = await server.db.query<{ id: string; published_precision: string }>(`SELECT id, published_precision FROM notices WHERE to_char(published_on, 'MM-DD') = '01-01'`)
  for (const r of rows) expect([r.id, r.published_precision]).toEqual([r.id, 'year'])
})

test('printed dates: 2020年 for a bare year, the day for a full date', () => {
  expect(formatDate('2020', '2026-12-07')).toBe('2020年')
  expect(formatDate('2024-02-06', '2026-12-07')).toBe('2024年2月6日')
  expect(formatDate('2026-11-20', '2026-12-07')).toBe('11月20日')
  expect(publishedLabel('2020')).toBe('2020年')
  expect(publishedLabel('2024-02-06')).toBe('2024-02-06')
})
