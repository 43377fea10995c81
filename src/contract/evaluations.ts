/**
 * 职业技能等级认定: 考核批次 a worker finds and signs up for, their own registrations, and the evaluator
 * institution's side (its batches, who registered, results). Imports only ./common (see common.ts).
 */
import { Type, type Static } from '@sinclair/typebox'
import { IdParamSchema, RegionCodeSchema, type RouteContract } from './common'

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(s: T) => Type.Union([s, Type.Null()])

/** Levels an evaluation can confer: 5 = 五级/初级工 … 1 = 一级/高级技师. */
export const EvaluationLevelSchema = Type.Unsafe<'5' | '4' | '3' | '2' | '1'>({ type: 'string', enum: ['5', '4', '3', '2', '1'], title: '等级' })
export const RegistrationStatusSchema = Type.Unsafe<'registered' | 'cancelled' | 'passed' | 'failed' | 'absent'>({
  type: 'string',
  enum: ['registered', 'cancelled', 'passed', 'failed', 'absent'],
  title: '考核状态'
})

export const EvaluationBatchSchema = Type.Object({
  id: Type.String(),
  occupationCode: Type.String(),
  occupationName: Type.String(),
  level: EvaluationLevelSchema,
  /** e.g. 四级/中级工 */
  levelLabel: Type.String(),
  /** YYYY-MM-DD, China date of the exam */
  examOn: Type.String(),
  /** e.g. 08:30 理论，13:30 实操 */
  examTime: Type.String(),
  address: Type.String(),
  regionCode: Type.String(),
  /** e.g. 山西省阳泉市城区 */
  regionName: Type.String(),
  seatsTotal: Type.Integer(),
  seatsLeft: Type.Integer(),
  /** Exam fee the worker pays, yuan (0 = 免费; 评价补贴 can refund it after the certificate) */
  feeYuan: Type.Integer(),
  /** false once the day before the exam has passed or no seat is left */
  open: Type.Boolean(),
  evaluator: Type.Object({ id: Type.String(), name: Type.String() }),
  /** Development only: the phone of the demo account that enters this batch's results */
  evaluatorPhone: Type.Optional(Type.String())
})
export type EvaluationBatch = Static<typeof EvaluationBatchSchema>
export const EvaluationListSchema = Type.Object({ items: Type.Array(EvaluationBatchSchema) })
export type EvaluationList = Static<typeof EvaluationListSchema>

export const EvaluationQuerySchema = Type.Object(
  {
    /** Any region code: batches in the same city (直辖市: the whole city) are listed */
    region: Type.Optional(RegionCodeSchema),
    occupation: Type.Optional(Type.String({ pattern: '^[0-9]-[0-9]{2}-[0-9]{2}-[0-9]{2}$', title: '工种' })),
    /** also list batches whose sign-up has closed (default: only open ones and those not yet examined) */
    includePast: Type.Optional(Type.Boolean({ title: '包括已考完的批次' }))
  },
  { additionalProperties: false }
)
export type EvaluationQuery = Static<typeof EvaluationQuerySchema>

/** The worker's own registration for a batch. */
export const EvaluationRegistrationSchema = Type.Object({
  id: Type.String(),
  status: RegistrationStatusSchema,
  statusLabel: Type.String(),
  createdAt: Type.String(),
  batch: EvaluationBatchSchema,
  score: Nullable(Type.Integer()),
  /** the certificate the registry issued for a pass (一键查询 brings it into 我的证书); null until issued */
  certificateNumber: Nullable(Type.String()),
  /** one sentence: what the worker does next */
  nextStep: Type.String(),
  canCancel: Type.Boolean()
})
export type EvaluationRegistration = Static<typeof EvaluationRegistrationSchema>
export const EvaluationRegistrationListSchema = Type.Object({ items: Type.Array(EvaluationRegistrationSchema) })
export type EvaluationRegistrationList = Static<typeof EvaluationRegistrationListSchema>

/** The evaluator's view of one registered worker: masked, enough to check identity at the exam hall. */
export const EvaluationCandidateSchema = Type.Object({
  registrationId: Type.String(),
  /** 王*英 */
  nameMasked: Type.String(),
  /** 1403**********0021 */
  idNumberMasked: Nullable(Type.String()),
  phoneMasked: Nullable(Type.String()),
  status: RegistrationStatusSchema,
  statusLabel: Type.String(),
  score: Nullable(Type.Integer()),
  /** the certificate issued for a pass; null before or when the registry has not answered yet */
  certificateNumber: Nullable(Type.String())
})
export type EvaluationCandidate = Static<typeof EvaluationCandidateSchema>

export const InstitutionEvaluationSchema = Type.Composite([
  EvaluationBatchSchema,
  Type.Object({
    registeredCount: Type.Integer(),
    /** results may be entered from the exam day on */
    canEnterResults: Type.Boolean(),
    candidates: Type.Array(EvaluationCandidateSchema)
  })
])
export type InstitutionEvaluation = Static<typeof InstitutionEvaluationSchema>
export const InstitutionEvaluationListSchema = Type.Object({ items: Type.Array(InstitutionEvaluationSchema) })
export type InstitutionEvaluationList = Static<typeof InstitutionEvaluationListSchema>

export const EvaluationResultsBodySchema = Type.Object(
  {
    results: Type.Array(
      Type.Object(
        {
          registrationId: Type.String({ pattern: '^evr_[0-9a-z]{1,24}$', title: '报名编号' }),
          passed: Type.Boolean({ title: '是否通过' }),
          score: Type.Integer({ minimum: 0, maximum: 100, title: '成绩' })
        },
        { additionalProperties: false }
      ),
      { minItems: 1, maxItems: 200, title: '考核结果' }
    )
  },
  { additionalProperties: false }
)
export type EvaluationResultsBody = Static<typeof EvaluationResultsBodySchema>

export const EvaluationResultsSchema = Type.Object({
  /** results recorded now (a repeat of the same result counts as recorded before, not now) */
  recorded: Type.Integer(),
  /** certificates the registry issued now */
  issued: Type.Integer(),
  batch: InstitutionEvaluationSchema
})
export type EvaluationResults = Static<typeof EvaluationResultsSchema>

export const evaluationsRoutes = {
  listEvaluations: {
    method: 'GET',
    url: '/api/v1/evaluations',
    summary: '职业技能等级认定考核批次（按地区、工种）',
    querystring: EvaluationQuerySchema,
    response: EvaluationListSchema
  },
  getEvaluation: {
    method: 'GET',
    url: '/api/v1/evaluations/:id',
    summary: '考核批次详情',
    params: IdParamSchema('evb', '考核批次'),
    response: EvaluationBatchSchema
  },
  registerEvaluation: {
    method: 'POST',
    url: '/api/v1/evaluations/:id/registrations',
    summary: '报名参加考核（需 Idempotency-Key）',
    auth: true,
    idempotent: true,
    successStatus: 201,
    params: IdParamSchema('evb', '考核批次'),
    response: EvaluationRegistrationSchema
  },
  myEvaluations: { method: 'GET', url: '/api/v1/me/evaluations', summary: '我的考核报名', auth: true, response: EvaluationRegistrationListSchema },
  cancelEvaluation: {
    method: 'POST',
    url: '/api/v1/me/evaluations/:id/cancel',
    summary: '取消考核报名（考试前一天前）',
    auth: true,
    params: IdParamSchema('evr', '报名编号'),
    response: EvaluationRegistrationSchema
  },
  institutionEvaluations: {
    method: 'GET',
    url: '/api/v1/institution/evaluations',
    summary: '本机构的考核批次及报名人员（脱敏）',
    auth: true,
    response: InstitutionEvaluationListSchema
  },
  institutionEvaluation: {
    method: 'GET',
    url: '/api/v1/institution/evaluations/:id',
    summary: '本机构的一个考核批次及报名人员（脱敏）',
    auth: true,
    params: IdParamSchema('evb', '考核批次'),
    response: InstitutionEvaluationSchema
  },
  enterEvaluationResults: {
    method: 'POST',
    url: '/api/v1/institution/evaluations/:id/results',
    summary: '录入考核结果（考试当天起；通过即发证，留痕）',
    auth: true,
    params: IdParamSchema('evb', '考核批次'),
    body: EvaluationResultsBodySchema,
    response: EvaluationResultsSchema
  }
} as const satisfies Record<string, RouteContract>
