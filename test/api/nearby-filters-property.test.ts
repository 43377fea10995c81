/**
 * Filtered nearby search returns exactly what a brute-force scan returns — same rows, same order (distance, then
 * id), across every page — for random combinations of the filters the app offers, whichever statement and index
 * the server picks for the combination. The brute force filters every course in JS and orders by the distance
 * PostgreSQL computes for each course (one sequential read), so the check does not depend on float details.
 */
import fc from 'fast-check'
import { allCourses, startTestServer, walkPages, type RefCourse, type TestServer } from './helpers'
import { describePostgres, freshDatabase } from '../support/postgres'

const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
const distinct = <T,>(xs: T[]) => [...new Set(xs)].sort()

interface Filters {
  region?: string
  category?: string
  occupation?: string
  trainingType?: string
  level?: string
  mode?: string
  schedule?: string
  startsWithinDays?: 7 | 30 | 90
  subsidizedOnly?: boolean
  hasSeats?: boolean
}

function property(engine: () => Promise<{ server: TestServer; done: () => Promise<void> }>) {
let server: TestServer
let courses: RefCourse[]
let done: () => Promise<void>
beforeAll(async () => {
  ;({ server, done } = await engine())
  courses = await allCourses(server.db)
}, 300_000)
afterAll(async () => done?.())

test('every filter combination: the same rows in the same order as a brute-force scan', async () => {
  const values: Record<keyof Filters, unknown[]> = {
    region: distinct(courses.flatMap((c) => c.region_path)),
    category: distinct(courses.map((c) => c.category)),
    occupation: distinct(courses.map((c) => c.occupation_code)),
    trainingType: distinct(courses.map((c) => c.training_type)),
    level: distinct(courses.map((c) => c.level)),
    mode: distinct(courses.map((c) => c.mode)),
    schedule: ['weekday_day', 'evening', 'weekend'],
    startsWithinDays: [7, 30, 90],
    subsidizedOnly: [true],
    hasSeats: [true]
  }
  // a course's own value for a filter, so many combinations match something near it
  const own = (c: RefCourse, k: keyof Filters): unknown =>
    ({ region: c.region_path[c.region_path.length - 1], category: c.category, occupation: c.occupation_code, trainingType: c.training_type, level: c.level, mode: c.mode, schedule: c.schedule[0] })[k as string]
  const keys = Object.keys(values) as (keyof Filters)[]
  const near = fc.record({
    course: fc.integer({ min: 0, max: courses.length - 1 }),
    dLat: fc.double({ min: -0.3, max: 0.3, noNaN: true }),
    dLng: fc.double({ min: -0.3, max: 0.3, noNaN: true })
  })
  const filters = (course: number): fc.Arbitrary<Filters> =>
    fc.uniqueArray(fc.record({ key: fc.constantFrom(...keys), ownValue: fc.boolean(), pick: fc.nat() }), { maxLength: 4, selector: (x) => x.key }).map((chosen) => {
      const f: Record<string, unknown> = {}
      for (const { key, ownValue, pick } of chosen) {
        const mine = own(courses[course], key)
        f[key] = ownValue && mine !== undefined ? mine : values[key][pick % values[key].length]
      }
      return f as Filters
    })
  let nonEmpty = 0
  await fc.assert(
    fc.asyncProperty(near.chain((at) => fc.tuple(fc.constant(at), filters(at.course))), fc.constantFrom(2, 10, 50, 200), fc.integer({ min: 3, max: 20 }), async ([at, f], radiusKm, limit) => {
      const lat = Math.round((courses[at.course].lat + at.dLat) * 1e6) / 1e6
      const lng = Math.round((courses[at.course].lng + at.dLng) * 1e6) / 1e6
      const params = new URLSearchParams({ lat: String(lat), lng: String(lng), radiusKm: String(radiusKm), limit: String(limit) })
      for (const [k, v] of Object.entries(f)) if (v !== undefined) params.set(k, String(v))
      const got = (await walkPages(server, `/api/v1/courses?${params}`)).map((c) => c.id)

      const dist = new Map(
        (
          await server.db.query<{ id: string; knn: number; dist_m: number }>(
            'SELECT id, earth <-> ll_to_earth($1::float8, $2::float8) AS knn, earth_distance(earth, ll_to_earth($1::float8, $2::float8)) AS dist_m FROM courses',
            [lat, lng]
          )
        ).map((r) => [r.id, r])
      )
      const today = server.today
      const startsBy = f.startsWithinDays ? addDays(today, f.startsWithinDays) : undefined
      const want = courses
        .filter(
          (c) =>
            dist.get(c.id)!.dist_m <= radiusKm * 1000 &&
            c.end_date >= today &&
            (!f.region || c.region_path.includes(f.region)) &&
            (!f.category || c.category === f.category) &&
            (!f.occupation || c.occupation_code === f.occupation) &&
            (!f.trainingType || c.training_type === f.trainingType) &&
            (!f.level || c.level === f.level) &&
            (!f.mode || c.mode === f.mode) &&
            (!f.schedule || c.schedule.includes(f.schedule)) &&
            (!f.subsidizedOnly || c.subsidized) &&
            (!f.hasSeats || c.seats_left > 0) &&
            (!startsBy || (c.start_date <= startsBy && (c.start_date >= today || c.allow_late_join)))
        )
        .sort((a, b) => Number(dist.get(a.id)!.knn) - Number(dist.get(b.id)!.knn) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
        .map((c) => c.id)
      if (want.length > 0) nonEmpty++
      expect(got).toEqual(want)
    }),
    { numRuns: 60, seed: Number(process.env.PROPERTY_SEED ?? 20261207) }
  )
  // the runs must have compared real answers, not only empty lists
  expect(nonEmpty).toBeGreaterThan(20)
}, 600_000)
}

describe('filtered nearby search on PGlite', () => {
  property(async () => {
    const server = await startTestServer()
    return { server, done: () => server.close() }
  })
})

describePostgres('filtered nearby search on PostgreSQL', () => {
  property(async () => {
    const fresh = await freshDatabase('zsb_nearby_prop')
    const server = await startTestServer({ databaseUrl: fresh.url })
    return { server, done: async () => { await server.close(); await fresh.drop() } }
  })
})
