/* eslint-disable @typescript-eslint/no-explicit-any -- a diagnostic script walking EXPLAIN (FORMAT JSON) plans, whose node shapes vary by node type */
/**
 * Rows and buffers read by the nearby search for each filter combination the app offers, before (the one generic
 * statement walking courses_earth_gist) and after (nearbyStatement: the combination's own statement and index),
 * with EXPLAIN (ANALYZE, BUFFERS) and the generic plan the server forces. Prints a Markdown table.
 *   npx tsx scripts/nearby-explain.ts postgres://…/db        (PostgreSQL)
 *   npx tsx scripts/nearby-explain.ts .data/bench-pglite     (a PGlite folder; seeded with SEED_COURSES if empty)
 */
import { openDb } from '../server/app'
import { NEARBY_SQL_FOR_TESTS, nearbyStatement, type NearbyFilters } from '../server/catalog/courses'
import { todayInChina } from '../src/domain/format'
import { COMBOS as APP_COMBOS, PLACES } from './nearby-combos'

const today = todayInChina()
const add = (d: number) => new Date(Date.parse(`${today}T00:00:00Z`) + d * 864e5).toISOString().slice(0, 10)
const YQ = PLACES.阳泉
/** The app's combinations (scripts/nearby-combos.ts) as the statement's filters. */
export const COMBOS: [string, Partial<NearbyFilters>][] = APP_COMBOS.map((c) => {
  const { startsWithinDays, subsidizedOnly, hasSeats, ...rest } = c.query
  return [
    c.name,
    {
      ...PLACES[c.at],
      ...(rest as Partial<NearbyFilters>),
      ...(subsidizedOnly === true ? { subsidizedOnly: true } : {}),
      ...(hasSeats === true ? { hasSeats: true } : {}),
      ...(startsWithinDays !== undefined ? { startsBy: add(Number(startsWithinDays)) } : {})
    }
  ]
})

const LIMIT = 29 // what knnPage asks for a page of 20
const literal = (vs: unknown[]) => vs.map((v) => (v === null || v === undefined ? 'NULL' : typeof v === 'string' ? `'${v}'` : String(v))).join(', ')

interface Measured {
  index: string
  rowsRead: number
  buffers: number
  ms: number
}

async function main(): Promise<void> {
  const target = process.argv[2]
  if (!target) throw new Error('usage: nearby-explain.ts <DATABASE_URL | PGlite folder>')
  const isUrl = /^postgres(ql)?:/.test(target)
  const { db } = await openDb(isUrl ? { databaseUrl: target } : { dataDir: target, seedCourses: Number(process.env.SEED_COURSES ?? 100_000) })
  const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM courses')
  const explain = async (sql: string, params: unknown[]): Promise<Measured> =>
    db.transaction(async (tx) => {
      await tx.query('SET LOCAL plan_cache_mode = force_generic_plan')
      await tx.query(`PREPARE nearby_explain AS ${sql}`)
      try {
        const rows = await tx.query<Record<string, any>>(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) EXECUTE nearby_explain(${literal(params)})`)
        const raw = rows[0]['QUERY PLAN']
        const top = (typeof raw === 'string' ? JSON.parse(raw) : raw)[0]
        const nodes: any[] = []
        const walk = (node: any) => {
          nodes.push(node)
          for (const child of node.Plans ?? []) walk(child)
        }
        walk(top.Plan)
        const scan = nodes.find((x) => x['Relation Name'] === 'courses')
        const sorted = nodes.some((x) => /Sort/.test(x['Node Type']))
        return {
          index: `${scan['Index Name'] ?? scan['Node Type']}${sorted ? ' + sort' : ''}`,
          rowsRead: (scan['Actual Rows'] + (scan['Rows Removed by Filter'] ?? 0) + (scan['Rows Removed by Index Recheck'] ?? 0)) * scan['Actual Loops'],
          buffers: (top.Plan['Shared Hit Blocks'] ?? 0) + (top.Plan['Shared Read Blocks'] ?? 0),
          ms: top['Execution Time']
        }
      } finally {
        await tx.query('DEALLOCATE nearby_explain')
      }
    })
  const plain = await explain(NEARBY_SQL_FOR_TESTS, [YQ.lat, YQ.lng, 50_000, today, null, null, null, null, null, null, null, false, false, null, null, null, LIMIT])
  console.log(`${db.kind === 'postgres' ? 'PostgreSQL' : 'PGlite'}, ${n.toLocaleString('en').replace(/,/g, ' ')} courses, 50 km, page of 20 (${LIMIT} rows asked), generic plans, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`)
  console.log('| filters | before: index | rows read | buffers | after: index | rows read | buffers | buffers vs plain |')
  console.log('|---|---|---|---|---|---|---|---|')
  for (const [name, f] of COMBOS) {
    const full = { radiusM: 50_000, today, ...f } as NearbyFilters
    const before = await explain(NEARBY_SQL_FOR_TESTS, [
      full.lat, full.lng, full.radiusM, today, full.region ?? null, full.category ?? null, full.occupation ?? null, full.trainingType ?? null,
      full.level ?? null, full.mode ?? null, full.schedule ?? null, full.subsidizedOnly === true, full.hasSeats === true, null, full.startsBy ?? null, null, LIMIT
    ])
    const st = nearbyStatement(full)
    const after = await explain(st.sql, [...st.params, LIMIT])
    console.log(`| ${name} | ${before.index} | ${before.rowsRead} | ${before.buffers} | ${after.index} | ${after.rowsRead} | ${after.buffers} | ${(after.buffers / plain.buffers).toFixed(1)}× |`)
  }
  await db.close()
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
