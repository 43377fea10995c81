/**
 * Notifier: WeChat subscribe messages (订阅消息) about a worker's claim or a notice.
 * - Messages are written to `notifier_outbox` in the business transaction (`queueNotification`), so a state
 *   change and its message commit together; `flushNotifier` sends what is pending after the commit.
 * - development (`NOTIFIER_ADAPTER=dev`, default outside production): records — the message is marked sent by
 *   `dev`; it is listed at `GET /api/v1/dev/notifications` and the inbox holds the same news.
 * - production: `subscribeMessage.send` with the server-side access token (WX_APPID / WX_SECRET); the user's
 *   openid comes from the users table. Users without an openid (H5 / SMS login) get the inbox entry only.
 */
import type { Queryable } from '../db'
import type { SqlParams, StatementPart } from '../db'
import { newId } from '../crypto'

export type SubscribeTemplateKey = 'claim_state' | 'claim_reminder' | 'notice' | 'certificate_review' | 'course_start' | 'exam_reminder'

/** Where each template's WeChat id is configured (the same id the mini program asks the user to accept). */
export const TEMPLATE_ENV: Record<SubscribeTemplateKey, string> = {
  claim_state: 'WX_TEMPLATE_CLAIM_STATE',
  claim_reminder: 'WX_TEMPLATE_CLAIM_REMINDER',
  notice: 'WX_TEMPLATE_NOTICE',
  certificate_review: 'WX_TEMPLATE_CERTIFICATE_REVIEW',
  course_start: 'WX_TEMPLATE_COURSE_START',
  exam_reminder: 'WX_TEMPLATE_EXAM_REMINDER'
}

/**
 * Template ids by key. Outside production an unset id becomes a fixed development id (`dev-tpl-claim-state`),
 * so the mini program asks for subscriptions in development too and the dev notifier records the messages;
 * in production an unset template is left out (the app then does not ask for it).
 */
export function templateIdsFromEnv(env: Record<string, string | undefined>, devMode: boolean): Partial<Record<SubscribeTemplateKey, string>> {
  const out: Partial<Record<SubscribeTemplateKey, string>> = {}
  for (const [key, name] of Object.entries(TEMPLATE_ENV) as [SubscribeTemplateKey, string][]) {
    const id = env[name]?.trim()
    if (id) out[key] = id
    else if (devMode) out[key] = `dev-tpl-${key.replace(/_/g, '-')}`
  }
  return out
}

export interface SubscribeMessage {
  /** our template key, mapped to a WeChat template id by the real adapter (WX_TEMPLATE_<KEY>) */
  template: SubscribeTemplateKey
  /** template fields, e.g. { thing1: '职业培训补贴', phrase2: '已受理', date3: '2026-11-25' } */
  data: Record<string, string>
  /** mini-program page to open */
  page?: string | null
}

export interface Notifier {
  readonly kind: 'dev' | 'wechat'
  send(to: { userId: string; openid: string | null }, msg: SubscribeMessage): Promise<void>
}

export class NotifierError extends Error {
  constructor(readonly errcode: number, message: string) {
    super(message)
  }
}

export function devNotifier(): Notifier {
  return { kind: 'dev', async send() {} }
}

/** WeChat's field limits: thing ≤ 20 chars, phrase ≤ 5; longer values are refused (errcode 47003). */
export function fitSubscribeData(data: Record<string, string>): Record<string, { value: string }> {
  const out: Record<string, { value: string }> = {}
  for (const [k, v] of Object.entries(data)) {
    const limit = k.startsWith('phrase') ? 5 : k.startsWith('thing') ? 20 : 32
    out[k] = { value: [...v].slice(0, limit).join('') }
  }
  return out
}

export function wechatNotifier(opts: { appId: string; secret: string; templates: Record<string, string>; fetchImpl?: typeof fetch }): Notifier {
  const f = opts.fetchImpl ?? fetch
  let token: { value: string; until: number } | null = null
  async function accessToken(): Promise<string> {
    if (token && token.until > Date.now()) return token.value
    const res = await f(`https://api.weixin.qq.com/cgi-bin/token?grant_type=client_credential&appid=${encodeURIComponent(opts.appId)}&secret=${encodeURIComponent(opts.secret)}`)
    const body = (await res.json()) as { access_token?: string; expires_in?: number; errcode?: number; errmsg?: string }
    if (!body.access_token) throw new NotifierError(body.errcode ?? -1, body.errmsg ?? 'no access token')
    token = { value: body.access_token, until: Date.now() + ((body.expires_in ?? 7200) - 300) * 1000 }
    return token.value
  }
  return {
    kind: 'wechat',
    async send(to, msg) {
      if (!to.openid) return
      const templateId = opts.templates[msg.template]
      if (!templateId) throw new NotifierError(-1, `no WeChat template configured for ${msg.template}`)
      const res = await f(`https://api.weixin.qq.com/cgi-bin/message/subscribe/send?access_token=${await accessToken()}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ touser: to.openid, template_id: templateId, page: msg.page ?? undefined, data: fitSubscribeData(msg.data) })
      })
      const body = (await res.json()) as { errcode?: number; errmsg?: string }
      // 43101: the user has not subscribed (or used up the one-time permission) — not an error for us
      if (body.errcode && body.errcode !== 43101) throw new NotifierError(body.errcode, body.errmsg ?? 'send failed')
    }
  }
}

export function notifierFromEnv(env: Record<string, string | undefined> = process.env): Notifier {
  const kind = env.NOTIFIER_ADAPTER ?? (env.NODE_ENV === 'production' ? 'real' : 'dev')
  if (kind !== 'real') return devNotifier()
  if (!env.WX_APPID || !env.WX_SECRET) throw new Error('NOTIFIER_ADAPTER=real needs WX_APPID and WX_SECRET')
  return wechatNotifier({
    appId: env.WX_APPID,
    secret: env.WX_SECRET,
    templates: templateIdsFromEnv(env, false) as Record<string, string>
  })
}

/** `queueNotification` as a part of a composed statement (server/db/compose.ts), queued only when `when` holds. */
export function queueNotificationPart(p: SqlParams, userId: string, msg: SubscribeMessage, at: Date, when: string, name = 'outbox'): StatementPart {
  return {
    name,
    sql: `INSERT INTO notifier_outbox (id, user_id, template, data, page, created_at)
    SELECT ${p.add(newId('ntf'))}, ${p.add(userId)}, ${p.add(msg.template)}, ${p.add(JSON.stringify(msg.data), 'jsonb')}, ${p.add(msg.page ?? null, 'text')}, ${p.add(at.toISOString(), 'timestamptz')} WHERE ${when}`
  }
}

/** Queues a message inside the caller's transaction. */
export async function queueNotification(tx: Queryable, userId: string, msg: SubscribeMessage, at: Date): Promise<void> {
  await tx.query('INSERT INTO notifier_outbox (id, user_id, template, data, page, created_at) VALUES ($1, $2, $3, $4, $5, $6)', [
    newId('ntf'),
    userId,
    msg.template,
    JSON.stringify(msg.data),
    msg.page ?? null,
    at.toISOString()
  ])
}

/**
 * Sends pending messages once each: rows are claimed with SKIP LOCKED, so two instances never send the same
 * message. A failure is recorded on the row (no endless retries of a message WeChat refused).
 */
export async function flushNotifier(db: { transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> }, notifier: Notifier, now: () => Date, limit = 100): Promise<number> {
  return db.transaction(async (tx) => {
    const rows = await tx.query<{ id: string; user_id: string; template: SubscribeMessage['template']; data: unknown; page: string | null; openid: string | null }>(
      `SELECT o.id, o.user_id, o.template, o.data, o.page, u.wechat_openid AS openid
       FROM notifier_outbox o JOIN users u ON u.id = o.user_id
       WHERE o.sent_at IS NULL AND o.error IS NULL ORDER BY o.created_at LIMIT $1 FOR UPDATE OF o SKIP LOCKED`,
      [limit]
    )
    // a notice fan-out queues thousands: send a few at a time (WeChat has no batch send) and record the
    // outcomes with one statement per batch instead of one per message
    const sent: string[] = []
    const failed: { id: string; error: string }[] = []
    for (let i = 0; i < rows.length; i += SEND_CONCURRENCY) {
      await Promise.all(
        rows.slice(i, i + SEND_CONCURRENCY).map(async (r) => {
          const data = (typeof r.data === 'string' ? JSON.parse(r.data) : r.data) as Record<string, string>
          try {
            await notifier.send({ userId: r.user_id, openid: r.openid }, { template: r.template, data, page: r.page })
            sent.push(r.id)
          } catch (err) {
            failed.push({ id: r.id, error: String((err as Error).message).slice(0, 200) })
          }
        })
      )
    }
    if (sent.length > 0) {
      await tx.query('UPDATE notifier_outbox SET sent_at = $2, adapter = $3 WHERE id = ANY ($1::text[])', [sent, now().toISOString(), notifier.kind])
    }
    if (failed.length > 0) {
      await tx.query(
        `UPDATE notifier_outbox o SET error = f.error, adapter = $3 FROM unnest($1::text[], $2::text[]) AS f(id, error) WHERE o.id = f.id`,
        [failed.map((f) => f.id), failed.map((f) => f.error), notifier.kind]
      )
    }
    return rows.length
  })
}

/** Messages in flight at once while flushing (WeChat's subscribeMessage.send takes one reader per call). */
const SEND_CONCURRENCY = 8

/** Queues the same message for many readers in one statement (notice fan-out: thousands per batch). */
export async function queueNotificationMany(tx: Queryable, userIds: readonly string[], msg: SubscribeMessage, at: Date): Promise<number> {
  if (userIds.length === 0) return 0
  await tx.query(
    `INSERT INTO notifier_outbox (id, user_id, template, data, page, created_at)
     SELECT id, user_id, $3, $4, $5, $6 FROM unnest($1::text[], $2::text[]) AS x(id, user_id)`,
    [userIds.map(() => newId('ntf')), userIds, msg.template, JSON.stringify(msg.data), msg.page ?? null, at.toISOString()]
  )
  return userIds.length
}
