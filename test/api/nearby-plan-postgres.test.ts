/**
 * The nearby search must walk the GiST distance index in order on a real PostgreSQL server: with
 * `ORDER BY <->, id` PostgreSQL 15 read the whole radius box and sorted it (≈ 41 000 rows, p95 1.4 s at
 * 100 000 courses). This runs EXPLAIN on the statement the server prepares, with the generic plan the server
 * forces for it, for the common filter combinations, and fails on a Sort node or a scan that is not the
 * ordered index scan. Needs TEST_DATABASE_URL (npm test starts one).
 */
import { Client } from 'pg'
import { openDb } from '../../server/app'
import { NEARBY_SQL_FOR_TESTS, nearbyStatement, type NearbyFilters } from '../../server/catalog/courses'
import { describePostgres, freshDatabase } from '../support/postgres'
import { todayInChina } from '../../src/domain/format'

interface PlanNode {
  'Node Type': string
  'Index Name'?: string
  'Order By'?: string
  'Relation Name'?: string
  Plans?: PlanNode[]
}
const walk = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(walk)]

const TYPES = 'float8,float8,float8,date,text,text,text,text,text,text,text,boolean,boolean,text,date,float8,int'

describePostgres('nearby search plan on PostgreSQL', () => {
  let db: { url: string; drop: () => Promise<void> }
  let client: Client
  const today = todayInChina()
  beforeAll(async () => {
    db = await freshDatabase('zsb_plan')
    // enough rows that the planner's choice matters (a tiny table is always read whole)
    const opened = await openDb({ databaseUrl: db.url, seedCourses: 20_000, today })
    await opened.db.close()
    // the same session setting the server's read pool uses (server/db/index.ts)
    client = new Client({ connectionString: db.url, options: '-c plan_cache_mode=force_generic_plan' })
    await client.connect()
    await client.query('ANALYZE')
    await client.query(`PREPARE nearby(${TYPES}) AS ${NEARBY_SQL_FOR_TESTS}`)
  }, 300_000)
  afterAll(async () => {
    await client?.end()
    await db?.drop()
  })

  const combos: Record<string, Partial<Record<number, unknown>>> = {
    'no filter': {},
    region: { 5: '140302' },
    category: { 6: 'housekeeping' },
    occupation: { 7: '4-10-01-01' },
    'subsidized only + has seats': { 12: true, 13: true },
    'region + subsidized + seats': { 5: '140300', 12: true, 13: true },
    'schedule + mode': { 10: 'offline', 11: 'evening' },
    'starts within 30 days': { 15: today },
    'second page (cursor)': { 16: 1234.5 },
    'small radius': { 3: 3000 }
  }

  test.each(Object.keys(combos))('%s: ordered index scan on courses_earth_gist, no sort', async (name) => {
    const params: unknown[] = [37.857, 113.58, 50_000, today, null, null, null, null, null, null, null, false, false, null, null, null, 11]
    for (const [i, v] of Object.entries(combos[name])) params[Number(i) - 1] = v
    const literal = params.map((v) => (v === null ? 'NULL' : typeof v === 'string' ? `'${v}'` : String(v))).join(', ')
    const res = await client.query(`EXPLAIN (FORMAT JSON) EXECUTE nearby(${literal})`)
    const nodes = walk((res.rows[0]['QUERY PLAN'] as { Plan: PlanNode }[])[0].Plan)
    const types = nodes.map((n) => n['Node Type'])
    expect(types).not.toContain('Sort')
    expect(types).not.toContain('Incremental Sort')
    const courseScans = nodes.filter((n) => n['Relation Name'] === 'courses')
    expect(courseScans).toHaveLength(1)
    expect(courseScans[0]['Node Type']).toBe('Index Scan')
    expect(courseScans[0]['Index Name']).toBe('courses_earth_gist')
    expect(courseScans[0]['Order By']).toMatch(/<->/)
  })

  // Filtered searches get a statement of their own (nearbyStatement) whose conditions a composite GiST index
  // (btree_gist) can prune by: the walk stays ordered and reads about a page even when few courses match.
  const YQ = { lat: 37.857, lng: 113.58 }
  const SH = { lat: 31.23, lng: 121.47 }
  const filtered: Record<string, [Partial<NearbyFilters>, string]> = {
    'category chip': [{ ...YQ, category: 'logistics' }, 'courses_category_earth_gist'],
    'category + region': [{ ...YQ, category: 'housekeeping', region: '140302' }, 'courses_category_earth_gist'],
    'training type alone': [{ ...YQ, trainingType: 'startup' }, 'courses_type_earth_gist'],
    '工种 快递员': [{ ...YQ, occupation: '4-02-07-01' }, 'courses_occupation_earth_gist'],
    '工种 + region': [{ ...YQ, occupation: '4-02-07-01', region: '140300' }, 'courses_occupation_earth_gist'],
    '快递员 + 初级 + 线上': [{ ...YQ, occupation: '4-02-07-01', level: '5', mode: 'online' }, 'courses_occupation_level_earth_gist'],
    '快递员 + 初级 + 线上 in 上海': [{ ...SH, occupation: '4-02-07-01', level: '5', mode: 'online' }, 'courses_occupation_level_earth_gist'],
    '快递员 + 初级 (no mode)': [{ ...YQ, occupation: '4-02-07-01', level: '5' }, 'courses_occupation_level_earth_gist'],
    'category + level + subsidised + seats + 30 days': [{ ...YQ, category: 'housekeeping', level: '4', subsidizedOnly: true, hasSeats: true, startsBy: '2099-01-01' }, 'courses_category_level_earth_gist'],
    'category + level + mode': [{ ...YQ, category: 'housekeeping', level: '4', mode: 'offline' }, 'courses_category_level_earth_gist'],
    '工种 + 线上 (no level)': [{ ...YQ, occupation: '4-02-07-01', mode: 'online' }, 'courses_attr_earth_gist'],
    'category + training type': [{ ...YQ, category: 'housekeeping', trainingType: 'employment' }, 'courses_attr_earth_gist'],
    'level alone': [{ ...YQ, level: '1' }, 'courses_kind_earth_gist'],
    'mode alone': [{ ...YQ, mode: 'online' }, 'courses_mode_earth_gist'],
    'level + mode': [{ ...YQ, level: '4', mode: 'offline' }, 'courses_kind_earth_gist'],
    'training type + mode + schedule': [{ ...YQ, trainingType: 'startup', mode: 'offline', schedule: 'weekend' }, 'courses_kind_earth_gist'],
    'region around the point': [{ ...YQ, region: '140300' }, 'courses_region_earth_gist'],
    'region far from the point': [{ ...YQ, region: '310000' }, 'courses_region_earth_gist'],
    'second page of a filtered search': [{ ...YQ, occupation: '4-02-07-01', level: '5', fromKnn: 1234.5 }, 'courses_occupation_level_earth_gist']
  }

  test.each(Object.keys(filtered))('filtered, %s: ordered scan of its GiST index, about a page read', async (name) => {
    const [f, index] = filtered[name]
    const st = nearbyStatement({ lat: 0, lng: 0, radiusM: 50_000, today, ...f } as NearbyFilters)
    const stmt = `f_${Object.keys(filtered).indexOf(name)}`
    await client.query(`PREPARE ${stmt} AS ${st.sql}`)
    const literal = [...st.params, 11].map((v) => (v === null ? 'NULL' : typeof v === 'string' ? `'${v}'` : String(v))).join(', ')
    const res = await client.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) EXECUTE ${stmt}(${literal})`)
    const nodes = walk((res.rows[0]['QUERY PLAN'] as { Plan: PlanNode }[])[0].Plan) as (PlanNode & Record<string, number>)[]
    expect(nodes.map((n) => n['Node Type'])).not.toContain('Sort')
    const scan = nodes.filter((n) => n['Relation Name'] === 'courses')
    expect(scan).toHaveLength(1)
    expect(scan[0]['Node Type']).toBe('Index Scan')
    expect(scan[0]['Index Name']).toBe(index)
    expect(scan[0]['Order By']).toMatch(/<->/)
    // before: the whole radius box when few match (11 052 rows at 100 000 courses for 快递员 + 初级 + 线上)
    expect(scan[0]['Actual Rows'] + (scan[0]['Rows Removed by Filter'] ?? 0)).toBeLessThan(100)
  })

  test('the statement reads about a page of rows, not the radius box', async () => {
    const res = await client.query(
      `EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE nearby(37.857, 113.58, 50000, '${today}', NULL, NULL, NULL, NULL, NULL, NULL, NULL, false, false, NULL, NULL, NULL, 11)`
    )
    const scan = walk((res.rows[0]['QUERY PLAN'] as { Plan: PlanNode & Record<string, number> }[])[0].Plan).find(
      (n) => n['Relation Name'] === 'courses'
    ) as PlanNode & Record<string, number>
    // 11 returned + the few finished courses skipped on the way
    expect(scan['Actual Rows'] + (scan['Rows Removed by Filter'] ?? 0)).toBeLessThan(200)
  })
})
