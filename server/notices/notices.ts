/** Notices: feed, detail (marks read), subscriptions, and the office's publish / edit / withdraw. */
import { createHmac, timingSafeEqual } from 'node:crypto'
import type { AdminNotice,
  NoticeDetail,
  NoticePage,
  NoticeQuery,
  NoticeSummary,
  NoticeWrite,
  Subscription,
  SubscriptionBody } from '../../src/contract'
import { NATIONWIDE, isNoticeTag, officeCoversTargets, regionPrefix, targetsReaching } from '../../src/domain/notice'
import { getCourse } from '../catalog'
import type { RegionIndex } from '../catalog'
import type { Queryable } from '../db'
import { ApiError, badRequest, notFound } from '../errors'
import { newId } from '../crypto'
import { audit } from '../platform'
import type { AccountsContext } from '../accounts'

export const NOTICE_MESSAGES = {
  notFound: '这条通知找不到了，可能已经删除',
  subscriptionNotFound: '没有找到这条订阅',
  outsideRegion: (label: string) => `你只能发布本辖区（${label}）的通知`,
  withdrawn: '这条通知已经撤回，不能再修改',
  alreadyWithdrawn: '这条通知已经撤回了',
  pastValidity: '有效期不能早于今天',
  unknownCourse: '相关课程里有找不到的课程，请检查课程编号',
  badCursor: '翻页位置已失效，请刷新后重试',
  tooManySubscriptions: '订阅最多 10 条，请先取消不需要的'
}

export const MAX_SUBSCRIPTIONS = 10
export const DEFAULT_FEED_LIMIT = 20

export interface NoticeRow {
  id: string
  title: string
  summary: string
  body: string
  issuer: string
  doc_number: string
  regions: string[]
  tags: string[]
  course_ids: string[]
  published_on: string
  /** 'year': only the year is known; published_on is then a sort key, never shown */
  published_precision: 'day' | 'year'
  /** the publish instant, microseconds, UTC (ties on published_on are broken by it) */
  published_at: string
  valid_until: string | null
  status: 'published' | 'withdrawn'
  withdrawn_at: Date | string | null
  withdraw_reason: string | null
  updated_at: Date | string
  fanout: 'pending' | 'running' | 'done'
  unread?: boolean | null
}

export const NOTICE_COLUMNS = `n.id, n.title, n.summary, n.body, n.issuer, n.doc_number, n.regions, n.tags, n.course_ids,
  n.published_on::text AS published_on, n.published_precision, to_char(n.published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS published_at, n.valid_until::text AS valid_until, n.status, n.withdrawn_at, n.withdraw_reason,
  n.updated_at, n.fanout`

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString())

/** 全国 / 阳泉市 / 盂县 … for the targets of a notice. */
export function regionLabel(regions: RegionIndex, targets: readonly string[]): string {
  return targets
    .map((t) => {
      if (t === NATIONWIDE) return '全国'
      const code = t.padEnd(6, '0')
      return regions.byCode.get(code)?.name ?? t
    })
    .join('、')
}

/** YYYY-MM-DD, or YYYY when only the year is known (never a made-up day). */
export const publishedAtOf = (r: Pick<NoticeRow, 'published_on' | 'published_precision'>) => (r.published_precision === 'year' ? r.published_on.slice(0, 4) : r.published_on)

export function toSummary(r: NoticeRow, regions: RegionIndex, today: string): NoticeSummary {
  return {
    id: r.id,
    title: r.title,
    summary: r.summary,
    issuer: r.issuer,
    docNumber: r.doc_number,
    publishedAt: publishedAtOf(r),
    validUntil: r.valid_until,
    regions: r.regions,
    regionLabel: regionLabel(regions, r.regions),
    tags: r.tags,
    unread: r.unread ?? null,
    expired: r.valid_until !== null && r.valid_until < today
  }
}

async function courseRefs(db: Queryable, regions: RegionIndex, ids: readonly string[]) {
  const out: { id: string; title: string }[] = []
  for (const id of ids) {
    const c = await getCourse(db, regions, id)
    if (c) out.push({ id: c.id, title: c.title })
  }
  return out
}

async function toDetail(ctx: AccountsContext, r: NoticeRow): Promise<NoticeDetail> {
  return {
    ...toSummary(r, ctx.regions, ctx.today()),
    body: r.body,
    courses: await courseRefs(ctx.db, ctx.regions, r.course_ids),
    status: r.status,
    withdrawnAt: iso(r.withdrawn_at),
    withdrawReason: r.withdraw_reason
  }
}

/** Readers the push job has reached so far (kept on the notice; nothing is stored per reader). */
async function deliveredCount(db: Queryable, id: string): Promise<number> {
  const [row] = await db.query<{ n: number }>('SELECT reached AS n FROM notices WHERE id = $1', [id])
  return row?.n ?? 0
}

/** `delivered` when the caller knows it (a notice just written has reached nobody yet), else read. */
export async function toAdmin(ctx: AccountsContext, r: NoticeRow, delivered?: number): Promise<AdminNotice> {
  return { ...(await toDetail(ctx, r)), updatedAt: iso(r.updated_at) as string, delivered: delivered ?? (await deliveredCount(ctx.db, r.id)), fanout: r.fanout }
}

// ---- feed -------------------------------------------------------------------------------------------------

const CURSOR_SECRET = process.env.CURSOR_SECRET ?? 'zhangshangban-cursor-v1'
const cursorMac = (payload: string, fingerprint: string) =>
  createHmac('sha256', CURSOR_SECRET).update('notices\n').update(payload).update('\n').update(fingerprint).digest('base64url').slice(0, 16)

function encodeCursor(date: string, at: string, id: string, fingerprint: string): string {
  const payload = Buffer.from(JSON.stringify([date, at, id])).toString('base64url')
  return `${payload}.${cursorMac(payload, fingerprint)}`
}

function decodeCursor(cursor: string, fingerprint: string): { date: string; at: string; id: string } {
  const m = /^([A-Za-z0-9_-]{1,200})\.([A-Za-z0-9_-]{16})$/.exec(cursor)
  const fail = () => badRequest(NOTICE_MESSAGES.badCursor, 'cursor')
  if (!m) throw fail()
  const expected = Buffer.from(cursorMac(m[1], fingerprint))
  if (!timingSafeEqual(expected, Buffer.from(m[2]))) throw fail()
  try {
    const [date, at, id] = JSON.parse(Buffer.from(m[1], 'base64url').toString('utf8')) as unknown[]
    if (
      typeof date === 'string' &&
      /^\d{4}-\d{2}-\d{2}$/.test(date) &&
      typeof at === 'string' &&
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/.test(at) &&
      typeof id === 'string' &&
      /^ntc_[0-9a-z]{1,24}$/.test(id)
    )
      return { date, at, id }
  } catch {
    /* fall through */
  }
  throw fail()
}

export interface Viewer {
  id: string
}

/** The region a feed is for: the one asked for, else the reader's home (or work) region, else every region. */
async function feedRegion(_ctx: AccountsContext, viewer: Viewer | null, asked: string | undefined, homeRegionOf: (userId: string) => Promise<string | null>) {
  if (asked) return asked
  if (!viewer) return null
  return homeRegionOf(viewer.id)
}

export async function listNotices(
  ctx: AccountsContext,
  viewer: Viewer | null,
  query: NoticeQuery,
  homeRegionOf: (userId: string) => Promise<string | null>
): Promise<NoticePage> {
  const region = await feedRegion(ctx, viewer, query.region, homeRegionOf)
  const reach = region ? targetsReaching(region) : null
  const tag = query.tag ?? null
  if (tag !== null && !isNoticeTag(tag)) throw badRequest('「标签」不是可选的值', 'tag')
  const limit = query.limit ?? DEFAULT_FEED_LIMIT
  const fingerprint = `${region ?? ''}|${tag ?? ''}|${limit}`
  const after = query.cursor ? decodeCursor(query.cursor, fingerprint) : null
  const rows = await ctx.db.query<NoticeRow>(
    // the read mark per notice by a subquery naming the notice's month (notice_reads is partitioned by it)
    `SELECT ${NOTICE_COLUMNS},
       CASE WHEN $6::text IS NULL THEN NULL::boolean
         ELSE (SELECT 1 FROM notice_reads r WHERE r.notice_id = n.id AND r.user_id = $6::text AND r.notice_at = n.published_at) IS NULL END AS unread
     FROM notices n
     WHERE n.status = 'published'
       AND ($1::text[] IS NULL OR n.regions && $1::text[])
       AND ($2::text IS NULL OR $2::text = ANY (n.tags))
       AND ($3::date IS NULL OR (n.published_on, n.published_at, n.id) < ($3::date, $7::timestamptz, $4::text))
     ORDER BY n.published_on DESC, n.published_at DESC, n.id DESC
     LIMIT $5`,
    [reach, tag, after?.date ?? null, after?.id ?? null, limit + 1, viewer?.id ?? null, after?.at ?? null]
  )
  const page = rows.slice(0, limit)
  const last = page[page.length - 1]
  let unreadCount: number | null = null
  if (viewer) {
    const [c] = await ctx.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM notices n
       WHERE n.status = 'published' AND ($1::text[] IS NULL OR n.regions && $1::text[]) AND ($2::text IS NULL OR $2::text = ANY (n.tags))
         AND (SELECT 1 FROM notice_reads r WHERE r.notice_id = n.id AND r.user_id = $3 AND r.notice_at = n.published_at) IS NULL`,
      [reach, tag, viewer.id]
    )
    unreadCount = c.n
  }
  const regionInfo = region
    ? { code: region, name: region === NATIONWIDE ? '全国' : (ctx.regions.byCode.get(region.padEnd(6, '0'))?.fullName ?? region) }
    : null
  return {
    items: page.map((r) => toSummary(r, ctx.regions, ctx.today())),
    nextCursor: rows.length > limit && last ? encodeCursor(last.published_on, last.published_at, last.id, fingerprint) : null,
    region: regionInfo,
    unreadCount
  }
}

export async function loadNotice(db: Queryable, id: string, lock = false): Promise<NoticeRow | null> {
  const rows = await db.query<NoticeRow>(`SELECT ${NOTICE_COLUMNS} FROM notices n WHERE n.id = $1${lock ? ' FOR UPDATE' : ''}`, [id])
  return rows[0] ?? null
}

/** Detail for anyone (a shared link works without login); a logged-in reader's copy is marked read. */
export async function getNotice(ctx: AccountsContext, viewer: Viewer | null, id: string): Promise<NoticeDetail> {
  const row = await loadNotice(ctx.db, id)
  if (!row) throw notFound(NOTICE_MESSAGES.notFound)
  if (viewer) {
    // notice_at is the notice's publish time as stored (a JS Date would drop its microseconds)
    await ctx.db.query('INSERT INTO notice_reads (user_id, notice_id, notice_at, read_at) SELECT $1, id, published_at, $3 FROM notices WHERE id = $2 ON CONFLICT DO NOTHING', [
      viewer.id,
      id,
      ctx.now().toISOString()
    ])
  }
  return toDetail(ctx, { ...row, unread: viewer ? false : null })
}

// ---- subscriptions ----------------------------------------------------------------------------------------

interface SubscriptionRow {
  id: string
  region: string
  tags: string[]
  created_at: Date | string
}

const toSubscription = (regions: RegionIndex, r: SubscriptionRow): Subscription => ({
  id: r.id,
  region: r.region,
  regionLabel: regionLabel(regions, [r.region]),
  tags: r.tags,
  createdAt: iso(r.created_at) as string
})

export async function createSubscription(ctx: AccountsContext, userId: string, body: SubscriptionBody): Promise<{ status: 200 | 201; body: Subscription }> {
  const region = regionPrefix(body.region)
  const tags = [...new Set(body.tags)].sort()
  return ctx.db.transaction(async (tx) => {
    // one subscriber's rows are changed one request at a time (the limit below holds under double taps)
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`sub:${userId}`])
    const same = await tx.query<SubscriptionRow>('SELECT id, region, tags, created_at FROM notice_subscriptions WHERE user_id = $1 AND region = $2 AND tags = $3::text[]', [
      userId,
      region,
      tags
    ])
    if (same[0]) return { status: 200 as const, body: toSubscription(ctx.regions, same[0]) }
    const [{ n }] = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM notice_subscriptions WHERE user_id = $1', [userId])
    if (n >= MAX_SUBSCRIPTIONS) throw new ApiError(409, 'TOO_MANY_SUBSCRIPTIONS', NOTICE_MESSAGES.tooManySubscriptions)
    const id = newId('sub')
    const [row] = await tx.query<SubscriptionRow>(
      `INSERT INTO notice_subscriptions (id, user_id, region, reach, tags, created_at) VALUES ($1, $2, $3, $4, $5, $6)
       RETURNING id, region, tags, created_at`,
      [id, userId, region, targetsReaching(region), tags, ctx.now().toISOString()]
    )
    await audit(tx, { actor: userId, action: 'subscription.create', objectType: 'notice_subscription', objectId: id })
    return { status: 201 as const, body: toSubscription(ctx.regions, row) }
  })
}

export async function mySubscriptions(ctx: AccountsContext, userId: string, db: Queryable = ctx.db): Promise<{ items: Subscription[] }> {
  const rows = await db.query<SubscriptionRow>('SELECT id, region, tags, created_at FROM notice_subscriptions WHERE user_id = $1 ORDER BY created_at, id', [userId])
  return { items: rows.map((r) => toSubscription(ctx.regions, r)) }
}

export async function deleteSubscription(ctx: AccountsContext, userId: string, id: string): Promise<{ ok: true }> {
  await ctx.db.transaction(async (tx) => {
    const rows = await tx.query('DELETE FROM notice_subscriptions WHERE id = $1 AND user_id = $2 RETURNING id', [id, userId])
    // another user's subscription is indistinguishable from a missing one
    if (rows.length === 0) throw notFound(NOTICE_MESSAGES.subscriptionNotFound)
    await audit(tx, { actor: userId, action: 'subscription.delete', objectType: 'notice_subscription', objectId: id })
  })
  return { ok: true }
}

// ---- publishing -------------------------------------------------------------------------------------------

export interface Office {
  userId: string
  /** null = admin (everywhere) */
  regionPrefix: string | null
}

/** May this office act on a notice with these targets? */
export const officeMay = (office: Office, targets: readonly string[]) => office.regionPrefix === null || officeCoversTargets(office.regionPrefix, targets)

async function validateWrite(ctx: AccountsContext, office: Office, body: NoticeWrite) {
  const regions = [...new Set(body.regions.map(regionPrefix))]
  for (const r of regions) {
    if (r !== NATIONWIDE && !ctx.regions.byCode.has(r.padEnd(6, '0'))) throw badRequest(`没有这个地区：${r}`, 'regions')
  }
  if (!officeMay(office, regions)) {
    throw new ApiError(403, 'FORBIDDEN', NOTICE_MESSAGES.outsideRegion(regionLabel(ctx.regions, [office.regionPrefix as string])))
  }
  const validUntil = body.validUntil ?? null
  if (validUntil !== null && validUntil < ctx.today()) throw badRequest(NOTICE_MESSAGES.pastValidity, 'validUntil')
  const courseIds = body.courseIds ?? []
  if ((await courseRefs(ctx.db, ctx.regions, courseIds)).length !== courseIds.length) throw badRequest(NOTICE_MESSAGES.unknownCourse, 'courseIds')
  const trim = (s: string) => s.trim()
  for (const [field, label] of [
    ['title', '标题'],
    ['summary', '通俗摘要'],
    ['body', '正文'],
    ['issuer', '发布单位']
  ] as const) {
    if (trim(body[field]).length === 0) throw badRequest(`${label}不能为空`, field)
  }
  return {
    title: trim(body.title),
    summary: trim(body.summary),
    body: body.body.trim(),
    issuer: trim(body.issuer),
    docNumber: trim(body.docNumber),
    regions,
    tags: [...new Set(body.tags)],
    validUntil,
    courseIds
  }
}

/** Notices this office may manage: every one for an admin, those wholly inside the region for a reviewer. */
export async function adminListNotices(ctx: AccountsContext, office: Office): Promise<AdminNotice[]> {
  const rows = await ctx.db.query<NoticeRow>(`SELECT ${NOTICE_COLUMNS} FROM notices n ORDER BY n.published_on DESC, n.published_at DESC, n.id DESC LIMIT 200`)
  const mine = rows.filter((r) => officeMay(office, r.regions))
  return Promise.all(mine.map((r) => toAdmin(ctx, r)))
}

/** Everything of a notice that readers and its share poster show (发布单位 and 文号 are typed by staff too). */
async function checkNoticeText(ctx: AccountsContext, office: Office, v: { title: string; summary: string; body: string; issuer: string; docNumber: string }): Promise<void> {
  await ctx.safety.checkText(
    [
      { field: 'title', label: '标题', text: v.title },
      { field: 'summary', label: '通俗摘要', text: v.summary },
      { field: 'body', label: '正文', text: v.body },
      { field: 'issuer', label: '发布单位', text: v.issuer },
      { field: 'docNumber', label: '文号', text: v.docNumber }
    ],
    3,
    { userId: office.userId }
  )
}

/** Creates and publishes; `inTransaction` adds the caller's writes (the jobs) to the same transaction. */
export async function createNotice(
  ctx: AccountsContext,
  office: Office,
  body: NoticeWrite,
  inTransaction?: (tx: Queryable, id: string) => Promise<void>
): Promise<NoticeRow> {
  const v = await validateWrite(ctx, office, body)
  await checkNoticeText(ctx, office, v)
  return ctx.db.transaction(async (tx) => {
    const id = newId('ntc')
    const now = ctx.now().toISOString()
    // the stored row comes back from the INSERT (no second read)
    const [row] = await tx.query<NoticeRow>(
      `INSERT INTO notices AS n (id, title, summary, body, issuer, doc_number, regions, tags, course_ids, published_on, valid_until, created_by, created_at, updated_at, published_at, fanout)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13, $13, 'pending')
       RETURNING ${NOTICE_COLUMNS}`,
      [id, v.title, v.summary, v.body, v.issuer, v.docNumber, v.regions, v.tags, v.courseIds, ctx.today(), v.validUntil, office.userId, now]
    )
    await inTransaction?.(tx, id)
    // the audit row last: its chain head stays locked only until the commit right after
    await audit(tx, { actor: office.userId, action: 'notice.create', objectType: 'notice', objectId: id, reason: `发布到 ${v.regions.join(',')}` })
    return row
  })
}

/** A notice the office may not manage is a 404, like a missing one. */
async function loadManaged(_ctx: AccountsContext, tx: Queryable, office: Office, id: string, lock = true): Promise<NoticeRow> {
  const row = await loadNotice(tx, id, lock)
  if (!row || !officeMay(office, row.regions)) throw notFound(NOTICE_MESSAGES.notFound)
  return row
}

export async function updateNotice(ctx: AccountsContext, office: Office, id: string, body: NoticeWrite): Promise<NoticeRow> {
  // someone else's notice is a 404 before anything about the new content is said
  await loadManaged(ctx, ctx.db, office, id, false)
  const v = await validateWrite(ctx, office, body)
  await checkNoticeText(ctx, office, v)
  return ctx.db.transaction(async (tx) => {
    const row = await loadManaged(ctx, tx, office, id)
    if (row.status === 'withdrawn') throw new ApiError(409, 'NOTICE_WITHDRAWN', NOTICE_MESSAGES.withdrawn)
    await tx.query(
      `UPDATE notices SET title = $2, summary = $3, body = $4, issuer = $5, doc_number = $6, regions = $7, tags = $8, course_ids = $9,
         valid_until = $10, updated_at = $11 WHERE id = $1`,
      [id, v.title, v.summary, v.body, v.issuer, v.docNumber, v.regions, v.tags, v.courseIds, v.validUntil, ctx.now().toISOString()]
    )
    const changed = (['title', 'summary', 'body', 'issuer', 'regions', 'tags', 'valid_until'] as const).filter((k) => {
      const before = row[k]
      const after = k === 'valid_until' ? v.validUntil : (v as Record<string, unknown>)[k]
      return JSON.stringify(before) !== JSON.stringify(after)
    })
    await audit(tx, { actor: office.userId, action: 'notice.update', objectType: 'notice', objectId: id, reason: changed.length ? `修改：${changed.join(',')}` : '无改动' })
    return (await loadNotice(tx, id)) as NoticeRow
  })
}

export async function withdrawNotice(ctx: AccountsContext, office: Office, id: string, reason: string): Promise<NoticeRow> {
  const why = reason.trim()
  if (why.length < 2) throw badRequest('请写明撤回原因', 'reason')
  // readers of the withdrawn notice see the reason; someone else's notice is a 404 before that
  await loadManaged(ctx, ctx.db, office, id, false)
  await ctx.safety.checkText([{ field: 'reason', label: '撤回原因', text: why }], 3, { userId: office.userId })
  return ctx.db.transaction(async (tx) => {
    const row = await loadManaged(ctx, tx, office, id)
    if (row.status === 'withdrawn') throw new ApiError(409, 'NOTICE_WITHDRAWN', NOTICE_MESSAGES.alreadyWithdrawn)
    const now = ctx.now().toISOString()
    await tx.query(`UPDATE notices SET status = 'withdrawn', withdrawn_at = $2, withdraw_reason = $3, updated_at = $2 WHERE id = $1`, [id, now, why])
    await audit(tx, { actor: office.userId, action: 'notice.withdraw', objectType: 'notice', objectId: id, reason: why })
    return (await loadNotice(tx, id)) as NoticeRow
  })
}

/**
 * Erasure (撤回同意 / 注销): the worker's subscriptions go (no more pushes, and no notices in their inbox); on
 * 注销 also which notices they read (the old write-time fan-out's delivery records are gone with their table).
 */
export async function eraseNoticeDataOf(tx: Queryable, userId: string, reason: 'withdraw' | 'delete'): Promise<string> {
  const subs = await tx.query('DELETE FROM notice_subscriptions WHERE user_id = $1 RETURNING id', [userId])
  if (reason === 'withdraw') return `${subs.length} subscriptions deleted`
  const reads = await tx.query('DELETE FROM notice_reads WHERE user_id = $1 RETURNING notice_id', [userId])
  const notes = await tx.query('DELETE FROM notice_withdrawal_reads WHERE user_id = $1 RETURNING notice_id', [userId])
  return `${subs.length} subscriptions, ${reads.length + notes.length} read marks deleted`
}
