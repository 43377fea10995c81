/** Writes the generated catalogue: regions always (idempotent), institutions and courses when the DB has none. */
import type { Db, Queryable } from '../db'
import { searchKeys } from '../search'
import { todayInChina } from '../../src/domain/format'
import { DEFAULT_COURSES, generateCourses, generateInstitutions, type CourseSeed, type InstitutionSeed, type SeedOptions } from './generate'
import { loadRegions, type RegionRow } from './regions'

export interface SeedResult {
  seeded: boolean
  institutions: number
  courses: number
  ms: number
}

export async function insertRegions(db: Queryable, regions: RegionRow[]): Promise<void> {
  // parents before children (CSV order already is, but do not rely on it)
  const sorted = [...regions].sort((a, b) => a.path.length - b.path.length)
  await db.query(
    `INSERT INTO regions (code, name, parent_code, level, full_name, path, lat, lng)
     SELECT code, name, parent_code, level, full_name, path, lat, lng
     FROM jsonb_to_recordset($1::jsonb) AS x(code text, name text, parent_code text, level text, full_name text, path text[], lat float8, lng float8)
     ORDER BY array_length(path, 1)
     ON CONFLICT (code) DO NOTHING`,
    [JSON.stringify(sorted.map((r) => ({ code: r.code, name: r.name, parent_code: r.parentCode, level: r.level, full_name: r.fullName, path: r.path, lat: r.lat, lng: r.lng })))]
  )
}

async function insertInstitutions(db: Queryable, rows: InstitutionSeed[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 2000) {
    const chunk = rows.slice(i, i + 2000).map(({ categories: _c, rural: _r, ...row }) => row)
    await db.query(
      `INSERT INTO institutions (id, name, type, filing_status, filing_no, address, lat, lng, region_code, contact_phone, intro)
       SELECT id, name, type, filing_status, filing_no, address, lat, lng, region_code, contact_phone, intro
       FROM jsonb_to_recordset($1::jsonb) AS x(id text, name text, type text, filing_status text, filing_no text, address text,
         lat float8, lng float8, region_code text, contact_phone text, intro text)`,
      [JSON.stringify(chunk)]
    )
  }
}

async function insertCourses(db: Queryable, rows: (CourseSeed & Record<string, unknown>)[]): Promise<void> {
  // one JSON document, read once: the list columns go to courses, the long texts to course_details
  // (the foreign key is checked at the end of the statement, after both inserts)
  await db.query(
    `WITH x AS MATERIALIZED (
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(id text, institution_id text, title text, occupation_code text, occupation_name text,
         category text, shortage boolean, training_type text, level text, certificate_kind text, mode text, schedule text[],
         start_date date, end_date date, total_hours int, seats_total int, seats_left int, fee_yuan int, subsidized boolean,
         region_code text, region_path text[], description text, syllabus text[], schedule_text text, address text, lat float8,
         lng float8, contact_phone text, eligible_groups text[], allow_late_join boolean, search_text text, search_pinyin text,
         search_initials text)
     ), ins AS (
       INSERT INTO courses (id, institution_id, title, occupation_code, occupation_name, category, shortage, training_type, level,
         certificate_kind, mode, schedule, start_date, end_date, total_hours, seats_total, seats_left, fee_yuan, subsidized,
         region_code, region_path, lat, lng, allow_late_join, search_text, search_pinyin, search_initials)
       SELECT id, institution_id, title, occupation_code, occupation_name, category, shortage, training_type, level,
         certificate_kind, mode, schedule, start_date, end_date, total_hours, seats_total, seats_left, fee_yuan, subsidized,
         region_code, region_path, lat, lng, allow_late_join, search_text, search_pinyin, search_initials
       FROM x
     )
     INSERT INTO course_details (course_id, description, syllabus, schedule_text, address, contact_phone, eligible_groups)
     SELECT id, description, syllabus, schedule_text, address, contact_phone, eligible_groups FROM x`,
    [JSON.stringify(rows)]
  )
}

export interface SeedRunOptions extends Partial<SeedOptions> {
  /** seed even when courses exist (tests never need this; the DB is fresh) */
  force?: boolean
}

/** Seeds regions, and the catalogue when no course exists yet. Deterministic for a given seed and day. */
export async function seed(db: Db, opts: SeedRunOptions = {}): Promise<SeedResult> {
  const t0 = Date.now()
  const regions = loadRegions()
  await insertRegions(db, regions)
  const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM courses')
  if (n > 0 && !opts.force) return { seeded: false, institutions: 0, courses: n, ms: Date.now() - t0 }
  const options: SeedOptions = { courses: opts.courses ?? DEFAULT_COURSES, today: opts.today ?? todayInChina(), seed: opts.seed }
  const institutions = generateInstitutions(regions, options)
  const insById = new Map(institutions.map((i) => [i.id, i]))
  const pathByCode = new Map(regions.map((r) => [r.code, r.path]))
  const cache = new Map<string, [string, string]>()
  let count = 0
  await db.transaction(async (tx) => {
    await insertInstitutions(tx, institutions)
    for (const batch of generateCourses(regions, institutions, options)) {
      const rows = batch.map((c) => {
        const keys = searchKeys([c.title, c.occupation_name, insById.get(c.institution_id)!.name], cache)
        return { ...c, region_path: pathByCode.get(c.region_code)!, search_text: keys.text, search_pinyin: keys.pinyin, search_initials: keys.initials }
      })
      await insertCourses(tx, rows)
      count += rows.length
    }
  })
  await db.exec('ANALYZE')
  return { seeded: true, institutions: institutions.length, courses: count, ms: Date.now() - t0 }
}
