/**
 * 培训机构 workbench and the training lifecycle: the institution's courses, 花名册, class sessions (课次),
 * rotating check-in codes, 补签, 结业, and the worker's check-in. Every institution route answers only for the
 * caller's own institution (another institution's course or session → 404).
 */
import { Type, type Static } from '@sinclair/typebox'
import { IdParamSchema, ScheduleSlotSchema, TrainingModeSchema, type RouteContract } from './common'
import { ENROLLMENT_STATUSES } from '../domain/enrollment'

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(s: T) => Type.Union([s, Type.Null()])
const EnrollmentStatusSchema = Type.Unsafe<(typeof ENROLLMENT_STATUSES)[number]['code']>({
  type: 'string',
  enum: ENROLLMENT_STATUSES.map((s) => s.code),
  title: '报名状态'
})

export const InstitutionMeSchema = Type.Object({ institution: Type.Object({ id: Type.String(), name: Type.String() }) })
export type InstitutionMe = Static<typeof InstitutionMeSchema>

/** Attendance of one worker in one course: sessions attended (checked in or 补签) of all the course's sessions. */
export const AttendanceSchema = Type.Object({
  attended: Type.Integer(),
  total: Type.Integer(),
  /** attended / total, 0…1 (0 when the course has no sessions) */
  rate: Type.Number()
})
export type Attendance = Static<typeof AttendanceSchema>

export const InstitutionCourseSchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  occupationCode: Type.String(),
  occupationName: Type.String(),
  level: Type.String(),
  mode: TrainingModeSchema,
  schedule: Type.Array(ScheduleSlotSchema),
  startDate: Type.String(),
  endDate: Type.String(),
  seatsTotal: Type.Integer(),
  seatsLeft: Type.Integer(),
  /** the course has begun (start date on or before today) */
  started: Type.Boolean(),
  /** active enrollments (已报名 / 已确认 / 培训中) and 已结业 */
  enrolled: Type.Integer(),
  /** class sessions generated from the schedule (online courses have none) */
  sessions: Type.Integer()
})
export type InstitutionCourse = Static<typeof InstitutionCourseSchema>
export const InstitutionCourseListSchema = Type.Object({ items: Type.Array(InstitutionCourseSchema) })
export type InstitutionCourseList = Static<typeof InstitutionCourseListSchema>

export const RosterEntrySchema = Type.Object({
  enrollmentId: Type.String(),
  /** e.g. 张*三 */
  maskedName: Type.String(),
  idNumberMasked: Nullable(Type.String()),
  phoneMasked: Nullable(Type.String()),
  status: EnrollmentStatusSchema,
  statusLabel: Type.String(),
  attendance: AttendanceSchema,
  /** check-ins far from the venue (flagged for the institution, not refused) */
  farCheckins: Type.Integer(),
  /** 结业 is allowed now (attendance at or above the region's threshold, enrollment active) */
  canComplete: Type.Boolean()
})
export type RosterEntry = Static<typeof RosterEntrySchema>
export const RosterSchema = Type.Object({
  courseId: Type.String(),
  courseTitle: Type.String(),
  /** the region's 结业 attendance threshold, 0…1, and where it comes from */
  threshold: Type.Number(),
  thresholdSource: Type.Object({ document: Type.String(), clause: Type.String(), guide: Type.Boolean() }),
  items: Type.Array(RosterEntrySchema)
})
export type Roster = Static<typeof RosterSchema>

export const ClassSessionSchema = Type.Object({
  id: Type.String(),
  /** ISO timestamps */
  startsAt: Type.String(),
  endsAt: Type.String(),
  slot: ScheduleSlotSchema,
  /** workers checked in or marked 补签 */
  attended: Type.Integer(),
  /** the check-in window (30 min before start until end) is open now */
  open: Type.Boolean()
})
export type ClassSession = Static<typeof ClassSessionSchema>
export const ClassSessionListSchema = Type.Object({ items: Type.Array(ClassSessionSchema) })
export type ClassSessionList = Static<typeof ClassSessionListSchema>

/** One class session of the worker's own enrollments, with whether they have checked in. */
export const MySessionSchema = Type.Object({
  id: Type.String(),
  courseId: Type.String(),
  courseTitle: Type.String(),
  institutionName: Type.String(),
  startsAt: Type.String(),
  endsAt: Type.String(),
  slot: ScheduleSlotSchema,
  /** the check-in window (30 min before start until end) is open now */
  open: Type.Boolean(),
  /** the session is over (by the server's clock) */
  ended: Type.Boolean(),
  /** when this worker checked in (or was marked 补签); null when not yet */
  checkedInAt: Type.Union([Type.String(), Type.Null()]),
  method: Type.Union([Type.Literal('checkin'), Type.Literal('manual'), Type.Null()])
})
export type MySession = Static<typeof MySessionSchema>
export const MySessionListSchema = Type.Object({
  /** today's sessions (from 00:00 China time) and those of the next days, earliest first */
  items: Type.Array(MySessionSchema),
  /** the window: from today 00:00 (China time) to the end of the last day listed */
  from: Type.String(),
  to: Type.String()
})
export type MySessionList = Static<typeof MySessionListSchema>

export const CheckinCodeSchema = Type.Object({
  /** 6 digits, new every 30 s; the previous one is still accepted */
  code: Type.String(),
  /** what the QR code holds: the session and the code (the mini program scans it and sends it as `code`) */
  qrText: Type.String(),
  /** when this code stops being the current one (the next call gives the next code) */
  expiresAt: Type.String()
})
export type CheckinCode = Static<typeof CheckinCodeSchema>

export const CheckinBodySchema = Type.Object(
  {
    /** the 6 digits typed by the worker, or the whole text of the scanned QR code */
    code: Type.String({ pattern: '^([0-9]{6}|zsb-checkin:ses_[0-9a-z]{1,24}:[0-9]{6})$', maxLength: 64, title: '签到码' }),
    lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90, title: '纬度' })),
    lng: Type.Optional(Type.Number({ minimum: -180, maximum: 180, title: '经度' }))
  },
  { additionalProperties: false }
)
export type CheckinBody = Static<typeof CheckinBodySchema>
export const CheckinSchema = Type.Object({
  sessionId: Type.String(),
  courseId: Type.String(),
  checkedInAt: Type.String(),
  /** true when this worker had already checked in for the session (nothing changed) */
  already: Type.Boolean(),
  attendance: AttendanceSchema
})
export type Checkin = Static<typeof CheckinSchema>

export const MarkAttendanceBodySchema = Type.Object(
  {
    enrollmentId: Type.String({ pattern: '^enr_[0-9a-z]{1,24}$', title: '报名编号' }),
    reason: Type.String({ minLength: 2, maxLength: 200, title: '补签原因' })
  },
  { additionalProperties: false }
)
export const MarkAttendanceSchema = Type.Object({
  sessionId: Type.String(),
  enrollmentId: Type.String(),
  /** 'checkin' when the worker had checked in already (nothing changed), 'manual' for 补签 */
  method: Type.Union([Type.Literal('checkin'), Type.Literal('manual')]),
  attendance: AttendanceSchema
})
export type MarkAttendance = Static<typeof MarkAttendanceSchema>

/** Online courses: the study hours the institution's learning platform recorded for one worker (what 结业 weighs). */
export const StudyHoursBodySchema = Type.Object(
  {
    hours: Type.Number({ minimum: 0, maximum: 5000, title: '学习学时' }),
    /** where the figure comes from, e.g. 「学习平台导出 12月8日」 */
    note: Type.String({ minLength: 2, maxLength: 200, title: '学时来源' })
  },
  { additionalProperties: false }
)
export type StudyHoursBody = Static<typeof StudyHoursBodySchema>
export const StudyHoursSchema = Type.Object({
  enrollmentId: Type.String(),
  hours: Type.Number(),
  /** the course's 学时 */
  requiredHours: Type.Number(),
  /** share of the course's 学时 that 结业 needs, and where that rule comes from */
  threshold: Type.Number(),
  recordedAt: Type.String()
})
export type StudyHours = Static<typeof StudyHoursSchema>

export const CompletionSchema = Type.Object({
  enrollmentId: Type.String(),
  status: EnrollmentStatusSchema,
  completedAt: Type.String(),
  attendance: AttendanceSchema
})
export type Completion = Static<typeof CompletionSchema>

const CourseParams = IdParamSchema('crs', '课程编号')
const SessionParams = IdParamSchema('ses', '课次编号')

export const institutionRoutes = {
  institutionMe: { method: 'GET', url: '/api/v1/institution/me', summary: '我所在的培训机构（机构工作人员）', auth: true, response: InstitutionMeSchema },
  institutionCourses: {
    method: 'GET',
    url: '/api/v1/institution/courses',
    summary: '本机构的课程（机构工作人员）',
    auth: true,
    response: InstitutionCourseListSchema
  },
  institutionRoster: {
    method: 'GET',
    url: '/api/v1/institution/courses/:id/roster',
    summary: '花名册：报名学员（脱敏）与出勤',
    auth: true,
    params: CourseParams,
    response: RosterSchema
  },
  institutionSessions: {
    method: 'GET',
    url: '/api/v1/institution/courses/:id/sessions',
    summary: '课次（按课程时间安排生成）',
    auth: true,
    params: CourseParams,
    response: ClassSessionListSchema
  },
  issueCheckinCode: {
    method: 'POST',
    url: '/api/v1/institution/sessions/:id/checkin-code',
    summary: '当前签到码（每 30 秒更新；开课前 30 分钟到下课）',
    auth: true,
    params: SessionParams,
    response: CheckinCodeSchema
  },
  markAttendance: {
    method: 'POST',
    url: '/api/v1/institution/sessions/:id/attendance',
    summary: '补签（写明原因，留痕）',
    auth: true,
    params: SessionParams,
    body: MarkAttendanceBodySchema,
    response: MarkAttendanceSchema
  },
  completeEnrollment: {
    method: 'POST',
    url: '/api/v1/institution/enrollments/:id/complete',
    summary: '结业（线下课出勤、线上课学习学时达到地区要求，留痕）',
    auth: true,
    params: IdParamSchema('enr', '报名编号'),
    response: CompletionSchema
  },
  recordStudyHours: {
    method: 'POST',
    url: '/api/v1/institution/enrollments/:id/study-hours',
    summary: '录入线上课程的学习学时（学习平台记录，留痕；结业按学时计）',
    auth: true,
    params: IdParamSchema('enr', '报名编号'),
    body: StudyHoursBodySchema,
    response: StudyHoursSchema
  },
  mySessions: {
    method: 'GET',
    url: '/api/v1/me/sessions',
    summary: '我的课次（今天和接下来几天，含签到情况；只有本人报名的课）',
    auth: true,
    response: MySessionListSchema
  },
  checkin: {
    method: 'POST',
    url: '/api/v1/attendance/checkins',
    summary: '签到（输入 6 位签到码或扫码；同一节课只记一次）',
    auth: true,
    body: CheckinBodySchema,
    response: CheckinSchema
  }
} as const satisfies Record<string, RouteContract>
