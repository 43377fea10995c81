/**
 * Subsidy claims: pre-check, claims, the worker's side (withdraw, 补正, appeal, payout account),
 * roles, inbox, the reviewer workbench, 公示 (de-identified) and objections, and the development clock.
 * State and kind codes and their Chinese labels come from src/domain/claim-state.ts.
 */
import { Type, type Static } from '@sinclair/typebox'
import { CLAIM_KINDS, CLAIM_STATES } from '../domain/claim-state'
import { PRECHECK_RULES } from '../domain/claim-rules'
import { IdParamSchema, MobilePhoneSchema, type RouteContract } from './common'
import { ActedBySchema } from './proxies'
import { ConflictSchema, ObjectionStatusSchema, RiskFlagSchema } from './integrity'

const codes = <T extends readonly { code: string }[]>(list: T) => list.map((i) => i.code) as T[number]['code'][]
const enumSchema = <C extends string>(values: C[], title: string) => Type.Unsafe<C>({ type: 'string', enum: values, title })
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(s: T) => Type.Union([s, Type.Null()])

export const ClaimKindSchema = enumSchema(codes(CLAIM_KINDS), '补贴类型')
export const ClaimStateSchema = enumSchema(codes(CLAIM_STATES), '申请状态')
export const PrecheckRuleSchema = enumSchema(codes(PRECHECK_RULES), '规则')
export const VerdictStatusSchema = enumSchema(['pass', 'fail', 'needs_info'], '结果')
export const RoleSchema = enumSchema(['worker', 'station_staff', 'reviewer', 'admin', 'institution_staff'], '角色')
export const ActorRoleSchema = enumSchema(['worker', 'reviewer', 'system'], '办理人')
export const PayoutAccountTypeSchema = enumSchema(['social_security_card', 'bank_card'], '收款账户类型')

/** Same shape as index.ts PolicySource (kept here to import only from ./common). */
const SourceSchema = Type.Object({ document: Type.String(), clause: Type.String(), guide: Type.Boolean() })

// ───────────────────────── roles (GET /api/v1/me gains `roles`) ─────────────────────────

export const RoleGrantSchema = Type.Object({
  role: RoleSchema,
  /** reviewer: GB/T 2260 code prefix of the region they review, e.g. 1403 (阳泉市) */
  regionPrefix: Nullable(Type.String()),
  /** station_staff: the station they work at */
  stationId: Nullable(Type.String()),
  stationName: Nullable(Type.String()),
  /** institution_staff: the 培训机构 / 评价机构 they work for */
  institutionId: Type.Optional(Type.String()),
  institutionName: Type.Optional(Type.String())
})
export type RoleGrant = Static<typeof RoleGrantSchema>

// ───────────────────────── pre-check and claims ─────────────────────────

export const ClaimBodySchema = Type.Object(
  {
    kind: ClaimKindSchema,
    certificateId: Type.Optional(Type.String({ pattern: '^[a-z]{2,5}_[0-9a-z]{1,24}$', title: '证书' })),
    enrollmentId: Type.Optional(Type.String({ pattern: '^enr_[0-9a-z]{1,24}$', title: '报名记录' }))
  },
  { additionalProperties: false }
)
export type ClaimBody = Static<typeof ClaimBodySchema>

export const VerdictSchema = Type.Object({
  rule: PrecheckRuleSchema,
  status: VerdictStatusSchema,
  /** one plain sentence */
  message: Type.String(),
  source: SourceSchema
})
export type Verdict = Static<typeof VerdictSchema>

export const OfficeSchema = Type.Object({
  regionCode: Type.String(),
  /** e.g. 阳泉市城区人力资源和社会保障局 */
  name: Type.String()
})
export type Office = Static<typeof OfficeSchema>

export const PrecheckSchema = Type.Object({
  /** true = every verdict passed; the claim can be submitted */
  ok: Type.Boolean(),
  verdicts: Type.Array(VerdictSchema),
  /** The office that will handle the claim; null until it can be chosen */
  office: Nullable(OfficeSchema),
  /** yuan; null where the region publishes no figure (生活费补贴: 按当地标准) */
  amountYuan: Nullable(Type.Integer()),
  amountSource: Nullable(SourceSchema)
})
export type Precheck = Static<typeof PrecheckSchema>

/** 422 body of a refused submission: the error plus the same verdicts as the pre-check. */
export const PrecheckRefusalSchema = Type.Object({
  /** PRECHECK_FAILED (with verdicts), or another 422 such as IDEMPOTENCY_KEY_REUSED */
  code: Type.String(),
  message: Type.String(),
  verdicts: Type.Optional(Type.Array(VerdictSchema))
})
export type PrecheckRefusal = Static<typeof PrecheckRefusalSchema>

export const TimelineEntrySchema = Type.Object({
  state: ClaimStateSchema,
  stateLabel: Type.String(),
  /** ISO timestamp */
  at: Type.String(),
  actorRole: ActorRoleSchema,
  /** the office acting (reviewer steps) or handling the claim */
  office: Type.String(),
  reason: Nullable(Type.String()),
  /** 需补正: what is missing */
  items: Type.Array(Type.String()),
  /** YYYY-MM-DD: the deadline of the next step (初审/复核/公示期满/补正/申诉), working days on China's calendar */
  deadline: Nullable(Type.String())
})
export type TimelineEntry = Static<typeof TimelineEntrySchema>

export const PayoutAccountBodySchema = Type.Object(
  {
    type: PayoutAccountTypeSchema,
    bankName: Type.Optional(Type.String({ minLength: 2, maxLength: 30, title: '开户银行' })),
    accountNumber: Type.Optional(Type.String({ pattern: '^[0-9 ]{12,23}$', title: '银行卡号' }))
  },
  { additionalProperties: false }
)
export type PayoutAccountBody = Static<typeof PayoutAccountBodySchema>

export const PayoutAccountSchema = Type.Object({
  type: PayoutAccountTypeSchema,
  bankName: Nullable(Type.String()),
  /** always masked: 6222 **** **** 0128; null for the 社会保障卡 (paid to the card bound to the worker's ID) */
  accountMasked: Nullable(Type.String()),
  /** masked account holder (must equal the worker's real name) */
  holderMasked: Nullable(Type.String())
})
export type PayoutAccount = Static<typeof PayoutAccountSchema>

export const ClaimSchema = Type.Object({
  id: Type.String(),
  kind: ClaimKindSchema,
  kindLabel: Type.String(),
  state: ClaimStateSchema,
  stateLabel: Type.String(),
  amountYuan: Nullable(Type.Integer()),
  certificateId: Nullable(Type.String()),
  enrollmentId: Nullable(Type.String()),
  /** e.g. 育婴员 · 四级/中级工 */
  title: Type.String(),
  office: OfficeSchema,
  submittedAt: Type.String(),
  /** one plain sentence: what happens / what the worker does next */
  nextStep: Type.String(),
  /** YYYY-MM-DD deadline of the current step, null when none */
  deadline: Nullable(Type.String()),
  /** 需补正: the items the reviewer asked for */
  supplementItems: Type.Array(Type.String()),
  verdicts: Type.Array(VerdictSchema),
  payoutAccount: PayoutAccountSchema,
  canWithdraw: Type.Boolean(),
  canAppeal: Type.Boolean(),
  timeline: Type.Array(TimelineEntrySchema),
  /** submitted by a relative for the worker (亲情代办) */
  actedBy: Type.Optional(ActedBySchema)
})
export type SubsidyClaim = Static<typeof ClaimSchema>
export const ClaimListSchema = Type.Object({ items: Type.Array(ClaimSchema) })
export type ClaimList = Static<typeof ClaimListSchema>

export const SupplementBodySchema = Type.Object(
  {
    note: Type.Optional(Type.String({ maxLength: 500, title: '补正说明' })),
    /** file ids from the upload route (server/files) */
    photos: Type.Optional(Type.Array(Type.String({ pattern: '^fil_[0-9a-z]{1,24}$' }), { maxItems: 9, title: '补正照片' }))
  },
  { additionalProperties: false }
)
export type SupplementBody = Static<typeof SupplementBodySchema>
export const AppealBodySchema = Type.Object(
  { reason: Type.String({ minLength: 2, maxLength: 500, title: '申诉理由' }) },
  { additionalProperties: false }
)

// ───────────────────────── inbox (站内消息) ─────────────────────────

export const InboxMessageSchema = Type.Object({
  id: Type.String(),
  /** e.g. claim_state, claim_reminder, notice */
  kind: Type.String(),
  title: Type.String(),
  body: Type.String(),
  /** in-app path to open, e.g. /subpackages/subsidies/detail/index?id=clm_… */
  link: Nullable(Type.String()),
  refType: Nullable(Type.String()),
  refId: Nullable(Type.String()),
  createdAt: Type.String(),
  readAt: Nullable(Type.String())
})
export type InboxMessage = Static<typeof InboxMessageSchema>
export const InboxSchema = Type.Object({
  items: Type.Array(InboxMessageSchema),
  unreadCount: Type.Integer(),
  nextCursor: Nullable(Type.String())
})
export type Inbox = Static<typeof InboxSchema>
export const InboxQuerySchema = Type.Object(
  {
    cursor: Type.Optional(Type.String({ maxLength: 200, title: '翻页标记' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, title: '每页条数' })),
    unreadOnly: Type.Optional(Type.Boolean({ title: '只看未读' }))
  },
  { additionalProperties: false }
)
export const InboxReadBodySchema = Type.Object(
  {
    /** the messages to mark read; omit with all=true to mark everything read */
    ids: Type.Optional(Type.Array(Type.String({ pattern: '^msg_[0-9a-z]{1,24}$' }), { maxItems: 100, title: '消息' })),
    all: Type.Optional(Type.Boolean({ title: '全部已读' }))
  },
  { additionalProperties: false }
)
export const UnreadCountSchema = Type.Object({ unreadCount: Type.Integer() })

// ───────────────────────── reviewer workbench ─────────────────────────

export const ReviewQuerySchema = Type.Object(
  {
    state: Type.Optional(ClaimStateSchema),
    kind: Type.Optional(ClaimKindSchema),
    /** only claims past their deadline */
    overdue: Type.Optional(Type.Boolean({ title: '只看超期' })),
    cursor: Type.Optional(Type.String({ maxLength: 200, title: '翻页标记' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, title: '每页条数' }))
  },
  { additionalProperties: false }
)

export const ReviewClaimSummarySchema = Type.Object({
  id: Type.String(),
  kind: ClaimKindSchema,
  kindLabel: Type.String(),
  state: ClaimStateSchema,
  stateLabel: Type.String(),
  title: Type.String(),
  amountYuan: Nullable(Type.Integer()),
  /** masked: 王*英 */
  applicantMasked: Type.String(),
  office: OfficeSchema,
  submittedAt: Type.String(),
  deadline: Nullable(Type.String()),
  /** past its deadline (reviewer steps): listed first */
  overdue: Type.Boolean(),
  objectionCount: Type.Integer()
})
export type ReviewClaimSummary = Static<typeof ReviewClaimSummarySchema>
export const ReviewQueueSchema = Type.Object({ items: Type.Array(ReviewClaimSummarySchema), nextCursor: Nullable(Type.String()) })
export type ReviewQueue = Static<typeof ReviewQueueSchema>

export const DecisionSchema = Type.Object({
  to: ClaimStateSchema,
  label: Type.String(),
  needsReason: Type.Boolean(),
  needsItems: Type.Boolean(),
  /** false with `refusal` when this reviewer may not make it now (two-person rule) */
  allowed: Type.Boolean(),
  refusal: Nullable(Type.String())
})
export type Decision = Static<typeof DecisionSchema>

export const ReviewCertificateSchema = Type.Object({
  id: Type.String(),
  occupationName: Type.String(),
  /** '5' … '1', '0' 特级技师; null for kinds without levels */
  level: Nullable(Type.String()),
  levelLabel: Type.String(),
  /** certificate kind code (src/domain/certificate.ts) */
  kind: Type.String(),
  kindLabel: Type.String(),
  /** masked certificate number */
  numberMasked: Nullable(Type.String()),
  issueDate: Type.String(),
  /** e.g. 已联网核验 / 审核员已核验 / 待核验 */
  verificationLabel: Type.String(),
  /** file ids of the photos that passed 内容安全 (read through the files route; the reviewer of this region may read them) */
  photoFileIds: Type.Array(Type.String()),
  /** photos left out because they are still 待检测 or were refused */
  photosWithheld: Type.Integer()
})

export const ObjectionSchema = Type.Object({
  id: Type.String(),
  content: Type.String(),
  contactMasked: Type.String(),
  createdAt: Type.String(),
  status: ObjectionStatusSchema,
  statusLabel: Type.String(),
  resolutionReason: Type.Union([Type.String(), Type.Null()])
})
export type Objection = Static<typeof ObjectionSchema>

export const ReviewClaimSchema = Type.Composite([
  ClaimSchema,
  Type.Object({
    applicantMasked: Type.String(),
    idNumberMasked: Nullable(Type.String()),
    overdue: Type.Boolean(),
    certificate: Nullable(ReviewCertificateSchema),
    /** 补正 notes and photo file ids the worker sent */
    supplements: Type.Array(Type.Object({ at: Type.String(), note: Nullable(Type.String()), photoFileIds: Type.Array(Type.String()), photosWithheld: Type.Integer() })),
    /** social-insurance registry result at the last pre-check */
    insuranceLabel: Type.String(),
    objections: Type.Array(ObjectionSchema),
    /** the decision buttons the state machine allows now */
    decisions: Type.Array(DecisionSchema),
    /** 风险隐患: rules that fired at submission or 初审; passing 初审 / 复核 then needs a written reason */
    riskFlags: Type.Array(RiskFlagSchema),
    /** set when this reviewer may take no step on the claim (own claim or related party); every decision is then disabled with this reason */
    conflict: ConflictSchema
  })
])
export type ReviewClaim = Static<typeof ReviewClaimSchema>

export const TransitionBodySchema = Type.Object(
  {
    to: ClaimStateSchema,
    reason: Type.Optional(Type.String({ maxLength: 500, title: '理由' })),
    items: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 20, title: '需补正的材料' })),
    /** YYYY-MM-DD; 需补正 only; default 10 working days */
    deadline: Type.Optional(Type.String({ pattern: '^20[0-9]{2}-[01][0-9]-[0-3][0-9]$', title: '补正期限' }))
  },
  { additionalProperties: false }
)
export type TransitionBody = Static<typeof TransitionBodySchema>

export const AnnouncementBodySchema = Type.Object(
  { claimIds: Type.Array(Type.String({ pattern: '^clm_[0-9a-z]{1,24}$' }), { minItems: 1, maxItems: 500, uniqueItems: true, title: '申请' }) },
  { additionalProperties: false }
)

// ───────────────────────── 公示 (public, de-identified) ─────────────────────────

export const AnnouncementItemSchema = Type.Object({
  id: Type.String(),
  /** 王*英 — never a full name, ID number or phone */
  nameMasked: Type.String(),
  occupationName: Type.String(),
  levelLabel: Type.String(),
  kindLabel: Type.String(),
  amountYuan: Nullable(Type.Integer()),
  office: Type.String()
})
export const AnnouncementSchema = Type.Object({
  id: Type.String(),
  regionCode: Type.String(),
  office: Type.String(),
  /** YYYY-MM-DD, 公示 period (5 working days) */
  startDate: Type.String(),
  endDate: Type.String(),
  /** still open for objections */
  open: Type.Boolean(),
  items: Type.Array(AnnouncementItemSchema)
})
export type Announcement = Static<typeof AnnouncementSchema>
export const AnnouncementListSchema = Type.Object({ items: Type.Array(AnnouncementSchema) })
export type AnnouncementList = Static<typeof AnnouncementListSchema>
export const PublicAnnouncementQuerySchema = Type.Object(
  {
    region: Type.Optional(Type.String({ pattern: '^[1-8][0-9]{1,5}$', title: '地区' })),
    /** include finished periods (default: only open ones) */
    all: Type.Optional(Type.Boolean({ title: '包括已结束的' }))
  },
  { additionalProperties: false }
)
export const ObjectionBodySchema = Type.Object(
  {
    itemId: Type.String({ pattern: '^ani_[0-9a-z]{1,24}$', title: '公示条目' }),
    content: Type.String({ minLength: 5, maxLength: 500, title: '异议内容' }),
    contactPhone: MobilePhoneSchema
  },
  { additionalProperties: false }
)
export const ObjectionReceiptSchema = Type.Object({ id: Type.String(), message: Type.String() })

// ───────────────────────── development clock ─────────────────────────

export const DevClockBodySchema = Type.Object(
  {
    /** whole days forward (0 = only read the clock and run due work) */
    days: Type.Optional(Type.Integer({ minimum: 0, maximum: 400, title: '天数' })),
    /** or forward to this moment (ISO time with zone), e.g. inside a class session; never backwards */
    to: Type.Optional(Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,3})?)?(Z|[+-][0-9]{2}:[0-9]{2})$', title: '时间' }))
  },
  { additionalProperties: false }
)
export const DevClockSchema = Type.Object({
  /** ISO timestamp of the server's (shifted) clock */
  now: Type.String(),
  today: Type.String(),
  offsetDays: Type.Integer(),
  /** what the due-work sweep did */
  swept: Type.Object({ announcementsEnded: Type.Integer(), supplementsExpired: Type.Integer(), reminders: Type.Integer() })
})
export type DevClock = Static<typeof DevClockSchema>
export const DevNotificationsSchema = Type.Object({
  items: Type.Array(Type.Object({ id: Type.String(), userId: Type.String(), template: Type.String(), data: Type.Record(Type.String(), Type.String()), page: Nullable(Type.String()), createdAt: Type.String() }))
})

const ClaimIdParams = IdParamSchema('clm', '申请编号')

export const claimsRoutes = {
  precheckClaim: {
    method: 'POST',
    url: '/api/v1/claims/precheck',
    summary: '补贴申领预检（不保存任何内容）',
    auth: true,
    body: ClaimBodySchema,
    response: PrecheckSchema
  },
  submitClaim: {
    method: 'POST',
    url: '/api/v1/claims',
    summary: '提交补贴申请（需 Idempotency-Key；预检未通过返回 422 与各项结果）',
    auth: true,
    idempotent: true,
    successStatus: 201,
    body: ClaimBodySchema,
    response: ClaimSchema
  },
  myClaims: { method: 'GET', url: '/api/v1/me/claims', summary: '我的补贴', auth: true, response: ClaimListSchema },
  getClaim: {
    method: 'GET',
    url: '/api/v1/claims/:id',
    summary: '补贴申请详情与进度（本人或所在地区的审核员）',
    auth: true,
    params: ClaimIdParams,
    response: ClaimSchema
  },
  withdrawClaim: { method: 'POST', url: '/api/v1/claims/:id/withdraw', summary: '撤回申请（初审前）', auth: true, params: ClaimIdParams, response: ClaimSchema },
  supplementClaim: {
    method: 'POST',
    url: '/api/v1/claims/:id/supplement',
    summary: '提交补正材料（回到审核）',
    auth: true,
    params: ClaimIdParams,
    body: SupplementBodySchema,
    response: ClaimSchema
  },
  appealClaim: {
    method: 'POST',
    url: '/api/v1/claims/:id/appeal',
    summary: '对驳回申诉（驳回后15天内，一次）',
    auth: true,
    params: ClaimIdParams,
    body: AppealBodySchema,
    response: ClaimSchema
  },
  updateClaimPayoutAccount: {
    method: 'POST',
    url: '/api/v1/claims/:id/payout-account',
    summary: '拨付失败后更新收款账户（回到待拨付）',
    auth: true,
    params: ClaimIdParams,
    body: PayoutAccountBodySchema,
    response: ClaimSchema
  },
  getPayoutAccount: { method: 'GET', url: '/api/v1/me/payout-account', summary: '我的收款账户（脱敏）', auth: true, response: PayoutAccountSchema },
  putPayoutAccount: {
    method: 'PUT',
    url: '/api/v1/me/payout-account',
    summary: '设置收款账户（社会保障卡或本人银行卡）',
    auth: true,
    body: PayoutAccountBodySchema,
    response: PayoutAccountSchema
  },
  myInbox: { method: 'GET', url: '/api/v1/me/inbox', summary: '站内消息（含未读数）', auth: true, querystring: InboxQuerySchema, response: InboxSchema },
  markInboxRead: { method: 'POST', url: '/api/v1/me/inbox/read', summary: '标记消息已读', auth: true, body: InboxReadBodySchema, response: UnreadCountSchema },
  reviewQueue: {
    method: 'GET',
    url: '/api/v1/review/claims',
    summary: '审核队列（本地区；超期在前）',
    auth: true,
    querystring: ReviewQuerySchema,
    response: ReviewQueueSchema
  },
  reviewClaim: {
    method: 'GET',
    url: '/api/v1/review/claims/:id',
    summary: '审核详情：预检结果、证书核验、照片、异议、可做的决定',
    auth: true,
    params: ClaimIdParams,
    response: ReviewClaimSchema
  },
  transitionClaim: {
    method: 'POST',
    url: '/api/v1/review/claims/:id/transitions',
    summary: '审核决定（受理、初审、复核、补正、驳回、拨付）；可带 Idempotency-Key，重试返回第一次的结果',
    auth: true,
    idempotent: true,
    params: ClaimIdParams,
    body: TransitionBodySchema,
    response: ReviewClaimSchema
  },
  publishAnnouncement: {
    method: 'POST',
    url: '/api/v1/review/announcements',
    summary: '批量发布公示（复核通过的申请）',
    auth: true,
    successStatus: 201,
    body: AnnouncementBodySchema,
    response: AnnouncementSchema
  },
  publicAnnouncements: {
    method: 'GET',
    url: '/api/v1/public/announcements',
    summary: '补贴公示（去标识化）',
    querystring: PublicAnnouncementQuerySchema,
    response: AnnouncementListSchema
  },
  fileObjection: {
    method: 'POST',
    url: '/api/v1/public/announcements/:id/objections',
    summary: '对公示提出异议（公示期内）',
    successStatus: 201,
    params: IdParamSchema('ann', '公示编号'),
    body: ObjectionBodySchema,
    response: ObjectionReceiptSchema
  },
  devClock: {
    method: 'POST',
    url: '/api/v1/dev/clock',
    summary: '（仅开发环境）把服务器时钟往后拨并运行到期的任务',
    body: DevClockBodySchema,
    response: DevClockSchema
  },
  devNotifications: {
    method: 'GET',
    url: '/api/v1/dev/notifications',
    summary: '（仅开发环境）通知适配器记录的订阅消息',
    auth: true,
    response: DevNotificationsSchema
  }
} as const satisfies Record<string, RouteContract>
