/**
 * The catalogue seen from one institution: its courses with seats and dates, and the facts the training
 * capability (class sessions, check-in distance, 结业 threshold) needs about one course.
 */
import type { Queryable } from '../db'

export interface InstitutionCourseRow {
  id: string
  institutionId: string
  title: string
  occupationCode: string
  occupationName: string
  level: string
  mode: 'offline' | 'online' | 'village'
  schedule: ('weekday_day' | 'evening' | 'weekend')[]
  startDate: string
  endDate: string
  seatsTotal: number
  seatsLeft: number
  regionCode: string
  lat: number
  lng: number
  /** the course's 学时 (online courses: what 结业 measures study against) */
  totalHours: number
}

const COLUMNS = `c.id, c.institution_id, c.title, c.occupation_code, c.occupation_name, c.level, c.mode, c.schedule,
  c.start_date::text AS start_date, c.end_date::text AS end_date, c.seats_total, c.seats_left, c.region_code, c.lat, c.lng, c.total_hours`

interface Raw {
  id: string
  institution_id: string
  title: string
  occupation_code: string
  occupation_name: string
  level: string
  mode: InstitutionCourseRow['mode']
  schedule: InstitutionCourseRow['schedule']
  start_date: string
  end_date: string
  seats_total: number
  seats_left: number
  region_code: string
  lat: number
  lng: number
  total_hours: number
}

const toRow = (r: Raw): InstitutionCourseRow => ({
  id: r.id,
  institutionId: r.institution_id,
  title: r.title,
  occupationCode: r.occupation_code,
  occupationName: r.occupation_name,
  level: r.level,
  mode: r.mode,
  schedule: r.schedule,
  startDate: r.start_date,
  endDate: r.end_date,
  seatsTotal: r.seats_total,
  seatsLeft: r.seats_left,
  regionCode: r.region_code,
  lat: r.lat,
  lng: r.lng,
  totalHours: Number(r.total_hours)
})

/** Every course of one institution, the latest start first (an institution runs tens, not thousands). */
export async function coursesOfInstitution(db: Queryable, institutionId: string): Promise<InstitutionCourseRow[]> {
  const rows = await db.query<Raw>(`SELECT ${COLUMNS} FROM courses c WHERE c.institution_id = $1 ORDER BY c.start_date DESC, c.id`, [institutionId])
  return rows.map(toRow)
}

/** One course with the facts the training capability needs; null when it does not exist. */
export async function courseFacts(db: Queryable, courseId: string): Promise<InstitutionCourseRow | null> {
  const [row] = await db.query<Raw>(`SELECT ${COLUMNS} FROM courses c WHERE c.id = $1`, [courseId])
  return row ? toRow(row) : null
}

export async function institutionName(db: Queryable, institutionId: string): Promise<string | null> {
  const [row] = await db.query<{ name: string }>('SELECT name FROM institutions WHERE id = $1', [institutionId])
  return row?.name ?? null
}

/** The institution with the most courses starting after `today` inside a region (by its code, e.g. 140300). */
export async function busiestInstitution(db: Queryable, regionCode: string, today: string): Promise<string | null> {
  const [row] = await db.query<{ institution_id: string }>(
    `SELECT institution_id FROM courses WHERE region_path @> ARRAY[$1]::text[] AND start_date > $2::date
     GROUP BY institution_id ORDER BY count(*) DESC, institution_id LIMIT 1`,
    [regionCode, today]
  )
  return row?.institution_id ?? null
}
