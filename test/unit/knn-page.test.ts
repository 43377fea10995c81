/**
 * knnPage: the nearby SQL orders by distance only (so PostgreSQL walks the index); pages must still be in
 * (distance, id) order and page through every row exactly once when many courses share one distance (courses
 * at one institution's address), including ties that cross page boundaries.
 */
import fc from 'fast-check'
import { knnPage } from '../../server/catalog/courses'

interface Row {
  id: string
  knn: number
}

/** What the database does: rows at or beyond the key, in distance order, ties in an arbitrary (shuffled) order. */
function fakeDb(rows: Row[], shuffleSeed: number) {
  let s = shuffleSeed
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648)
  return (afterKey: number | null) => async (n: number) =>
    rows
      .filter((r) => afterKey === null || r.knn >= afterKey)
      .map((r) => ({ r, tie: rnd() }))
      .sort((a, b) => a.r.knn - b.r.knn || a.tie - b.tie)
      .slice(0, n)
      .map((x) => x.r)
}

test('pages are the (distance, id) order, each row exactly once, whatever the ties', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.record({ id: fc.integer({ min: 0, max: 5000 }), knn: fc.integer({ min: 0, max: 6 }) }), { maxLength: 120 }),
      fc.integer({ min: 1, max: 12 }),
      fc.integer(),
      async (raw, limit, seed) => {
        const byId = new Map(raw.map((r) => [`crs_${r.id}`, { id: `crs_${r.id}`, knn: r.knn / 7 }]))
        const rows = [...byId.values()]
        const expected = [...rows].sort((a, b) => a.knn - b.knn || (a.id < b.id ? -1 : 1)).map((r) => r.id)
        const db = fakeDb(rows, seed)
        const seen: string[] = []
        let cursor: { key: number; id: string } | undefined
        for (let page = 0; page < 500; page++) {
          const got = await knnPage<Row>(db(cursor ? cursor.key : null), cursor, limit)
          const items = got.slice(0, limit)
          seen.push(...items.map((r) => r.id))
          if (got.length <= limit) break
          const last = items[items.length - 1]
          cursor = { key: last.knn, id: last.id }
        }
        expect(seen).toEqual(expected)
      }
    ),
    { numRuns: 300 }
  )
})
