/** The institution routes and the worker's check-in (contract: src/contract/institution.ts). */
import type { FastifyInstance } from 'fastify'
import {
  routes,
  type Checkin,
  type CheckinCode,
  type ClassSessionList,
  type Completion,
  type InstitutionCourseList,
  type InstitutionMe,
  type MarkAttendance,
  type MySessionList,
  type Roster,
  type StudyHours
} from '../../src/contract'
import {
  attendanceOf,
  attendanceTooLowMessage,
  checkinOpen,
  checkinStep,
  completionRuleFor,
  FAR_CHECKIN_METRES,
  sessionsMissing,
  STUDY_HOURS_MISSING_MESSAGE,
  studyHoursMissing,
  studyHoursTooLowMessage,
  stepEndsAt,
  type CompletionRule
} from '../../src/domain/attendance'
import { distanceKm } from '../../src/domain/geo'
import { ACTIVE_ENROLLMENT_STATUSES, ENROLLMENT_STATUSES } from '../../src/domain/enrollment'
import {
  activeEnrollmentsOf,
  activeEnrollmentsOfUser,
  authenticate,
  enrollmentCountsIn,
  enrollmentFacts,
  markCompleted,
  markInTraining,
  registerAttendanceCounter,
  registerErasure,
  registerExport,
  rosterOf,
  type AccountsContext
} from '../accounts'
import { courseFacts, coursesOfInstitution, institutionName, type InstitutionCourseRow } from '../catalog'
import { ApiError, notFound } from '../errors'
import type { Queryable } from '../db'
import { audit, contractRoute, typed } from '../platform'
import { requireInstitutionStaff } from './auth'
import {
  attendanceByEnrollment,
  attendanceIn,
  attendedPerSession,
  checkinCode,
  ensureSessions,
  parseCheckinCode,
  qrTextOf,
  sessionById,
  sessionsOfCourse,
  sessionsWithAttendance,
  type SessionRow
} from './sessions'

/** How far ahead 我的课次 looks (today included), and at most how many sessions it lists. */
export const MY_SESSIONS_DAYS = 14
export const MY_SESSIONS_MAX = 60

export const TRAINING_MESSAGES = {
  courseNotFound: '没有找到这门课程，或它不是本机构的课程',
  sessionNotFound: '没有找到这节课，或它不是本机构的课程',
  enrollmentNotFound: '没有找到这条报名记录，或它不是本机构课程的报名',
  sessionNotOpen: '现在不是这节课的签到时间（开课前 30 分钟到下课）',
  sessionNotStarted: '这节课还没开始，开课后才能补签',
  codeWrong: '签到码不对，请核对屏幕上的 6 位数字',
  codeExpired: '签到码已过期，请输入屏幕上最新的签到码',
  notEnrolled: '你没有报名这门课，不能签到',
  enrollmentNotActive: '这条报名已取消或已结束，不能再签到或结业',
  notCompletedNotAllowed: '这条报名已取消或已结束，不能结业',
  notOnline: '这门课是线下课，结业看签到出勤，不用录入学时',
  hoursOverTotal: (total: number) => `学时不能超过这门课的总学时 ${total}`
} as const

const statusLabel = (code: string) => ENROLLMENT_STATUSES.find((s) => s.code === code)?.label ?? code

/**
 * COMPLETION_THRESHOLDS: per-region 结业 attendance thresholds over the built-in default (80 %, 地方规定),
 * e.g. `1403=0.85,31=0.8` (GB/T 2260 prefix = share of sessions). Invalid entries refuse to start.
 */
export function completionRulesFromEnv(value: string | undefined): Record<string, CompletionRule> | undefined {
  if (!value || !value.trim()) return undefined
  const out: Record<string, CompletionRule> = {}
  for (const part of value.split(',')) {
    const m = /^\s*([1-8][0-9]{0,5})\s*=\s*(0(\.[0-9]+)?|1(\.0+)?)\s*$/.exec(part)
    if (!m) throw new Error(`COMPLETION_THRESHOLDS: cannot read "${part}" (expected e.g. 1403=0.85)`)
    out[m[1]] = { threshold: Number(m[2]), source: { document: '地方规定', clause: `出勤率不低于 ${Math.round(Number(m[2]) * 100)}%`, guide: false } }
  }
  return out
}

export interface TrainingOptions {
  /** per-region thresholds over the default; default from COMPLETION_THRESHOLDS */
  completionRules?: Record<string, CompletionRule>
}

export function registerTrainingRoutes(app: FastifyInstance, ctx: AccountsContext, opts: TrainingOptions = {}): void {
  const overrides = opts.completionRules ?? completionRulesFromEnv(process.env.COMPLETION_THRESHOLDS)
  const ruleFor = (regionCode: string) => completionRuleFor(regionCode, overrides ? { '': completionRuleFor(''), ...overrides } : undefined)
  // the code key: derived from the data key, so every instance computes the same codes
  const codeKey = ctx.crypto.hmac('checkin-code', 'v1')

  registerAttendanceCounter(async (db, e) => attendanceIn(db, await courseFacts(db, e.courseId), e.userId))
  // the attendance record stays (it backs 结业 and subsidy review); the distance derived from the location goes
  registerErasure(ctx.db, 'training', async (tx, userId, reason) => {
    if (reason !== 'delete') return { summary: 'kept (consent withdrawn)' }
    const rows = await tx.query('UPDATE attendance SET distance_m = NULL WHERE user_id = $1 AND distance_m IS NOT NULL RETURNING session_id', [userId])
    return { summary: `${rows.length} check-in distances cleared` }
  })
  registerExport(ctx.db, 'training', async (tx, user) => {
    const rows = await tx.query<{ session_id: string; course_id: string; method: 'checkin' | 'manual'; at: Date; distance_m: number | null; far: boolean; reason: string | null }>(
      'SELECT session_id, course_id, method, at, distance_m, far, reason FROM attendance WHERE user_id = $1 ORDER BY at, session_id',
      [user.id]
    )
    const studied = await tx.query<{ enrollment_id: string; course_id: string; hours: string | number; note: string; recorded_at: Date }>(
      'SELECT enrollment_id, course_id, hours, note, recorded_at FROM online_study_hours WHERE user_id = $1 ORDER BY recorded_at',
      [user.id]
    )
    return {
      onlineStudyHours: studied.map((r) => ({ enrollmentId: r.enrollment_id, courseId: r.course_id, hours: Number(r.hours), note: r.note, recordedAt: new Date(r.recorded_at).toISOString() })),
      attendance: rows.map((r) => ({
        sessionId: r.session_id,
        courseId: r.course_id,
        method: r.method,
        at: new Date(r.at).toISOString(),
        distanceM: r.distance_m,
        far: r.far,
        reason: r.reason
      }))
    }
  })

  /** The institution's own course, its sessions in step with its schedule; 404 for any other course. */
  async function ownCourse(institutionId: string, courseId: string): Promise<InstitutionCourseRow> {
    const course = await courseFacts(ctx.db, courseId)
    if (!course || course.institutionId !== institutionId) throw notFound(TRAINING_MESSAGES.courseNotFound, 'COURSE_NOT_FOUND')
    await ensureSessions(ctx.db, course)
    return course
  }

  async function ownSession(institutionId: string, sessionId: string): Promise<{ session: SessionRow; course: InstitutionCourseRow }> {
    const session = await sessionById(ctx.db, sessionId)
    const course = session ? await courseFacts(ctx.db, session.courseId) : null
    if (!session || !course || course.institutionId !== institutionId) throw notFound(TRAINING_MESSAGES.sessionNotFound, 'SESSION_NOT_FOUND')
    return { session, course }
  }

  typed(app).route({
    ...contractRoute(routes.institutionMe),
    handler: async (req, reply): Promise<InstitutionMe> => {
      const staff = await requireInstitutionStaff(ctx, req)
      reply.header('cache-control', 'no-store')
      return { institution: { id: staff.institutionId, name: (await institutionName(ctx.db, staff.institutionId)) ?? '' } }
    }
  })

  typed(app).route({
    ...contractRoute(routes.institutionCourses),
    handler: async (req, reply): Promise<InstitutionCourseList> => {
      const staff = await requireInstitutionStaff(ctx, req)
      const courses = await coursesOfInstitution(ctx.db, staff.institutionId)
      for (const c of courses) await ensureSessions(ctx.db, c)
      const counts = await enrollmentCountsIn(ctx.db, courses.map((c) => c.id))
      const sessionCounts = new Map(
        (
          await ctx.db.query<{ course_id: string; n: number }>('SELECT course_id, count(*)::int AS n FROM class_sessions WHERE course_id = ANY($1::text[]) GROUP BY course_id', [
            courses.map((c) => c.id)
          ])
        ).map((r) => [r.course_id, r.n])
      )
      const today = ctx.today()
      reply.header('cache-control', 'no-store')
      return {
        items: courses.map((c) => ({
          id: c.id,
          title: c.title,
          occupationCode: c.occupationCode,
          occupationName: c.occupationName,
          level: c.level,
          mode: c.mode,
          schedule: c.schedule,
          startDate: c.startDate,
          endDate: c.endDate,
          seatsTotal: c.seatsTotal,
          seatsLeft: c.seatsLeft,
          started: c.startDate <= today,
          enrolled: counts.get(c.id) ?? 0,
          sessions: sessionCounts.get(c.id) ?? 0
        }))
      }
    }
  })

  typed(app).route({
    ...contractRoute(routes.institutionRoster),
    handler: async (req, reply): Promise<Roster> => {
      const staff = await requireInstitutionStaff(ctx, req)
      const course = await ownCourse(staff.institutionId, req.params.id)
      const total = (await sessionsOfCourse(ctx.db, course.id)).length
      const attended = await attendanceByEnrollment(ctx.db, course.id)
      const rule = ruleFor(course.regionCode)
      const roster = await rosterOf(ctx, ctx.db, course.id)
      const studied =
        course.mode === 'online'
          ? new Map(
              (await ctx.db.query<{ enrollment_id: string; hours: string | number }>('SELECT enrollment_id, hours FROM online_study_hours WHERE course_id = $1', [course.id])).map((r) => [
                r.enrollment_id,
                Number(r.hours)
              ])
            )
          : null
      reply.header('cache-control', 'no-store')
      return {
        courseId: course.id,
        courseTitle: course.title,
        threshold: rule.threshold,
        thresholdSource: rule.source,
        items: roster.map((r) => {
          const a = attendanceOf(attended.get(r.enrollmentId)?.attended ?? 0, total)
          return {
            enrollmentId: r.enrollmentId,
            maskedName: r.maskedName,
            idNumberMasked: r.idNumberMasked,
            phoneMasked: r.phoneMasked,
            status: r.status,
            statusLabel: statusLabel(r.status),
            attendance: a,
            farCheckins: attended.get(r.enrollmentId)?.far ?? 0,
            canComplete:
              ACTIVE_ENROLLMENT_STATUSES.includes(r.status) &&
              (studied
                ? studyHoursMissing(studied.get(r.enrollmentId) ?? -Infinity, course.totalHours, rule.threshold) === 0
                : a.total === 0 || sessionsMissing(a, rule.threshold) === 0)
          }
        })
      }
    }
  })

  typed(app).route({
    ...contractRoute(routes.institutionSessions),
    handler: async (req, reply): Promise<ClassSessionList> => {
      const staff = await requireInstitutionStaff(ctx, req)
      const course = await ownCourse(staff.institutionId, req.params.id)
      const perSession = await attendedPerSession(ctx.db, course.id)
      const now = ctx.now()
      reply.header('cache-control', 'no-store')
      return {
        items: (await sessionsOfCourse(ctx.db, course.id)).map((s) => ({
          id: s.id,
          startsAt: s.startsAt,
          endsAt: s.endsAt,
          slot: s.slot,
          attended: perSession.get(s.id) ?? 0,
          open: checkinOpen(s, now)
        }))
      }
    }
  })

  typed(app).route({
    ...contractRoute(routes.issueCheckinCode),
    handler: async (req, reply): Promise<CheckinCode> => {
      const staff = await requireInstitutionStaff(ctx, req)
      const { session } = await ownSession(staff.institutionId, req.params.id)
      const now = ctx.now()
      if (!checkinOpen(session, now)) throw new ApiError(422, 'SESSION_NOT_OPEN', TRAINING_MESSAGES.sessionNotOpen)
      const step = checkinStep(now)
      const code = checkinCode(codeKey, session.id, step)
      // recorded so a typed code (6 digits, no session) finds its session
      await ctx.db.query('INSERT INTO checkin_codes (session_id, step, code) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [session.id, step, code])
      reply.header('cache-control', 'no-store')
      return { code, qrText: qrTextOf(session.id, code), expiresAt: stepEndsAt(step).toISOString() }
    }
  })

  typed(app).route({
    ...contractRoute(routes.mySessions),
    handler: async (req, reply): Promise<MySessionList> => {
      // the signed-in worker's own enrollments only (a relative acting for them sees the worker's, like 我的报名)
      const user = await authenticate(ctx, req)
      const enrollments = await activeEnrollmentsOfUser(ctx.db, user.id)
      const courses = (await Promise.all([...new Set(enrollments.map((e) => e.courseId))].map((id) => courseFacts(ctx.db, id)))).filter(
        (c): c is InstitutionCourseRow => !!c && c.mode !== 'online'
      )
      for (const c of courses) await ensureSessions(ctx.db, c)
      const now = ctx.now()
      // from today 00:00 China time, so a class that ended this morning still shows whether it was attended
      const from = new Date(`${ctx.today()}T00:00:00+08:00`)
      const to = new Date(from.getTime() + MY_SESSIONS_DAYS * 86_400_000)
      const sessions = await sessionsWithAttendance(ctx.db, user.id, courses.map((c) => c.id), from, to, MY_SESSIONS_MAX)
      const byId = new Map(courses.map((c) => [c.id, c]))
      const names = new Map<string, string>()
      for (const c of courses) if (!names.has(c.institutionId)) names.set(c.institutionId, (await institutionName(ctx.db, c.institutionId)) ?? '')
      reply.header('cache-control', 'no-store')
      return {
        items: sessions.map((s) => {
          const c = byId.get(s.courseId)!
          return {
            id: s.id,
            courseId: s.courseId,
            courseTitle: c.title,
            institutionName: names.get(c.institutionId) ?? '',
            startsAt: s.startsAt,
            endsAt: s.endsAt,
            slot: s.slot,
            open: checkinOpen(s, now),
            ended: Date.parse(s.endsAt) <= now.getTime(),
            checkedInAt: s.checkedInAt,
            method: s.method
          }
        }),
        from: from.toISOString(),
        to: to.toISOString()
      }
    }
  })

  typed(app).route({
    ...contractRoute(routes.checkin),
    handler: async (req, reply): Promise<Checkin> => {
      const user = await authenticate(ctx, req)
      const body = req.body
      if ((body.lat === undefined) !== (body.lng === undefined)) throw new ApiError(400, 'VALIDATION_FAILED', '位置要同时有纬度和经度', 'lat')
      const { sessionId, code } = parseCheckinCode(body.code)
      const now = ctx.now()
      const step = checkinStep(now)
      // codes of the last day: an older match is expired, not wrong
      const issued = await ctx.db.query<{ session_id: string; step: string }>(
        `SELECT session_id, step FROM checkin_codes WHERE code = $1 AND step >= $2 AND ($3::text IS NULL OR session_id = $3) ORDER BY step DESC LIMIT 20`,
        [code, step - 2880, sessionId]
      )
      // a code is genuine only if it is the HMAC of its session and step (a row alone proves nothing)
      const genuine = issued.filter((r) => checkinCode(codeKey, r.session_id, Number(r.step)) === code)
      if (genuine.length === 0) throw new ApiError(422, 'CODE_WRONG', TRAINING_MESSAGES.codeWrong, 'code')
      const fresh = genuine.filter((r) => Number(r.step) >= step - 1)
      if (fresh.length === 0) throw new ApiError(422, 'CODE_EXPIRED', TRAINING_MESSAGES.codeExpired, 'code')
      const sessions = (await Promise.all([...new Set(fresh.map((r) => r.session_id))].map((id) => sessionById(ctx.db, id)))).filter((s): s is SessionRow => !!s)
      const enrolled = await activeEnrollmentsOf(ctx.db, user.id, [...new Set(sessions.map((s) => s.courseId))])
      const session = sessions.find((s) => enrolled.has(s.courseId))
      if (!session) {
        // already 已结业 in that course: the check-in is moot, say so plainly
        throw new ApiError(403, 'NOT_ENROLLED', TRAINING_MESSAGES.notEnrolled)
      }
      if (!checkinOpen(session, now)) throw new ApiError(422, 'CODE_EXPIRED', TRAINING_MESSAGES.codeExpired, 'code')
      const enrollmentId = enrolled.get(session.courseId)!
      const course = (await courseFacts(ctx.db, session.courseId))!
      const distanceM = body.lat !== undefined && body.lng !== undefined ? Math.round(distanceKm({ lat: body.lat, lng: body.lng }, course) * 1000) : null
      const actor = user.actedBy?.userId ?? user.id
      const result = await ctx.db.transaction(async (tx) => {
        const inserted = await tx.query<{ at: Date }>(
          `INSERT INTO attendance (session_id, user_id, enrollment_id, course_id, method, at, distance_m, far, acted_by)
           VALUES ($1, $2, $3, $4, 'checkin', $5, $6, $7, $8) ON CONFLICT (session_id, user_id) DO NOTHING RETURNING at`,
          [session.id, user.id, enrollmentId, session.courseId, now.toISOString(), distanceM, distanceM !== null && distanceM > FAR_CHECKIN_METRES, user.actedBy?.userId ?? null]
        )
        if (inserted[0]) {
          await markInTraining(tx, enrollmentId)
          await audit(tx, {
            actor,
            action: 'attendance.checkin',
            objectType: 'enrollment',
            objectId: enrollmentId,
            reason: `session ${session.id}${distanceM === null ? '' : ` ${distanceM} m`}${user.actedBy ? ` for the worker by proxy ${user.actedBy.proxyId}` : ''}`
          })
          return { at: new Date(inserted[0].at), already: false }
        }
        const [existing] = await tx.query<{ at: Date }>('SELECT at FROM attendance WHERE session_id = $1 AND user_id = $2', [session.id, user.id])
        return { at: new Date(existing.at), already: true }
      })
      reply.header('cache-control', 'no-store')
      return {
        sessionId: session.id,
        courseId: session.courseId,
        checkedInAt: result.at.toISOString(),
        already: result.already,
        attendance: await attendanceIn(ctx.db, course, user.id)
      }
    }
  })

  typed(app).route({
    ...contractRoute(routes.markAttendance),
    handler: async (req, reply): Promise<MarkAttendance> => {
      const staff = await requireInstitutionStaff(ctx, req)
      const { session, course } = await ownSession(staff.institutionId, req.params.id)
      const body = req.body
      const reason = body.reason.trim()
      if (reason.length < 2) throw new ApiError(400, 'VALIDATION_FAILED', '请写明补签原因', 'reason')
      const enrollment = await enrollmentFacts(ctx.db, body.enrollmentId)
      if (!enrollment || enrollment.courseId !== course.id) throw notFound(TRAINING_MESSAGES.enrollmentNotFound, 'ENROLLMENT_NOT_FOUND')
      if (!ACTIVE_ENROLLMENT_STATUSES.includes(enrollment.status)) throw new ApiError(422, 'ENROLLMENT_NOT_ACTIVE', TRAINING_MESSAGES.enrollmentNotActive)
      const now = ctx.now()
      if (Date.parse(session.startsAt) > now.getTime()) throw new ApiError(422, 'SESSION_NOT_STARTED', TRAINING_MESSAGES.sessionNotStarted)
      const method = await ctx.db.transaction(async (tx) => {
        const inserted = await tx.query(
          `INSERT INTO attendance (session_id, user_id, enrollment_id, course_id, method, at, reason, marked_by)
           VALUES ($1, $2, $3, $4, 'manual', $5, $6, $7) ON CONFLICT (session_id, user_id) DO NOTHING RETURNING session_id`,
          [session.id, enrollment.userId, enrollment.id, course.id, now.toISOString(), reason, staff.userId]
        )
        if (inserted.length === 0) {
          const [row] = await tx.query<{ method: 'checkin' | 'manual' }>('SELECT method FROM attendance WHERE session_id = $1 AND user_id = $2', [session.id, enrollment.userId])
          return row.method
        }
        await markInTraining(tx, enrollment.id)
        await audit(tx, { actor: staff.userId, action: 'attendance.manual', objectType: 'enrollment', objectId: enrollment.id, reason: `session ${session.id}: ${reason}` })
        return 'manual' as const
      })
      reply.header('cache-control', 'no-store')
      return { sessionId: session.id, enrollmentId: enrollment.id, method, attendance: await attendanceIn(ctx.db, course, enrollment.userId) }
    }
  })

  /** Online courses: the study hours recorded for one worker (null when none yet). */
  async function studyHoursOf(db: Queryable, enrollmentId: string): Promise<{ hours: number; note: string } | null> {
    const [row] = await db.query<{ hours: string | number; note: string }>('SELECT hours, note FROM online_study_hours WHERE enrollment_id = $1', [enrollmentId])
    return row ? { hours: Number(row.hours), note: row.note } : null
  }

  typed(app).route({
    ...contractRoute(routes.recordStudyHours),
    handler: async (req, reply): Promise<StudyHours> => {
      const staff = await requireInstitutionStaff(ctx, req)
      const enrollmentId = req.params.id
      const found = await enrollmentFacts(ctx.db, enrollmentId)
      const course = found ? await courseFacts(ctx.db, found.courseId) : null
      if (!found || !course || course.institutionId !== staff.institutionId) throw notFound(TRAINING_MESSAGES.enrollmentNotFound, 'ENROLLMENT_NOT_FOUND')
      if (course.mode !== 'online') throw new ApiError(422, 'NOT_ONLINE_COURSE', TRAINING_MESSAGES.notOnline)
      const hours = Math.round(req.body.hours * 10) / 10
      const note = req.body.note.trim()
      if (note.length < 2) throw new ApiError(400, 'VALIDATION_FAILED', '请写明学时从哪里来（例如学习平台的记录）', 'note')
      if (hours > course.totalHours) throw new ApiError(400, 'VALIDATION_FAILED', TRAINING_MESSAGES.hoursOverTotal(course.totalHours), 'hours')
      const rule = ruleFor(course.regionCode)
      const at = ctx.now()
      await ctx.db.transaction(async (tx) => {
        const e = (await enrollmentFacts(tx, enrollmentId, { lock: true }))!
        if (!ACTIVE_ENROLLMENT_STATUSES.includes(e.status)) throw new ApiError(422, 'ENROLLMENT_NOT_ACTIVE', TRAINING_MESSAGES.enrollmentNotActive)
        const before = await studyHoursOf(tx, enrollmentId)
        await tx.query(
          `INSERT INTO online_study_hours (enrollment_id, user_id, course_id, hours, note, recorded_by, recorded_at) VALUES ($1, $7, $2, $3, $4, $5, $6)
           ON CONFLICT (enrollment_id) DO UPDATE SET hours = EXCLUDED.hours, note = EXCLUDED.note, recorded_by = EXCLUDED.recorded_by, recorded_at = EXCLUDED.recorded_at`,
          [enrollmentId, course.id, hours, note, staff.userId, at.toISOString(), e.userId]
        )
        await audit(tx, {
          actor: staff.userId,
          action: 'study_hours.record',
          objectType: 'enrollment',
          objectId: enrollmentId,
          reason: `${before ? `${before.hours} → ` : ''}${hours} of ${course.totalHours} hours: ${note}`
        })
      })
      reply.header('cache-control', 'no-store')
      return { enrollmentId, hours, requiredHours: course.totalHours, threshold: rule.threshold, recordedAt: at.toISOString() }
    }
  })

  typed(app).route({
    ...contractRoute(routes.completeEnrollment),
    handler: async (req, reply): Promise<Completion> => {
      const staff = await requireInstitutionStaff(ctx, req)
      const enrollmentId = req.params.id
      const found = await enrollmentFacts(ctx.db, enrollmentId)
      const course = found ? await courseFacts(ctx.db, found.courseId) : null
      if (!found || !course || course.institutionId !== staff.institutionId) throw notFound(TRAINING_MESSAGES.enrollmentNotFound, 'ENROLLMENT_NOT_FOUND')
      await ensureSessions(ctx.db, course)
      const rule = ruleFor(course.regionCode)
      const result = await ctx.db.transaction(async (tx) => {
        const e = (await enrollmentFacts(tx, enrollmentId, { lock: true }))!
        const attendance = await attendanceIn(tx, course, e.userId)
        if (e.status === 'completed') return { e, attendance }
        if (!ACTIVE_ENROLLMENT_STATUSES.includes(e.status)) throw new ApiError(422, 'ENROLLMENT_NOT_ACTIVE', TRAINING_MESSAGES.notCompletedNotAllowed)
        let measured: string
        if (course.mode === 'online') {
          // no sessions to attend: the study hours the institution recorded from its learning platform decide
          const study = await studyHoursOf(tx, e.id)
          if (!study) throw new ApiError(422, 'STUDY_HOURS_MISSING', STUDY_HOURS_MISSING_MESSAGE)
          const short = studyHoursMissing(study.hours, course.totalHours, rule.threshold)
          if (short > 0) throw new ApiError(422, 'STUDY_HOURS_TOO_LOW', studyHoursTooLowMessage(short, study.hours, course.totalHours, rule.threshold))
          measured = `online study ${study.hours}/${course.totalHours} hours (${study.note})`
        } else {
          const missing = attendance.total === 0 ? 0 : sessionsMissing(attendance, rule.threshold)
          if (missing > 0) throw new ApiError(422, 'ATTENDANCE_TOO_LOW', attendanceTooLowMessage(missing, attendance, rule.threshold))
          measured = `attendance ${attendance.attended}/${attendance.total}`
        }
        const at = ctx.now()
        await markCompleted(tx, e.id, staff.userId, at)
        await audit(tx, {
          actor: staff.userId,
          action: 'enrollment.complete',
          objectType: 'enrollment',
          objectId: e.id,
          reason: `${measured}, threshold ${rule.threshold} (${rule.source.document})`
        })
        return { e: { ...e, status: 'completed' as const, completedAt: at.toISOString() }, attendance }
      })
      reply.header('cache-control', 'no-store')
      return { enrollmentId: result.e.id, status: result.e.status, completedAt: result.e.completedAt!, attendance: result.attendance }
    }
  })
}
