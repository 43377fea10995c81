/**
 * 亲情代办: a worker lets a relative (or a village helper) act for them.
 * - The worker invites a phone with a relation and agrees to a consent text (what the relative may do); the
 *   6-digit code, valid 24 h, is stored only as an HMAC with that phone, so only that phone's account can accept.
 * - `X-Act-For: <worker id>` is resolved on every request (server/accounts/auth.ts calls the resolver below):
 *   only the routes in ACTING_ROUTES accept it (deny by default, so a new route is safe), only while the
 *   relationship is active. The handler then sees the worker's account with `actedBy` set.
 * - Every successful change made while acting is recorded (proxy_acts); sign-ups and claims carry the actor.
 * - Withdrawing consent or deleting the account (either side) ends the relationships in the same transaction.
 */
import { randomInt } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { routes, type Principal, type PrincipalList, type Proxy, type ProxyAccepted, type ProxyActivity, type ProxyInvitation, type ProxyList } from '../../src/contract'
import { maskPhone } from '../../src/domain/masking'
import { maskHolderName } from '../../src/domain/certificate'
import {
  MAX_PROXIES,
  PROXY_CODE_MAX_WRONG,
  PROXY_CODE_TTL_HOURS,
  PROXY_CONSENT_VERSION,
  PROXY_ENDED_MESSAGE,
  PROXY_FORBIDDEN_MESSAGE,
  proxyConsentText,
  relationLabel,
  type ProxyRelation
} from '../../src/domain/proxy'
import { ApiError, badRequest, notFound } from '../errors'
import { newId, safeEqual } from '../crypto'
import type { Queryable } from '../db'
import { audit } from '../platform'
import { authenticate, lockUser, registerActedByLabeller, registerActingResolver, type AuthUser } from '../accounts'
import type { AccountsContext } from '../accounts'
import { registerErasure } from '../accounts'
import { getProfileRow, requireConsent } from '../accounts'
import { deliverToInbox } from '../inbox'
import { contractRoute, typed } from '../platform'
import { actedByLabels, relationLabelOf } from './labels'

/**
 * The routes a relative may use for the worker, with the words the worker's activity list uses for a change
 * (null: a read, or a change not worth listing). Everything else answers 403 PROXY_FORBIDDEN when acting — the
 * payout account, the full ID number, the data export, consent, account deletion, inviting or removing relatives.
 */
const ACTING_ROUTES: Partial<Record<keyof typeof routes, string | null>> = {
  // the worker's consent and profile flag, which the sign-up flow checks (masked phone, like everyone sees)
  getMe: null,
  courseEligibility: null,
  createEnrollment: '报名',
  myEnrollments: null,
  cancelEnrollment: '取消报名',
  getProfile: null,
  myCertificates: null,
  getCertificate: null,
  lookupCertificates: '一键查询证书',
  addCertificate: '添加证书',
  createUpload: '上传照片',
  getFile: null,
  precheckClaim: null,
  submitClaim: '提交补贴申请',
  myClaims: null,
  getClaim: null,
  supplementClaim: '补正材料',
  myInbox: null,
  markInboxRead: null,
  registerEvaluation: '报名职业技能等级认定',
  myEvaluations: null,
  cancelEvaluation: '取消考核报名',
  // a relative standing next to the worker in class checks in with the code on the screen
  checkin: '签到',
  mySessions: null
}

const routeKey = (method: string, url: string) => `${method} ${url}`
const ACTING: Map<string, string | null> = new Map(
  Object.entries(ACTING_ROUTES).map(([name, label]) => {
    const r = routes[name as keyof typeof routes]
    return [routeKey(r.method, r.url), label ?? null]
  })
)

/** Exposed for the tests: which routes accept X-Act-For. */
export const actingRouteKeys = (): string[] => [...ACTING.keys()]

export const PROXY_MESSAGES = {
  forbidden: PROXY_FORBIDDEN_MESSAGE,
  ended: PROXY_ENDED_MESSAGE,
  limit: `最多可以添加${MAX_PROXIES}位亲属（含还没接受的邀请），请先移除不再需要的`,
  self: '不能邀请自己的手机号',
  exists: '这个手机号已经可以替你办理了',
  codeInvalid: '邀请码不对、已过期，或不是发给你这个手机号的，请核对后再试',
  needPhone: '你的账号还没有手机号。请先绑定对方邀请的手机号（短信验证码），再接受邀请',
  notFound: '没有找到这位代办亲属，可能已经移除了'
}

interface ProxyRow {
  id: string
  principal_id: string
  proxy_user_id: string | null
  relation: ProxyRelation
  phone_enc: string
  status: 'pending' | 'active' | 'ended'
  code_hash: string | null
  code_expires_at: Date | string | null
  failed_attempts: number
  consent_text: string
  created_at: Date | string
  accepted_at: Date | string | null
  last_act_at: Date | string | null
}
const COLUMNS = `id, principal_id, proxy_user_id, relation, phone_enc, status, code_hash, code_expires_at, failed_attempts, consent_text,
  created_at, accepted_at, last_act_at`

const iso = (d: Date | string) => new Date(d).toISOString()
const codeHash = (ctx: AccountsContext, phone: string, code: string) => ctx.crypto.hmac('proxy-code', `${phone}:${code}`)

/** 王*英 from the real name; the masked phone when there is no profile yet. */
export async function maskedNameOf(ctx: AccountsContext, db: Queryable, userId: string): Promise<string> {
  const profile = await getProfileRow(ctx, db, { id: userId } as AuthUser)
  if (profile?.real_name) return maskHolderName(profile.real_name)
  const [u] = await db.query<{ phone_enc: string | null }>('SELECT phone_enc FROM users WHERE id = $1', [userId])
  return u?.phone_enc ? maskPhone(ctx.crypto.decrypt(u.phone_enc)) : '这位工友'
}

const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store')

// ───────────────────────── acting for someone ─────────────────────────

interface ActingInfo {
  proxyId: string
  principalId: string
  actorId: string
  label: string | null
}
const actingRequests = new WeakMap<FastifyRequest, ActingInfo>()

function actingResolver(ctx: AccountsContext) {
  return async (req: FastifyRequest, self: AuthUser, principalId: string): Promise<AuthUser> => {
    const key = routeKey(req.method === 'HEAD' ? 'GET' : req.method, req.routeOptions.url ?? '')
    if (!ACTING.has(key)) throw new ApiError(403, 'PROXY_FORBIDDEN', PROXY_MESSAGES.forbidden)
    if (!/^usr_[0-9a-z]{1,40}$/.test(principalId)) throw new ApiError(403, 'PROXY_ENDED', PROXY_MESSAGES.ended)
    // checked on every request: a removal takes effect on the relative's very next call
    const rows = await ctx.db.query<{ id: string; login_method: 'wechat' | 'sms'; phone_enc: string | null }>(
      `SELECT p.id, u.login_method, u.phone_enc FROM proxies p JOIN users u ON u.id = p.principal_id
       WHERE p.principal_id = $1 AND p.proxy_user_id = $2 AND p.status = 'active' AND u.deleted_at IS NULL`,
      [principalId, self.id]
    )
    const p = rows[0]
    if (!p) throw new ApiError(403, 'PROXY_ENDED', PROXY_MESSAGES.ended)
    actingRequests.set(req, { proxyId: p.id, principalId, actorId: self.id, label: ACTING.get(key) ?? null })
    return { id: principalId, loginMethod: p.login_method, phoneEnc: p.phone_enc, tokenHash: self.tokenHash, actedBy: { userId: self.id, proxyId: p.id } }
  }
}

/** The object a change made or touched, from its response (e.g. the new enrollment's id). */
function objectIdOf(payload: unknown): string | null {
  if (typeof payload !== 'string') return null
  const m = /^\{"id":"([a-z]{3}_[0-9a-z]{1,40})"/.exec(payload)
  return m ? m[1] : null
}

// ───────────────────────── invitation and acceptance ─────────────────────────

async function endExpired(ctx: AccountsContext, tx: Queryable, where: string, params: unknown[]): Promise<void> {
  await tx.query(
    `UPDATE proxies SET status = 'ended', ended_at = $${params.length + 1}, end_reason = 'expired', code_hash = NULL, staff_code_enc = NULL
     WHERE status = 'pending' AND code_expires_at <= $${params.length + 1} AND ${where}`,
    [...params, ctx.now().toISOString()]
  )
}

export async function inviteProxy(ctx: AccountsContext, user: AuthUser, body: { phone: string; relation: ProxyRelation }): Promise<ProxyInvitation> {
  await requireConsent(ctx.db, user.id)
  if (user.phoneEnc && ctx.crypto.decrypt(user.phoneEnc) === body.phone) throw badRequest(PROXY_MESSAGES.self, 'phone', 'PROXY_SELF')
  return ctx.db.transaction(async (tx) => {
    const inv = await createInvitation(ctx, tx, user.id, body, { method: 'worker', actorId: user.id })
    return { id: inv.id, code: inv.code, expiresAt: inv.expiresAt }
  })
}

/** How the worker's consent to this relative was given: by the worker in the app, or at a station. */
export type InvitationConsent =
  | { method: 'worker'; actorId: string }
  | { method: 'staff_sms' | 'staff_signature'; actorId: string; stationId: string; stationName: string; staffConsentId: string; staffKey: string; fingerprint: string }

/**
 * A pending invitation of `phone` to act for the worker, with the consent text recorded; inside the caller's
 * transaction. Checks the limit, refuses the worker's own phone and a phone already active, replaces an
 * earlier code for the same phone, tells both inboxes.
 */
export async function createInvitation(
  ctx: AccountsContext,
  tx: Queryable,
  principalId: string,
  body: { phone: string; relation: ProxyRelation },
  consent: InvitationConsent
): Promise<{ id: string; code: string; expiresAt: string; label: string; phoneMasked: string }> {
  const phone = body.phone
  const phoneHash = ctx.crypto.hmac('phone', phone)
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0')
  const now = ctx.now()
  const expiresAt = new Date(now.getTime() + PROXY_CODE_TTL_HOURS * 3_600_000)
  // one change of the worker's relatives at a time, so the limit below counts every live row
  await lockUser(tx, principalId)
  await endExpired(ctx, tx, 'principal_id = $1', [principalId])
  const [relative] = await tx.query<{ id: string }>('SELECT id FROM users WHERE phone_hash = $1 AND deleted_at IS NULL', [phoneHash])
  if (relative?.id === principalId) throw badRequest(PROXY_MESSAGES.self, 'phone', 'PROXY_SELF')
  const live = await tx.query<{ id: string; status: string }>(
    `SELECT id, status FROM proxies WHERE principal_id = $1 AND phone_hash = $2 AND status IN ('pending', 'active')`,
    [principalId, phoneHash]
  )
  if (live.some((r) => r.status === 'active')) throw new ApiError(409, 'PROXY_EXISTS', PROXY_MESSAGES.exists)
  // inviting the same phone again replaces the earlier code
  if (live[0]) {
    await tx.query(`UPDATE proxies SET status = 'ended', ended_at = $2, ended_by = $3, end_reason = 'reinvited', code_hash = NULL, staff_code_enc = NULL WHERE id = $1`, [
      live[0].id,
      now.toISOString(),
      consent.actorId
    ])
  }
  const [{ n }] = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM proxies WHERE principal_id = $1 AND status IN ('pending', 'active')`, [principalId])
  if (n >= MAX_PROXIES) throw new ApiError(409, 'PROXY_LIMIT', PROXY_MESSAGES.limit)
  const id = newId('prx')
  const label = relationLabel(body.relation)
  const phoneMasked = maskPhone(phone)
  const staff = consent.method === 'worker' ? null : consent
  await tx.query(
    `INSERT INTO proxies (id, principal_id, relation, phone_hash, phone_enc, status, code_hash, code_expires_at, consent_text, consent_version,
       consent_method, consented_at, created_at, staff_user_id, station_id, staff_consent_id, staff_key, staff_fingerprint, staff_code_enc)
     VALUES ($1, $2, $3, $4, $5, 'pending', $6, $7, $8, $9, $10, $11, $11, $12, $13, $14, $15, $16, $17)`,
    [
      id,
      principalId,
      body.relation,
      phoneHash,
      ctx.crypto.encrypt(phone),
      codeHash(ctx, phone, code),
      expiresAt.toISOString(),
      proxyConsentText(label, phoneMasked),
      PROXY_CONSENT_VERSION,
      consent.method,
      now.toISOString(),
      staff ? staff.actorId : null,
      staff?.stationId ?? null,
      staff?.staffConsentId ?? null,
      staff?.staffKey ?? null,
      staff?.fingerprint ?? null,
      // a retried staff request answers with the same code until the relative accepts
      staff ? ctx.crypto.encrypt(code) : null
    ]
  )
  await audit(tx, {
    actor: consent.actorId,
    action: 'proxy.invite',
    objectType: 'proxy',
    objectId: id,
    reason: staff
      ? `${body.relation}, consent ${PROXY_CONSENT_VERSION} by ${consent.method} (${staff.staffConsentId}) at station ${staff.stationId} for ${principalId}`
      : `${body.relation}, consent ${PROXY_CONSENT_VERSION}`
  })
  const mayNot = '收款账户、完整身份证号、下载数据、撤回同意和注销账号仍只能由你本人办理。你可以随时在“亲属代办”中移除。'
  await deliverToInbox(
    tx,
    principalId,
    staff
      ? {
          kind: 'proxy',
          title: '服务站为你设置了亲属代办',
          body: `${staff.stationName}按你的${consent.method === 'staff_sms' ? '短信验证码' : '手写签名'}同意，让 ${label} ${phoneMasked} 替你办理报名、证书和补贴申请，对方的手机号作为你的联系电话。${mayNot}`,
          refType: 'proxy',
          refId: id
        }
      : {
          kind: 'proxy',
          title: '你邀请了亲属代办',
          body: `你邀请 ${label} ${phoneMasked} 替你办理报名、证书和补贴申请。请把邀请码当面或打电话告诉对方，${PROXY_CODE_TTL_HOURS}小时内有效。${mayNot}`,
          refType: 'proxy',
          refId: id
        },
    now
  )
  if (relative) {
    const name = await maskedNameOf(ctx, tx, principalId)
    await deliverToInbox(
      tx,
      relative.id,
      { kind: 'proxy', title: `${name} 邀请你替他/她办理`, body: `请在“亲属代办”中输入 ${name} 告诉你的 6 位邀请码。不是你认识的人请不要理会。`, refType: 'proxy', refId: id },
      now
    )
  }
  return { id, code, expiresAt: expiresAt.toISOString(), label, phoneMasked }
}

export async function acceptProxy(ctx: AccountsContext, user: AuthUser, code: string): Promise<ProxyAccepted> {
  if (!user.phoneEnc) throw new ApiError(400, 'PROXY_NEED_PHONE', PROXY_MESSAGES.needPhone, 'code')
  const phone = ctx.crypto.decrypt(user.phoneEnc)
  const phoneHash = ctx.crypto.hmac('phone', phone)
  const now = ctx.now()
  const outcome = await ctx.db.transaction(async (tx): Promise<{ ok: ProxyAccepted } | { error: ApiError }> => {
    await endExpired(ctx, tx, 'phone_hash = $1', [phoneHash])
    const pending = await tx.query<ProxyRow>(
      `SELECT ${COLUMNS} FROM proxies WHERE phone_hash = $1 AND status = 'pending' AND code_expires_at > $2 ORDER BY created_at FOR UPDATE`,
      [phoneHash, now.toISOString()]
    )
    const wanted = codeHash(ctx, phone, code)
    const match = pending.find((r) => r.code_hash !== null && safeEqual(r.code_hash, wanted))
    if (!match) {
      // a wrong code counts against every invitation waiting for this phone; 5 wrong tries end them
      for (const r of pending) {
        const burned = r.failed_attempts + 1 >= PROXY_CODE_MAX_WRONG
        await tx.query(
          `UPDATE proxies SET failed_attempts = failed_attempts + 1, status = CASE WHEN $2 THEN 'ended' ELSE status END,
             ended_at = CASE WHEN $2 THEN $3::timestamptz ELSE ended_at END, end_reason = CASE WHEN $2 THEN 'too many wrong codes' ELSE end_reason END,
             code_hash = CASE WHEN $2 THEN NULL ELSE code_hash END, staff_code_enc = CASE WHEN $2 THEN NULL ELSE staff_code_enc END
           WHERE id = $1`,
          [r.id, burned, now.toISOString()]
        )
      }
      return { error: new ApiError(400, 'PROXY_CODE_INVALID', PROXY_MESSAGES.codeInvalid, 'code') }
    }
    const [principal] = await tx.query<{ id: string }>('SELECT id FROM users WHERE id = $1 AND deleted_at IS NULL FOR UPDATE', [match.principal_id])
    if (!principal) return { error: new ApiError(400, 'PROXY_CODE_INVALID', PROXY_MESSAGES.codeInvalid, 'code') }
    await tx.query(`UPDATE proxies SET status = 'active', proxy_user_id = $2, accepted_at = $3, code_hash = NULL, staff_code_enc = NULL WHERE id = $1`, [match.id, user.id, now.toISOString()])
    await audit(tx, { actor: user.id, action: 'proxy.accept', objectType: 'proxy', objectId: match.id, reason: `for ${match.principal_id}` })
    const name = await maskedNameOf(ctx, tx, match.principal_id)
    const label = await relationLabelOf(ctx, tx, match.relation, user.id)
    const phoneMasked = maskPhone(phone)
    await deliverToInbox(
      tx,
      match.principal_id,
      { kind: 'proxy', title: '亲属已接受代办', body: `${label} ${phoneMasked} 已接受邀请，现在可以替你办理。替你办过的事会标明「由 ${label} ${phoneMasked} 代办」。`, refType: 'proxy', refId: match.id },
      now
    )
    await deliverToInbox(
      tx,
      user.id,
      { kind: 'proxy', title: `你现在可以替 ${name} 办理`, body: `在“亲属代办”中选择“替 ${name} 办”。办理时页面顶部会显示「正在为 ${name} 办理」。`, refType: 'proxy', refId: match.id },
      now
    )
    return { ok: { principal: { id: match.principal_id, maskedName: name } } }
  })
  if ('error' in outcome) throw outcome.error
  return outcome.ok
}

// ───────────────────────── the two lists, removal, activity ─────────────────────────

export async function myProxies(ctx: AccountsContext, user: AuthUser): Promise<ProxyList> {
  const rows = await ctx.db.query<ProxyRow>(
    `SELECT ${COLUMNS} FROM proxies WHERE principal_id = $1 AND (status = 'active' OR (status = 'pending' AND code_expires_at > $2)) ORDER BY created_at, id`,
    [user.id, ctx.now().toISOString()]
  )
  const items: Proxy[] = []
  for (const r of rows) {
    items.push({
      id: r.id,
      relation: r.relation,
      relationLabel: await relationLabelOf(ctx, ctx.db, r.relation, r.proxy_user_id),
      phoneMasked: maskPhone(ctx.crypto.decrypt(r.phone_enc)),
      status: r.status as 'pending' | 'active',
      since: iso(r.accepted_at ?? r.created_at),
      expiresAt: r.status === 'pending' && r.code_expires_at ? iso(r.code_expires_at) : null,
      lastActAt: r.last_act_at ? iso(r.last_act_at) : null,
      consentText: r.consent_text
    })
  }
  return { items, max: MAX_PROXIES }
}

export async function myPrincipals(ctx: AccountsContext, user: AuthUser): Promise<PrincipalList> {
  const rows = await ctx.db.query<ProxyRow>(
    `SELECT ${COLUMNS.replace(/(^|,\s*)([a-z_]+)/g, '$1p.$2')} FROM proxies p JOIN users u ON u.id = p.principal_id
     WHERE p.proxy_user_id = $1 AND p.status = 'active' AND u.deleted_at IS NULL ORDER BY p.accepted_at, p.id`,
    [user.id]
  )
  const items: Principal[] = []
  for (const r of rows) {
    items.push({
      id: r.principal_id,
      maskedName: await maskedNameOf(ctx, ctx.db, r.principal_id),
      proxyId: r.id,
      relationLabel: await relationLabelOf(ctx, ctx.db, r.relation, r.proxy_user_id),
      since: iso(r.accepted_at ?? r.created_at)
    })
  }
  return { items }
}

/** The worker removes a relative (or an invitation), or the relative stops acting for the worker. */
export async function endProxy(ctx: AccountsContext, user: AuthUser, id: string): Promise<void> {
  const now = ctx.now()
  await ctx.db.transaction(async (tx) => {
    const [r] = await tx.query<ProxyRow>(
      `SELECT ${COLUMNS} FROM proxies WHERE id = $1 AND (principal_id = $2 OR proxy_user_id = $2) AND status IN ('pending', 'active') FOR UPDATE`,
      [id, user.id]
    )
    // someone else's relationship is "not found", like a missing one
    if (!r) throw notFound(PROXY_MESSAGES.notFound, 'PROXY_NOT_FOUND')
    const byWorker = r.principal_id === user.id
    await tx.query(`UPDATE proxies SET status = 'ended', ended_at = $2, ended_by = $3, end_reason = $4, code_hash = NULL, staff_code_enc = NULL WHERE id = $1`, [
      id,
      now.toISOString(),
      user.id,
      byWorker ? 'removed by worker' : 'left by proxy'
    ])
    await audit(tx, { actor: user.id, action: 'proxy.end', objectType: 'proxy', objectId: id, reason: byWorker ? 'removed by worker' : 'left by proxy' })
    if (r.status !== 'active' || !r.proxy_user_id) return
    const label = await relationLabelOf(ctx, tx, r.relation, r.proxy_user_id)
    const phoneMasked = maskPhone(ctx.crypto.decrypt(r.phone_enc))
    const name = await maskedNameOf(ctx, tx, r.principal_id)
    if (byWorker) {
      await deliverToInbox(tx, r.proxy_user_id, { kind: 'proxy', title: '代办授权已结束', body: `${name} 已结束你的代办授权，你不能再替对方办理。`, refType: 'proxy', refId: id }, now)
    } else {
      await deliverToInbox(tx, r.principal_id, { kind: 'proxy', title: '亲属不再替你办理', body: `${label} ${phoneMasked} 已不再替你办理。`, refType: 'proxy', refId: id }, now)
    }
  })
}

export async function proxyActivity(ctx: AccountsContext, user: AuthUser): Promise<ProxyActivity> {
  const rows = await ctx.db.query<{ at: Date; action: string; object_id: string | null; actor_id: string }>(
    'SELECT at, action, object_id, actor_id FROM proxy_acts WHERE principal_id = $1 ORDER BY at DESC, id DESC LIMIT 200',
    [user.id]
  )
  const labels = await actedByLabels(ctx, ctx.db, user.id, rows.map((r) => r.actor_id))
  return { items: rows.map((r) => ({ at: iso(r.at), action: r.action, actedBy: labels.get(r.actor_id)?.text ?? '由亲属代办', objectId: r.object_id })) }
}

/** Ends every live relationship of this account, on either side (consent withdrawn, account deleted). */
async function endAllOf(ctx: AccountsContext, tx: Queryable, userId: string, reason: string): Promise<string> {
  const ended = await tx.query<{ id: string }>(
    `UPDATE proxies SET status = 'ended', ended_at = $2, ended_by = $1, end_reason = $3, code_hash = NULL, staff_code_enc = NULL
     WHERE (principal_id = $1 OR proxy_user_id = $1) AND status IN ('pending', 'active') RETURNING id`,
    [userId, ctx.now().toISOString(), reason]
  )
  return `${ended.length} proxies ended`
}

export function registerProxies(app: FastifyInstance, ctx: AccountsContext): void {
  registerActingResolver(ctx.db, actingResolver(ctx))
  registerActedByLabeller(actedByLabels)
  registerErasure(ctx.db, 'proxies', async (tx, userId, reason) => ({ summary: await endAllOf(ctx, tx, userId, reason) }))

  // deny by default, before validation: a signed-in route that is not on the list refuses X-Act-For whatever
  // its body (public routes ignore the header; the resolver checks the list again for routes that authenticate)
  app.addHook('onRequest', async (req) => {
    if (req.headers['x-act-for'] === undefined) return
    const schema = req.routeOptions.schema as { security?: unknown } | undefined
    if (!schema?.security) return
    if (!ACTING.has(routeKey(req.method === 'HEAD' ? 'GET' : req.method, req.routeOptions.url ?? ''))) {
      throw new ApiError(403, 'PROXY_FORBIDDEN', PROXY_MESSAGES.forbidden)
    }
  })

  // every successful change made while acting is recorded before the answer leaves
  app.addHook('onSend', async (req, reply, payload) => {
    const a = actingRequests.get(req)
    if (!a || !a.label || reply.statusCode >= 400) return payload
    const at = ctx.now().toISOString()
    await ctx.db.transaction(async (tx) => {
      await tx.query('INSERT INTO proxy_acts (proxy_id, principal_id, actor_id, action, object_id, at) VALUES ($1, $2, $3, $4, $5, $6)', [
        a.proxyId,
        a.principalId,
        a.actorId,
        a.label,
        objectIdOf(payload),
        at
      ])
      await tx.query('UPDATE proxies SET last_act_at = $2 WHERE id = $1', [a.proxyId, at])
    })
    return payload
  })

  typed(app).route({
    ...contractRoute(routes.inviteProxy),
    handler: async (req, reply) => {
      const user = await authenticate(ctx, req)
      noStore(reply)
      return reply.status(201).send(await inviteProxy(ctx, user, req.body))
    }
  })
  typed(app).route({
    ...contractRoute(routes.acceptProxy),
    handler: async (req, reply) => {
      const user = await authenticate(ctx, req)
      noStore(reply)
      return acceptProxy(ctx, user, req.body.code)
    }
  })
  typed(app).route({
    ...contractRoute(routes.myPrincipals),
    handler: async (req, reply) => {
      const user = await authenticate(ctx, req)
      noStore(reply)
      return myPrincipals(ctx, user)
    }
  })
  typed(app).route({
    ...contractRoute(routes.myProxies),
    handler: async (req, reply) => {
      const user = await authenticate(ctx, req)
      noStore(reply)
      return myProxies(ctx, user)
    }
  })
  typed(app).route({
    ...contractRoute(routes.endProxy),
    handler: async (req, reply) => {
      const user = await authenticate(ctx, req)
      noStore(reply)
      await endProxy(ctx, user, req.params.id)
      return { ok: true as const }
    }
  })
  typed(app).route({
    ...contractRoute(routes.proxyActivity),
    handler: async (req, reply) => {
      const user = await authenticate(ctx, req)
      noStore(reply)
      return proxyActivity(ctx, user)
    }
  })
}

