/**
 * 站内消息: every state change of a worker's claim lands here as a row, in the same transaction as the change
 * (other capabilities call `deliverToInbox` / `deliverToMany` with their own transaction). Entries that many
 * readers share — a policy notice for everyone subscribed to a region — are not copied per reader: their
 * capability registers an `InboxSource` that answers a reader's entries, unread count and read marks with a
 * query, and the feed merges the sources in time order.
 */
import type { FastifyInstance } from 'fastify'
import { routes, type Inbox, type InboxMessage } from '../../src/contract'
import { authenticate } from '../accounts'
import type { AccountsContext } from '../accounts'
import { contractRoute, typed } from '../platform'
import { newId } from '../crypto'
import { badRequest } from '../errors'
import type { Queryable } from '../db'
import type { SqlParams, StatementPart } from '../db'

export interface InboxMessageInput {
  /** e.g. claim_state, claim_reminder, notice */
  kind: string
  title: string
  body: string
  link?: string | null
  refType?: string | null
  refId?: string | null
}

export async function deliverToInbox(tx: Queryable, userId: string, msg: InboxMessageInput, at: Date = new Date()): Promise<string> {
  const id = newId('msg')
  await tx.query(
    `INSERT INTO inbox_messages (id, user_id, kind, title, body, link, ref_type, ref_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [id, userId, msg.kind, msg.title, msg.body, msg.link ?? null, msg.refType ?? null, msg.refId ?? null, at.toISOString()]
  )
  return id
}

/** `deliverToInbox` as a part of a composed statement (server/db/compose.ts), written only when `when` holds. */
export function inboxPart(p: SqlParams, userId: string, msg: InboxMessageInput, at: Date, when: string, name = 'inbox'): StatementPart {
  return {
    name,
    sql: `INSERT INTO inbox_messages (id, user_id, kind, title, body, link, ref_type, ref_id, created_at)
    SELECT ${p.add(newId('msg'))}, ${p.add(userId)}, ${p.add(msg.kind)}, ${p.add(msg.title)}, ${p.add(msg.body)}, ${p.add(msg.link ?? null, 'text')}, ${p.add(msg.refType ?? null, 'text')}, ${p.add(msg.refId ?? null, 'text')}, ${p.add(at.toISOString(), 'timestamptz')} WHERE ${when}`
  }
}

/** One statement for many recipients (notice fan-out batches). */
export async function deliverToMany(tx: Queryable, userIds: readonly string[], msg: InboxMessageInput, at: Date = new Date()): Promise<number> {
  if (userIds.length === 0) return 0
  const ids = userIds.map(() => newId('msg'))
  await tx.query(
    `INSERT INTO inbox_messages (id, user_id, kind, title, body, link, ref_type, ref_id, created_at)
     SELECT m.id, m.user_id, $3, $4, $5, $6, $7, $8, $9 FROM unnest($1::text[], $2::text[]) AS m(id, user_id)`,
    [ids, userIds, msg.kind, msg.title, msg.body, msg.link ?? null, msg.refType ?? null, msg.refId ?? null, at.toISOString()]
  )
  return userIds.length
}

/** Entries computed on read (e.g. notices matching the reader's subscriptions), newest first. */
export interface InboxSource {
  /** id prefixes this source answers for (its entries' ids start with one of them), e.g. ['ntc_'] */
  prefixes: readonly string[]
  /** up to `limit` entries strictly before `before` (time, then id), newest first */
  list(db: Queryable, userId: string, q: { before: { at: Date; id: string } | null; limit: number; unreadOnly: boolean }): Promise<InboxMessage[]>
  unreadCount(db: Queryable, userId: string): Promise<number>
  /** marks the given ids (all of them when null) read for this reader */
  markRead(db: Queryable, userId: string, ids: string[] | null, at: Date): Promise<void>
}

const sources: InboxSource[] = []
/** Called once per process by the capability that owns the entries (a second registration of the same prefixes replaces the first). */
export function registerInboxSource(source: InboxSource): void {
  const i = sources.findIndex((s) => s.prefixes.join() === source.prefixes.join())
  if (i >= 0) sources[i] = source
  else sources.push(source)
}

/**
 * Months of messages the inbox shows (INBOX_KEEP_MONTHS, default 24, counted in whole China-time months).
 * inbox_messages is partitioned by month of created_at: every query of a reader's inbox names this lower
 * bound, so months older than it are never read (and can be detached and dropped by the operator).
 */
export const INBOX_KEEP_MONTHS = Math.max(1, Number(process.env.INBOX_KEEP_MONTHS ?? 24))

/** The first instant of the oldest month the inbox shows at `now`, as an ISO string. */
export function inboxSince(now: Date): string {
  const china = new Date(now.getTime() + 8 * 3_600_000)
  return new Date(Date.UTC(china.getUTCFullYear(), china.getUTCMonth() - (INBOX_KEEP_MONTHS - 1), 1) - 8 * 3_600_000).toISOString()
}

export async function unreadCount(db: Queryable, userId: string, now: Date = new Date()): Promise<number> {
  const [r] = await db.query<{ n: number | string }>('SELECT count(*) AS n FROM inbox_messages WHERE user_id = $1 AND read_at IS NULL AND created_at >= $2::timestamptz', [
    userId,
    inboxSince(now)
  ])
  let n = Number(r.n)
  for (const s of sources) n += await s.unreadCount(db, userId)
  return n
}

const CURSOR_RE = /^([0-9]{13})\.([a-z]{3}_[0-9a-z]{1,24})$/
const encodeCursor = (at: Date, id: string) => Buffer.from(`${at.getTime()}.${id}`).toString('base64url')
function decodeCursor(cursor: string): { at: Date; id: string } {
  const m = CURSOR_RE.exec(Buffer.from(cursor, 'base64url').toString('utf8'))
  if (!m) throw badRequest('翻页标记不正确，请刷新后重试', 'cursor')
  return { at: new Date(Number(m[1])), id: m[2] }
}

export async function listInbox(db: Queryable, userId: string, q: { cursor?: string; limit?: number; unreadOnly?: boolean }, now: Date = new Date()): Promise<Inbox> {
  const limit = q.limit ?? 20
  const after = q.cursor ? decodeCursor(q.cursor) : null
  const rows = await db.query<{ id: string; kind: string; title: string; body: string; link: string | null; ref_type: string | null; ref_id: string | null; created_at: Date; read_at: Date | null }>(
    `SELECT id, kind, title, body, link, ref_type, ref_id, created_at, read_at FROM inbox_messages
     WHERE user_id = $1 AND ($2::boolean IS NOT TRUE OR read_at IS NULL) AND created_at >= $6::timestamptz
       AND ($3::timestamptz IS NULL OR ((created_at, id) < ($3::timestamptz, $4::text) AND created_at <= $3::timestamptz))
     ORDER BY created_at DESC, id DESC LIMIT $5`,
    [userId, q.unreadOnly ?? false, after ? after.at.toISOString() : null, after?.id ?? '', limit + 1, inboxSince(now)]
  )
  const merged: InboxMessage[] = rows.map(toInboxMessage)
  for (const s of sources) merged.push(...(await s.list(db, userId, { before: after, limit: limit + 1, unreadOnly: q.unreadOnly ?? false })))
  // newest first; each source is already in (time, id) order and the sort is stable, so ties keep it
  merged.sort((a, b) => (a.createdAt === b.createdAt ? 0 : a.createdAt < b.createdAt ? 1 : -1))
  const items = merged.slice(0, limit)
  const last = items[items.length - 1]
  return { items, unreadCount: await unreadCount(db, userId, now), nextCursor: merged.length > limit && last ? encodeCursor(new Date(last.createdAt), last.id) : null }
}

export async function markRead(db: Queryable, userId: string, body: { ids?: string[]; all?: boolean }, at: Date): Promise<{ unreadCount: number }> {
  if (!body.all && !(body.ids && body.ids.length > 0)) throw badRequest('请选择要标为已读的消息', 'ids')
  const ids = body.all ? null : (body.ids ?? [])
  const own = ids && ids.filter((id) => !sources.some((s) => s.prefixes.some((p) => id.startsWith(p))))
  if (!own || own.length > 0) {
    await db.query(
      `UPDATE inbox_messages SET read_at = $3 WHERE user_id = $1 AND read_at IS NULL AND created_at >= $4::timestamptz AND ($2::text[] IS NULL OR id = ANY($2::text[]))`,
      [userId, own, at.toISOString(), inboxSince(at)]
    )
  }
  for (const s of sources) {
    const mine = ids && ids.filter((id) => s.prefixes.some((p) => id.startsWith(p)))
    if (!mine || mine.length > 0) await s.markRead(db, userId, mine, at)
  }
  return { unreadCount: await unreadCount(db, userId, at) }
}

export function registerInboxRoutes(app: FastifyInstance, ctx: AccountsContext): void {
  typed(app).route({
    ...contractRoute(routes.myInbox),
    handler: async (req, reply) => {
      const user = await authenticate(ctx, req)
      reply.header('cache-control', 'no-store')
      return listInbox(ctx.db, user.id, req.query, ctx.now())
    }
  })
  typed(app).route({
    ...contractRoute(routes.markInboxRead),
    handler: async (req, reply) => {
      const user = await authenticate(ctx, req)
      reply.header('cache-control', 'no-store')
      return markRead(ctx.db, user.id, req.body, ctx.now())
    }
  })
}

type InboxRow = { id: string; kind: string; title: string; body: string; link: string | null; ref_type: string | null; ref_id: string | null; created_at: Date; read_at: Date | null }

function toInboxMessage(r: InboxRow): InboxMessage {
  return {
    id: r.id,
    kind: r.kind,
    title: r.title,
    body: r.body,
    link: r.link,
    refType: r.ref_type,
    refId: r.ref_id,
    createdAt: new Date(r.created_at).toISOString(),
    readAt: r.read_at ? new Date(r.read_at).toISOString() : null
  }
}

/** 下载我的数据: every inbox message, newest first. */
export async function exportInboxOf(db: Queryable, userId: string): Promise<InboxMessage[]> {
  const rows = await db.query<{ id: string; kind: string; title: string; body: string; link: string | null; ref_type: string | null; ref_id: string | null; created_at: Date; read_at: Date | null }>(
    'SELECT id, kind, title, body, link, ref_type, ref_id, created_at, read_at FROM inbox_messages WHERE user_id = $1 ORDER BY created_at DESC, id DESC',
    [userId]
  )
  return rows.map(toInboxMessage)
}

/** Erasure on 注销 only: the inbox goes with the account (on 撤回同意 it stays: it tells the worker what happened). */
export async function eraseInboxOf(tx: Queryable, userId: string): Promise<number> {
  return (await tx.query('DELETE FROM inbox_messages WHERE user_id = $1 RETURNING id', [userId])).length
}
