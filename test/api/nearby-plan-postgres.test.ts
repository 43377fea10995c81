/**
 * The nearby search must walk the GiST distance index in order on a real PostgreSQL server: with
 * `ORDER BY <->, id` PostgreSQL 15 read the whole radius box and sorted it (≈ 41 000 rows, p95 1.4 s at
 * 100 000 courses). This runs EXPLAIN on the statement the server prepares, with the generic plan the server
 * forces for it, for the common filter combinations, and fails on a Sort node or a scan that is not the
 * ordered index scan. Needs TEST_DATABASE_URL (npm test starts one).
 */
import { Client } from 'pg'
import { openDb } from '../../server/app'
import { NEARBY_SQL_FOR_TESTS } from '../../server/catalog/courses'
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
