/** 亲情代办: invitations, acceptance, the two lists, removal, and what the relatives did. */
import { Type, type Static } from '@sinclair/typebox'
import { IdParamSchema, MobilePhoneSchema, OkSchema, WorkerGroupSchema, type RouteContract } from './common'
import { PROXY_RELATIONS } from '../domain/proxy'

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(s: T) => Type.Union([s, Type.Null()])

export const ProxyRelationSchema = Type.Unsafe<(typeof PROXY_RELATIONS)[number]>({ type: 'string', enum: [...PROXY_RELATIONS], title: '关系' })

export const ProxyInviteBodySchema = Type.Object({ phone: MobilePhoneSchema, relation: ProxyRelationSchema }, { additionalProperties: false })
export type ProxyInviteBody = Static<typeof ProxyInviteBodySchema>
export const ProxyInvitationSchema = Type.Object({
  id: Type.String(),
  /** 6 digits, shown once: the worker tells it to the relative */
  code: Type.String(),
  expiresAt: Type.String()
})
export type ProxyInvitation = Static<typeof ProxyInvitationSchema>

export const ProxyAcceptBodySchema = Type.Object({ code: Type.String({ pattern: '^[0-9]{6}$', title: '邀请码' }) }, { additionalProperties: false })
export const PrincipalRefSchema = Type.Object({ id: Type.String(), maskedName: Type.String() })
export const ProxyAcceptedSchema = Type.Object({ principal: PrincipalRefSchema })
export type ProxyAccepted = Static<typeof ProxyAcceptedSchema>

/** The worker's view of one relative. */
export const ProxySchema = Type.Object({
  id: Type.String(),
  relation: ProxyRelationSchema,
  relationLabel: Type.String(),
  phoneMasked: Type.String(),
  status: Type.Union([Type.Literal('pending'), Type.Literal('active')]),
  /** invited at (pending) or accepted at (active) */
  since: Type.String(),
  /** pending: when the code stops working */
  expiresAt: Nullable(Type.String()),
  lastActAt: Nullable(Type.String()),
  /** what the worker agreed this person may do */
  consentText: Type.String()
})
export type Proxy = Static<typeof ProxySchema>
export const ProxyListSchema = Type.Object({ items: Type.Array(ProxySchema), max: Type.Integer() })
export type ProxyList = Static<typeof ProxyListSchema>

/** The relative's view: whom they may act for. */
export const PrincipalSchema = Type.Object({
  id: Type.String(),
  maskedName: Type.String(),
  /** the relationship link, for leaving (DELETE /me/proxies/{proxyId}) */
  proxyId: Type.String(),
  relationLabel: Type.String(),
  since: Type.String()
})
export type Principal = Static<typeof PrincipalSchema>
export const PrincipalListSchema = Type.Object({ items: Type.Array(PrincipalSchema) })
export type PrincipalList = Static<typeof PrincipalListSchema>

export const ProxyActSchema = Type.Object({
  at: Type.String(),
  /** e.g. 报名 */
  action: Type.String(),
  /** 「由 女儿 138****2002 代办」 */
  actedBy: Type.String(),
  objectId: Nullable(Type.String())
})
export const ProxyActivitySchema = Type.Object({ items: Type.Array(ProxyActSchema) })
export type ProxyActivity = Static<typeof ProxyActivitySchema>

/** Who did an act for the worker; absent when the worker did it. */
export const ActedBySchema = Type.Object({ relationLabel: Type.String(), phoneMasked: Type.String(), text: Type.String() })
export type ActedBy = Static<typeof ActedBySchema>

/**
 * Station staff set up 亲情代办 for a worker without a phone of their own: the worker's details, the relative
 * (whose phone becomes the worker's contact), and the worker's consent given at the station — an SMS code sent
 * (POST /staff/consents/sms) to the worker's own number if they have one, else to the relative's, or a
 * handwritten signature (POST /staff/consents/signature).
 */
export const StaffProxySetupBodySchema = Type.Object(
  {
    idempotencyKey: Type.String({ pattern: '^[\\x21-\\x7e]{8,64}$', title: '请求编号' }),
    worker: Type.Object(
      {
        realName: Type.String({ maxLength: 40, title: '姓名' }),
        idNumber: Type.String({ maxLength: 40, title: '身份证号' }),
        /** a basic phone that can receive an SMS; absent when the worker has none */
        phone: Type.Optional(MobilePhoneSchema),
        groups: Type.Array(WorkerGroupSchema, { maxItems: 10, title: '人员类别' })
      },
      { additionalProperties: false }
    ),
    relative: Type.Object({ phone: MobilePhoneSchema, relation: ProxyRelationSchema }, { additionalProperties: false }),
    consent: Type.Union([
      Type.Object({ method: Type.Literal('sms'), code: Type.String({ pattern: '^[0-9]{6}$', title: '验证码' }) }, { additionalProperties: false }),
      Type.Object({ method: Type.Literal('signature'), uploadId: Type.String({ pattern: '^sig_[0-9a-z]{1,24}$', title: '签名' }) }, { additionalProperties: false })
    ])
  },
  { additionalProperties: false }
)
export type StaffProxySetupBody = Static<typeof StaffProxySetupBodySchema>
export const StaffProxySetupSchema = Type.Object({
  id: Type.String(),
  /** 6 digits for the relative to enter (also sent to the relative's phone by SMS) */
  code: Type.String(),
  expiresAt: Type.String(),
  worker: PrincipalRefSchema,
  relationLabel: Type.String(),
  relativePhoneMasked: Type.String(),
  consentMethod: Type.Union([Type.Literal('staff_sms'), Type.Literal('staff_signature')])
})
export type StaffProxySetup = Static<typeof StaffProxySetupSchema>

export const proxiesRoutes = {
  staffSetupProxy: {
    method: 'POST',
    url: '/api/v1/staff/proxies',
    summary: '服务站为没有手机的务工人员设置亲属代办（务工人员短信验证码或手写签名同意）',
    auth: true,
    successStatus: 201,
    body: StaffProxySetupBodySchema,
    response: StaffProxySetupSchema
  },
  inviteProxy: {
    method: 'POST',
    url: '/api/v1/me/proxies',
    summary: '邀请亲属代办（本人）',
    auth: true,
    successStatus: 201,
    body: ProxyInviteBodySchema,
    response: ProxyInvitationSchema
  },
  acceptProxy: { method: 'POST', url: '/api/v1/proxies/accept', summary: '接受代办邀请（被邀请的手机号）', auth: true, body: ProxyAcceptBodySchema, response: ProxyAcceptedSchema },
  myPrincipals: { method: 'GET', url: '/api/v1/me/principals', summary: '我可以替谁办理', auth: true, response: PrincipalListSchema },
  myProxies: { method: 'GET', url: '/api/v1/me/proxies', summary: '我的代办亲属', auth: true, response: ProxyListSchema },
  endProxy: {
    method: 'DELETE',
    url: '/api/v1/me/proxies/:id',
    summary: '移除代办亲属（本人），或不再替对方办理（亲属）',
    auth: true,
    params: IdParamSchema('prx', '代办编号'),
    response: OkSchema
  },
  proxyActivity: { method: 'GET', url: '/api/v1/me/proxies/activity', summary: '亲属替我办过的事', auth: true, response: ProxyActivitySchema }
} as const satisfies Record<string, RouteContract>
