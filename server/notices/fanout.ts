/**
 * Fan-out: a published notice goes into the inbox of every reader whose subscription it reaches, in batches
 * inside a job (never in the publish request). Each batch is one transaction: pick the next readers in
 * user-id order (set-based, in the database), record them in notice_deliveries (exactly once per reader,
 * however many of their subscriptions match, and however often the job is retried), put the entries in
 * their inboxes and hand them to the Notifier. A withdrawn notice stops the fan-out at the next batch.
 */
import type { Db, Queryable } from '../db'
import { loadNotice, type NoticeRow } from './notices'

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
  /** The inbox (claims work): one set-based insert for many readers, inside our transaction */
  deliver(tx: Queryable, userIds: string[], msg: InboxMessage): Promise<void>
  /** WeChat subscribe messages through the Notifier adapter (queued in the same transaction) */
  notify(tx: Queryable, userIds: string[], msg: InboxMessage & { wechat: Record<string, string> }): Promise<void>
  /** After a finished fan-out (e.g. send the queued WeChat messages) */
  afterFanout?(noticeId: string): Promise<void>
  batchSize?: number
}

export const FANOUT_BATCH = 5000
/**
 * PGlite runs one transaction at a time: a publish request waits for the batch in progress, so batches there are
 * small enough (≈ 50 ms) to keep the request under its 100 ms bar. PostgreSQL runs them side by side.
 */
export const FANOUT_BATCH_PGLITE = 500
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
  let delivered = 0
  let batches = 0
  let stopped = false
  await deps.db.query(`UPDATE notices SET fanout = 'running' WHERE id = $1 AND fanout = 'pending'`, [noticeId])
  // resume after the last reader already told (a retried job)
  const [start] = await deps.db.query<{ after: string | null }>('SELECT max(user_id) AS after FROM notice_deliveries WHERE notice_id = $1', [noticeId])
  let after = start?.after ?? ''
  for (;;) {
    const done = await deps.db.transaction(async (tx) => {
      // FOR SHARE: a withdrawal waits for this batch, and the next batch sees it
      const [n] = await tx.query<{ status: string; regions: string[]; tags: string[] }>('SELECT status, regions, tags FROM notices WHERE id = $1 FOR SHARE', [noticeId])
      if (!n || n.status !== 'published') {
        stopped = true
        return true
      }
      const [step] = await tx.query<{ last: string | null; picked: number; ids: string[] }>(
        `WITH next AS (
           SELECT DISTINCT s.user_id FROM notice_subscriptions s
           WHERE s.user_id > $2 AND s.reach && $3::text[] AND (s.tags = '{}' OR s.tags && $4::text[])
           ORDER BY s.user_id LIMIT $5
         ), ins AS (
           INSERT INTO notice_deliveries (notice_id, user_id)
           SELECT $1, user_id FROM next
           ON CONFLICT DO NOTHING
           RETURNING user_id
         )
         SELECT (SELECT max(user_id) FROM next) AS last, (SELECT count(*)::int FROM next) AS picked,
                ARRAY(SELECT user_id FROM ins) AS ids`,
        [noticeId, after, n.regions, n.tags, batch]
      )
      if (step.picked === 0 || step.last === null) return true
      if (step.ids.length > 0) {
        const full = (await loadNotice(tx, noticeId)) as NoticeRow
        const msg = publishedMessage(full)
        await deps.deliver(tx, step.ids, msg)
        await deps.notify(tx, step.ids, msg)
        delivered += step.ids.length
      }
      batches++
      after = step.last
      return step.picked < batch
    })
    if (done) break
  }
  if (!stopped) await deps.db.query(`UPDATE notices SET fanout = 'done' WHERE id = $1`, [noticeId])
  if (delivered > 0) await deps.afterFanout?.(noticeId)
  return { noticeId, delivered, batches, ms: Date.now() - t0, stopped }
}

/** Everyone who got a notice gets a note in their inbox when it is withdrawn (their entry stays). */
export async function noteWithdrawal(deps: FanoutDeps, noticeId: string): Promise<number> {
  const batch = deps.batchSize ?? FANOUT_BATCH
  let noted = 0
  for (;;) {
    const done = await deps.db.transaction(async (tx) => {
      const n = await loadNotice(tx, noticeId, true)
      if (!n || n.status !== 'withdrawn') return true
      const [{ after }] = await tx.query<{ after: string | null }>('SELECT withdraw_noted_until AS after FROM notices WHERE id = $1', [noticeId])
      const rows = await tx.query<{ user_id: string }>(
        'SELECT user_id FROM notice_deliveries WHERE notice_id = $1 AND user_id > $2 ORDER BY user_id LIMIT $3',
        [noticeId, after ?? '', batch]
      )
      if (rows.length === 0) return true
      const ids = rows.map((r) => r.user_id)
      await deps.deliver(tx, ids, withdrawnMessage(n))
      await tx.query('UPDATE notices SET withdraw_noted_until = $2 WHERE id = $1', [noticeId, ids[ids.length - 1]])
      noted += ids.length
      return ids.length < batch
    })
    if (done) break
  }
  return noted
}
