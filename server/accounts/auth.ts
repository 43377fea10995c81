/** Users, sessions, SMS codes and WeChat login. Tokens and codes are stored only as hashes. */
import { randomInt } from 'node:crypto'
import { roleGrantsOf } from '../roles'
import type { FastifyRequest } from 'fastify'
import type { Me, Session } from '../../src/contract'
import { maskPhone } from '../../src/domain/masking'
import { PRIVACY_NOTICE_VERSION } from '../../src/domain/profile'
import { ApiError } from '../errors'
import { newId, newToken, safeEqual, sha256 } from '../crypto'
import { prepared, type Queryable } from '../db'
import { WechatLoginError } from '../adapters'
import { audit } from '../platform'
import type { AccountsContext } from './context'

export const SESSION_DAYS = 30
export const SMS_CODE_TTL_SECONDS = 5 * 60
export const SMS_RESEND_SECONDS = 60
export const SMS_MAX_PER_PHONE_PER_DAY = 10
export const SMS_MAX_PER_IP_PER_HOUR = 20
export const SMS_MAX_WRONG_ATTEMPTS = 5
/** Staff consent codes one service station may send per hour (its own budget, apart from the per-address one) */
export const DEFAULT_STAFF_SMS_PER_STATION_PER_HOUR = 60
export function staffSmsBudgetFromEnv(env: Record<string, string | undefined> = process.env): number {
  const n = Number(env.STAFF_SMS_PER_STATION_PER_HOUR)
  return Number.isInteger(n) && n > 0 ? n : DEFAULT_STAFF_SMS_PER_STATION_PER_HOUR
}

export const AUTH_MESSAGES = {
  unauthenticated: '请先登录',
  smsTooFrequent: `验证码已发送，请${SMS_RESEND_SECONDS}秒后再试`,
  smsDailyLimit: '这个手机号今天获取验证码的次数太多了，请明天再试',
  smsIpLimit: '获取验证码太频繁了，请过一个小时再试',
  smsStationLimit: '本服务站这一个小时发的同意验证码太多了，请稍后再试；急用可以让报名人自己在小程序里报名',
  smsInvalid: '验证码不对或已过期，请重新获取',
  smsBurned: '验证码输错次数太多，已失效，请重新获取',
  smsUnavailable: '短信服务暂时不可用，请改用微信登录或稍后再试',
  wechatInvalid: '微信登录已失效，请关闭小程序重新进入后再试',
  wechatUnavailable: '微信登录暂时不可用，请稍后再试或改用手机号登录',
  phoneAlreadyBound: '你的账号已经绑定了手机号',
  phoneTaken: '这个手机号已经是另一个账号了。请退出后用这个手机号和短信验证码登录，再继续办理'
}

export interface AuthUser {
  id: string
  loginMethod: 'wechat' | 'sms'
  phoneEnc: string | null
  tokenHash: string
  /** Set when a relative acts for this worker (亲情代办): the relative's account and the relationship */
  actedBy?: { userId: string; proxyId: string }
}

/**
 * Resolves `X-Act-For` to the worker acted for (server/proxies registers it): checks the route and the live
 * relationship on every request. Per database, like the data-rights registry.
 */
export type ActingResolver = (req: FastifyRequest, self: AuthUser, principalId: string) => Promise<AuthUser>
const actingResolvers = new WeakMap<Queryable, ActingResolver>()
export function registerActingResolver(db: Queryable, fn: ActingResolver): void {
  actingResolvers.set(db, fn)
}

const addSeconds = (d: Date, s: number) => new Date(d.getTime() + s * 1000)

/**
 * Locks the worker's account row until the caller's transaction ends: one change of a worker's rights or money
 * at a time (sign-up, claim submission, certificate import), so rules that look at earlier records see them all.
 */
export async function lockUser(tx: Queryable, userId: string): Promise<void> {
  await tx.query('SELECT id FROM users WHERE id = $1 FOR UPDATE', [userId])
}

/** These accounts' phone numbers, masked (138****0002), by user id; an account without a phone has none. */
export async function maskedPhonesOf(ctx: Pick<AccountsContext, 'crypto'>, db: Queryable, userIds: string[]): Promise<Map<string, string>> {
  const ids = [...new Set(userIds)]
  if (ids.length === 0) return new Map()
  const rows = await db.query<{ id: string; phone_enc: string | null }>('SELECT id, phone_enc FROM users WHERE id = ANY($1::text[])', [ids])
  return new Map(rows.filter((r) => r.phone_enc).map((r) => [r.id, maskPhone(ctx.crypto.decrypt(r.phone_enc as string))]))
}

export async function meOf(ctx: AccountsContext, db: Queryable, userId: string): Promise<Me> {
  const rows = await db.query<{ id: string; login_method: 'wechat' | 'sms'; phone_enc: string | null; has_profile: boolean }>(
    `SELECT u.id, u.login_method, u.phone_enc, EXISTS (SELECT 1 FROM profiles p WHERE p.user_id = u.id) AS has_profile
     FROM users u WHERE u.id = $1`,
    [userId]
  )
  const u = rows[0]
  const consent = await currentConsent(db, userId)
  return {
    id: u.id,
    loginMethod: u.login_method,
    phoneMasked: u.phone_enc ? maskPhone(ctx.crypto.decrypt(u.phone_enc)) : null,
    consent: consent ? { version: consent.version, acceptedAt: consent.acceptedAt } : null,
    hasProfile: u.has_profile,
    roles: await roleGrantsOf(db, userId)
  }
}

/** Consent to the CURRENT notice version that has not been withdrawn, or null. */
export async function currentConsent(db: Queryable, userId: string): Promise<{ version: string; acceptedAt: string } | null> {
  const rows = await db.query<{ version: string; accepted_at: Date }>(
    prepared(`SELECT version, accepted_at FROM consents WHERE user_id = $1 AND version = $2 AND withdrawn_at IS NULL ORDER BY accepted_at DESC LIMIT 1`),
    [userId, PRIVACY_NOTICE_VERSION]
  )
  return rows[0] ? { version: rows[0].version, acceptedAt: new Date(rows[0].accepted_at).toISOString() } : null
}

async function createSession(ctx: AccountsContext, db: Queryable, userId: string): Promise<Session> {
  const token = newToken()
  const expiresAt = addSeconds(ctx.now(), SESSION_DAYS * 86_400)
  await db.query('INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)', [
    sha256(token),
    userId,
    ctx.now().toISOString(),
    expiresAt.toISOString()
  ])
  return { token, expiresAt: expiresAt.toISOString(), me: await meOf(ctx, db, userId) }
}

export async function loginWechat(ctx: AccountsContext, code: string): Promise<Session> {
  let openid: string
  try {
    openid = (await ctx.adapters.wechat.code2Session(code)).openid
  } catch (err) {
    // 40029 invalid code, 40163 code already used, 40226 high-risk user: the user must log in again
    if (err instanceof WechatLoginError && err.errcode > 0) throw new ApiError(401, 'WECHAT_CODE_INVALID', AUTH_MESSAGES.wechatInvalid)
    throw new ApiError(502, 'WECHAT_UNAVAILABLE', AUTH_MESSAGES.wechatUnavailable)
  }
  return ctx.db.transaction(async (tx) => {
    const id = newId('usr')
    const inserted = await tx.query<{ id: string }>(
      `INSERT INTO users (id, wechat_openid, login_method, created_at) VALUES ($1, $2, 'wechat', $3)
       ON CONFLICT (wechat_openid) DO NOTHING RETURNING id`,
      [id, openid, ctx.now().toISOString()]
    )
    if (inserted[0]) await audit(tx, { actor: id, action: 'user.create', objectType: 'user', objectId: id, reason: 'wechat' })
    const [user] = await tx.query<{ id: string }>('SELECT id FROM users WHERE wechat_openid = $1', [openid])
    return createSession(ctx, tx, user.id)
  })
}

/**
 * What a code is for. One table, one set of limits (per phone and per IP) for every purpose; the purpose is
 * part of the code's hash, so a login code cannot stand for a sign-up consent or the other way round.
 */
export type SmsPurpose = 'login' | 'staff_consent' | 'bind_phone'

const SMS_TEXTS: Record<SmsPurpose, (code: string) => string> = {
  login: (code) => `【技能培训掌上办】你的验证码是${code}，${SMS_CODE_TTL_SECONDS / 60}分钟内有效。如非本人操作请忽略。`,
  staff_consent: (code) =>
    `【技能培训掌上办】服务站工作人员正在帮你报名职业技能培训。验证码${code}，${SMS_CODE_TTL_SECONDS / 60}分钟内有效。把验证码告诉工作人员，表示你同意报名并同意《用户隐私保护指引》；不同意请不要告诉别人。`,
  bind_phone: (code) => `【技能培训掌上办】你正在把这个手机号绑定到你的账号，验证码${code}，${SMS_CODE_TTL_SECONDS / 60}分钟内有效。如非本人操作请忽略。`
}

const smsCodeHash = (ctx: AccountsContext, purpose: SmsPurpose, phone: string, code: string) =>
  ctx.crypto.hmac('sms', purpose === 'login' ? `${phone}:${code}` : `${purpose}:${phone}:${code}`)

/** Seconds from `now` until `since` + `windowSeconds` (at least 1): when a sliding window frees a slot */
const secondsUntil = (since: Date | string | null, windowSeconds: number, now: Date) =>
  since ? Math.max(1, Math.ceil((new Date(since).getTime() + windowSeconds * 1000 - now.getTime()) / 1000)) : windowSeconds

export async function sendSmsCode(
  ctx: AccountsContext,
  phone: string,
  ip: string,
  purpose: SmsPurpose = 'login',
  /** staff consent: the station whose hourly budget pays for the code (instead of the client address's) */
  station?: { id: string; perHour: number }
): Promise<{ resendAfterSeconds: number; devCode?: string }> {
  const phoneHash = ctx.crypto.hmac('phone', phone)
  const now = ctx.now()
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0')
  const id = await ctx.db.transaction(async (tx) => {
    // serialise sends for one phone on PostgreSQL (PGlite runs one transaction at a time anyway)
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [phoneHash])
    const [stats] = await tx.query<{ last_minute: number; last_day: number; latest: Date | null; oldest: Date | null }>(
      `SELECT count(*) FILTER (WHERE created_at > $2::timestamptz - make_interval(secs => $3))::int AS last_minute,
              count(*) FILTER (WHERE created_at > $2::timestamptz - interval '1 day')::int AS last_day,
              max(created_at) AS latest, min(created_at) AS oldest
       FROM sms_codes WHERE phone_hash = $1 AND created_at > $2::timestamptz - interval '1 day'`,
      [phoneHash, now.toISOString(), SMS_RESEND_SECONDS]
    )
    if (stats.last_minute > 0) throw new ApiError(429, 'SMS_TOO_FREQUENT', AUTH_MESSAGES.smsTooFrequent, undefined, secondsUntil(stats.latest, SMS_RESEND_SECONDS, now))
    if (stats.last_day >= SMS_MAX_PER_PHONE_PER_DAY) throw new ApiError(429, 'SMS_DAILY_LIMIT', AUTH_MESSAGES.smsDailyLimit, undefined, secondsUntil(stats.oldest, 86_400, now))
    if (station) {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`sms-station:${station.id}`])
      const [st] = await tx.query<{ n: number; oldest: Date | null }>(
        `SELECT count(*)::int AS n, min(created_at) AS oldest FROM sms_codes WHERE station_id = $1 AND created_at > $2::timestamptz - interval '1 hour'`,
        [station.id, now.toISOString()]
      )
      if (st.n >= station.perHour) throw new ApiError(429, 'SMS_STATION_LIMIT', AUTH_MESSAGES.smsStationLimit, undefined, secondsUntil(st.oldest, 3600, now))
    } else {
      // the per-address bucket counts only codes no station paid for
      const [ipStats] = await tx.query<{ n: number; oldest: Date | null }>(
        `SELECT count(*)::int AS n, min(created_at) AS oldest FROM sms_codes WHERE ip = $1 AND station_id IS NULL AND created_at > $2::timestamptz - interval '1 hour'`,
        [ip, now.toISOString()]
      )
      if (ipStats.n >= SMS_MAX_PER_IP_PER_HOUR) throw new ApiError(429, 'SMS_IP_LIMIT', AUTH_MESSAGES.smsIpLimit, undefined, secondsUntil(ipStats.oldest, 3600, now))
    }
    // a new code replaces any earlier unused one
    await tx.query('UPDATE sms_codes SET used_at = $2 WHERE phone_hash = $1 AND used_at IS NULL', [phoneHash, now.toISOString()])
    const [row] = await tx.query<{ id: string }>(
      `INSERT INTO sms_codes (phone_hash, code_hash, ip, created_at, expires_at, station_id) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [phoneHash, smsCodeHash(ctx, purpose, phone, code), ip, now.toISOString(), addSeconds(now, SMS_CODE_TTL_SECONDS).toISOString(), station?.id ?? null]
    )
    return row.id
  })
  try {
    await ctx.adapters.sms.send(phone, SMS_TEXTS[purpose](code))
  } catch {
    await ctx.db.query('UPDATE sms_codes SET used_at = now() WHERE id = $1', [id])
    throw new ApiError(503, 'SMS_UNAVAILABLE', AUTH_MESSAGES.smsUnavailable)
  }
  return { resendAfterSeconds: SMS_RESEND_SECONDS, ...(ctx.adapters.devMode && ctx.adapters.sms.kind === 'dev' ? { devCode: code } : {}) }
}

/**
 * Checks and uses up the phone's live code inside the caller's transaction: a wrong code counts against the
 * code (5 wrong tries burn it). Resolves null when the code was right, else the error to answer with —
 * returned, not thrown, so the caller can commit the attempt count.
 */
export async function consumeSmsCode(
  ctx: AccountsContext,
  tx: Queryable,
  phone: string,
  code: string,
  purpose: SmsPurpose = 'login'
): Promise<ApiError | null> {
  const phoneHash = ctx.crypto.hmac('phone', phone)
  const now = ctx.now().toISOString()
  const [live] = await tx.query<{ id: string; code_hash: string; failed_attempts: number }>(
    `SELECT id, code_hash, failed_attempts FROM sms_codes
     WHERE phone_hash = $1 AND used_at IS NULL AND expires_at > $2 AND failed_attempts < $3
     ORDER BY created_at DESC LIMIT 1 FOR UPDATE`,
    [phoneHash, now, SMS_MAX_WRONG_ATTEMPTS]
  )
  if (!live) return new ApiError(400, 'SMS_CODE_INVALID', AUTH_MESSAGES.smsInvalid, 'code')
  if (!safeEqual(live.code_hash, smsCodeHash(ctx, purpose, phone, code))) {
    const attempts = live.failed_attempts + 1
    const burned = attempts >= SMS_MAX_WRONG_ATTEMPTS
    await tx.query('UPDATE sms_codes SET failed_attempts = $2, used_at = CASE WHEN $3 THEN $4::timestamptz ELSE used_at END WHERE id = $1', [
      live.id,
      attempts,
      burned,
      now
    ])
    return burned
      ? new ApiError(429, 'SMS_TOO_MANY_ATTEMPTS', AUTH_MESSAGES.smsBurned, 'code', SMS_RESEND_SECONDS)
      : new ApiError(400, 'SMS_CODE_INVALID', AUTH_MESSAGES.smsInvalid, 'code')
  }
  await tx.query('UPDATE sms_codes SET used_at = $2 WHERE id = $1', [live.id, now])
  return null
}

export async function verifySmsCode(ctx: AccountsContext, phone: string, code: string): Promise<Session> {
  const phoneHash = ctx.crypto.hmac('phone', phone)
  const now = ctx.now().toISOString()
  const outcome = await ctx.db.transaction(async (tx): Promise<{ session: Session } | { error: ApiError }> => {
    const refused = await consumeSmsCode(ctx, tx, phone, code, 'login')
    if (refused) return { error: refused }
    // during a key rotation an existing user may still carry the previous key's hash
    const [known] = ctx.crypto.rotating ? await tx.query<{ id: string }>('SELECT id FROM users WHERE phone_hash = ANY($1::text[])', [ctx.crypto.hmacs('phone', phone)]) : []
    if (known) return { session: await createSession(ctx, tx, known.id) }
    const id = newId('usr')
    const inserted = await tx.query<{ id: string }>(
      `INSERT INTO users (id, phone_hash, phone_enc, login_method, created_at) VALUES ($1, $2, $3, 'sms', $4)
       ON CONFLICT (phone_hash) DO NOTHING RETURNING id`,
      [id, phoneHash, ctx.crypto.encrypt(phone), now]
    )
    if (inserted[0]) await audit(tx, { actor: id, action: 'user.create', objectType: 'user', objectId: id, reason: 'sms' })
    const [user] = await tx.query<{ id: string }>('SELECT id FROM users WHERE phone_hash = $1', [phoneHash])
    return { session: await createSession(ctx, tx, user.id) }
  })
  if ('error' in outcome) throw outcome.error
  return outcome.session
}

/**
 * A WeChat-only account binds a phone in place (the phone a relative was invited on, for instance): the same
 * SMS code table and limits as login, its own purpose so a login code cannot bind. A phone that already has an
 * account is refused — merging two accounts' records is not something a code should do.
 */
async function phoneOwner(ctx: AccountsContext, db: Queryable, phone: string): Promise<string | null> {
  const [row] = await db.query<{ id: string }>('SELECT id FROM users WHERE phone_hash = ANY($1::text[])', [ctx.crypto.hmacs('phone', phone)])
  return row?.id ?? null
}

export async function sendPhoneBindCode(ctx: AccountsContext, user: AuthUser, phone: string, ip: string): Promise<{ resendAfterSeconds: number; devCode?: string }> {
  if (user.phoneEnc) throw new ApiError(409, 'PHONE_ALREADY_BOUND', AUTH_MESSAGES.phoneAlreadyBound)
  const owner = await phoneOwner(ctx, ctx.db, phone)
  if (owner && owner !== user.id) throw new ApiError(409, 'PHONE_TAKEN', AUTH_MESSAGES.phoneTaken, 'phone')
  return sendSmsCode(ctx, phone, ip, 'bind_phone')
}

export async function bindPhone(ctx: AccountsContext, user: AuthUser, phone: string, code: string): Promise<Me> {
  const phoneHash = ctx.crypto.hmac('phone', phone)
  const outcome = await ctx.db.transaction(async (tx): Promise<{ me: Me } | { error: ApiError }> => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [phoneHash])
    const [self] = await tx.query<{ phone_enc: string | null }>('SELECT phone_enc FROM users WHERE id = $1 FOR UPDATE', [user.id])
    if (self?.phone_enc) return { error: new ApiError(409, 'PHONE_ALREADY_BOUND', AUTH_MESSAGES.phoneAlreadyBound) }
    const refused = await consumeSmsCode(ctx, tx, phone, code, 'bind_phone')
    if (refused) return { error: refused }
    if (await phoneOwner(ctx, tx, phone)) return { error: new ApiError(409, 'PHONE_TAKEN', AUTH_MESSAGES.phoneTaken, 'phone') }
    await tx.query('UPDATE users SET phone_hash = $2, phone_enc = $3 WHERE id = $1', [user.id, phoneHash, ctx.crypto.encrypt(phone)])
    await audit(tx, { actor: user.id, action: 'user.bind_phone', objectType: 'user', objectId: user.id, reason: maskPhone(phone) })
    return { me: await meOf(ctx, tx, user.id) }
  })
  if ('error' in outcome) throw outcome.error
  return outcome.me
}

/** Resolves `Authorization: Bearer <token>` to a live user, else 401. */
export async function authenticate(ctx: AccountsContext, req: FastifyRequest): Promise<AuthUser> {
  const header = req.headers.authorization
  const m = typeof header === 'string' ? /^Bearer ([A-Za-z0-9_-]{20,100})$/.exec(header.trim()) : null
  if (!m) throw new ApiError(401, 'UNAUTHENTICATED', AUTH_MESSAGES.unauthenticated)
  const tokenHash = sha256(m[1])
  const rows = await ctx.db.query<{ id: string; login_method: 'wechat' | 'sms'; phone_enc: string | null }>(
    prepared(`SELECT u.id, u.login_method, u.phone_enc FROM sessions s JOIN users u ON u.id = s.user_id
     WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > $2 AND u.deleted_at IS NULL`),
    [tokenHash, ctx.now().toISOString()]
  )
  if (!rows[0]) throw new ApiError(401, 'UNAUTHENTICATED', AUTH_MESSAGES.unauthenticated)
  const self: AuthUser = { id: rows[0].id, loginMethod: rows[0].login_method, phoneEnc: rows[0].phone_enc, tokenHash }
  const actFor = req.headers['x-act-for']
  if (actFor === undefined) return self
  const resolve = actingResolvers.get(ctx.db)
  if (!resolve || typeof actFor !== 'string') throw new ApiError(403, 'PROXY_FORBIDDEN', '这件事只能由本人办理')
  return resolve(req, self, actFor)
}

/**
 * The development clock moved by `deltaMs` (either way) at the moment `before`: every session moves with it, so a
 * token keeps the lifetime it had left. Without this a jump of months expired every token at once (tests that
 * walk a claim through 公示 got 401), and a jump back would bring expired tokens back to life. Runs in the
 * clock's transaction: no request sees the new time with the old expiries.
 */
export async function sessionsFollowClock(tx: Queryable, deltaMs: number): Promise<number> {
  if (deltaMs === 0) return 0
  const rows = await tx.query<{ token_hash: string }>(
    `UPDATE sessions SET created_at = created_at + make_interval(secs => $1::double precision / 1000),
       expires_at = expires_at + make_interval(secs => $1::double precision / 1000) RETURNING token_hash`,
    [deltaMs]
  )
  return rows.length
}

export async function logout(ctx: AccountsContext, user: AuthUser): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    await tx.query('UPDATE sessions SET revoked_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL', [user.tokenHash, ctx.now().toISOString()])
    await audit(tx, { actor: user.id, action: 'session.logout', objectType: 'user', objectId: user.id })
  })
}

/** The user's WeChat openid (null for SMS / H5 logins): WeChat's content check wants the author's. */
export async function wechatOpenidOf(db: Queryable, userId: string): Promise<string | null> {
  const [row] = await db.query<{ wechat_openid: string | null }>('SELECT wechat_openid FROM users WHERE id = $1', [userId])
  return row?.wechat_openid ?? null
}
