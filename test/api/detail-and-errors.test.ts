import { occupationByCode, type CertificateKind, type SkillLevel } from '../../src/domain/catalog'
import { subsidyOffersFor, trainingSubsidyMaxYuan } from '../../src/domain/subsidy'
import { distanceKm } from '../../src/domain/geo'
import { HAS_CHINESE, startTestServer, type TestServer } from './helpers'

let server: TestServer

beforeAll(async () => {
  server = await startTestServer()
}, 60_000)

afterAll(() => server.close())

describe('course detail', () => {
  test('full detail with subsidies computed by the domain rules', async () => {
    const [row] = await server.db.query<{ id: string; region_code: string; level: SkillLevel; certificate_kind: CertificateKind; subsidized: boolean; occupation_code: string }>(
      "SELECT id, region_code, level, certificate_kind, subsidized, occupation_code FROM courses WHERE subsidized AND region_code LIKE '31%' AND level IN ('5','4') AND certificate_kind = 'skill_level' ORDER BY id LIMIT 1"
    )
    const res = await server.get(`/api/v1/courses/${row.id}`)
    expect(res.status).toBe(200)
    const facts = {
      regionCode: row.region_code,
      level: row.level,
      certificateKind: row.certificate_kind,
      subsidized: row.subsidized,
      shortageOccupation: occupationByCode(row.occupation_code)!.shortage
    }
    expect(res.body.subsidies).toEqual(subsidyOffersFor(facts))
    expect(res.body.subsidyMaxYuan).toBe(trainingSubsidyMaxYuan(facts))
    expect(res.body.subsidyMaxYuan).toBeGreaterThanOrEqual(1500)
    expect(res.body).toMatchObject({
      id: row.id,
      description: expect.stringMatching(HAS_CHINESE),
      syllabus: expect.arrayContaining([expect.any(String)]),
      scheduleText: expect.any(String),
      address: expect.any(String),
      contactPhone: expect.stringMatching(/^021-\d{8}$/),
      eligibleGroups: expect.arrayContaining(['rural_migrant']),
      allowLateJoin: expect.any(Boolean)
    })
    expect(res.body.distanceKm).toBeUndefined()
  })

  test('a course that is not subsidised offers no subsidy', async () => {
    const [row] = await server.db.query<{ id: string }>('SELECT id FROM courses WHERE NOT subsidized ORDER BY id LIMIT 1')
    const res = await server.get(`/api/v1/courses/${row.id}`)
    expect(res.body.subsidies).toEqual([])
    expect(res.body.subsidyMaxYuan).toBeNull()
  })

  test('distanceKm only when a location is given', async () => {
    const res = await server.get('/api/v1/courses/crs_000001?lat=31.23&lng=121.47')
    expect(res.status).toBe(200)
    const expected = distanceKm({ lat: 31.23, lng: 121.47 }, res.body)
    expect(Math.abs(res.body.distanceKm - expected)).toBeLessThanOrEqual(0.005 * expected + 0.002)
  })

  test('unknown course → 404 in Chinese', async () => {
    const res = await server.get('/api/v1/courses/crs_zzzzzz')
    expect(res.status).toBe(404)
    expect(res.body.code).toBe('COURSE_NOT_FOUND')
    expect(res.body.message).toMatch(HAS_CHINESE)
  })
})

describe('institution', () => {
  test('detail with its courses, upcoming first then running', async () => {
    const res = await server.get('/api/v1/institutions/ins_0001')
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ id: 'ins_0001', name: expect.any(String), regionName: expect.stringMatching(/市/), intro: expect.stringMatching(HAS_CHINESE) })
    const courses = res.body.courses as { startDate: string; institution: { id: string } }[]
    expect(courses.length).toBeGreaterThan(0)
    for (const c of courses) expect(c.institution.id).toBe('ins_0001')
    const upcoming = courses.filter((c) => c.startDate >= server.today)
    expect(courses.slice(0, upcoming.length)).toEqual(upcoming)
    const starts = upcoming.map((c) => c.startDate)
    expect(starts).toEqual([...starts].sort())
  })

  test('unknown institution → 404 in Chinese', async () => {
    const res = await server.get('/api/v1/institutions/ins_zzzz')
    expect(res.status).toBe(404)
    expect(res.body.message).toMatch(HAS_CHINESE)
  })
})

describe('bad input → 400 with a code and a plain Chinese message, never 500', () => {
  const cases: [string, RegExp | null][] = [
    ['/api/v1/courses?lat=200&lng=1', /纬度应在 -90 到 90 之间/],
    ['/api/v1/courses?lat=31&lng=-200', /经度/],
    ['/api/v1/courses?lat=abc&lng=1', /纬度应填数字/],
    ['/api/v1/courses?lat=31.2', /纬度和经度要一起提供/],
    ['/api/v1/courses?lng=121.4', /纬度和经度要一起提供/],
    ['/api/v1/courses?lat=1&lat=2&lng=3', null],
    ['/api/v1/courses?limit=-1', /每页条数应在 1 到 50 之间/],
    ['/api/v1/courses?limit=0', /每页条数/],
    ['/api/v1/courses?limit=10000', /每页条数应在 1 到 50 之间/],
    ['/api/v1/courses?limit=1.5', /每页条数应填整数/],
    ['/api/v1/courses?cursor=garbage', /翻页标记/],
    ['/api/v1/courses?cursor=WyJzIiwiMjAyNi0wMS0wMSIsImNyc18xIl0.AAAAAAAAAAAAAAAA', /翻页标记/],
    [`/api/v1/courses?cursor=${'x'.repeat(500)}`, /翻页标记/],
    ['/api/v1/courses?mode=teleport', /「培训方式」不是可选的值/],
    ['/api/v1/courses?category=astronaut', /「工种类别」不是可选的值/],
    ['/api/v1/courses?level=9', /「等级」不是可选的值/],
    ['/api/v1/courses?schedule=midnight', /上课时间/],
    ['/api/v1/courses?trainingType=x', /培训类型/],
    ['/api/v1/courses?region=999999', /地区/],
    ['/api/v1/courses?region=110000', /地区/],
    ['/api/v1/courses?occupation=1-23-45-67', /工种/],
    ['/api/v1/courses?occupation=abc', /工种/],
    ['/api/v1/courses?institutionId=DROP%20TABLE', /机构/],
    ['/api/v1/courses?radiusKm=0&lat=31&lng=121', /搜索半径/],
    ['/api/v1/courses?radiusKm=1000&lat=31&lng=121', /搜索半径/],
    ['/api/v1/courses?radiusKm=5', /纬度和经度/],
    ['/api/v1/courses?startsWithinDays=0', /开课天数/],
    ['/api/v1/courses?hasSeats=maybe', /只看有名额/],
    ['/api/v1/courses?subsidizedOnly=2', /只看可享补贴/],
    [`/api/v1/courses?q=${'长'.repeat(41)}`, /搜索词最多 40 个字/],
    ['/api/v1/courses?foo=bar', /不认识的查询条件：foo/],
    ['/api/v1/courses?lat=31&lng=121&sort=price', /不认识的查询条件：sort/],
    ['/api/v1/courses/not-an-id', /课程编号/],
    ['/api/v1/courses/crs_ABC', /课程编号/],
    ['/api/v1/courses/crs_000001?lat=31', /纬度和经度/],
    ['/api/v1/courses/crs_000001?lat=91&lng=0', /纬度/],
    ['/api/v1/courses/crs_000001?x=1', /不认识的查询条件/],
    ['/api/v1/institutions/abc', /机构编号/],
    ["/api/v1/institutions/ins_1'%20OR%201=1", /机构编号/]
  ]

  test.each(cases)('%s', async (url, message) => {
    const res = await server.get(url)
    expect(res.status).toBe(400)
    expect(res.body.code).toEqual(expect.any(String))
    expect(res.body.message).toMatch(HAS_CHINESE)
    if (message !== null) expect(res.body.message).toMatch(message)
  })

  test('odd but harmless input is a normal 200', async () => {
    for (const url of [
      '/api/v1/courses?q=',
      '/api/v1/courses?q=%20%20',
      '/api/v1/courses?lat=0&lng=0',
      '/api/v1/courses?lat=-90&lng=180&radiusKm=500',
      '/api/v1/courses?region=310000&lat=41.8&lng=123.4'
    ]) {
      const res = await server.get(url)
      expect([200, 400]).toContain(res.status)
      expect(res.status).toBe(200)
    }
  })

  test('nothing changed: course count is what the seed wrote', async () => {
    const [{ n }] = await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM courses')
    expect(n).toBe(800)
  })
})
