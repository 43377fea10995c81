/** Course and institution reads: SQL built from validated filters, always parameterised. */
import type { Db, Queryable } from '../db'
import type { CourseDetail, CourseQuery, CourseSummary, InstitutionDetail } from '../../src/contract'
import { occupationByCode, type CertificateKind, type SkillLevel } from '../../src/domain/catalog'
import { subsidyOffersFor, trainingSubsidyMaxYuan, type SubsidyCourseFacts } from '../../src/domain/subsidy'
import { badRequest } from '../errors'
import { decodeCursor, encodeCursor, queryFingerprint } from '../search'
import { escapeLike, isPinyinTerm, searchTerms } from '../search'
import type { RegionIndex } from './regions'

export const DEFAULT_LIMIT = 20
export const DEFAULT_RADIUS_KM = 50
/** Courses per page of an institution's list when the client does not say (one weapp setData stays small). */
export const INSTITUTION_COURSE_LIMIT = 20

const SUMMARY_COLUMNS = `c.id, c.title, c.occupation_code, c.occupation_name, c.category, c.shortage, c.training_type, c.level,
  c.certificate_kind, c.mode, c.schedule, c.start_date::text AS start_date, c.end_date::text AS end_date, c.total_hours,
  c.seats_total, c.seats_left, c.fee_yuan, c.subsidized, c.region_code,
  i.id AS ins_id, i.name AS ins_name, i.type AS ins_type, i.filing_status AS ins_filing_status`

const DETAIL_COLUMNS = `${SUMMARY_COLUMNS}, d.description, d.syllabus, d.schedule_text, d.address, c.lat, c.lng,
  d.contact_phone, d.eligible_groups, c.allow_late_join`

/**
 * Nearby search without a keyword: one statement for every filter combination (an absent filter is a NULL
 * parameter), prepared once and run with its generic plan. That plan is the KNN walk of the GiST index on
 * `earth` (bounded by the radius box), filtering rows as it goes and stopping after $17 rows; it cannot be
 * swapped for a bitmap-scan-and-sort plan when a filter looks selective, and nothing is planned per request.
 * It orders by the distance operator ALONE: PostgreSQL 15 does not walk the index for `ORDER BY <->, id` (it
 * reads the whole radius box and sorts). Ties (courses at one address) are put in id order in `knnPage`.
 * $1 lat, $2 lng, $3 radius m, $4 today, $5 region, $6 category, $7 occupation, $8 training type, $9 level,
 * $10 mode, $11 schedule, $12 subsidized only, $13 has seats, $14 institution, $15 starts by (date),
 * $16 cursor knn key (rows at or beyond it), $17 limit.
 */
const NEARBY_SQL = `SELECT ${SUMMARY_COLUMNS}, c.earth <-> ll_to_earth($1::float8, $2::float8) AS knn,
    earth_distance(c.earth, ll_to_earth($1::float8, $2::float8)) AS dist_m
  FROM courses c JOIN institutions i ON i.id = c.institution_id
  WHERE earth_box(ll_to_earth($1::float8, $2::float8), $3::float8) @> c.earth
    AND earth_distance(c.earth, ll_to_earth($1::float8, $2::float8)) <= $3::float8
    AND c.end_date >= $4::date
    AND ($5::text IS NULL OR c.region_path @> ARRAY[$5::text])
    AND ($6::text IS NULL OR c.category = $6::text)
    AND ($7::text IS NULL OR c.occupation_code = $7::text)
    AND ($8::text IS NULL OR c.training_type = $8::text)
    AND ($9::text IS NULL OR c.level = $9::text)
    AND ($10::text IS NULL OR c.mode = $10::text)
    AND ($11::text IS NULL OR c.schedule @> ARRAY[$11::text])
    AND (NOT $12::boolean OR c.subsidized)
    AND (NOT $13::boolean OR c.seats_left > 0)
    AND ($14::text IS NULL OR c.institution_id = $14::text)
    AND ($15::date IS NULL OR (c.start_date <= $15::date AND (c.start_date >= $4::date OR c.allow_late_join)))
    AND ($16::float8 IS NULL OR c.earth <-> ll_to_earth($1::float8, $2::float8) >= $16::float8)
  ORDER BY c.earth <-> ll_to_earth($1::float8, $2::float8)
  LIMIT $17::int`

/** The nearby statement's SQL text, for the EXPLAIN test. */
export const NEARBY_SQL_FOR_TESTS = NEARBY_SQL

/**
 * The location as each composite index holds it (migration 021): the same point as c.earth, written three ways
 * so that each statement's ORDER BY matches exactly one index.
 */
export const NEARBY_POINT = {
  attr: 'll_to_earth(c.lat, c.lng)',
  kind: 'cube_enlarge(c.earth, 0, 3)',
  region: 'cube_enlarge(c.earth, 0, 2)',
  occupation: 'cube_enlarge(c.earth, 0, 1)',
  // extra coordinates of 0: the same distances to the three-dimensional query point
  mode: 'cube_enlarge(c.earth, 0, 4)',
  category: 'cube_enlarge(c.earth, 0, 5)',
  trainingType: 'cube_enlarge(c.earth, 0, 6)',
  // a chip with the panel's level (migration 037)
  occupationLevel: 'cube_enlarge(c.earth, 0, 7)',
  categoryLevel: 'cube_enlarge(c.earth, 0, 8)'
} as const

/** The filters of a nearby search without a keyword (absent = undefined / false). */
export interface NearbyFilters {
  lat: number
  lng: number
  radiusM: number
  today: string
  region?: string
  category?: string
  occupation?: string
  trainingType?: string
  level?: string
  mode?: string
  schedule?: string
  subsidizedOnly?: boolean
  hasSeats?: boolean
  institutionId?: string
  startsBy?: string
  /** knn key of the cursor: rows at or beyond it */
  fromKnn?: number
}

/**
 * Region codes are 6 digits with the descendants of a province or city sharing its leading digits
 * ('310000' → '31', '140300' → '1403'): the range [prefix, next prefix) holds exactly its courses, and a range
 * test on region_code is something the GiST index (region_code, earth) can prune by.
 */
export function regionCodeRange(code: string): [string, string | null] {
  let prefix = code
  while (prefix.length > 2 && prefix.endsWith('00')) prefix = prefix.slice(0, -2)
  const next = String(Number(prefix) + 1).padStart(prefix.length, '0')
  return [prefix, next.length > prefix.length ? null : next]
}

/**
 * The index a filtered nearby search walks, named by its location expression: one attribute alone walks its
 * two-column index (as cheap as the plain walk); several walk the grouped ones; a region alone its own.
 */
function nearbyPoint(f: NearbyFilters): string {
  const attrs = [f.category, f.occupation, f.level, f.mode, f.trainingType].filter((v) => v !== undefined).length
  if (attrs === 1 && f.occupation !== undefined) return NEARBY_POINT.occupation
  if (attrs === 1 && f.mode !== undefined) return NEARBY_POINT.mode
  if (attrs === 1 && f.category !== undefined) return NEARBY_POINT.category
  if (attrs === 1 && f.trainingType !== undefined) return NEARBY_POINT.trainingType
  // a chip with a level: the index that leads with (chip, level, mode) holds exactly that group together
  if (f.occupation !== undefined && f.level !== undefined) return NEARBY_POINT.occupationLevel
  if (f.category !== undefined && f.occupation === undefined && f.level !== undefined) return NEARBY_POINT.categoryLevel
  if (f.category !== undefined || f.occupation !== undefined) return NEARBY_POINT.attr
  if (attrs > 0) return NEARBY_POINT.kind
  return f.institutionId === undefined ? NEARBY_POINT.region : 'c.earth'
}

/**
 * The statement for one nearby search. Without an attribute, region or institution filter it is the one
 * generic statement above (KNN walk of courses_earth_gist; the broad filters — schedule, subsidised, seats, start
 * date — match most rows, so the walk stops after about a page). With one, the filter would leave the walk
 * reading the whole radius box when few courses near the point match (a 工种 + 级别 + 线上 within 50 km read
 * 11 000 rows at 100 000 courses), so the statement names the present filters as plain conditions: the planner
 * then walks a GiST index that holds them beside the location and prunes every subtree whose values cannot match
 * (chosen through NEARBY_POINT) — courses_attr_earth_gist (category, occupation, level, mode, training type, earth) when a category or 工种 is
 * set, courses_kind_earth_gist (mode, training type, level, earth) for the panel's filters alone,
 * courses_region_earth_gist (region_code, earth) for a region alone — or reads an institution's few courses and
 * sorts them. Still one prepared statement per
 * combination of present filters (a handful in practice), planned once, generic.
 */
export function nearbyStatement(f: NearbyFilters): { name: string; sql: string; params: unknown[] } {
  const selective = f.category ?? f.occupation ?? f.trainingType ?? f.level ?? f.mode ?? f.region ?? f.institutionId
  if (selective === undefined) {
    return {
      name: 'nearby_courses_v2',
      sql: NEARBY_SQL,
      params: [f.lat, f.lng, f.radiusM, f.today, null, null, null, null, null, null, f.schedule ?? null, f.subsidizedOnly === true, f.hasSeats === true, null, f.startsBy ?? null, f.fromKnn ?? null]
    }
  }
  const params: unknown[] = [f.lat, f.lng, f.radiusM, f.today]
  const p = (v: unknown, type: string) => {
    params.push(v)
    return `$${params.length}::${type}`
  }
  const here = 'll_to_earth($1::float8, $2::float8)'
  // Which index walks the distance order is decided here, not by the planner (whose GiST costs are too crude to
  // tell the indexes apart): each composite index is built on its own expression of the location, equal in value
  // to c.earth, and the statement orders by that expression, so only that index can serve the ordered walk.
  const point = nearbyPoint(f)
  const where = [`earth_box(${here}, $3::float8) @> ${point}`, `earth_distance(c.earth, ${here}) <= $3::float8`, 'c.end_date >= $4::date']
  const sig: string[] = []
  const eq = (key: string, column: string, v: string | undefined) => {
    if (v === undefined) return
    sig.push(key)
    where.push(`c.${column} = ${p(v, 'text')}`)
  }
  eq('c', 'category', f.category)
  eq('o', 'occupation_code', f.occupation)
  eq('l', 'level', f.level)
  eq('m', 'mode', f.mode)
  eq('t', 'training_type', f.trainingType)
  eq('i', 'institution_id', f.institutionId)
  if (f.region !== undefined) {
    if (sig.length === 0) {
      const [from, to] = regionCodeRange(f.region)
      sig.push(to === null ? 'R' : 'r')
      where.push(`c.region_path @> ARRAY[${p(f.region, 'text')}]`, `c.region_code >= ${p(from, 'text')}`)
      if (to !== null) where.push(`c.region_code < ${p(to, 'text')}`)
    } else {
      // beside an attribute the region is checked row by row on the attribute index's walk: written so that the
      // GIN index on region_path cannot turn the plan into a bitmap of the whole region plus a sort
      sig.push('g')
      where.push(`array_position(c.region_path, ${p(f.region, 'text')}) IS NOT NULL`)
    }
  }
  if (f.schedule !== undefined) {
    sig.push('s')
    where.push(`c.schedule @> ARRAY[${p(f.schedule, 'text')}]`)
  }
  if (f.subsidizedOnly) {
    sig.push('y')
    where.push('c.subsidized')
  }
  if (f.hasSeats) {
    sig.push('h')
    where.push('c.seats_left > 0')
  }
  if (f.startsBy !== undefined) {
    sig.push('d')
    where.push(`c.start_date <= ${p(f.startsBy, 'date')}`, '(c.start_date >= $4::date OR c.allow_late_join)')
  }
  if (f.fromKnn !== undefined) {
    sig.push('k')
    where.push(`${point} <-> ${here} >= ${p(f.fromKnn, 'float8')}`)
  }
  const sql = `SELECT ${SUMMARY_COLUMNS}, ${point} <-> ${here} AS knn, earth_distance(c.earth, ${here}) AS dist_m
  FROM courses c JOIN institutions i ON i.id = c.institution_id
  WHERE ${where.join('\n    AND ')}
  ORDER BY ${point} <-> ${here}
  LIMIT $${params.length + 1}::int`
  return { name: `nearby_v3_${sig.join('')}`, sql, params }
}

/**
 * One page of a distance-ordered query whose SQL orders by distance only. `fetch(n)` returns the first n rows
 * at or beyond the cursor's distance, in distance order (ties in any order). Rows closer than the farthest one
 * fetched are complete, so they are sorted by (distance, id) and the cursor applied exactly; when ties at that
 * farthest distance cross the page boundary, fetch more. Returns up to limit + 1 rows (the extra one says
 * "there is a next page").
 */
export async function knnPage<R extends { knn?: number; id: string }>(
  fetch: (n: number) => Promise<R[]>,
  cursor: { key: number; id: string } | undefined,
  limit: number
): Promise<R[]> {
  let n = limit + 1 + 8
  for (;;) {
    const rows = await fetch(n)
    const exhausted = rows.length < n
    const farthest = rows.length > 0 ? Number(rows[rows.length - 1].knn) : 0
    const usable = rows
      .filter((r) => exhausted || Number(r.knn) < farthest)
      .filter((r) => !cursor || Number(r.knn) > cursor.key || (Number(r.knn) === cursor.key && r.id > cursor.id))
      .sort((a, b) => Number(a.knn) - Number(b.knn) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    if (exhausted || usable.length >= limit + 1) return usable.slice(0, limit + 1)
    n *= 4
  }
}

interface SummaryRow {
  id: string
  title: string
  occupation_code: string
  occupation_name: string
  category: CourseSummary['category']
  shortage: boolean
  training_type: CourseSummary['trainingType']
  level: SkillLevel
  certificate_kind: CertificateKind
  mode: CourseSummary['mode']
  schedule: CourseSummary['schedule']
  start_date: string
  end_date: string
  total_hours: number
  seats_total: number
  seats_left: number
  fee_yuan: number
  subsidized: boolean
  region_code: string
  ins_id: string
  ins_name: string
  ins_type: CourseSummary['institution']['type']
  ins_filing_status: CourseSummary['institution']['filingStatus']
  knn?: number
  dist_m?: number
}

interface DetailRow extends SummaryRow {
  description: string
  syllabus: string[]
  schedule_text: string
  address: string
  lat: number
  lng: number
  contact_phone: string
  eligible_groups: CourseDetail['eligibleGroups']
  allow_late_join: boolean
}

const facts = (r: SummaryRow): SubsidyCourseFacts => ({
  regionCode: r.region_code,
  level: r.level,
  certificateKind: r.certificate_kind,
  subsidized: r.subsidized,
  shortageOccupation: r.shortage
})

function toSummary(r: SummaryRow, regions: RegionIndex): CourseSummary {
  const out: CourseSummary = {
    id: r.id,
    title: r.title,
    occupationCode: r.occupation_code,
    occupationName: r.occupation_name,
    category: r.category,
    trainingType: r.training_type,
    level: r.level,
    certificateKind: r.certificate_kind,
    mode: r.mode,
    schedule: r.schedule,
    startDate: r.start_date,
    endDate: r.end_date,
    totalHours: r.total_hours,
    seatsTotal: r.seats_total,
    seatsLeft: r.seats_left,
    feeYuan: r.fee_yuan,
    subsidized: r.subsidized,
    subsidyMaxYuan: trainingSubsidyMaxYuan(facts(r)),
    regionCode: r.region_code,
    regionName: regions.byCode.get(r.region_code)?.fullName ?? '',
    institution: { id: r.ins_id, name: r.ins_name, type: r.ins_type, filingStatus: r.ins_filing_status }
  }
  if (r.dist_m !== undefined && r.dist_m !== null) out.distanceKm = Math.round(Number(r.dist_m)) / 1000
  return out
}

function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
}

export interface CoursePageResult {
  items: CourseSummary[]
  nextCursor: string | null
}

/** The catalogue search: filters combine with AND; nearest first with a location, else soonest start. */
export async function listCourses(db: Db, regions: RegionIndex, query: CourseQuery, today: string): Promise<CoursePageResult> {
  const hasLat = query.lat !== undefined
  const hasLng = query.lng !== undefined
  if (hasLat !== hasLng) throw badRequest('纬度和经度要一起提供', hasLat ? 'lng' : 'lat')
  if (query.radiusKm !== undefined && !hasLat) throw badRequest('按距离筛选需要同时提供纬度和经度', 'radiusKm')
  if (query.region !== undefined && !regions.byCode.has(query.region)) throw badRequest('这个地区暂时没有开通，请换一个地区', 'region')
  if (query.occupation !== undefined && !occupationByCode(query.occupation)) throw badRequest('「工种」不是可选的值', 'occupation')

  const limit = query.limit ?? DEFAULT_LIMIT
  const fingerprint = queryFingerprint(query as Record<string, unknown>)
  const cursor = query.cursor !== undefined ? decodeCursor(query.cursor, fingerprint) : undefined
  if (cursor === null || (cursor && (cursor.mode === 'distance') !== hasLat)) {
    throw badRequest('翻页标记无效，请从第一页重新查找', 'cursor', 'INVALID_CURSOR')
  }

  if (hasLat && query.q === undefined) {
    const distCursor = cursor && cursor.mode === 'distance' ? cursor : undefined
    const statement = nearbyStatement({
      lat: query.lat!,
      lng: query.lng!,
      radiusM: (query.radiusKm ?? DEFAULT_RADIUS_KM) * 1000,
      today,
      region: query.region,
      category: query.category,
      occupation: query.occupation,
      trainingType: query.trainingType,
      level: query.level,
      mode: query.mode,
      schedule: query.schedule,
      subsidizedOnly: query.subsidizedOnly,
      hasSeats: query.hasSeats,
      institutionId: query.institutionId,
      startsBy: query.startsWithinDays !== undefined ? addDays(today, query.startsWithinDays) : undefined,
      fromKnn: distCursor?.key
    })
    const rows = await knnPage<SummaryRow>((n) => db.queryPrepared<SummaryRow>(statement.name, statement.sql, [...statement.params, n]), distCursor, limit)
    return toPage(rows, limit, regions, fingerprint, true)
  }

  const params: unknown[] = []
  const p = (v: unknown) => {
    params.push(v)
    return `$${params.length}`
  }
  const where: string[] = [`c.end_date >= ${p(today)}::date`]
  let select = SUMMARY_COLUMNS
  let order = 'c.start_date, c.id'

  if (hasLat) {
    const here = `ll_to_earth(${p(query.lat)}::float8, ${p(query.lng)}::float8)`
    const there = 'c.earth'
    const radiusM = p((query.radiusKm ?? DEFAULT_RADIUS_KM) * 1000)
    select += `, ${there} <-> ${here} AS knn, earth_distance(${there}, ${here}) AS dist_m`
    // earth_box is an index condition on the same GiST index the KNN ordering walks
    where.push(`earth_box(${here}, ${radiusM}::float8) @> ${there}`, `earth_distance(${there}, ${here}) <= ${radiusM}::float8`)
    // distance alone (see NEARBY_SQL); ties and the cursor's id are handled by knnPage
    if (cursor && cursor.mode === 'distance') where.push(`${there} <-> ${here} >= ${p(cursor.key)}::float8`)
    order = `${there} <-> ${here}`
  } else if (cursor && cursor.mode === 'date') {
    where.push(`(c.start_date, c.id) > (${p(cursor.key)}::date, ${p(cursor.id)}::text)`)
  }

  if (query.region !== undefined) where.push(`c.region_path @> ARRAY[${p(query.region)}::text]`)
  if (query.category !== undefined) where.push(`c.category = ${p(query.category)}`)
  if (query.occupation !== undefined) where.push(`c.occupation_code = ${p(query.occupation)}`)
  if (query.trainingType !== undefined) where.push(`c.training_type = ${p(query.trainingType)}`)
  if (query.level !== undefined) where.push(`c.level = ${p(query.level)}`)
  if (query.mode !== undefined) where.push(`c.mode = ${p(query.mode)}`)
  if (query.schedule !== undefined) where.push(`c.schedule @> ARRAY[${p(query.schedule)}::text]`)
  if (query.subsidizedOnly) where.push('c.subsidized')
  if (query.hasSeats) where.push('c.seats_left > 0')
  if (query.institutionId !== undefined) where.push(`c.institution_id = ${p(query.institutionId)}`)
  if (query.startsWithinDays !== undefined) {
    // starts in the next N days, or has started and still takes late joiners
    where.push(`c.start_date <= ${p(addDays(today, query.startsWithinDays))}::date`)
    where.push(`(c.start_date >= ${p(today)}::date OR c.allow_late_join)`)
  }
  if (query.q !== undefined) {
    for (const term of searchTerms(query.q)) {
      const like = p(`%${escapeLike(term)}%`)
      where.push(
        isPinyinTerm(term)
          ? `(c.search_text LIKE ${like} OR c.search_pinyin LIKE ${like} OR c.search_initials LIKE ${p(`%|${term}%`)})`
          : `c.search_text LIKE ${like}`
      )
    }
  }

  const sqlWithLimit = (n: number) => {
    const all = [...params, n]
    return { sql: `SELECT ${select} FROM courses c JOIN institutions i ON i.id = c.institution_id
    WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT $${all.length}`, all }
  }
  // With a location the plan must be the KNN walk of the GiST index (stops after `limit` rows). PostgreSQL
  // estimates cube box tests at a fixed 0.1 % selectivity, so with a selective filter it may prefer a bitmap
  // over the whole box plus a sort of thousands of rows; bitmap scans are switched off for this one query.
  // (keyword + location only; the plain nearby search above needs none of this)
  const rows = hasLat
    ? await knnPage<SummaryRow>(
        (n) =>
          db.transaction(async (tx) => {
            await tx.exec('SET LOCAL enable_bitmapscan = off')
            const { sql, all } = sqlWithLimit(n)
            return tx.query<SummaryRow>(sql, all)
          }),
        cursor && cursor.mode === 'distance' ? cursor : undefined,
        limit
      )
    : await db.query<SummaryRow>(sqlWithLimit(limit + 1).sql, sqlWithLimit(limit + 1).all)
  return toPage(rows, limit, regions, fingerprint, hasLat)
}

function toPage(rows: SummaryRow[], limit: number, regions: RegionIndex, fingerprint: string, hasLat: boolean): CoursePageResult {
  const page = rows.slice(0, limit)
  const last = page[page.length - 1]
  const nextCursor =
    rows.length > limit && last
      ? encodeCursor(hasLat ? { mode: 'distance', key: Number(last.knn), id: last.id } : { mode: 'date', key: last.start_date, id: last.id }, fingerprint)
      : null
  return { items: page.map((r) => toSummary(r, regions)), nextCursor }
}

export async function getCourse(
  db: Queryable,
  regions: RegionIndex,
  id: string,
  here?: { lat: number; lng: number }
): Promise<CourseDetail | null> {
  const params: unknown[] = [id]
  let select = DETAIL_COLUMNS
  if (here) {
    params.push(here.lat, here.lng)
    select += ', earth_distance(c.earth, ll_to_earth($2::float8, $3::float8)) AS dist_m'
  }
  const rows = await db.query<DetailRow>(
    `SELECT ${select} FROM courses c JOIN institutions i ON i.id = c.institution_id JOIN course_details d ON d.course_id = c.id WHERE c.id = $1`,
    params
  )
  const r = rows[0]
  if (!r) return null
  return {
    ...toSummary(r, regions),
    description: r.description,
    syllabus: r.syllabus,
    scheduleText: r.schedule_text,
    address: r.address,
    lat: r.lat,
    lng: r.lng,
    contactPhone: r.contact_phone,
    eligibleGroups: r.eligible_groups,
    allowLateJoin: r.allow_late_join,
    subsidies: subsidyOffersFor(facts(r))
  }
}

export async function getInstitution(
  db: Queryable,
  regions: RegionIndex,
  id: string,
  today: string,
  page: { cursor?: string; limit?: number } = {}
): Promise<InstitutionDetail | null> {
  // a cursor belongs to one institution on one day (what counts as started moves with the day)
  const fingerprint = `institution=${id}&day=${today}`
  const after = page.cursor !== undefined ? decodeCursor(page.cursor, fingerprint) : undefined
  if (after === null || (after && after.mode !== 'date')) throw badRequest('翻页标记无效，请从第一页重新查找', 'cursor', 'INVALID_CURSOR')
  const limit = page.limit ?? INSTITUTION_COURSE_LIMIT
  const rows = await db.query<{
    id: string
    name: string
    type: InstitutionDetail['type']
    filing_status: InstitutionDetail['filingStatus']
    filing_no: string | null
    address: string
    lat: number
    lng: number
    region_code: string
    contact_phone: string
    intro: string
  }>('SELECT id, name, type, filing_status, filing_no, address, lat, lng, region_code, contact_phone, intro FROM institutions WHERE id = $1', [id])
  const ins = rows[0]
  if (!ins) return null
  // not yet started (soonest first), then running courses; finished ones are left out. Keyset paging on
  // (started, start date, id): the cursor's start date says which group it was in.
  const params: unknown[] = [id, today, limit + 1]
  let keyset = ''
  if (after) {
    params.push(after.key, after.id)
    keyset = 'AND ((c.start_date < $2::date), c.start_date, c.id) > (($4::date < $2::date), $4::date, $5::text)'
  }
  const courseRows = await db.query<SummaryRow>(
    `SELECT ${SUMMARY_COLUMNS} FROM courses c JOIN institutions i ON i.id = c.institution_id
     WHERE c.institution_id = $1 AND c.end_date >= $2::date ${keyset}
     ORDER BY (c.start_date < $2::date), c.start_date, c.id LIMIT $3`,
    params
  )
  const [{ n: courseCount }] = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM courses WHERE institution_id = $1 AND end_date >= $2::date',
    [id, today]
  )
  const courses = courseRows.slice(0, limit)
  const last = courses[courses.length - 1]
  return {
    id: ins.id,
    name: ins.name,
    type: ins.type,
    filingStatus: ins.filing_status,
    filingNo: ins.filing_no,
    address: ins.address,
    lat: ins.lat,
    lng: ins.lng,
    regionCode: ins.region_code,
    regionName: regions.byCode.get(ins.region_code)?.fullName ?? '',
    contactPhone: ins.contact_phone,
    intro: ins.intro,
    courses: courses.map((r) => toSummary(r, regions)),
    courseCount,
    coursesNextCursor: courseRows.length > limit && last ? encodeCursor({ mode: 'date', key: last.start_date, id: last.id }, fingerprint) : null
  }
}
