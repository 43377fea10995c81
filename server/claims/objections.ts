/**
 * 公示 objections that count: filed by anyone during the period, within per-day limits per sender address
 * and per contact phone (counted in the database, so every instance enforces the same limit); an objection
 * still open when the period ends moves the claim to 异议核查中 (review.ts sweep); a reviewer of the region who
 * did not decide 初审 resolves each one — upheld: the claim is 驳回 citing the objection (the worker may appeal
 * once, which sends it back to review); not upheld and no other open one: 待拨付. The objector looks the outcome
 * up with their receipt id (public, de-identified).
 */
import type { ObjectionOutcome, ObjectionQueue, ResolveObjectionBody, ReviewObjection } from '../../src/contract'
import { OBJECTION_RESOLVER_NOT, claimStateLabel, type ClaimState } from '../../src/domain/claim-state'
import { levelLabel, maskHolderName, type CertLevel } from '../../src/domain/certificate'
import { maskPhone } from '../../src/domain/masking'
import { audit } from '../platform'
import { getProfileRow } from '../accounts'
import type { AuthUser } from '../accounts'
import { phoneHash } from '../accounts'
import { conflictOf, refuseIfConflicted } from '../integrity'
import { reviewerCovers, type RoleAuth } from '../accounts'
import { ApiError, badRequest, notFound } from '../errors'
import { newId } from '../crypto'
import type { Queryable } from '../db'
import type { ClaimsContext } from './context'
import { applyTransition, claimEvents, loadClaim, type StoredClaim } from './index'

/** Limits over a rolling 24 hours (DESIGN: no anonymous request makes the server do much more than it receives). */
export const OBJECTION_LIMITS = {
  perItemPerSender: 3,
  perItemPerPhone: 3,
  perSender: 20,
  windowHours: 24
} as const

const WINDOW_MS = OBJECTION_LIMITS.windowHours * 3_600_000

export const OBJECTION_MESSAGES = {
  perItem: `同一条公示每天最多提出 ${OBJECTION_LIMITS.perItemPerSender} 次异议，你已经提过了，经办机构会逐条核实`,
  perPhone: `这个联系电话今天已对这条公示提出 ${OBJECTION_LIMITS.perItemPerPhone} 次异议，经办机构会逐条核实`,
  perSender: `提交异议太频繁了（每天最多 ${OBJECTION_LIMITS.perSender} 次），请明天再试`,
  notFound: '没有找到这条异议，请核对回执编号',
  resolved: '这条异议已经核查过了',
  notResolvable: (state: string) => `申请现在是「${state}」，不能再核查这条异议`,
  firstReviewer: '你做了这个申请的初审，异议请交给另一位审核员核查'
}

/** A 429 whose Retry-After (seconds) the route sends. */
export class RateLimited extends ApiError {
  constructor(retryAfterSeconds: number, message: string) {
    super(429, 'RATE_LIMITED', message, undefined, retryAfterSeconds)
  }
}

export const openObjectionCount = async (db: Queryable, claimId: string): Promise<number> =>
  Number((await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM objections WHERE claim_id = $1 AND status = 'open'`, [claimId]))[0].n)

/** 异议: anyone, during the period, with a contact number (stored encrypted, shown masked to the reviewer). */
export async function fileObjection(
  ctx: ClaimsContext,
  announcementId: string,
  body: { itemId: string; content: string; contactPhone: string },
  senderAddress: string
): Promise<{ id: string; message: string }> {
  const rows = await ctx.db.query<{ claim_id: string; end_date: string; region_code: string }>(
    `SELECT i.claim_id, a.end_date::text AS end_date, a.region_code FROM announcement_items i JOIN announcements a ON a.id = i.announcement_id
     WHERE i.id = $1 AND a.id = $2`,
    [body.itemId, announcementId]
  )
  const item = rows[0]
  if (!item) throw notFound('没有找到这条公示', 'ANNOUNCEMENT_NOT_FOUND')
  if (ctx.today() > item.end_date) throw new ApiError(409, 'ANNOUNCEMENT_CLOSED', `公示已于 ${item.end_date} 结束，不能再提出异议`)
  const content = body.content.trim()
  if (content.length < 5) throw badRequest('请把异议写清楚（至少5个字）', 'content')
  const senderHash = ctx.crypto.hmac('objection-sender', senderAddress)
  const contactHash = phoneHash(ctx.crypto, body.contactPhone)
  const id = newId('obj')
  // a cheap look first, so a flood over the limits costs no 内容安全 call; then the same look again under
  // the locks, where it cannot be raced
  await enforceObjectionLimits(ctx, ctx.db, senderHash, contactHash, body.itemId)
  // reviewers read it and it sits beside a public 公示: checked like any public text (no author: anonymous)
  await ctx.safety.checkText([{ field: 'content', label: '异议内容', text: content }], 2, { userId: null })
  await ctx.db.transaction(async (tx) => {
    // one sender (then one phone) at a time, in this order on every instance: the counts below cannot be raced
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`objection-sender:${senderHash}`])
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`objection-phone:${contactHash}`])
    await enforceObjectionLimits(ctx, tx, senderHash, contactHash, body.itemId)
    const now = ctx.now()
    await tx.query(
      `INSERT INTO objections (id, item_id, claim_id, content, contact_enc, contact_masked, created_at, sender_hash, contact_hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [id, body.itemId, item.claim_id, content, ctx.crypto.encrypt(body.contactPhone), maskPhone(body.contactPhone), now.toISOString(), senderHash, contactHash]
    )
    await audit(tx, { actor: 'public', action: 'claim.objection', objectType: 'claim', objectId: item.claim_id, reason: id })
  })
  return { id, message: '已收到你的异议，经办机构会核实处理。请保存回执编号，凭它查看核查结果' }
}

/** 429 with the real wait when this sender or phone is over an objection limit (rolling 24 hours). */
async function enforceObjectionLimits(ctx: ClaimsContext, q: Queryable, senderHash: string, contactHash: string, itemId: string): Promise<void> {
  const now = ctx.now()
  const since = new Date(now.getTime() - WINDOW_MS).toISOString()
  const [c] = await q.query<{ item_sender: number; item_sender_first: Date | null; item_phone: number; item_phone_first: Date | null; sender: number; sender_first: Date | null }>(
    `SELECT
       count(*) FILTER (WHERE item_id = $3 AND sender_hash = $1)::int AS item_sender,
       min(created_at) FILTER (WHERE item_id = $3 AND sender_hash = $1) AS item_sender_first,
       count(*) FILTER (WHERE item_id = $3 AND contact_hash = $2)::int AS item_phone,
       min(created_at) FILTER (WHERE item_id = $3 AND contact_hash = $2) AS item_phone_first,
       count(*) FILTER (WHERE sender_hash = $1)::int AS sender,
       min(created_at) FILTER (WHERE sender_hash = $1) AS sender_first
     FROM objections WHERE (sender_hash = $1 OR contact_hash = $2) AND created_at > $4::timestamptz`,
    [senderHash, contactHash, itemId, since]
  )
  // seconds until the oldest counted objection leaves the window
  const wait = (first: Date | null) => Math.max(1, Math.ceil(((first ? new Date(first).getTime() : now.getTime()) + WINDOW_MS - now.getTime()) / 1000))
  if (c.sender >= OBJECTION_LIMITS.perSender) throw new RateLimited(wait(c.sender_first), OBJECTION_MESSAGES.perSender)
  if (c.item_sender >= OBJECTION_LIMITS.perItemPerSender) throw new RateLimited(wait(c.item_sender_first), OBJECTION_MESSAGES.perItem)
  if (c.item_phone >= OBJECTION_LIMITS.perItemPerPhone) throw new RateLimited(wait(c.item_phone_first), OBJECTION_MESSAGES.perPhone)
}

interface ObjectionRow {
  id: string
  claim_id: string
  content: string
  contact_masked: string
  created_at: Date | string
  status: 'open' | 'upheld' | 'dismissed'
  resolution_reason: string | null
  resolved_at: Date | string | null
}
const OBJ_COLUMNS = 'id, claim_id, content, contact_masked, created_at, status, resolution_reason, resolved_at'
const STATUS_LABEL = { open: '待核查', upheld: '异议成立', dismissed: '异议不成立' } as const
/** Claim states in which an objection can be resolved. */
const RESOLVABLE: readonly ClaimState[] = ['announced', 'objection_review']
const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null)

const titleOf = (c: StoredClaim) => `${c.occupation_name}${c.level ? ` · ${levelLabel(c.level as CertLevel)}` : ''}`

async function whyNot(ctx: ClaimsContext, db: Queryable, auth: RoleAuth, o: ObjectionRow, claim: StoredClaim): Promise<string | null> {
  if (o.status !== 'open') return OBJECTION_MESSAGES.resolved
  if (!RESOLVABLE.includes(claim.state)) return OBJECTION_MESSAGES.notResolvable(claimStateLabel(claim.state))
  const conflict = await conflictOf(ctx.crypto, db, 'claim', auth.user.id, claim.user_id, { payoutHashes: [claim.payout_account_hash] })
  if (conflict) return conflict.message
  const firstReviewer = (await claimEvents(db, claim)).filter((e) => e.to_state === OBJECTION_RESOLVER_NOT).pop()?.actor_id
  if (firstReviewer === auth.user.id) return OBJECTION_MESSAGES.firstReviewer
  return null
}

async function objectionView(ctx: ClaimsContext, db: Queryable, auth: RoleAuth, o: ObjectionRow, claim: StoredClaim): Promise<ReviewObjection> {
  const name = (await getProfileRow(ctx, db, { id: claim.user_id } as AuthUser))?.real_name ?? null
  const refusal = await whyNot(ctx, db, auth, o, claim)
  return {
    id: o.id,
    claimId: claim.id,
    claimState: claim.state,
    claimStateLabel: claimStateLabel(claim.state),
    claimTitle: titleOf(claim),
    applicantMasked: name ? maskHolderName(name) : '（未填写姓名）',
    content: o.content,
    contactMasked: o.contact_masked,
    createdAt: iso(o.created_at)!,
    status: o.status,
    statusLabel: STATUS_LABEL[o.status],
    resolutionReason: o.resolution_reason,
    resolvedAt: iso(o.resolved_at),
    canResolve: refusal === null,
    refusal
  }
}

/** GET /review/objections: the 异议核查 queue of the reviewer's regions (open first, oldest first). */
export async function objectionQueue(ctx: ClaimsContext, auth: RoleAuth, q: { status?: 'open' | 'upheld' | 'dismissed'; limit?: number }): Promise<ObjectionQueue> {
  const prefixes = auth.regionPrefixes.map((p) => `${p}%`)
  const rows = await ctx.db.query<ObjectionRow>(
    `SELECT ${OBJ_COLUMNS.replace(/(^|,\s*)([a-z_]+)/g, '$1o.$2')} FROM objections o JOIN claims c ON c.id = o.claim_id
     WHERE c.office_region LIKE ANY($1::text[]) AND ($2::text IS NULL OR o.status = $2)
     ORDER BY (o.status = 'open') DESC, o.created_at ASC, o.id LIMIT $3`,
    [prefixes, q.status ?? null, q.limit ?? 50]
  )
  const [open] = await ctx.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM objections o JOIN claims c ON c.id = o.claim_id WHERE c.office_region LIKE ANY($1::text[]) AND o.status = 'open'`,
    [prefixes]
  )
  const items: ReviewObjection[] = []
  for (const o of rows) items.push(await objectionView(ctx, ctx.db, auth, o, (await loadClaim(ctx.db, o.claim_id))!))
  return { items, openCount: open.n }
}

async function objectionInRegion(db: Queryable, auth: RoleAuth, id: string, lock = false): Promise<{ o: ObjectionRow; claim: StoredClaim }> {
  const [o] = await db.query<ObjectionRow>(`SELECT ${OBJ_COLUMNS} FROM objections WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id])
  const claim = o ? await loadClaim(db, o.claim_id, lock) : null
  if (!o || !claim || !reviewerCovers(auth, claim.office_region)) throw notFound(OBJECTION_MESSAGES.notFound, 'OBJECTION_NOT_FOUND')
  return { o, claim }
}

/** POST /review/objections/{id}/resolve. */
export async function resolveObjection(ctx: ClaimsContext, auth: RoleAuth, id: string, body: ResolveObjectionBody): Promise<ReviewObjection> {
  const reason = body.reason.replace(/\s+/g, ' ').trim()
  if ([...reason].length < 4) throw badRequest('请写明核查结论（至少4个字）', 'reason', 'REASON_REQUIRED')
  const before = await objectionInRegion(ctx.db, auth, id)
  await refuseIfConflicted(ctx.crypto, ctx.db, 'objection.resolve', 'claim', before.claim.id, auth.user.id, before.claim.user_id, { payoutHashes: [before.claim.payout_account_hash] })
  await ctx.db.transaction(async (tx) => {
    // the claim first, then the objection: the same order as the sweep and the transitions
    const claim = (await loadClaim(tx, before.claim.id, true))!
    const { o } = await objectionInRegion(tx, auth, id, true)
    const refusal = await whyNot(ctx, tx, auth, o, claim)
    if (refusal) throw new ApiError(refusal === OBJECTION_MESSAGES.firstReviewer ? 403 : 409, refusal === OBJECTION_MESSAGES.firstReviewer ? 'SAME_REVIEWER' : 'NOT_ALLOWED', refusal)
    const now = ctx.now()
    await tx.query(`UPDATE objections SET status = $2, resolved_by = $3, resolved_at = $4, resolution_reason = $5 WHERE id = $1 AND status = 'open'`, [
      id,
      body.upheld ? 'upheld' : 'dismissed',
      auth.user.id,
      now.toISOString(),
      reason
    ])
    await audit(tx, { actor: auth.user.id, action: 'claim.objection_resolve', objectType: 'claim', objectId: claim.id, reason: `${id} ${body.upheld ? 'upheld' : 'dismissed'}: ${reason}` })
    const actor = { id: auth.user.id, role: 'reviewer' as const }
    if (body.upheld) {
      // 驳回 citing the objection (announced → rejected, or objection_review → rejected); the worker may appeal once
      await applyTransition(ctx, tx, claim, 'rejected', actor, { reason: `公示异议经核实成立：${reason}` })
      // the claim is closed: its other open objections are settled with it
      await tx.query(`UPDATE objections SET status = 'upheld', resolved_by = $2, resolved_at = $3, resolution_reason = $4 WHERE claim_id = $1 AND status = 'open'`, [
        claim.id,
        auth.user.id,
        now.toISOString(),
        `同一申请的另一条异议已成立（${id}）`
      ])
    } else if (claim.state === 'objection_review' && (await openObjectionCount(tx, claim.id)) === 0) {
      await applyTransition(ctx, tx, claim, 'awaiting_payment', actor, { reason: `公示异议经核实不成立：${reason}` })
    }
  })
  const after = await objectionInRegion(ctx.db, auth, id)
  return objectionView(ctx, ctx.db, auth, after.o, after.claim)
}

/** GET /public/objections/{id}: the objector's receipt → the outcome, with nothing that identifies anyone. */
export async function objectionOutcome(ctx: ClaimsContext, id: string): Promise<ObjectionOutcome> {
  const [o] = await ctx.db.query<ObjectionRow & { name_masked: string; occupation_name: string; level_label: string; kind_label: string; office: string }>(
    `SELECT o.id, o.status, o.created_at, o.resolved_at, o.resolution_reason, i.name_masked, i.occupation_name, i.level_label, i.kind_label, a.office
     FROM objections o JOIN announcement_items i ON i.id = o.item_id JOIN announcements a ON a.id = i.announcement_id WHERE o.id = $1`,
    [id]
  )
  if (!o) throw notFound(OBJECTION_MESSAGES.notFound, 'OBJECTION_NOT_FOUND')
  const outcome =
    o.status === 'open'
      ? `${o.office}正在核实，核实后这里会显示结果`
      : o.status === 'upheld'
        ? '经核实异议成立，该申请已驳回，不予拨付'
        : '经核实异议不成立，该申请按规定继续办理'
  return {
    id: o.id,
    status: o.status,
    statusLabel: STATUS_LABEL[o.status],
    itemMasked: [o.name_masked, o.occupation_name, o.level_label !== '—' ? o.level_label : null, o.kind_label].filter(Boolean).join(' · '),
    office: o.office,
    createdAt: iso(o.created_at)!,
    resolvedAt: iso(o.resolved_at),
    outcome
  }
}
