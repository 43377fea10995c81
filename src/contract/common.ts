/**
 * Pieces every part of the contract shares: enum schemas from the domain's labelled lists, error body,
 * id params, the route-contract shape. Capability files (certificates.ts, claims.ts, …) import from here,
 * never from index.ts, so index.ts can re-export them without import cycles.
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

export const enumOf = <C extends string>(list: readonly Labelled<C>[], title: string) =>
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

export const IdParamSchema = (prefix: string, title: string) =>
  Type.Object({ id: Type.String({ pattern: `^${prefix}_[0-9a-z]{1,24}$`, title }) }, { additionalProperties: false })
export const MobilePhoneSchema = Type.String({ pattern: '^1[3-9][0-9]{9}$', title: '手机号' })
export const OkSchema = Type.Object({ ok: Type.Literal(true) })

/** One entry of the route table (index.ts `routes`). */
export interface RouteContract {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE'
  url: string
  summary: string
  /** Needs `Authorization: Bearer <token>` */
  auth?: boolean
  /** Needs an `Idempotency-Key` header; the same key returns the first result */
  idempotent?: boolean
  /** HTTP status of success, default 200 */
  successStatus?: 200 | 201
  /** May answer 429 (too many requests); every 429 carries Retry-After in seconds */
  rateLimited?: boolean
  /** The success body is not JSON but bytes of this type (a photo, an MP3, a CSV file) */
  produces?: string
  /** The request body is multipart/form-data with one file in the field `file` */
  multipart?: boolean
  querystring?: TSchema
  params?: TSchema
  body?: TSchema
  response: TSchema
}

