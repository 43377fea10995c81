import { distanceKm } from '../../src/domain/geo'
import { allCourses, earthKm, startTestServer, walkPages, type RefCourse, type TestServer } from './helpers'

let server: TestServer
let ref: RefCourse[]
let live: RefCourse[]

const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
const bySort = (a: RefCourse, b: RefCourse) => (a.start_date < b.start_date ? -1 : a.start_date > b.start_date ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

beforeAll(async () => {
  server = await startTestServer()
  ref = await allCourses(server.db)
  live = ref.filter((c) => c.end_date >= server.today)
}, 60_000)

afterAll(() => server.close())

test('seed: ≥ 500 courses across every category, ≥ 60 institutions, all four cities', async () => {
  expect(ref.length).toBeGreaterThanOrEqual(500)
  expect(new Set(ref.map((c) => c.category)).size).toBe(14)
  expect(new Set(ref.map((c) => c.institution_id)).size).toBeGreaterThanOrEqual(60)
  for (const city of ['310000', '210100', '140300', '140900']) expect(ref.some((c) => c.region_path.includes(city))).toBe(true)
  expect(ref.some((c) => c.mode === 'village')).toBe(true)
  expect(ref.some((c) => c.seats_left === 0)).toBe(true)
  expect(ref.some((c) => c.start_date < server.today && c.allow_late_join)).toBe(true)
})

test('list without location: soonest first, 20 per page, summary shape, no distance', async () => {
  const res = await server.get('/api/v1/courses')
  expect(res.status).toBe(200)
  expect(res.body.items).toHaveLength(20)
  expect(res.body.nextCursor).toEqual(expect.any(String))
  const expected = [...live].sort(bySort).slice(0, 20).map((c) => c.id)
  expect(res.body.items.map((i: { id: string }) => i.id)).toEqual(expected)
  const item = res.body.items[0]
  expect(item).toMatchObject({
    id: expect.stringMatching(/^crs_/),
    title: expect.any(String),
    regionName: expect.stringMatching(/市/),
    institution: { id: expect.stringMatching(/^ins_/), name: expect.any(String) }
  })
  expect(item.distanceKm).toBeUndefined()
})

type Check = (item: any, r: RefCourse) => boolean
const FILTERS: [string, (r: RefCourse) => boolean, Check][] = [
  ['category=housekeeping', (r) => r.category === 'housekeeping', (i) => i.category === 'housekeeping'],
  ['occupation=4-10-01-05', (r) => r.occupation_code === '4-10-01-05', (i) => i.occupationCode === '4-10-01-05' && i.occupationName === '养老护理员'],
  ['trainingType=new_business', (r) => r.training_type === 'new_business', (i) => i.trainingType === 'new_business'],
  ['level=5', (r) => r.level === '5', (i) => i.level === '5'],
  ['mode=village', (r) => r.mode === 'village', (i) => i.mode === 'village'],
  ['mode=online', (r) => r.mode === 'online', (i) => i.mode === 'online'],
  ['schedule=evening', (r) => r.schedule.includes('evening'), (i) => i.schedule.includes('evening')],
  ['schedule=weekend', (r) => r.schedule.includes('weekend'), (i) => i.schedule.includes('weekend')],
  ['subsidizedOnly=true', (r) => r.subsidized, (i) => i.subsidized === true],
  ['hasSeats=true', (r) => r.seats_left > 0, (i) => i.seatsLeft > 0],
  ['region=140900', (r) => r.region_path.includes('140900'), (i) => i.regionCode.startsWith('1409') && i.regionName.startsWith('山西省忻州市')],
  ['region=310000', (r) => r.region_path.includes('310000'), (i) => i.regionCode.startsWith('31')],
  ['region=140322', (r) => r.region_path.includes('140322'), (i) => i.regionCode === '140322'],
  ['institutionId=ins_0003', (r) => r.institution_id === 'ins_0003', (i) => i.institution.id === 'ins_0003']
]

test.each(FILTERS)('filter %s: exactly the matching courses, each satisfying it', async (qs, want, check) => {
  const items = await walkPages(server, `/api/v1/courses?${qs}&limit=50`)
  const expected = live.filter(want).sort(bySort).map((c) => c.id)
  expect(expected.length).toBeGreaterThan(0)
  expect(items.map((i) => i.id)).toEqual(expected)
  const byId = new Map(ref.map((r) => [r.id, r]))
  for (const item of items) expect(check(item, byId.get(item.id)!)).toBe(true)
})

test('startsWithinDays: starts in the next N days, or already running and open to late joiners', async () => {
  const items = await walkPages(server, '/api/v1/courses?startsWithinDays=14&limit=50')
  const until = addDays(server.today, 14)
  const expected = live.filter((r) => r.start_date <= until && (r.start_date >= server.today || r.allow_late_join)).sort(bySort)
  expect(items.map((i) => i.id)).toEqual(expected.map((r) => r.id))
})

test('filters combine (AND), with and without location', async () => {
  const want = (r: RefCourse) => r.region_path.includes('310000') && r.subsidized && r.seats_left > 0 && ['evening', 'weekend'].some((s) => r.schedule.includes(s)) === true && r.schedule.includes('evening')
  const items = await walkPages(server, '/api/v1/courses?region=310000&subsidizedOnly=true&hasSeats=true&schedule=evening&limit=50')
  expect(items.map((i) => i.id)).toEqual(live.filter(want).sort(bySort).map((r) => r.id))
  for (const i of items) {
    expect(i.regionCode.startsWith('31') && i.subsidized && i.seatsLeft > 0 && i.schedule.includes('evening')).toBe(true)
    expect(i.subsidyMaxYuan === null || i.subsidyMaxYuan >= 1500).toBe(true)
  }

  const near = await walkPages(server, '/api/v1/courses?lat=38.416&lng=112.746&radiusKm=200&category=agriculture&mode=offline&hasSeats=true&limit=50')
  expect(near.length).toBeGreaterThan(0)
  for (const i of near) expect(i.category === 'agriculture' && i.mode === 'offline' && i.seatsLeft > 0 && i.distanceKm <= 200.001).toBe(true)
})

describe('keyword search', () => {
  const textOf = (i: any) => `${i.title}|${i.occupationName}|${i.institution.name}`

  test('Chinese keyword matches title, occupation or institution', async () => {
    const items = await walkPages(server, `/api/v1/courses?q=${encodeURIComponent('家政')}&limit=50`)
    expect(items.length).toBeGreaterThan(0)
    for (const i of items) expect(textOf(i)).toContain('家政')
    const expected = live.filter((r) => `${r.title}|${r.occupation_name}|${r.ins_name}`.includes('家政'))
    expect(items.length).toBe(expected.length)
  })

  test('full pinyin "jiazheng" finds the same courses as 家政', async () => {
    const zh = await walkPages(server, `/api/v1/courses?q=${encodeURIComponent('家政')}&limit=50`)
    const py = await walkPages(server, '/api/v1/courses?q=jiazheng&limit=50')
    expect(py.map((i) => i.id).sort()).toEqual(zh.map((i) => i.id).sort())
    const upper = await walkPages(server, '/api/v1/courses?q=JiaZheng&limit=50')
    expect(upper.length).toBe(py.length)
  })

  test('initials "jz" → mostly 家政 courses, including every 家政服务员 course', async () => {
    const items = await walkPages(server, '/api/v1/courses?q=jz&limit=50')
    const jiazheng = items.filter((i) => textOf(i).includes('家政'))
    expect(jiazheng.length / items.length).toBeGreaterThan(0.6)
    const ids = new Set(items.map((i) => i.id))
    for (const r of live.filter((c) => c.occupation_name === '家政服务员')) expect(ids.has(r.id)).toBe(true)
  })

  test('pinyin of an occupation: "yanglao" / "yanglaohuli" / "ylhl" → 养老护理员 (ylhl is also 医疗护理)', async () => {
    for (const q of ['yanglao', 'yanglaohuli']) {
      const items = await walkPages(server, `/api/v1/courses?q=${q}&limit=50`)
      expect(items.length).toBeGreaterThan(0)
      for (const i of items) expect(textOf(i)).toMatch(/养老/)
    }
    const initials = await walkPages(server, '/api/v1/courses?q=ylhl&limit=50')
    for (const i of initials) expect(i.occupationName).toMatch(/^(养老|医疗)护理员$/)
  })

  test('several words must all match', async () => {
    const items = await walkPages(server, `/api/v1/courses?q=${encodeURIComponent('养老护理员 周末')}&limit=50`)
    for (const i of items) expect(i.title.includes('周末') && textOf(i).includes('养老护理员')).toBe(true)
  })

  test.each([["' OR 1=1 --"], ['<script>alert(1)</script>'], ['%'], ['_'], ['\\'], ['家政%'], ["'; DROP TABLE courses; --"]])(
    'hostile text %p is just text: 200, nothing matches',
    async (q) => {
      const res = await server.get(`/api/v1/courses?q=${encodeURIComponent(q)}`)
      expect(res.status).toBe(200)
      expect(res.body.items).toEqual([])
    }
  )
})

describe('nearby', () => {
  const here = { lat: 31.23, lng: 121.47 }

  test('nearest first: same top 50 as brute-force haversine over the whole seed', async () => {
    const res = await server.get(`/api/v1/courses?lat=${here.lat}&lng=${here.lng}&limit=50`)
    expect(res.status).toBe(200)
    const expected = live
      .map((r) => ({ r, d: earthKm(here, r) }))
      .filter((x) => x.d <= 50)
      .sort((a, b) => a.d - b.d || (a.r.id < b.r.id ? -1 : 1))
      .slice(0, 50)
    expect(res.body.items.map((i: { id: string }) => i.id)).toEqual(expected.map((x) => x.r.id))
    let prev = -1
    const byId = new Map(ref.map((r) => [r.id, r]))
    for (const item of res.body.items) {
      expect(item.distanceKm).toBeGreaterThanOrEqual(prev)
      prev = item.distanceKm
      const reference = distanceKm(here, byId.get(item.id)!)
      expect(Math.abs(item.distanceKm - reference)).toBeLessThanOrEqual(Math.max(0.005 * reference, 0.002))
    }
  })

  test('radius limits results; default radius is 50 km', async () => {
    const items = await walkPages(server, `/api/v1/courses?lat=${here.lat}&lng=${here.lng}&radiusKm=3&limit=50`)
    const expected = live.filter((r) => earthKm(here, r) <= 3)
    expect(items.map((i) => i.id).sort()).toEqual(expected.map((r) => r.id).sort())
    for (const i of items) expect(i.distanceKm).toBeLessThanOrEqual(3.001)
    const all = await walkPages(server, `/api/v1/courses?lat=${here.lat}&lng=${here.lng}&limit=50`)
    expect(all.length).toBe(live.filter((r) => earthKm(here, r) <= 50).length)
    expect(all.every((i) => i.distanceKm <= 50.001)).toBe(true)
  })
})

describe('pagination', () => {
  test.each([[7], [50]])('without location, limit %i: every course exactly once, in order', async (limit) => {
    const items = await walkPages(server, `/api/v1/courses?limit=${limit}`)
    expect(items.map((i) => i.id)).toEqual([...live].sort(bySort).map((r) => r.id))
  })

  test('with location (ties at one address broken by id): every course in range exactly once, in order', async () => {
    const p = { lat: 37.857, lng: 113.58 }
    const items = await walkPages(server, `/api/v1/courses?lat=${p.lat}&lng=${p.lng}&radiusKm=120&limit=7`)
    const expected = live
      .map((r) => ({ r, d: earthKm(p, r) }))
      .filter((x) => x.d <= 120)
      .sort((a, b) => a.d - b.d || (a.r.id < b.r.id ? -1 : 1))
    expect(items.map((i) => i.id)).toEqual(expected.map((x) => x.r.id))
  })

  test('a cursor only works for the query that issued it', async () => {
    const first = await server.get('/api/v1/courses?category=catering&limit=5')
    const cursor = first.body.nextCursor as string
    expect((await server.get(`/api/v1/courses?category=catering&limit=5&cursor=${cursor}`)).status).toBe(200)
    // another limit is fine, other filters are not
    expect((await server.get(`/api/v1/courses?category=catering&limit=9&cursor=${cursor}`)).status).toBe(200)
    const other = await server.get(`/api/v1/courses?category=beauty&limit=5&cursor=${cursor}`)
    expect(other.status).toBe(400)
    expect(other.body.code).toBe('INVALID_CURSOR')
    const withLocation = await server.get(`/api/v1/courses?category=catering&lat=31.2&lng=121.4&cursor=${cursor}`)
    expect(withLocation.status).toBe(400)
    const tampered = cursor.slice(0, 3) + (cursor[3] === 'A' ? 'B' : 'A') + cursor.slice(4)
    expect((await server.get(`/api/v1/courses?category=catering&limit=5&cursor=${tampered}`)).status).toBe(400)
  })
})
