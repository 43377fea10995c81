/**
 * Integrity of the money path: conflict of interest on review views, the 风险隐患清单 (risk flags and the
 * region's list), objections resolved by a reviewer with an outcome the objector can look up.
 * Rule codes and wording come from src/domain/risk-rules.ts; states from src/domain/claim-state.ts.
 */
import { Type, type Static } from '@sinclair/typebox'
import { RISK_RULES } from '../domain/risk-rules'
import { CLAIM_STATES } from '../domain/claim-state'
import { IdParamSchema, type RouteContract } from './common'

const enumSchema = <C extends string>(values: C[], title: string) => Type.Unsafe<C>({ type: 'string', enum: values, title })
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(s: T) => Type.Union([s, Type.Null()])
const SourceSchema = Type.Object({ document: Type.String(), clause: Type.String(), guide: Type.Boolean() })

export const RiskCodeSchema = enumSchema(RISK_RULES.map((r) => r.code), '风险规则')
const StateSchema = enumSchema(CLAIM_STATES.map((s) => s.code), '申请状态')

export const RiskFlagSchema = Type.Object({
  code: RiskCodeSchema,
  /** one plain sentence for the reviewer */
  message: Type.String(),
  source: SourceSchema
})
export type RiskFlagView = Static<typeof RiskFlagSchema>

/** Why this reviewer may take no step on this claim or certificate (null: none). */
export const ConflictSchema = Nullable(
  Type.Object({
    code: enumSchema(['OWN_CLAIM', 'OWN_CERTIFICATE', 'RELATED_PARTY'], '利益冲突'),
    message: Type.String()
  })
)
export type ConflictView = Static<typeof ConflictSchema>

export const RiskQuerySchema = Type.Object(
  {
    code: Type.Optional(RiskCodeSchema),
    cursor: Type.Optional(Type.String({ maxLength: 20, title: '翻页标记' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, title: '每页条数' }))
  },
  { additionalProperties: false }
)

export const RiskListSchema = Type.Object({
  /** open flags per rule (every rule listed, 0 included) */
  counts: Type.Array(Type.Object({ code: RiskCodeSchema, label: Type.String(), source: SourceSchema, count: Type.Integer() })),
  /** newest first */
  items: Type.Array(
    Type.Object({
      claimId: Type.String(),
      code: RiskCodeSchema,
      label: Type.String(),
      message: Type.String(),
      source: SourceSchema,
      flaggedAt: Type.String(),
      claimState: StateSchema,
      claimStateLabel: Type.String(),
      regionCode: Type.String(),
      /** the workbench page of the claim */
      link: Type.String()
    })
  ),
  nextCursor: Nullable(Type.String())
})
export type RiskList = Static<typeof RiskListSchema>

export const ObjectionStatusSchema = enumSchema(['open', 'upheld', 'dismissed'], '异议状态')

export const ObjectionQueueQuerySchema = Type.Object(
  {
    status: Type.Optional(ObjectionStatusSchema),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, title: '每页条数' }))
  },
  { additionalProperties: false }
)

export const ReviewObjectionSchema = Type.Object({
  id: Type.String(),
  claimId: Type.String(),
  claimState: StateSchema,
  claimStateLabel: Type.String(),
  /** e.g. 育婴员 · 四级 */
  claimTitle: Type.String(),
  applicantMasked: Type.String(),
  content: Type.String(),
  contactMasked: Type.String(),
  createdAt: Type.String(),
  status: ObjectionStatusSchema,
  statusLabel: Type.String(),
  resolutionReason: Nullable(Type.String()),
  resolvedAt: Nullable(Type.String()),
  /** false with `refusal` when this reviewer may not resolve it (decided 初审, own or related claim, already resolved) */
  canResolve: Type.Boolean(),
  refusal: Nullable(Type.String())
})
export type ReviewObjection = Static<typeof ReviewObjectionSchema>
export const ObjectionQueueSchema = Type.Object({ items: Type.Array(ReviewObjectionSchema), openCount: Type.Integer() })
export type ObjectionQueue = Static<typeof ObjectionQueueSchema>

export const ResolveObjectionBodySchema = Type.Object(
  {
    /** true: the objection holds (the claim is 驳回 citing it); false: it does not */
    upheld: Type.Boolean({ title: '异议是否成立' }),
    reason: Type.String({ minLength: 4, maxLength: 500, title: '核查结论' })
  },
  { additionalProperties: false }
)
export type ResolveObjectionBody = Static<typeof ResolveObjectionBodySchema>

/** What the objector sees with their receipt: no name, no claim id, no phone. */
export const ObjectionOutcomeSchema = Type.Object({
  id: Type.String(),
  status: ObjectionStatusSchema,
  statusLabel: Type.String(),
  /** the 公示 item it was about, de-identified: 王*英 · 育婴员 · 四级 */
  itemMasked: Type.String(),
  office: Type.String(),
  createdAt: Type.String(),
  resolvedAt: Nullable(Type.String()),
  /** plain sentence: what happened and what follows */
  outcome: Type.String()
})
export type ObjectionOutcome = Static<typeof ObjectionOutcomeSchema>

const ObjectionIdParams = IdParamSchema('obj', '异议回执编号')

export const integrityRoutes = {
  reviewRisks: {
    method: 'GET',
    url: '/api/v1/review/risks',
    summary: '风险隐患清单：本地区未结申请的风险提示，按规则计数，最新在前（管理员看全部地区）',
    auth: true,
    querystring: RiskQuerySchema,
    response: RiskListSchema
  },
  reviewObjections: {
    method: 'GET',
    url: '/api/v1/review/objections',
    summary: '异议核查队列（本地区）',
    auth: true,
    querystring: ObjectionQueueQuerySchema,
    response: ObjectionQueueSchema
  },
  resolveObjection: {
    method: 'POST',
    url: '/api/v1/review/objections/:id/resolve',
    summary: '核查异议：成立则驳回申请并引用异议，不成立且无其他未结异议则转待拨付（不能由初审人核查）',
    auth: true,
    params: ObjectionIdParams,
    body: ResolveObjectionBodySchema,
    response: ReviewObjectionSchema
  },
  objectionOutcome: {
    method: 'GET',
    url: '/api/v1/public/objections/:id',
    summary: '凭异议回执编号查看核查结果（去标识化）',
    params: ObjectionIdParams,
    response: ObjectionOutcomeSchema
  }
} as const satisfies Record<string, RouteContract>
