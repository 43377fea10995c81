/**
 * What other capabilities need to know of a course to sign a worker up or cancel, read by the catalogue, which
 * owns `courses`: sign-up (server/accounts) and station sign-up (server/staff) call these, never the table.
 */
import type { Queryable } from '../db'

export interface CourseForSignup {
  id: string
  title: string
  startDate: string
  endDate: string
  allowLateJoin: boolean
  seatsLeft: number
  schedule: string[]
}

/**
 * The course's sign-up facts, with the row locked until the caller's transaction ends: two sign-ups for the
 * same course are decided one after the other (the seat itself is taken by takeSeat). null: no such course.
 */
export async function lockCourseForSignup(tx: Queryable, courseId: string): Promise<CourseForSignup | null> {
  const [c] = await tx.query<{
    id: string
    title: string
    start_date: string
    end_date: string
    allow_late_join: boolean
    seats_left: number
    schedule: string[]
  }>(
    `SELECT id, title, start_date::text AS start_date, end_date::text AS end_date, allow_late_join, seats_left, schedule
     FROM courses WHERE id = $1 FOR UPDATE`,
    [courseId]
  )
  if (!c) return null
  return {
    id: c.id,
    title: c.title,
    startDate: c.start_date,
    endDate: c.end_date,
    allowLateJoin: c.allow_late_join,
    seatsLeft: Number(c.seats_left),
    schedule: c.schedule
  }
}

/**
 * Of `courseIds` (a worker's active sign-ups), the earliest whose dates and sessions overlap `window`;
 * its title, or null when none does.
 */
export async function firstOverlappingCourse(
  tx: Queryable,
  courseIds: string[],
  window: { startDate: string; endDate: string; schedule: string[] }
): Promise<{ title: string } | null> {
  if (courseIds.length === 0) return null
  const [clash] = await tx.query<{ title: string }>(
    `SELECT title FROM courses
     WHERE id = ANY($1::text[]) AND start_date <= $2::date AND end_date >= $3::date AND schedule && $4::text[]
     ORDER BY start_date LIMIT 1`,
    [courseIds, window.endDate, window.startDate, window.schedule]
  )
  return clash ?? null
}

/** The course's first day (YYYY-MM-DD), or null when there is no such course. */
export async function courseStartDate(db: Queryable, courseId: string): Promise<string | null> {
  const [c] = await db.query<{ start_date: string }>('SELECT start_date::text AS start_date FROM courses WHERE id = $1', [courseId])
  return c?.start_date ?? null
}

/** Whether the course exists (it may have been taken off since a client queued a sign-up for it). */
export async function courseExists(db: Queryable, courseId: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM courses WHERE id = $1', [courseId])).length > 0
}

/** Whether the course trains a 紧缺工种 of its region (a subsidy rule; not part of the course detail shape). */
export async function isShortageCourse(db: Queryable, courseId: string): Promise<boolean> {
  const [c] = await db.query<{ shortage: boolean }>('SELECT shortage FROM courses WHERE id = $1', [courseId])
  return c?.shortage ?? false
}

/** The titles of these courses, by id; a course taken off since has none (the caller says so in words). */
export async function courseTitles(db: Queryable, courseIds: string[]): Promise<Map<string, string>> {
  const ids = [...new Set(courseIds)]
  if (ids.length === 0) return new Map()
  const rows = await db.query<{ id: string; title: string }>('SELECT id, title FROM courses WHERE id = ANY($1::text[])', [ids])
  return new Map(rows.map((r) => [r.id, r.title]))
}

export interface CourseStartFacts {
  id: string
  title: string
  startDate: string
  scheduleText: string
  address: string
}

/** Courses starting on `date` (YYYY-MM-DD) with what the 开课提醒 tells the worker: when and where. */
export async function coursesStartingOn(db: Queryable, date: string): Promise<CourseStartFacts[]> {
  const rows = await db.query<{ id: string; title: string; start_date: string; schedule_text: string | null; address: string | null }>(
    `SELECT c.id, c.title, c.start_date::text AS start_date, d.schedule_text, d.address
     FROM courses c LEFT JOIN course_details d ON d.course_id = c.id
     WHERE c.start_date = $1::date ORDER BY c.id`,
    [date]
  )
  return rows.map((r) => ({ id: r.id, title: r.title, startDate: r.start_date, scheduleText: r.schedule_text ?? '', address: r.address ?? '' }))
}
