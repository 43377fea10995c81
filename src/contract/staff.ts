/** Station staff: on-the-spot sign-up (batch, per-item idempotent), consent, today's list, export, station QR. */
import { Type, type Static } from '@sinclair/typebox'
import { enumOf, IdParamSchema, MobilePhoneSchema, WorkerGroupSchema, type RouteContract } from './common'
import { CONSENT_METHODS, MAX_SIGNUP_BATCH, SIGNUP_OUTCOMES } from '../domain/staff-signup'

export const SignupOutcomeSchema = enumOf(SIGNUP_OUTCOMES, '报名结果')
export const ConsentMethodSchema = enumOf(CONSENT_METHODS, '同意方式')
const KeySchema = Type.String({ pattern: '^[\\x21-\\x7e]{8,64}$', title: '请求编号' })
const DateSchema = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', title: '日期' })

export const StationSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  /** 就业服务站 / 零工市场 */
  kind: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  address: Type.String(),
  lat: Type.Number(),
  lng: Type.Number()
})
export type Station = Static<typeof StationSchema>

export const StaffMeSchema = Type.Object({
  station: StationSchema,
  /** Page path (with the station as referral) the station's QR code opens */
  referralPath: Type.String()
})
export type StaffMe = Static<typeof StaffMeSchema>

export const StaffSmsConsentBodySchema = Type.Object({ phone: MobilePhoneSchema }, { additionalProperties: false })
export const StaffSmsConsentResultSchema = Type.Object({
  resendAfterSeconds: Type.Integer(),
  /** Development adapter only: the code that was "sent" */
  devCode: Type.Optional(Type.String())
})
export type StaffSmsConsentResult = Static<typeof StaffSmsConsentResultSchema>

export const SignatureUploadBodySchema = Type.Object(
  {
    idempotencyKey: KeySchema,
    /** data:image/png;base64,… of the handwritten signature (≤ 300 KB) */
    image: Type.String({ pattern: '^data:image/png;base64,[A-Za-z0-9+/=]+$', maxLength: 400_000, title: '签名图片' })
  },
  { additionalProperties: false }
)
export const SignatureUploadResultSchema = Type.Object({ uploadId: Type.String() })
export type SignatureUploadResult = Static<typeof SignatureUploadResultSchema>

export const WalkInWorkerSchema = Type.Object(
  {
    realName: Type.String({ maxLength: 40, title: '姓名' }),
    idNumber: Type.String({ maxLength: 40, title: '身份证号' }),
    phone: Type.String({ maxLength: 20, title: '手机号' }),
    groups: Type.Array(WorkerGroupSchema, { maxItems: 10, title: '人员类别' })
  },
  { additionalProperties: false }
)

export const SignupConsentSchema = Type.Union([
  Type.Object({ method: Type.Literal('sms'), code: Type.String({ pattern: '^[0-9]{6}$', title: '验证码' }) }, { additionalProperties: false }),
  Type.Object({ method: Type.Literal('signature'), uploadId: Type.String({ pattern: '^sig_[0-9a-z]{1,24}$', title: '签名' }) }, { additionalProperties: false }),
  // another course for the same worker after 已开课 / 名额已满: the consent recorded for that earlier item
  // (by its request key) is reused and linked; a different worker is refused
  Type.Object({ method: Type.Literal('prior'), signupKey: KeySchema }, { additionalProperties: false })
])
export type SignupConsent = Static<typeof SignupConsentSchema>

export const StaffSignupItemSchema = Type.Object(
  {
    idempotencyKey: KeySchema,
    courseId: Type.String({ pattern: '^crs_[0-9a-z]{1,24}$', title: '课程编号' }),
    worker: WalkInWorkerSchema,
    consent: SignupConsentSchema
  },
  { additionalProperties: false }
)
export type StaffSignupItem = Static<typeof StaffSignupItemSchema>

export const StaffSignupBatchSchema = Type.Object(
  { items: Type.Array(StaffSignupItemSchema, { minItems: 1, maxItems: MAX_SIGNUP_BATCH, title: '报名条目' }) },
  { additionalProperties: false }
)
export type StaffSignupBatch = Static<typeof StaffSignupBatchSchema>

export const StaffSignupResultItemSchema = Type.Object({
  idempotencyKey: Type.String(),
  outcome: SignupOutcomeSchema,
  enrollmentId: Type.Optional(Type.String()),
  /** Server's reason code (e.g. COURSE_FULL, SMS_CODE_INVALID) */
  code: Type.Optional(Type.String()),
  message: Type.String(),
  field: Type.Optional(Type.String())
})
export type StaffSignupResultItem = Static<typeof StaffSignupResultItemSchema>
export const StaffSignupBatchResultSchema = Type.Object({ items: Type.Array(StaffSignupResultItemSchema) })
export type StaffSignupBatchResult = Static<typeof StaffSignupBatchResultSchema>

export const StationSignupQuerySchema = Type.Object(
  { date: Type.Optional(DateSchema), q: Type.Optional(Type.String({ maxLength: 20, title: '姓名' })) },
  { additionalProperties: false }
)
export const StationSignupSchema = Type.Object({
  id: Type.String(),
  createdAt: Type.String(),
  workerName: Type.String(),
  idNumberMasked: Type.String(),
  phoneMasked: Type.String(),
  courseId: Type.String(),
  courseTitle: Type.String(),
  outcome: SignupOutcomeSchema,
  message: Type.String(),
  consentMethod: ConsentMethodSchema,
  enrollmentId: Type.Union([Type.String(), Type.Null()]),
  staffPhoneMasked: Type.Union([Type.String(), Type.Null()])
})
export type StationSignup = Static<typeof StationSignupSchema>
export const OutcomeCountsSchema = Type.Record(Type.String(), Type.Integer())
export const StationSignupListSchema = Type.Object({
  date: Type.String(),
  station: StationSchema,
  items: Type.Array(StationSignupSchema),
  counts: OutcomeCountsSchema,
  courses: Type.Array(Type.Object({ courseId: Type.String(), title: Type.String(), counts: OutcomeCountsSchema }))
})
export type StationSignupList = Static<typeof StationSignupListSchema>

export const staffRoutes = {
  staffMe: { method: 'GET', url: '/api/v1/staff/me', summary: '工作人员所在服务站', auth: true, response: StaffMeSchema },
  staffSmsConsent: {
    rateLimited: true,
    method: 'POST',
    url: '/api/v1/staff/consents/sms',
    summary: '给务工人员发同意验证码（与登录同样的频率限制）',
    auth: true,
    body: StaffSmsConsentBodySchema,
    response: StaffSmsConsentResultSchema
  },
  staffSignature: {
    method: 'POST',
    url: '/api/v1/staff/consents/signature',
    summary: '上传务工人员手写签名（同一请求编号返回同一个签名）',
    auth: true,
    successStatus: 201,
    body: SignatureUploadBodySchema,
    response: SignatureUploadResultSchema
  },
  staffSignups: {
    method: 'POST',
    url: '/api/v1/staff/signups',
    summary: '现场报名（一批最多50条，每条有自己的请求编号，逐条给出结果）',
    auth: true,
    body: StaffSignupBatchSchema,
    response: StaffSignupBatchResultSchema
  },
  staffSignupList: {
    method: 'GET',
    url: '/api/v1/staff/signups',
    summary: '本服务站某天的报名名单',
    auth: true,
    querystring: StationSignupQuerySchema,
    response: StationSignupListSchema
  },
  staffSignupExport: {
    produces: 'text/csv',
    method: 'GET',
    url: '/api/v1/staff/signups/export',
    summary: '导出本服务站某天的报名名单（CSV，Excel 可打开）',
    auth: true,
    querystring: Type.Object({ date: Type.Optional(DateSchema) }, { additionalProperties: false }),
    response: Type.String()
  },
  staffSignup: {
    method: 'GET',
    url: '/api/v1/staff/signups/:id',
    summary: '本服务站的一条报名',
    auth: true,
    params: IdParamSchema('ssu', '报名记录编号'),
    response: StationSignupSchema
  },
  stationPublic: {
    method: 'GET',
    url: '/api/v1/stations/:id',
    summary: '服务站（扫码进入时显示，公开信息）',
    params: IdParamSchema('stn', '服务站编号'),
    response: StationSchema
  }
} as const satisfies Record<string, RouteContract>
