/**
 * The one API contract. The server validates requests and serialises responses with these schemas
 * and publishes them as OpenAPI; the client imports only the derived types (`import type`), so this
 * file adds nothing to the mini-program bundle.
 *
 * Every property carries a Chinese `title`: the server's validation errors name the field the way a
 * worker would ("纬度", not "lat").
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox'
import {
  CERTIFICATE_KINDS,
  FILING_STATUSES,
  INSTITUTION_TYPES,
  OCCUPATION_CATEGORIES,
  SCHEDULE_SLOTS,
  SKILL_LEVELS,
  TRAINING_MODES,
  TRAINING_TYPES,
  WORKER_GROUPS,
  codesOf,
  type Labelled
} from '../domain/catalog'

const enumOf = <C extends string>(list: readonly Labelled<C>[], title: string) =>
  Type.Unsafe<C>({ type: 'string', enum: codesOf(list), title })

export const OccupationCategorySchema = enumOf(OCCUPATION_CATEGORIES, '工种类别')
export const TrainingTypeSchema = enumOf(TRAINING_TYPES, '培训类型')
export const SkillLevelSchema = enumOf(SKILL_LEVELS, '等级')
export const TrainingModeSchema = enumOf(TRAINING_MODES, '培训方式')
export const ScheduleSlotSchema = enumOf(SCHEDULE_SLOTS, '上课时间')
export const CertificateKindSchema = enumOf(CERTIFICATE_KINDS, '证书类型')
export const InstitutionTypeSchema = enumOf(INSTITUTION_TYPES, '机构类型')
export const FilingStatusSchema = enumOf(FILING_STATUSES, '备案状态')
export const WorkerGroupSchema = enumOf(WORKER_GROUPS, '人员类别')

/** GB/T 2260 six-digit administrative division code. */
export const RegionCodeSchema = Type.String({ pattern: '^[1-8][0-9]{5}$', title: '地区' })

export const ErrorBodySchema = Type.Object(
  {
    code: Type.String({ description: 'stable machine-readable code, e.g. VALIDATION_FAILED' }),
    message: Type.String({ description: '给务工人员看的中文说明' }),
    field: Type.Optional(Type.String())
  },
  { $id: 'ErrorBody' }
)
export type ErrorBody = Static<typeof ErrorBodySchema>

export const HealthSchema = Type.Object({
  status: Type.Literal('ok'),
  version: Type.String(),
  courses: Type.Integer()
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
export type PolicySource = Static<typeof PolicySourceSchema>

export const SubsidyOfferSchema = Type.Object({
  kind: Type.Union([Type.Literal('training'), Type.Literal('living'), Type.Literal('evaluation')]),
  name: Type.String(),
  /** Upper amount in yuan, null where the policy gives no figure ("按当地标准") */
  maxYuan: Type.Union([Type.Integer(), Type.Null()]),
  /** Plain sentence: who can get it and when */
  forWhom: Type.String(),
  source: PolicySourceSchema
})
export type SubsidyOffer = Static<typeof SubsidyOfferSchema>

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

export const IdParamSchema = (prefix: string, title: string) =>
  Type.Object({ id: Type.String({ pattern: `^${prefix}_[0-9a-z]{1,24}$`, title }) }, { additionalProperties: false })

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
    courses: Type.Array(CourseSummarySchema)
  })
])
export type InstitutionDetail = Static<typeof InstitutionDetailSchema>

/** Route table: the single place the server registers from and OpenAPI is generated from. */
export interface RouteContract {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE'
  url: string
  summary: string
  querystring?: TSchema
  params?: TSchema
  body?: TSchema
  response: TSchema
}

export const routes = {
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
    summary: '培训机构及其课程',
    params: IdParamSchema('ins', '机构编号'),
    response: InstitutionDetailSchema
  }
} as const satisfies Record<string, RouteContract>
