/**
 * Notices in a reader's inbox, computed on read: the notices (published, or since withdrawn) that one of the
 * reader's subscriptions reaches and that were published after that subscription was made — the same rule
 * the old write-time fan-out applied — plus a note for each of those withdrawn since. Nothing is copied per
 * reader at publish; a reader's marks are one row per notice they read (notice_reads, shared with the
 * notices feed) or per withdrawal note they read (notice_withdrawal_reads). notice_reads is partitioned by the
 * notice's publish month (notice_at = notices.published_at): a mark is looked up per notice by a scalar
 * subquery naming it, so each lookup reads its notice's month only (a join would let the planner hash all of
 * the reader's marks in every month).
 */
import type { InboxMessage } from '../../src/contract'
import type { InboxSource } from '../inbox'
import type { Queryable } from '../db'
import { publishedMessage, withdrawnMessage } from './fanout'

const noticeIdOfNote = (id: string) => `ntc_${id.slice(4)}`

/**
 * The reader's reached notices as rows: one per notice entry and one per withdrawal note, each with its time,
 * id and read mark. `$1` is the reader. Subscriptions come first (a handful by user id); the notices they reach
 * are found through the GIN index on regions with the union of their reach.
 */
const ENTRIES = `
  WITH mine AS (SELECT reach, tags, created_at FROM notice_subscriptions WHERE user_id = $1),
  hits AS (
    SELECT n.id, n.title, n.summary, n.issuer, n.published_on::text AS published_on, n.published_at, n.status, n.withdrawn_at, n.withdraw_reason
    FROM notices n
    WHERE n.regions && (SELECT coalesce(array_agg(DISTINCT r), '{}') FROM mine, unnest(mine.reach) r)
      AND EXISTS (SELECT 1 FROM mine s WHERE n.regions && s.reach AND (s.tags = '{}' OR s.tags && n.tags) AND n.published_at >= s.created_at)
  ),
  entries AS (
    SELECT h.*, 'notice' AS kind, h.id AS entry_id, h.published_at AS at,
      (SELECT r.read_at FROM notice_reads r WHERE r.user_id = $1 AND r.notice_id = h.id AND r.notice_at = h.published_at) AS read_at
    FROM hits h
    UNION ALL
    SELECT h.*, 'notice_withdrawn', 'ntw_' || substr(h.id, 5), h.withdrawn_at, w.read_at
    FROM hits h LEFT JOIN notice_withdrawal_reads w ON w.user_id = $1 AND w.notice_id = h.id
    WHERE h.status = 'withdrawn' AND h.withdrawn_at IS NOT NULL
  )`

interface EntryRow {
  id: string
  title: string
  summary: string
  issuer: string
  published_on: string
  withdraw_reason: string | null
  kind: 'notice' | 'notice_withdrawn'
  entry_id: string
  at: Date | string
  read_at: Date | string | null
}

function toMessage(r: EntryRow): InboxMessage {
  const m = r.kind === 'notice' ? publishedMessage(r) : withdrawnMessage(r)
  return {
    id: r.entry_id,
    kind: m.kind,
    title: m.title,
    body: m.body,
    link: m.link ?? null,
    refType: m.refType ?? null,
    refId: m.refId ?? null,
    createdAt: new Date(r.at).toISOString(),
    readAt: r.read_at ? new Date(r.read_at).toISOString() : null
  }
}

export const noticeInboxSource: InboxSource = {
  prefixes: ['ntc_', 'ntw_'],
  async list(db: Queryable, userId: string, q) {
    const rows = await db.query<EntryRow>(
      `${ENTRIES}
       SELECT id, title, summary, issuer, published_on, withdraw_reason, kind, entry_id, at, read_at FROM entries
       WHERE ($2::boolean IS NOT TRUE OR read_at IS NULL)
         AND ($3::timestamptz IS NULL OR (date_trunc('milliseconds', at), entry_id) < ($3::timestamptz, $4::text))
       ORDER BY at DESC, entry_id DESC LIMIT $5`,
      [userId, q.unreadOnly, q.before ? q.before.at.toISOString() : null, q.before?.id ?? '', q.limit]
    )
    return rows.map(toMessage)
  },
  async unreadCount(db: Queryable, userId: string) {
    const [r] = await db.query<{ n: number }>(`${ENTRIES} SELECT count(*)::int AS n FROM entries WHERE read_at IS NULL`, [userId])
    return r.n
  },
  async markRead(db: Queryable, userId: string, ids: string[] | null, at: Date) {
    const notices = ids && ids.filter((id) => id.startsWith('ntc_'))
    const notes = ids && ids.filter((id) => id.startsWith('ntw_')).map(noticeIdOfNote)
    // only entries the reader actually has: an id that is not theirs marks nothing
    if (!notices || notices.length > 0) {
      await db.query(
        `${ENTRIES}
         INSERT INTO notice_reads (user_id, notice_id, notice_at, read_at)
         SELECT $1, id, at, $3 FROM entries WHERE kind = 'notice' AND read_at IS NULL AND ($2::text[] IS NULL OR id = ANY ($2::text[]))
         ON CONFLICT DO NOTHING`,
        [userId, notices, at.toISOString()]
      )
    }
    if (!notes || notes.length > 0) {
      await db.query(
        `${ENTRIES}
         INSERT INTO notice_withdrawal_reads (user_id, notice_id, read_at)
         SELECT $1, id, $3 FROM entries WHERE kind = 'notice_withdrawn' AND read_at IS NULL AND ($2::text[] IS NULL OR id = ANY ($2::text[]))
         ON CONFLICT DO NOTHING`,
        [userId, notes, at.toISOString()]
      )
    }
  }
}

