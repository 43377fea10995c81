/** Sign-up (idempotent, one transaction, seats by conditional UPDATE), my enrollments, cancel, eligibility. */
import { createHash } from 'node:crypto'
import { CourseSummarySchema, type CourseSummary, type Eligibility, type Enrollment } from '../../src/contract'
import type { WorkerGroup } from '../../src/domain/catalog'
import { SIGNUP_FIELDS } from '../../src/domain/profile'
import { eligibilityFor } from '../../src/domain/eligibility'
import { canCancel, nextStepFor, signupClosedFor, type EnrollmentStatus } from '../../src/domain/enrollment'
import { getCourse } from '../catalog'
import { releaseSeat, takeSeat } from '../catalog'
import { courseStartDate, firstOverlappingCourse, isShortageCourse, lockCourseForSignup } from '../catalog'
import { getStation } from '../roles'
import { ApiError, notFound } from '../errors'
import { newId } from '../crypto'
import type { Queryable } from '../db'
import { audit } from '../platform'
import { lockUser, type AuthUser } from './auth'
import type { AccountsContext } from './context'
import { getProfileRow, missingFor, requireConsent } from './profile'
import { actedByLabels } from './acted-by'
import { attendanceOfEnrollment } from './roster'

const ACTIVE_SQL = `('registered', 'confirmed', 'in_training')`
const SUMMARY_KEYS = Object.keys(CourseSummarySchema.properties) as (keyof CourseSummary)[]
export const ENROLLMENT_NOT_FOUND = '没有找到这条报名记录'
const COURSE_NOT_FOUND = '没有找到这门课程，可能已经下架了'

async function courseSummary(ctx: AccountsContext, db: Queryable, courseId: string): Promise<CourseSummary> {
  const detail = await getCourse(db, ctx.regions, courseId)
  if (!detail) throw notFound(COURSE_NOT_FOUND, 'COURSE_NOT_FOUND')
  const out: Record<string, unknown> = {}
  for (const k of SUMMARY_KEYS) if (detail[k] !== undefined) out[k] = detail[k]
  return out as CourseSummary
}

interface EnrollmentRow {
  id: string
  user_id: string
  acted_by: string | null
  course_id: string
  status: EnrollmentStatus
  created_at: Date
  cancelled_at: Date | null
  completed_at?: Date | null
}

async function toEnrollment(ctx: AccountsContext, db: Queryable, r: EnrollmentRow): Promise<Enrollment> {
  const course = await courseSummary(ctx, db, r.course_id)
  const today = ctx.today()
  const attendance = r.status === 'cancelled' ? null : await attendanceOfEnrollment(db, { id: r.id, courseId: r.course_id, userId: r.user_id })
  return {
    id: r.id,
    status: r.status,
    createdAt: new Date(r.created_at).toISOString(),
    cancelledAt: r.cancelled_at ? new Date(r.cancelled_at).toISOString() : null,
    course,
    nextStep: nextStepFor(r.status, course.startDate, today),
    canCancel: canCancel(r.status, course.startDate, today),
    ...(r.acted_by ? { actedBy: (await actedByLabels(ctx, db, r.user_id, [r.acted_by])).get(r.acted_by) } : {}),
    ...(attendance ? { attendance } : {}),
    ...(r.completed_at ? { completedAt: new Date(r.completed_at).toISOString() } : {})
  }
}

export interface StoredResponse {
  status: number
  body: unknown
}

const fingerprintOf = (body: unknown) => createHash('sha256').update(`POST /api/v1/enrollments\n${JSON.stringify(body)}`).digest('base64url')

async function storedResponse(db: Queryable, userId: string, key: string, fingerprint: string): Promise<StoredResponse | null> {
  const rows = await db.query<{ fingerprint: string; response_status: number; response_body: unknown }>(
    'SELECT fingerprint, response_status, response_body FROM idempotency_keys WHERE user_id = $1 AND key = $2',
    [userId, key]
  )
  const r = rows[0]
  if (!r) return null
  if (r.fingerprint !== fingerprint) {
    throw new ApiError(422, 'IDEMPOTENCY_KEY_REUSED', '这个请求编号已用于另一次不同的报名，请刷新后重试')
  }
  return { status: r.response_status, body: typeof r.response_body === 'string' ? JSON.parse(r.response_body) : r.response_body }
}

const isUniqueViolation = (err: unknown) => (err as { code?: string })?.code === '23505'

/** Outcomes worth replaying for the same key: success and the business refusals (not auth, not malformed input). */
const REPLAYABLE = new Set([404, 409, 422])

/** Who brought the sign-up: the worker alone (optionally through a station's QR code), or a station's staff member. */
export type EnrollmentSource =
  | { kind: 'self'; referralStationId?: string | null }
  | { kind: 'station'; stationId: string; staffUserId: string }

/** The worker being enrolled: their account id and login phone (the profile's phone wins when set). */
export type EnrollWorker = Pick<AuthUser, 'id' | 'phoneEnc'>

/**
 * The sign-up rules, inside the caller's transaction: one sign-up at a time per worker, then per course;
 * consent, open for sign-up, complete profile, no double or overlapping enrollment, a seat by conditional
 * UPDATE. Throws ApiError (before any write) when a rule refuses; on success the enrollment and its audit
 * row are written. Self sign-up (below) and station sign-up (server/staff) both go through here.
 */
export async function enrollWorker(
  ctx: AccountsContext,
  tx: Queryable,
  worker: EnrollWorker,
  courseId: string,
  source: EnrollmentSource
): Promise<Enrollment> {
  await lockUser(tx, worker.id)
  await requireConsent(tx, worker.id)
  const course = await lockCourseForSignup(tx, courseId)
  if (!course) throw notFound(COURSE_NOT_FOUND, 'COURSE_NOT_FOUND')
  const closed = signupClosedFor(course, ctx.today())
  // a full course is refused below, after the worker's own checks, by the atomic seat update
  if (closed && closed.code !== 'COURSE_FULL') throw new ApiError(409, closed.code, closed.message)

  const user = worker as AuthUser
  const missing = missingFor(await getProfileRow(ctx, tx, user), user)
  if (missing.length > 0) {
    const names = missing.map((m) => SIGNUP_FIELDS.find((f) => f.code === m)?.label ?? m).join('、')
    throw new ApiError(422, 'PROFILE_INCOMPLETE', `报名前请先补充：${names}`)
  }
  const active = (await tx.query<{ course_id: string }>(`SELECT course_id FROM enrollments WHERE user_id = $1 AND status IN ${ACTIVE_SQL}`, [worker.id])).map(
    (a) => a.course_id
  )
  if (active.includes(course.id)) throw new ApiError(409, 'ALREADY_ENROLLED', '你已经报名了这门课程')
  const clash = await firstOverlappingCourse(tx, active, course)
  if (clash) throw new ApiError(409, 'SCHEDULE_OVERLAP', `和你已报名的「${clash.title}」上课时间冲突，不能同时报名`)
  if ((await takeSeat(tx, course.id)) === null) throw new ApiError(409, 'COURSE_FULL', '名额已满，可以看看其他课程')

  const id = newId('enr')
  // a relative acting for the worker (亲情代办): the sign-up is the worker's, made by the relative
  const actedBy = (worker as AuthUser).actedBy?.userId ?? null
  const stationId = source.kind === 'station' ? source.stationId : (source.referralStationId ?? null)
  const staffUserId = source.kind === 'station' ? source.staffUserId : null
  const [row] = await tx.query<EnrollmentRow>(
    `INSERT INTO enrollments (id, user_id, course_id, status, created_at, source, station_id, staff_user_id, acted_by)
     VALUES ($1, $2, $3, 'registered', $4, $5, $6, $7, $8)
     RETURNING id, user_id, course_id, status, created_at, cancelled_at, acted_by`,
    [id, worker.id, course.id, ctx.now().toISOString(), source.kind, stationId, staffUserId, actedBy]
  )
  await audit(tx, {
    actor: staffUserId ?? actedBy ?? worker.id,
    action: 'enrollment.create',
    objectType: 'enrollment',
    objectId: id,
    reason: source.kind === 'station' ? `course ${course.id} at station ${source.stationId}` : `course ${course.id}${stationId ? ` via station ${stationId}` : ''}`
  })
  return toEnrollment(ctx, tx, row)
}

export async function createEnrollment(
  ctx: AccountsContext,
  user: AuthUser,
  key: string,
  body: { courseId: string; stationId?: string }
): Promise<StoredResponse> {
  const fingerprint = fingerprintOf(body)
  const earlier = await storedResponse(ctx.db, user.id, key, fingerprint)
  if (earlier) return earlier
  await requireConsent(ctx.db, user.id)
  try {
    return await ctx.db.transaction(async (tx) => {
      // one sign-up at a time per worker (the same key waits here for the first attempt's result)
      await lockUser(tx, user.id)
      const again = await storedResponse(tx, user.id, key, fingerprint)
      if (again) return again
      // a referral to a station that does not exist is ignored, not an error: the worker came for the course
      const referral = body.stationId ? await existingStation(tx, body.stationId) : null
      const enrollment = await enrollWorker(ctx, tx, user, body.courseId, { kind: 'self', referralStationId: referral })
      const response = { status: 201, body: enrollment }
      await tx.query(
        'INSERT INTO idempotency_keys (user_id, key, fingerprint, response_status, response_body, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
        [user.id, key, fingerprint, response.status, JSON.stringify(response.body), ctx.now().toISOString()]
      )
      return response
    })
  } catch (err) {
    if (isUniqueViolation(err)) {
      // a concurrent request with the same key won (PostgreSQL): answer with its result
      const winner = await storedResponse(ctx.db, user.id, key, fingerprint)
      if (winner) return winner
      throw new ApiError(409, 'ALREADY_ENROLLED', '你已经报名了这门课程')
    }
    if (err instanceof ApiError && REPLAYABLE.has(err.statusCode)) {
      const body = { code: err.code, message: err.message }
      await ctx.db.query(
        `INSERT INTO idempotency_keys (user_id, key, fingerprint, response_status, response_body, created_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (user_id, key) DO NOTHING`,
        [user.id, key, fingerprint, err.statusCode, JSON.stringify(body), ctx.now().toISOString()]
      )
      return (await storedResponse(ctx.db, user.id, key, fingerprint)) ?? { status: err.statusCode, body }
    }
    throw err
  }
}

async function existingStation(db: Queryable, stationId: string): Promise<string | null> {
  return (await getStation(db, stationId))?.id ?? null
}

export async function myEnrollments(ctx: AccountsContext, user: AuthUser, db: Queryable = ctx.db): Promise<{ items: Enrollment[] }> {
  const rows = await db.query<EnrollmentRow>(
    'SELECT id, user_id, course_id, status, created_at, cancelled_at, acted_by, completed_at FROM enrollments WHERE user_id = $1 ORDER BY created_at DESC, id',
    [user.id]
  )
  const items: Enrollment[] = []
  for (const r of rows) items.push(await toEnrollment(ctx, db, r))
  return { items }
}

export async function cancelEnrollment(ctx: AccountsContext, user: AuthUser, enrollmentId: string): Promise<Enrollment> {
  return ctx.db.transaction(async (tx) => {
    await lockUser(tx, user.id)
    // another user's enrollment is "not found": existence is not leaked
    const [e] = await tx.query<EnrollmentRow>(
      `SELECT id, user_id, course_id, status, created_at, cancelled_at, acted_by FROM enrollments WHERE id = $1 AND user_id = $2 FOR UPDATE`,
      [enrollmentId, user.id]
    )
    if (!e) throw notFound(ENROLLMENT_NOT_FOUND, 'ENROLLMENT_NOT_FOUND')
    const startDate = await courseStartDate(tx, e.course_id)
    if (startDate === null) throw notFound(COURSE_NOT_FOUND, 'COURSE_NOT_FOUND')
    if (!canCancel(e.status, startDate, ctx.today())) {
      throw new ApiError(409, 'CANNOT_CANCEL', e.status === 'cancelled' ? '这条报名已经取消了' : '课程已开课或报名已结束，不能再取消')
    }
    const [row] = await tx.query<EnrollmentRow>(
      `UPDATE enrollments SET status = 'cancelled', cancelled_at = $2 WHERE id = $1 RETURNING id, user_id, course_id, status, created_at, cancelled_at, acted_by`,
      [e.id, ctx.now().toISOString()]
    )
    await releaseSeat(tx, e.course_id)
    await audit(tx, {
      actor: user.actedBy?.userId ?? user.id,
      action: 'enrollment.cancel',
      objectType: 'enrollment',
      objectId: e.id,
      reason: user.actedBy ? `cancelled for the worker by proxy ${user.actedBy.proxyId}` : 'cancelled by worker'
    })
    return toEnrollment(ctx, tx, row)
  })
}

export async function courseEligibility(ctx: AccountsContext, user: AuthUser, courseId: string): Promise<Eligibility> {
  // the catalogue's own reader (it knows where each column lives); shortage is not part of the detail shape
  const c = await getCourse(ctx.db, ctx.regions, courseId)
  if (!c) throw notFound(COURSE_NOT_FOUND, 'COURSE_NOT_FOUND')
  const shortage = await isShortageCourse(ctx.db, courseId)
  const profile = await getProfileRow(ctx, ctx.db, user)
  const employment = profile?.employment_status ?? null
  const items = eligibilityFor(
    {
      regionCode: c.regionCode,
      level: c.level,
      certificateKind: c.certificateKind,
      subsidized: c.subsidized,
      shortageOccupation: shortage,
      occupationCode: c.occupationCode,
      eligibleGroups: c.eligibleGroups as WorkerGroup[],
      startDate: c.startDate
    },
    {
      groups: profile?.groups ?? [],
      employed: employment === null ? null : employment !== 'unemployed',
      insuredLocally: profile?.insured_locally ?? null,
      // no subsidy claims exist yet (claims arrive with a later issue)
      paid: []
    }
  )
  return { courseId, items, missingForSignup: missingFor(profile, user) }
}

/** Enrollments still on (not cancelled, not finished) in these courses: who the 开课提醒 goes to. */
export async function activeEnrollmentsIn(db: Queryable, courseIds: readonly string[]): Promise<{ id: string; userId: string; courseId: string }[]> {
  if (courseIds.length === 0) return []
  const rows = await db.query<{ id: string; user_id: string; course_id: string }>(
    `SELECT id, user_id, course_id FROM enrollments WHERE course_id = ANY($1::text[]) AND status IN ('registered', 'confirmed') ORDER BY id`,
    [courseIds]
  )
  return rows.map((r) => ({ id: r.id, userId: r.user_id, courseId: r.course_id }))
}

/**
 * Holds an enrollment against cancellation until `tx` ends; false when it is no longer on. A reminder sent
 * in the same transaction then never reaches a worker who cancelled a moment before.
 */
export async function lockEnrollmentIfActive(tx: Queryable, enrollmentId: string): Promise<boolean> {
  const rows = await tx.query(`SELECT id FROM enrollments WHERE id = $1 AND status IN ('registered', 'confirmed') FOR SHARE`, [enrollmentId])
  return rows.length > 0
}
