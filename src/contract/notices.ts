/**
 * Policy notices: the feed, the detail, read-aloud audio, subscriptions and the office's editor.
 * Imports only ./common and the domain (see common.ts).
 */
import { Type, type Static } from '@sinclair/typebox'
import { IdParamSchema, OkSchema, type RouteContract } from './common'
import { NOTICE_LIMITS, NOTICE_TAG_CODES, REGION_TARGET_PATTERN, SPEECH_TEXT_MAX } from '../domain/notice'

export const NoticeTagSchema = Type.Unsafe<string>({ type: 'string', enum: [...NOTICE_TAG_CODES], title: '标签' })
/** 全国 (000000) or a GB/T 2260 prefix: 2 (省), 4 (市) or 6 (县区) digits */
export const NoticeTargetSchema = Type.String({ pattern: REGION_TARGET_PATTERN, title: '地区' })

export const NoticeCourseRefSchema = Type.Object({ id: Type.String(), title: Type.String() })

export const NoticeSummarySchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  /** ≤ 80 字: what the notice means for the reader */
  summary: Type.String(),
  issuer: Type.String(),
  /** e.g. 人社厅发〔2023〕55号; empty for a notice without one */
  docNumber: Type.String(),
  /** YYYY-MM-DD (China time) */
  /** YYYY-MM-DD, or YYYY when only the year of the document is known */
  publishedAt: Type.String(),
  validUntil: Type.Union([Type.String(), Type.Null()]),
  regions: Type.Array(Type.String()),
  /** e.g. 阳泉市、全国 */
  regionLabel: Type.String(),
  tags: Type.Array(Type.String()),
  /** null when nobody is logged in */
  unread: Type.Union([Type.Boolean(), Type.Null()]),
  /** validUntil has passed (still listed, marked 已过期) */
  expired: Type.Boolean()
})
export type NoticeSummary = Static<typeof NoticeSummarySchema>

export const NoticeDetailSchema = Type.Composite([
  NoticeSummarySchema,
  Type.Object({
    body: Type.String(),
    courses: Type.Array(NoticeCourseRefSchema),
    status: Type.Union([Type.Literal('published'), Type.Literal('withdrawn')]),
    withdrawnAt: Type.Union([Type.String(), Type.Null()]),
    withdrawReason: Type.Union([Type.String(), Type.Null()])
  })
])
export type NoticeDetail = Static<typeof NoticeDetailSchema>

export const NoticeQuerySchema = Type.Object(
  {
    region: Type.Optional(NoticeTargetSchema),
    tag: Type.Optional(NoticeTagSchema),
    cursor: Type.Optional(Type.String({ maxLength: 200, title: '翻页位置' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, title: '每页条数' }))
  },
  { additionalProperties: false }
)
export type NoticeQuery = Static<typeof NoticeQuerySchema>

/** 听一听 for a short text the app shows that is not a notice (the eligibility explanation before signing up) */
export const SpeechQuerySchema = Type.Object(
  { text: Type.String({ minLength: 1, maxLength: SPEECH_TEXT_MAX, title: '朗读的文字' }) },
  { additionalProperties: false }
)
export type SpeechQuery = Static<typeof SpeechQuerySchema>

export const NoticePageSchema = Type.Object({
  items: Type.Array(NoticeSummarySchema),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
  /** The region the feed is for (asked, or the reader's home region), null = every region */
  region: Type.Union([Type.Object({ code: Type.String(), name: Type.String() }), Type.Null()]),
  /** Unread notices in this feed (null when nobody is logged in) */
  unreadCount: Type.Union([Type.Integer(), Type.Null()])
})
export type NoticePage = Static<typeof NoticePageSchema>

const text = (max: number, title: string, min = 1) => Type.String({ minLength: min, maxLength: max, title })

export const NoticeWriteSchema = Type.Object(
  {
    title: text(NOTICE_LIMITS.title, '标题'),
    summary: text(NOTICE_LIMITS.summary, '通俗摘要'),
    body: text(NOTICE_LIMITS.body, '正文'),
    issuer: text(NOTICE_LIMITS.issuer, '发布单位'),
    docNumber: Type.String({ maxLength: NOTICE_LIMITS.docNumber, title: '文号' }),
    regions: Type.Array(NoticeTargetSchema, { minItems: 1, maxItems: NOTICE_LIMITS.regions, uniqueItems: true, title: '发布地区' }),
    tags: Type.Array(NoticeTagSchema, { maxItems: NOTICE_LIMITS.tags, uniqueItems: true, title: '标签' }),
    validUntil: Type.Optional(Type.Union([Type.String({ format: 'date', title: '有效期' }), Type.Null()])),
    courseIds: Type.Optional(
      Type.Array(Type.String({ pattern: '^crs_[0-9a-z]{1,24}$', title: '课程编号' }), { maxItems: NOTICE_LIMITS.courseIds, uniqueItems: true, title: '相关课程' })
    )
  },
  { additionalProperties: false }
)
export type NoticeWrite = Static<typeof NoticeWriteSchema>

export const NoticeWithdrawSchema = Type.Object(
  { reason: Type.String({ minLength: 2, maxLength: NOTICE_LIMITS.withdrawReason, title: '撤回原因' }) },
  { additionalProperties: false }
)

export const AdminNoticeSchema = Type.Composite([
  NoticeDetailSchema,
  Type.Object({
    updatedAt: Type.String(),
    /** Subscribers reached so far by the fan-out job (0 until it ran) */
    delivered: Type.Integer(),
    fanout: Type.Union([Type.Literal('pending'), Type.Literal('running'), Type.Literal('done')])
  })
])
export type AdminNotice = Static<typeof AdminNoticeSchema>
export const AdminNoticeListSchema = Type.Object({
  items: Type.Array(AdminNoticeSchema),
  /** The caller's office region prefix; null for an admin (everywhere) */
  regionPrefix: Type.Union([Type.String(), Type.Null()])
})
export type AdminNoticeList = Static<typeof AdminNoticeListSchema>

export const SubscriptionBodySchema = Type.Object(
  {
    region: NoticeTargetSchema,
    tags: Type.Array(NoticeTagSchema, { maxItems: NOTICE_LIMITS.subscriptionTags, uniqueItems: true, title: '关心的标签' })
  },
  { additionalProperties: false }
)
export type SubscriptionBody = Static<typeof SubscriptionBodySchema>
export const SubscriptionSchema = Type.Object({
  id: Type.String(),
  region: Type.String(),
  regionLabel: Type.String(),
  tags: Type.Array(Type.String()),
  createdAt: Type.String()
})
export type Subscription = Static<typeof SubscriptionSchema>
export const SubscriptionListSchema = Type.Object({ items: Type.Array(SubscriptionSchema) })
export type SubscriptionList = Static<typeof SubscriptionListSchema>

const NoticeIdParams = IdParamSchema('ntc', '通知编号')

export const noticesRoutes = {
  listNotices: {
    method: 'GET',
    url: '/api/v1/notices',
    summary: '政策通知：某地区适用的通知，新的在前（登录后标出未读；不传地区时用本人的户籍地）',
    querystring: NoticeQuerySchema,
    response: NoticePageSchema
  },
  getNotice: {
    method: 'GET',
    url: '/api/v1/notices/:id',
    summary: '通知详情（摘要在前）；不用登录，登录后记为已读；撤回的通知说明原因',
    params: NoticeIdParams,
    response: NoticeDetailSchema
  },
  noticeAudio: {
    produces: 'audio/mpeg',
    method: 'GET',
    url: '/api/v1/notices/:id/audio',
    summary: '听一听：通知的普通话朗读音频（MP3 单声道 32 kbps，发布时生成，按内容缓存）；没有语音合成时 503 SPEECH_UNAVAILABLE',
    params: NoticeIdParams,
    response: Type.Any({ description: 'audio/mpeg' })
  },
  speech: {
    rateLimited: true,
    produces: 'audio/mpeg',
    method: 'GET',
    url: '/api/v1/speech',
    summary: `听一听：一段不超过 ${SPEECH_TEXT_MAX} 字的说明（如报名前的补贴说明）的普通话朗读（MP3 单声道，按内容缓存）；需登录，每人每小时最多合成 30 段新内容，同时排队最多 3 段（超过 429，Retry-After）；没有语音合成时 503 SPEECH_UNAVAILABLE`,
    auth: true,
    querystring: SpeechQuerySchema,
    response: Type.Any({ description: 'audio/mpeg' })
  },
  createSubscription: {
    method: 'POST',
    url: '/api/v1/me/subscriptions',
    summary: '订阅：某地区（及标签）有新政策时通知我；同样的订阅只存一份',
    auth: true,
    successStatus: 201,
    body: SubscriptionBodySchema,
    response: SubscriptionSchema
  },
  mySubscriptions: {
    method: 'GET',
    url: '/api/v1/me/subscriptions',
    summary: '我的订阅',
    auth: true,
    response: SubscriptionListSchema
  },
  deleteSubscription: {
    method: 'DELETE',
    url: '/api/v1/me/subscriptions/:id',
    summary: '取消订阅',
    auth: true,
    params: IdParamSchema('sub', '订阅编号'),
    response: OkSchema
  },
  adminListNotices: {
    method: 'GET',
    url: '/api/v1/admin/notices',
    summary: '通知管理：本人管辖地区的通知（含已撤回）',
    auth: true,
    response: AdminNoticeListSchema
  },
  adminCreateNotice: {
    method: 'POST',
    url: '/api/v1/admin/notices',
    summary: '发布通知（管理员任何地区；审核员只能发本辖区）；推送给订阅者在后台任务里完成',
    auth: true,
    successStatus: 201,
    body: NoticeWriteSchema,
    response: AdminNoticeSchema
  },
  adminUpdateNotice: {
    method: 'PUT',
    url: '/api/v1/admin/notices/:id',
    summary: '修改通知（只改内容，不再推送）',
    auth: true,
    params: NoticeIdParams,
    body: NoticeWriteSchema,
    response: AdminNoticeSchema
  },
  adminWithdrawNotice: {
    method: 'POST',
    url: '/api/v1/admin/notices/:id/withdraw',
    summary: '撤回通知：从通知列表里去掉，收到过的人的消息里留一条撤回说明',
    auth: true,
    params: NoticeIdParams,
    body: NoticeWithdrawSchema,
    response: AdminNoticeSchema
  }
} as const satisfies Record<string, RouteContract>
