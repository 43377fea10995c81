/**
 * The one API contract. The server validates requests and serialises responses with these schemas
 * and publishes them as OpenAPI; the client imports only the derived types (`import type`), so this
 * file adds nothing to the mini-program bundle.
 *
 * Every property carries a Chinese `title`: the server's validation errors name the field the way a
 * worker would ("纬度", not "lat").
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox'
import type { PolicySource } from '../domain/policy'
import type { SubsidyOffer } from '../domain/subsidy'
import {
  enumOf,
  IdParamSchema,
  MobilePhoneSchema,
  OkSchema,
  OccupationCategorySchema,
  TrainingTypeSchema,
  SkillLevelSchema,
  TrainingModeSchema,
  ScheduleSlotSchema,
  CertificateKindSchema,
  InstitutionTypeSchema,
  FilingStatusSchema,
  WorkerGroupSchema,
  RegionCodeSchema,
  type RouteContract
} from './common'
import { certificatesRoutes } from './certificates'
import { staffRoutes } from './staff'
import { ENROLLMENT_STATUSES } from '../domain/enrollment'
import { noticesRoutes } from './notices'
import { configRoutes } from './config'
import { integrityRoutes } from './integrity'
import { EMPLOYMENT_STATUSES, HUKOU_TYPES, SIGNUP_FIELDS } from '../domain/profile'

export * from './common'
export * from './claims'
import { claimsRoutes, ClaimSchema, InboxMessageSchema, PayoutAccountSchema, RoleGrantSchema } from './claims'
import { CertificateSchema } from './certificates'
import { SubscriptionSchema } from './notices'
export * from './certificates'
export * from './notices'
export * from './staff'
export * from './proxies'
import { ActedBySchema, proxiesRoutes } from './proxies'
export * from './integrity'
export * from './config'
export * from './evaluations'
import { EvaluationRegistrationSchema, evaluationsRoutes } from './evaluations'
export * from './institution'
import { institutionRoutes, AttendanceSchema } from './institution'

export const HealthSchema = Type.Object({
  /** degraded: the database answers but the file store does not (photos and read-aloud audio wait) */
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')]),
  version: Type.String(),
  courses: Type.Integer(),
  /** Which engine answers (embedded or a PostgreSQL server); while it is unreachable health is a 503 */
  database: Type.Optional(Type.Union([Type.Literal('pglite'), Type.Literal('postgres')])),
  /** The file store (photos, audio), probed with a small write at most every few seconds */
  storage: Type.Optional(Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]))
})
export type Health = Static<typeof HealthSchema>

export const RegionSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  parentCode: Type.Union([Type.String(), Type.Null()]),
  level: Type.Union([Type.Literal('province'), Type.Literal('city'), Type.Literal('district'), Type.Literal('county')]),
  /** Full display name, e.g. 山西省阳泉市盂县 */
  fullName: Type.String(),
  lat: Type.Number(),
  lng: Type.Number()
})
export type Region = Static<typeof RegionSchema>
export const RegionListSchema = Type.Object({ items: Type.Array(RegionSchema) })
export type RegionList = Static<typeof RegionListSchema>

export const OccupationSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  category: OccupationCategorySchema,
  shortage: Type.Boolean()
})
export const OccupationCategoryGroupSchema = Type.Object({
  code: OccupationCategorySchema,
  label: Type.String(),
  occupations: Type.Array(OccupationSchema)
})
export const OccupationListSchema = Type.Object({ items: Type.Array(OccupationCategoryGroupSchema) })
export type OccupationList = Static<typeof OccupationListSchema>

export const PolicySourceSchema = Type.Object({
  /** e.g. 人社厅发〔2023〕55号 */
  document: Type.String(),
  /** e.g. 第九条; empty when the fact comes from an implementation guide */
  clause: Type.String(),
  /** true when the figure comes from a public implementation guide, not the policy text itself */
  guide: Type.Boolean()
})
// the domain owns the shape; the schema serves it, and the check below fails the build if they drift apart
export type { PolicySource } from '../domain/policy'

export const SubsidyOfferSchema = Type.Object({
  kind: Type.Union([Type.Literal('training'), Type.Literal('living'), Type.Literal('evaluation')]),
  name: Type.String(),
  /** Upper amount in yuan, null where the policy gives no figure ("按当地标准") */
  maxYuan: Type.Union([Type.Integer(), Type.Null()]),
  /** Plain sentence: who can get it and when */
  forWhom: Type.String(),
  source: PolicySourceSchema,
  /** Where maxYuan is null: why no figure can be shown, in plain words */
  amountNote: Type.Optional(Type.String())
})
export type { SubsidyOffer } from '../domain/subsidy'
/** Compile-time only: each schema's type and the domain type it serves are the same (assignable both ways). */
type SameShape<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
type Holds<T extends true> = T
export type ContractServesDomain = Holds<SameShape<Static<typeof PolicySourceSchema>, PolicySource> | SameShape<Static<typeof SubsidyOfferSchema>, SubsidyOffer>>

export const InstitutionRefSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  type: InstitutionTypeSchema,
  filingStatus: FilingStatusSchema
})

export const CourseSummarySchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  occupationCode: Type.String(),
  occupationName: Type.String(),
  category: OccupationCategorySchema,
  trainingType: TrainingTypeSchema,
  level: SkillLevelSchema,
  certificateKind: CertificateKindSchema,
  mode: TrainingModeSchema,
  schedule: Type.Array(ScheduleSlotSchema),
  /** YYYY-MM-DD, China time */
  startDate: Type.String(),
  endDate: Type.String(),
  totalHours: Type.Integer(),
  seatsTotal: Type.Integer(),
  seatsLeft: Type.Integer(),
  /** Fee the worker pays up front, yuan (0 = 免费) */
  feeYuan: Type.Integer(),
  subsidized: Type.Boolean(),
  /** Largest 职业培训补贴 figure the course can bring, from src/domain/subsidy */
  subsidyMaxYuan: Type.Union([Type.Integer(), Type.Null()]),
  regionCode: Type.String(),
  /** e.g. 上海市闵行区 */
  regionName: Type.String(),
  institution: InstitutionRefSchema,
  /** Present only when the query carried a location */
  distanceKm: Type.Optional(Type.Number())
})
export type CourseSummary = Static<typeof CourseSummarySchema>

export const CourseDetailSchema = Type.Composite([
  CourseSummarySchema,
  Type.Object({
    description: Type.String(),
    syllabus: Type.Array(Type.String()),
    /** e.g. 每周二、四 19:00–21:30 */
    scheduleText: Type.String(),
    address: Type.String(),
    lat: Type.Number(),
    lng: Type.Number(),
    contactPhone: Type.String(),
    eligibleGroups: Type.Array(WorkerGroupSchema),
    allowLateJoin: Type.Boolean(),
    subsidies: Type.Array(SubsidyOfferSchema)
  })
])
export type CourseDetail = Static<typeof CourseDetailSchema>

export const CoursePageSchema = Type.Object({
  items: Type.Array(CourseSummarySchema),
  /** Opaque; pass back as `cursor` for the next page. null = no more results */
  nextCursor: Type.Union([Type.String(), Type.Null()])
})
export type CoursePage = Static<typeof CoursePageSchema>

const BooleanFlag = (title: string) => Type.Boolean({ title })

export const CourseQuerySchema = Type.Object(
  {
    lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90, title: '纬度' })),
    lng: Type.Optional(Type.Number({ minimum: -180, maximum: 180, title: '经度' })),
    radiusKm: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 500, title: '搜索半径（公里）' })),
    region: Type.Optional(RegionCodeSchema),
    q: Type.Optional(Type.String({ maxLength: 40, title: '搜索词' })),
    category: Type.Optional(OccupationCategorySchema),
    occupation: Type.Optional(Type.String({ pattern: '^[0-9]-[0-9]{2}-[0-9]{2}-[0-9]{2}$', title: '工种' })),
    trainingType: Type.Optional(TrainingTypeSchema),
    level: Type.Optional(SkillLevelSchema),
    mode: Type.Optional(TrainingModeSchema),
    schedule: Type.Optional(ScheduleSlotSchema),
    subsidizedOnly: Type.Optional(BooleanFlag('只看可享补贴')),
    startsWithinDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 365, title: '开课天数' })),
    hasSeats: Type.Optional(BooleanFlag('只看有名额')),
    institutionId: Type.Optional(Type.String({ pattern: '^ins_[0-9a-z]{1,24}$', title: '机构' })),
    cursor: Type.Optional(Type.String({ maxLength: 200, title: '翻页标记' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, title: '每页条数' }))
  },
  { additionalProperties: false }
)
export type CourseQuery = Static<typeof CourseQuerySchema>


export const InstitutionDetailSchema = Type.Composite([
  InstitutionRefSchema,
  Type.Object({
    filingNo: Type.Union([Type.String(), Type.Null()]),
    address: Type.String(),
    lat: Type.Number(),
    lng: Type.Number(),
    regionCode: Type.String(),
    regionName: Type.String(),
    contactPhone: Type.String(),
    intro: Type.String(),
    /** One page of its courses (not yet started first, soonest first; then running ones) */
    courses: Type.Array(CourseSummarySchema),
    /** Courses not yet finished, all pages together */
    courseCount: Type.Integer({ minimum: 0 }),
    /** Opaque; pass back as `cursor` for the next page of courses. null = no more */
    coursesNextCursor: Type.Union([Type.String(), Type.Null()])
  })
])
export type InstitutionDetail = Static<typeof InstitutionDetailSchema>

// ───────────────────────── accounts, profile, enrollments ────────────────────────────────

export const EnrollmentStatusSchema = enumOf(ENROLLMENT_STATUSES, '报名状态')
export const HukouTypeSchema = enumOf(HUKOU_TYPES, '户籍类型')
export const EmploymentStatusSchema = enumOf(EMPLOYMENT_STATUSES, '就业状态')
export const SignupFieldSchema = enumOf(SIGNUP_FIELDS, '报名需要的信息')


export const WechatLoginBodySchema = Type.Object(
  { code: Type.String({ minLength: 1, maxLength: 128, title: '微信登录凭证' }) },
  { additionalProperties: false }
)
export const SmsSendBodySchema = Type.Object({ phone: MobilePhoneSchema }, { additionalProperties: false })
export const SmsSendResultSchema = Type.Object({
  /** Seconds before another code may be requested for this phone */
  resendAfterSeconds: Type.Integer(),
  /** Development adapter only (never in production mode): the code that was "sent" */
  devCode: Type.Optional(Type.String())
})
export type SmsSendResult = Static<typeof SmsSendResultSchema>
export const SmsVerifyBodySchema = Type.Object(
  { phone: MobilePhoneSchema, code: Type.String({ pattern: '^[0-9]{6}$', title: '验证码' }) },
  { additionalProperties: false }
)

export const ConsentSchema = Type.Object({ version: Type.String(), acceptedAt: Type.String() })
export const MeSchema = Type.Object({
  id: Type.String(),
  loginMethod: Type.Union([Type.Literal('wechat'), Type.Literal('sms')]),
  phoneMasked: Type.Union([Type.String(), Type.Null()]),
  /** null = no consent to the current privacy notice; personal data cannot be saved */
  consent: Type.Union([ConsentSchema, Type.Null()]),
  hasProfile: Type.Boolean(),
  /** Roles beyond worker (reviewer, station_staff, admin); empty for a plain worker */
  roles: Type.Array(RoleGrantSchema)
})
export type Me = Static<typeof MeSchema>

export const SessionSchema = Type.Object({
  /** Opaque bearer token; send as `Authorization: Bearer <token>` */
  token: Type.String(),
  /** ISO timestamp */
  expiresAt: Type.String(),
  me: MeSchema
})
export type Session = Static<typeof SessionSchema>

export const PrivacyNoticeSchema = Type.Object({
  version: Type.String(),
  title: Type.String(),
  sections: Type.Array(Type.Object({ heading: Type.String(), body: Type.String() }))
})
export type PrivacyNotice = Static<typeof PrivacyNoticeSchema>
export const ConsentBodySchema = Type.Object({ version: Type.String({ maxLength: 20, title: '隐私保护指引版本' }) }, { additionalProperties: false })

export const ProfileSchema = Type.Object({
  realName: Type.Union([Type.String(), Type.Null()]),
  /** Always masked, e.g. 1401**********123X; the full number only via reveal-id */
  idNumberMasked: Type.Union([Type.String(), Type.Null()]),
  /** Derived from the ID number, never asked */
  birthDate: Type.Union([Type.String(), Type.Null()]),
  gender: Type.Union([Type.Literal('male'), Type.Literal('female'), Type.Null()]),
  phoneMasked: Type.Union([Type.String(), Type.Null()]),
  hukouType: Type.Union([HukouTypeSchema, Type.Null()]),
  homeRegion: Type.Union([Type.String(), Type.Null()]),
  workRegion: Type.Union([Type.String(), Type.Null()]),
  groups: Type.Array(WorkerGroupSchema),
  employmentStatus: Type.Union([EmploymentStatusSchema, Type.Null()]),
  insuredLocally: Type.Union([Type.Boolean(), Type.Null()]),
  wantedOccupations: Type.Array(Type.String()),
  /** What sign-up still needs */
  missingForSignup: Type.Array(SignupFieldSchema),
  updatedAt: Type.Union([Type.String(), Type.Null()])
})
export type Profile = Static<typeof ProfileSchema>

/** Partial update: only the fields sent are changed (progressive profile). */
export const ProfileUpdateSchema = Type.Object(
  {
    realName: Type.Optional(Type.String({ minLength: 1, maxLength: 20, title: '姓名' })),
    idNumber: Type.Optional(Type.String({ minLength: 1, maxLength: 24, title: '身份证号' })),
    phone: Type.Optional(MobilePhoneSchema),
    hukouType: Type.Optional(HukouTypeSchema),
    homeRegion: Type.Optional(RegionCodeSchema),
    workRegion: Type.Optional(RegionCodeSchema),
    groups: Type.Optional(Type.Array(WorkerGroupSchema, { maxItems: 10, uniqueItems: true, title: '人员类别' })),
    employmentStatus: Type.Optional(EmploymentStatusSchema),
    insuredLocally: Type.Optional(Type.Boolean({ title: '是否在当地缴纳社保' })),
    wantedOccupations: Type.Optional(
      Type.Array(Type.String({ pattern: '^[0-9]-[0-9]{2}-[0-9]{2}-[0-9]{2}$' }), { maxItems: 10, uniqueItems: true, title: '想学的工种' })
    )
  },
  { additionalProperties: false }
)
export type ProfileUpdate = Static<typeof ProfileUpdateSchema>
export const RevealedIdSchema = Type.Object({ idNumber: Type.String() })

export const EligibilityItemSchema = Type.Object({
  kind: Type.Union([Type.Literal('training'), Type.Literal('living'), Type.Literal('evaluation')]),
  name: Type.String(),
  status: Type.Union([Type.Literal('eligible'), Type.Literal('conditional'), Type.Literal('ineligible'), Type.Literal('unknown')]),
  maxYuan: Type.Union([Type.Integer(), Type.Null()]),
  reason: Type.String(),
  source: PolicySourceSchema
})
export const EligibilitySchema = Type.Object({
  courseId: Type.String(),
  items: Type.Array(EligibilityItemSchema),
  missingForSignup: Type.Array(SignupFieldSchema)
})
export type Eligibility = Static<typeof EligibilitySchema>

export const EnrollmentBodySchema = Type.Object(
  {
    courseId: Type.String({ pattern: '^crs_[0-9a-z]{1,24}$', title: '课程编号' }),
    /** The station whose QR code brought the worker here (counts the sign-up for that station) */
    stationId: Type.Optional(Type.String({ pattern: '^stn_[0-9a-z]{1,24}$', title: '服务站编号' }))
  },
  { additionalProperties: false }
)
export const EnrollmentSchema = Type.Object({
  id: Type.String(),
  status: EnrollmentStatusSchema,
  createdAt: Type.String(),
  cancelledAt: Type.Union([Type.String(), Type.Null()]),
  course: CourseSummarySchema,
  /** One sentence: what the worker does next */
  nextStep: Type.String(),
  canCancel: Type.Boolean(),
  /** made by a relative for the worker (亲情代办) */
  actedBy: Type.Optional(ActedBySchema),
  /** sessions attended of the course's class sessions (「已签到 3/12 次」); absent for a cancelled enrollment */
  attendance: Type.Optional(AttendanceSchema),
  /** when the institution marked 已结业 */
  completedAt: Type.Optional(Type.String())
})
export type Enrollment = Static<typeof EnrollmentSchema>
export const EnrollmentListSchema = Type.Object({ items: Type.Array(EnrollmentSchema) })

/** 下载我的数据: everything the service stores about the signed-in worker, numbers in full for the owner only. */
const N = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()])
export const DataExportSchema = Type.Object({
  format: Type.Literal('zsb-data-export/1'),
  exportedAt: Type.String(),
  account: Type.Object({
    id: Type.String(),
    loginMethod: Type.Union([Type.Literal('wechat'), Type.Literal('sms')]),
    /** the phone the account logs in with, in full (owner only) */
    loginPhone: N(Type.String()),
    wechatLinked: Type.Boolean(),
    createdAt: Type.String(),
    roles: Type.Array(RoleGrantSchema)
  }),
  profile: N(
    Type.Object({
      realName: N(Type.String()),
      idNumber: N(Type.String()),
      birthDate: N(Type.String()),
      gender: N(Type.Union([Type.Literal('male'), Type.Literal('female')])),
      phone: N(Type.String()),
      hukouType: N(Type.String()),
      homeRegion: N(Type.String()),
      workRegion: N(Type.String()),
      groups: Type.Array(Type.String()),
      employmentStatus: N(Type.String()),
      insuredLocally: N(Type.Boolean()),
      wantedOccupations: Type.Array(Type.String()),
      updatedAt: N(Type.String())
    })
  ),
  consents: Type.Array(Type.Object({ version: Type.String(), acceptedAt: Type.String(), withdrawnAt: N(Type.String()) })),
  enrollments: Type.Array(EnrollmentSchema),
  certificates: Type.Array(CertificateSchema),
  /** stored photos: metadata only; the bytes are at /api/v1/files/{id} */
  files: Type.Array(Type.Object({ id: Type.String(), contentType: Type.String(), bytes: Type.Integer(), width: Type.Integer(), height: Type.Integer(), createdAt: Type.String() })),
  claims: Type.Array(ClaimSchema),
  payoutAccount: N(PayoutAccountSchema),
  subscriptions: Type.Array(SubscriptionSchema),
  inbox: Type.Array(InboxMessageSchema),
  /** 职业技能等级认定 sign-ups with their results (server/evaluations) */
  evaluations: Type.Array(EvaluationRegistrationSchema),
  /** sign-ups made for the worker by 就业服务站 staff (server/staff) */
  stationSignups: Type.Array(
    Type.Object({
      stationName: Type.String(),
      courseId: Type.String(),
      courseTitle: N(Type.String()),
      day: Type.String(),
      outcome: Type.String(),
      consentMethod: Type.String(),
      createdAt: Type.String()
    })
  ),
  /** class-session check-ins and 补签 (server/training): never a position, only the distance to the venue */
  attendance: Type.Optional(
    Type.Array(
      Type.Object({
        sessionId: Type.String(),
        courseId: Type.String(),
        method: Type.Union([Type.Literal('checkin'), Type.Literal('manual')]),
        at: Type.String(),
        distanceM: N(Type.Integer()),
        far: Type.Boolean(),
        reason: N(Type.String())
      })
    )
  ),
  /** what each item is for and what happens to it (src/domain/personal-data.ts) */
  whatIsStored: Type.Array(Type.Object({ key: Type.String(), label: Type.String(), purpose: Type.String(), onWithdraw: Type.String(), onDelete: Type.String() }))
})
export type DataExport = Static<typeof DataExportSchema>

export type EnrollmentList = Static<typeof EnrollmentListSchema>

/** Route table: the single place the server registers from and OpenAPI is generated from. */
export const routes = {
  ...noticesRoutes,
  ...configRoutes,
  health: { method: 'GET', url: '/api/v1/health', summary: '服务状态', response: HealthSchema },
  regions: { method: 'GET', url: '/api/v1/regions', summary: '地区列表（GB/T 2260）', response: RegionListSchema },
  occupations: { method: 'GET', url: '/api/v1/occupations', summary: '工种类别与工种', response: OccupationListSchema },
  listCourses: {
    method: 'GET',
    url: '/api/v1/courses',
    summary: '查找课程（附近、筛选、关键词含拼音）',
    querystring: CourseQuerySchema,
    response: CoursePageSchema
  },
  getCourse: {
    method: 'GET',
    url: '/api/v1/courses/:id',
    summary: '课程详情',
    params: IdParamSchema('crs', '课程编号'),
    querystring: Type.Object(
      {
        lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90, title: '纬度' })),
        lng: Type.Optional(Type.Number({ minimum: -180, maximum: 180, title: '经度' }))
      },
      { additionalProperties: false }
    ),
    response: CourseDetailSchema
  },
  getInstitution: {
    method: 'GET',
    url: '/api/v1/institutions/:id',
    summary: '培训机构及其课程（课程分页）',
    params: IdParamSchema('ins', '机构编号'),
    querystring: Type.Object(
      {
        cursor: Type.Optional(Type.String({ maxLength: 200, title: '翻页标记' })),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, title: '每页条数' }))
      },
      { additionalProperties: false }
    ),
    response: InstitutionDetailSchema
  },
  privacyNotice: { method: 'GET', url: '/api/v1/privacy', summary: '用户隐私保护指引（当前版本）', response: PrivacyNoticeSchema },
  loginWechat: { method: 'POST', url: '/api/v1/auth/wechat', summary: '微信登录（wx.login 的 code）', body: WechatLoginBodySchema, response: SessionSchema },
  sendSmsCode: { method: 'POST', url: '/api/v1/auth/sms/send', summary: '发送短信验证码', body: SmsSendBodySchema, response: SmsSendResultSchema, rateLimited: true },
  verifySmsCode: { method: 'POST', url: '/api/v1/auth/sms/verify', summary: '短信验证码登录', body: SmsVerifyBodySchema, response: SessionSchema, rateLimited: true },
  logout: { method: 'POST', url: '/api/v1/auth/logout', summary: '退出登录（令牌立即失效）', auth: true, response: OkSchema },
  getMe: { method: 'GET', url: '/api/v1/me', summary: '当前用户', auth: true, response: MeSchema },
  sendPhoneBindCode: {
    method: 'POST',
    url: '/api/v1/me/phone/code',
    summary: '给要绑定的手机号发短信验证码（只用微信登录、还没有手机号的账号）',
    auth: true,
    body: SmsSendBodySchema,
    response: SmsSendResultSchema,
    rateLimited: true
  },
  bindPhone: { method: 'POST', url: '/api/v1/me/phone', summary: '用短信验证码绑定手机号（本人，留痕）', auth: true, body: SmsVerifyBodySchema, response: MeSchema, rateLimited: true },
  deleteMe: { method: 'DELETE', url: '/api/v1/me', summary: '注销账号（删除或匿名化个人信息）', auth: true, response: OkSchema },
  giveConsent: { method: 'POST', url: '/api/v1/me/consent', summary: '同意隐私保护指引', auth: true, body: ConsentBodySchema, response: MeSchema },
  withdrawConsent: { method: 'DELETE', url: '/api/v1/me/consent', summary: '撤回同意（删除个人资料）', auth: true, response: MeSchema },
  getProfile: { method: 'GET', url: '/api/v1/me/profile', summary: '我的资料（证件号脱敏）', auth: true, response: ProfileSchema },
  updateProfile: { method: 'PUT', url: '/api/v1/me/profile', summary: '更新我的资料（只改提交的字段）', auth: true, body: ProfileUpdateSchema, response: ProfileSchema },
  revealIdNumber: { method: 'POST', url: '/api/v1/me/profile/reveal-id', summary: '查看完整身份证号（本人，留痕）', auth: true, response: RevealedIdSchema },
  dataExport: { method: 'GET', url: '/api/v1/me/data-export', summary: '下载我的数据（JSON，本人，留痕）', auth: true, response: DataExportSchema },
  courseEligibility: {
    method: 'GET',
    url: '/api/v1/courses/:id/eligibility',
    summary: '我能享受这门课的哪些补贴',
    auth: true,
    params: IdParamSchema('crs', '课程编号'),
    response: EligibilitySchema
  },
  createEnrollment: {
    method: 'POST',
    url: '/api/v1/enrollments',
    summary: '报名（需 Idempotency-Key）',
    auth: true,
    idempotent: true,
    successStatus: 201,
    body: EnrollmentBodySchema,
    response: EnrollmentSchema
  },
  myEnrollments: { method: 'GET', url: '/api/v1/me/enrollments', summary: '我的报名', auth: true, response: EnrollmentListSchema },
  cancelEnrollment: {
    method: 'POST',
    url: '/api/v1/enrollments/:id/cancel',
    summary: '取消报名（开课前）',
    auth: true,
    params: IdParamSchema('enr', '报名编号'),
    response: EnrollmentSchema
  },
  ...certificatesRoutes,
  ...claimsRoutes,
  ...integrityRoutes,
  ...staffRoutes,
  ...proxiesRoutes,
  ...evaluationsRoutes,
  ...institutionRoutes
} as const satisfies Record<string, RouteContract>
