/**
 * Enrollments seen from the training capability (花名册, check-in, 结业): who is enrolled in a course with their
 * personal data masked, one enrollment's facts, the status steps 培训中 and 已结业. Attendance lives in
 * server/training, which builds on accounts; it registers its counter here so 我的报名 can show it.
 */
import type { Attendance } from '../../src/contract'
import type { EnrollmentStatus } from '../../src/domain/enrollment'
import { maskIdNumber, maskName, maskPhone } from '../../src/domain/masking'
import type { Queryable } from '../db'
import type { AccountsContext } from './context'

export type AttendanceCounter = (db: Queryable, enrollment: { id: string; courseId: string; userId: string }) => Promise<Attendance | null>

/** Until training registers (a server without it), enrollments carry no attendance. */
let counter: AttendanceCounter = async () => null
export function registerAttendanceCounter(fn: AttendanceCounter): void {
  counter = fn
}
export const attendanceOfEnrollment: AttendanceCounter = (db, e) => counter(db, e)

export interface RosterRow {
  enrollmentId: string
  userId: string
  status: EnrollmentStatus
  maskedName: string
  idNumberMasked: string | null
  phoneMasked: string | null
}

/** Everyone enrolled in a course (cancelled ones left out), in sign-up order; names and numbers masked. */
export async function rosterOf(ctx: Pick<AccountsContext, 'crypto'>, db: Queryable, courseId: string): Promise<RosterRow[]> {
  const rows = await db.query<{ id: string; user_id: string; status: EnrollmentStatus; real_name: string | null; id_number_enc: string | null; phone_enc: string | null; login_phone: string | null }>(
    `SELECT e.id, e.user_id, e.status, p.real_name, p.id_number_enc, p.phone_enc, u.phone_enc AS login_phone
     FROM enrollments e JOIN users u ON u.id = e.user_id LEFT JOIN profiles p ON p.user_id = e.user_id
     WHERE e.course_id = $1 AND e.status <> 'cancelled' ORDER BY e.created_at, e.id`,
    [courseId]
  )
  return rows.map((r) => {
    const phoneEnc = r.phone_enc ?? r.login_phone
    return {
      enrollmentId: r.id,
      userId: r.user_id,
      status: r.status,
      maskedName: r.real_name ? maskName(r.real_name) : '（未填姓名）',
      idNumberMasked: r.id_number_enc ? maskIdNumber(ctx.crypto.decrypt(r.id_number_enc)) : null,
      phoneMasked: phoneEnc ? maskPhone(ctx.crypto.decrypt(phoneEnc)) : null
    }
  })
}

export interface EnrollmentFacts {
  id: string
  userId: string
  courseId: string
  status: EnrollmentStatus
  completedAt: string | null
}

export async function enrollmentFacts(db: Queryable, enrollmentId: string, opts: { lock?: boolean } = {}): Promise<EnrollmentFacts | null> {
  const [r] = await db.query<{ id: string; user_id: string; course_id: string; status: EnrollmentStatus; completed_at: Date | null }>(
    `SELECT id, user_id, course_id, status, completed_at FROM enrollments WHERE id = $1${opts.lock ? ' FOR UPDATE' : ''}`,
    [enrollmentId]
  )
  return r ? { id: r.id, userId: r.user_id, courseId: r.course_id, status: r.status, completedAt: r.completed_at ? new Date(r.completed_at).toISOString() : null } : null
}

/** The worker's enrollment still on (已报名 / 已确认 / 培训中) in one of these courses, per course. */
export async function activeEnrollmentsOf(db: Queryable, userId: string, courseIds: readonly string[]): Promise<Map<string, string>> {
  if (courseIds.length === 0) return new Map()
  const rows = await db.query<{ id: string; course_id: string }>(
    `SELECT id, course_id FROM enrollments WHERE user_id = $1 AND course_id = ANY($2::text[]) AND status IN ('registered', 'confirmed', 'in_training')`,
    [userId, courseIds]
  )
  return new Map(rows.map((r) => [r.course_id, r.id]))
}

/** Every enrollment of the worker still on (已报名 / 已确认 / 培训中), oldest first. */
export async function activeEnrollmentsOfUser(db: Queryable, userId: string): Promise<{ id: string; courseId: string }[]> {
  const rows = await db.query<{ id: string; course_id: string }>(
    `SELECT id, course_id FROM enrollments WHERE user_id = $1 AND status IN ('registered', 'confirmed', 'in_training') ORDER BY created_at, id`,
    [userId]
  )
  return rows.map((r) => ({ id: r.id, courseId: r.course_id }))
}

/** The first attended session moves 已报名 / 已确认 to 培训中. */
export async function markInTraining(tx: Queryable, enrollmentId: string): Promise<void> {
  await tx.query(`UPDATE enrollments SET status = 'in_training' WHERE id = $1 AND status IN ('registered', 'confirmed')`, [enrollmentId])
}

/** 已结业: only from an enrollment still on; false when it is not (cancelled, already finished). */
export async function markCompleted(tx: Queryable, enrollmentId: string, by: string, at: Date): Promise<boolean> {
  const rows = await tx.query(
    `UPDATE enrollments SET status = 'completed', completed_at = $3, completed_by = $2
     WHERE id = $1 AND status IN ('registered', 'confirmed', 'in_training') RETURNING id`,
    [enrollmentId, by, at.toISOString()]
  )
  return rows.length > 0
}

/** Enrollments per course that are on or finished (not cancelled). */
export async function enrollmentCountsIn(db: Queryable, courseIds: readonly string[]): Promise<Map<string, number>> {
  if (courseIds.length === 0) return new Map()
  const rows = await db.query<{ course_id: string; n: number }>(
    `SELECT course_id, count(*)::int AS n FROM enrollments WHERE course_id = ANY($1::text[]) AND status <> 'cancelled' GROUP BY course_id`,
    [courseIds]
  )
  return new Map(rows.map((r) => [r.course_id, r.n]))
}
