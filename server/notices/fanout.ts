/**
 * A published notice reaches its readers' inboxes on read (./inbox-feed.ts): publishing writes the notice row
 * and nothing per reader. What stays per reader is the WeChat subscribe message (WeChat sends one reader per
 * call): a job walks the subscribers in user-id order in batches, set-based in the database, and queues one
 * message per reader however many of their subscriptions match. Its place is kept on the notice
 * (pushed_until) in the same transaction as the batch it queued, so a retried job resumes there without a
 * duplicate. Batches are paced (NOTICE_PUSH_PER_SECOND) so that a big push never crowds out the requests; a
 * withdrawn notice stops the walk at the next batch.
 */
import type { Db, Queryable } from '../db'
import type { NoticeRow } from './notices'

export interface InboxMessage {
  kind: string
  title: string
  body: string
  link?: string
  refType?: string
  refId?: string
}

export interface FanoutDeps {
  db: Db
  /** WeChat subscribe messages through the Notifier adapter (queued in the same transaction) */
  notify(tx: Queryable, userIds: string[], msg: InboxMessage & { wechat: Record<string, string> }): Promise<void>
  /** After a finished fan-out (e.g. send the queued WeChat messages) */
  afterFanout?(noticeId: string): Promise<void>
  batchSize?: number
  /** readers queued per second at most (0 = unpaced); default NOTICE_PUSH_PER_SECOND or PUSH_PER_SECOND */
  perSecond?: number
}

export const FANOUT_BATCH = 5000
/**
 * PGlite runs one transaction at a time: a publish request waits for the batch in progress, so batches there are
 * small enough (≈ 50 ms) to keep the request under its 100 ms bar. PostgreSQL runs them side by side.
 */
export const FANOUT_BATCH_PGLITE = 500
/** WeChat's subscribe-message sending is itself rate-limited; queueing faster than it sends only grows the outbox */
export const PUSH_PER_SECOND = 20_000

export function pushRateFromEnv(env: Record<string, string | undefined> = process.env): number {
  const v = Number(env.NOTICE_PUSH_PER_SECOND ?? PUSH_PER_SECOND)
  return Number.isFinite(v) && v >= 0 ? v : PUSH_PER_SECOND
}
export const noticeLink = (id: string) => `/subpackages/notices/detail/index?id=${id}`

export function publishedMessage(n: Pick<NoticeRow, 'id' | 'title' | 'summary' | 'issuer' | 'published_on'>): InboxMessage & { wechat: Record<string, string> } {
  return {
    kind: 'notice',
    title: `新政策：${n.title}`,
    body: n.summary,
    link: noticeLink(n.id),
    refType: 'notice',
    refId: n.id,
    // subscribe-message template fields: 通知标题 / 发布单位 / 发布日期
    wechat: { thing1: n.title, thing2: n.issuer, date3: n.published_on }
  }
}

export function withdrawnMessage(n: Pick<NoticeRow, 'id' | 'title' | 'withdraw_reason'>): InboxMessage {
  return {
    kind: 'notice_withdrawn',
    title: `通知已撤回：${n.title}`,
    body: `这条通知已由发布单位撤回，请以新的通知为准。撤回原因：${n.withdraw_reason ?? ''}`,
    link: noticeLink(n.id),
    refType: 'notice',
    refId: n.id
  }
}

export interface FanoutResult {
  noticeId: string
  delivered: number
  batches: number
  ms: number
  stopped: boolean
}

export async function fanOutNotice(deps: FanoutDeps, noticeId: string): Promise<FanoutResult> {
  const t0 = Date.now()
  const batch = deps.batchSize ?? (deps.db.kind === 'pglite' ? FANOUT_BATCH_PGLITE : FANOUT_BATCH)
  const perSecond = deps.perSecond ?? pushRateFromEnv()
  let delivered = 0
  let batches = 0
  let stopped = false
  await deps.db.query(`UPDATE notices SET fanout = 'running' WHERE id = $1 AND fanout = 'pending'`, [noticeId])
  for (;;) {
    const started = Date.now()
    const done = await deps.db.transaction(async (tx) => {
      // FOR UPDATE: one walker per notice at a time (a duplicate job waits, then resumes after this batch);
      // a withdrawal waits for this batch, and the next batch sees it
      const [n] = await tx.query<Pick<NoticeRow, 'id' | 'title' | 'summary' | 'issuer' | 'published_on' | 'status' | 'regions' | 'tags'> & { pushed_until: string | null }>(
        `SELECT id, title, summary, issuer, published_on::text AS published_on, status, regions, tags, pushed_until FROM notices WHERE id = $1 FOR UPDATE`,
        [noticeId]
      )
      if (!n || n.status !== 'published') {
        stopped = true
        return true
      }
      const next = await tx.query<{ user_id: string }>(
        `SELECT DISTINCT s.user_id FROM notice_subscriptions s
         WHERE s.user_id > $1 AND s.reach && $2::text[] AND (s.tags = '{}' OR s.tags && $3::text[])
         ORDER BY s.user_id LIMIT $4`,
        [n.pushed_until ?? '', n.regions, n.tags, batch]
      )
      if (next.length === 0) return true
      const ids = next.map((r) => r.user_id)
      await deps.notify(tx, ids, publishedMessage(n))
      await tx.query('UPDATE notices SET pushed_until = $2, reached = reached + $3 WHERE id = $1', [noticeId, ids[ids.length - 1], ids.length])
      delivered += ids.length
      batches++
      return ids.length < batch
    })
    if (done) break
    // pacing: a batch of `batch` readers takes at least batch / perSecond seconds
    const wait = perSecond > 0 ? (batch * 1000) / perSecond - (Date.now() - started) : 0
    if (wait > 0) await new Promise((r) => setTimeout(r, wait))
  }
  if (!stopped) await deps.db.query(`UPDATE notices SET fanout = 'done' WHERE id = $1`, [noticeId])
  if (delivered > 0) await deps.afterFanout?.(noticeId)
  return { noticeId, delivered, batches, ms: Date.now() - t0, stopped }
}
