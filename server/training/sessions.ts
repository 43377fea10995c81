/**
 * Class sessions (课次) stored per course, generated from the schedule on first use and regenerated when the
 * schedule or dates change; attendance counts; the rotating check-in codes (HMAC of session and time step).
 */
import { createHash, createHmac } from 'node:crypto'
import type { Attendance } from '../../src/contract'
import { planFingerprint, planSessions, type PlannedSession } from '../../src/domain/class-sessions'
import { attendanceOf } from '../../src/domain/attendance'
import type { ScheduleSlot } from '../../src/domain/catalog'
import type { InstitutionCourseRow } from '../catalog'
import type { Db, Queryable } from '../db'

export interface SessionRow {
  id: string
  courseId: string
  slot: ScheduleSlot
  startsAt: string
  endsAt: string
}

/** Stable id of a planned session: the same course, day and slot always give the same id. */
export const sessionIdOf = (courseId: string, date: string, slot: ScheduleSlot): string =>
  `ses_${createHash('sha256').update(`${courseId}|${date}|${slot}`).digest('hex').slice(0, 20)}`

type PlanCourse = Pick<InstitutionCourseRow, 'id' | 'mode' | 'schedule' | 'startDate' | 'endDate'>

const planOf = (course: PlanCourse): (PlannedSession & { id: string })[] =>
  planSessions(course).map((s) => ({ ...s, id: sessionIdOf(course.id, s.date, s.slot) }))

/**
 * Makes the stored sessions match the course's current plan (idempotent, safe under concurrency): missing ones
 * are added, ones no longer planned are removed unless somebody attended them.
 */
export async function ensureSessions(db: Db, course: PlanCourse): Promise<void> {
  const fingerprint = planFingerprint(course)
  const [plan] = await db.query<{ fingerprint: string }>('SELECT fingerprint FROM class_session_plans WHERE course_id = $1', [course.id])
  if (plan?.fingerprint === fingerprint) return
  const planned = planOf(course)
  await db.transaction(async (tx) => {
    if (planned.length > 0) {
      await tx.query(
        `INSERT INTO class_sessions (id, course_id, slot, starts_at, ends_at)
         SELECT x.id, $1, x.slot, x.starts_at, x.ends_at FROM jsonb_to_recordset($2::jsonb) AS x(id text, slot text, starts_at timestamptz, ends_at timestamptz)
         ON CONFLICT (id) DO NOTHING`,
        [course.id, JSON.stringify(planned.map((s) => ({ id: s.id, slot: s.slot, starts_at: s.startsAt, ends_at: s.endsAt })))]
      )
    }
    await tx.query(
      `DELETE FROM class_sessions s WHERE s.course_id = $1 AND NOT (s.id = ANY($2::text[]))
         AND NOT EXISTS (SELECT 1 FROM attendance a WHERE a.session_id = s.id)`,
      [course.id, planned.map((s) => s.id)]
    )
    await tx.query(
      `INSERT INTO class_session_plans (course_id, fingerprint, planned_at) VALUES ($1, $2, now())
       ON CONFLICT (course_id) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, planned_at = EXCLUDED.planned_at`,
      [course.id, fingerprint]
    )
  })
}

interface RawSession {
  id: string
  course_id: string
  slot: ScheduleSlot
  starts_at: Date
  ends_at: Date
}
const toSession = (r: RawSession): SessionRow => ({
  id: r.id,
  courseId: r.course_id,
  slot: r.slot,
  startsAt: new Date(r.starts_at).toISOString(),
  endsAt: new Date(r.ends_at).toISOString()
})

export async function sessionsOfCourse(db: Queryable, courseId: string): Promise<SessionRow[]> {
  const rows = await db.query<RawSession>('SELECT id, course_id, slot, starts_at, ends_at FROM class_sessions WHERE course_id = $1 ORDER BY starts_at, id', [courseId])
  return rows.map(toSession)
}

export async function sessionById(db: Queryable, id: string): Promise<SessionRow | null> {
  const [row] = await db.query<RawSession>('SELECT id, course_id, slot, starts_at, ends_at FROM class_sessions WHERE id = $1', [id])
  return row ? toSession(row) : null
}

/**
 * A worker's attendance in a course, read-only (it runs inside other transactions, e.g. sign-up): the sessions of
 * the current plan plus any attended session no longer planned; attended = sessions checked in or 补签.
 */
export async function attendanceIn(db: Queryable, course: PlanCourse | null, userId: string): Promise<Attendance> {
  if (!course) return attendanceOf(0, 0)
  const planned = new Set(planOf(course).map((s) => s.id))
  const rows = await db.query<{ session_id: string }>('SELECT session_id FROM attendance WHERE course_id = $1 AND user_id = $2', [course.id, userId])
  const extra = rows.filter((r) => !planned.has(r.session_id)).length
  return attendanceOf(rows.length, planned.size + extra)
}

/** Sessions attended per enrollment of one course (check-ins and 补签), and the far-away check-ins among them. */
export async function attendanceByEnrollment(db: Queryable, courseId: string): Promise<Map<string, { attended: number; far: number }>> {
  const rows = await db.query<{ enrollment_id: string; attended: number; far: number }>(
    `SELECT enrollment_id, count(*)::int AS attended, count(*) FILTER (WHERE far)::int AS far FROM attendance WHERE course_id = $1 GROUP BY enrollment_id`,
    [courseId]
  )
  return new Map(rows.map((r) => [r.enrollment_id, { attended: r.attended, far: r.far }]))
}

export async function attendedPerSession(db: Queryable, courseId: string): Promise<Map<string, number>> {
  const rows = await db.query<{ session_id: string; n: number }>('SELECT session_id, count(*)::int AS n FROM attendance WHERE course_id = $1 GROUP BY session_id', [courseId])
  return new Map(rows.map((r) => [r.session_id, r.n]))
}

/** The 6-digit code of a session in one time step (keyed by a secret derived from the server's data key). */
export function checkinCode(key: string, sessionId: string, step: number): string {
  const mac = createHmac('sha256', key).update(`${sessionId}:${step}`).digest()
  return String(mac.readUInt32BE(0) % 1_000_000).padStart(6, '0')
}

export const qrTextOf = (sessionId: string, code: string): string => `zsb-checkin:${sessionId}:${code}`

export function parseCheckinCode(value: string): { sessionId: string | null; code: string } {
  const m = /^zsb-checkin:(ses_[0-9a-z]{1,24}):([0-9]{6})$/.exec(value)
  return m ? { sessionId: m[1], code: m[2] } : { sessionId: null, code: value }
}

/** The sessions of these courses overlapping [from, to), with this worker's attendance in each (earliest first). */
export async function sessionsWithAttendance(
  db: Queryable,
  userId: string,
  courseIds: readonly string[],
  from: Date,
  to: Date,
  limit: number
): Promise<(SessionRow & { checkedInAt: string | null; method: 'checkin' | 'manual' | null })[]> {
  if (courseIds.length === 0) return []
  const rows = await db.query<RawSession & { at: Date | null; method: 'checkin' | 'manual' | null }>(
    `SELECT s.id, s.course_id, s.slot, s.starts_at, s.ends_at, a.at, a.method
     FROM class_sessions s LEFT JOIN attendance a ON a.session_id = s.id AND a.user_id = $1
     WHERE s.course_id = ANY($2::text[]) AND s.ends_at > $3 AND s.starts_at < $4
     ORDER BY s.starts_at, s.id LIMIT $5`,
    [userId, courseIds, from.toISOString(), to.toISOString(), limit]
  )
  return rows.map((r) => ({ ...toSession(r), checkedInAt: r.at ? new Date(r.at).toISOString() : null, method: r.method }))
}
