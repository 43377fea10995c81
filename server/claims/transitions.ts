/**
 * The one transition function every step goes through: state machine from src/domain/claim-state, conditional
 * UPDATE, timeline row, audit row, inbox entry and queued subscribe message, all in the caller's transaction.
 */
import { APPEAL_DAYS,
  DEADLINE_WORKING_DAYS,
  checkTransition,
  claimKindLabel,
  claimStateLabel,
  findTransition,
  type ClaimActorRole,
  type ClaimState,
  OBJECTION_REVIEW_MEANING
} from '../../src/domain/claim-state'
import { daysBetween } from '../../src/domain/claim-rules'
import { addDays, addWorkingDays } from '../../src/domain/working-days'
import { audit } from '../platform'
import { deliverToInbox, type InboxMessageInput } from '../inbox'
import { queueNotification, type SubscribeMessage } from '../adapters'
import { ApiError, badRequest } from '../errors'
import type { Queryable } from '../db'
import type { ClaimsContext } from './context'
import { CLAIM_MESSAGES } from './messages'
import { chinaDate, claimEvents, type StoredClaim } from './record'
import { officeOf } from './views'

export interface Actor {
  id: string
  role: ClaimActorRole
}

export interface TransitionOptions {
  reason?: string | null
  items?: string[] | null
  /** 需补正: YYYY-MM-DD chosen by the reviewer */
  deadline?: string | null
  /** 公示 end date (announcement route) */
  announcementId?: string
  announcementEnd?: string
}

/** The next step's deadline when a claim enters `to` (working days on China's calendar). */
export function deadlineFor(to: ClaimState, today: string, opts: TransitionOptions = {}): string | null {
  switch (to) {
    case 'accepted':
      return addWorkingDays(today, DEADLINE_WORKING_DAYS.accepted)
    case 'first_review':
      return addWorkingDays(today, DEADLINE_WORKING_DAYS.first_review)
    case 'announced':
      return opts.announcementEnd ?? addWorkingDays(today, DEADLINE_WORKING_DAYS.announced)
    case 'needs_supplement':
      return opts.deadline ?? addWorkingDays(today, DEADLINE_WORKING_DAYS.needs_supplement)
    case 'rejected':
      return addDays(today, APPEAL_DAYS)
    case 'objection_review':
      return addWorkingDays(today, DEADLINE_WORKING_DAYS.objection_review)
    default:
      return null
  }
}

const INBOX_BODY: Partial<Record<ClaimState, string>> = {
  accepted: '经办机构已受理你的申请，正在审核。',
  first_review: '初审已通过，等待复核。',
  second_review: '复核已通过，将进行公示。',
  announced: '你的申请正在公示，公示期满后拨付。',
  awaiting_payment: '公示期满，等待拨付到你的收款账户。',
  objection_review: `${OBJECTION_REVIEW_MEANING}。`,
  paid: '补贴已拨付，请查收。',
  needs_supplement: '需要补充材料，请在期限内提交，逾期会被驳回。',
  rejected: '你的申请被驳回。',
  payment_failed: '拨付没有成功，请核对并更新收款账户。',
  withdrawn: '你已撤回申请。',
  submitted: '申请已提交，等待经办机构受理。'
}

export const claimLink = (id: string) => `/subpackages/subsidies/detail/index?id=${id}`

/**
 * Moves a locked claim row to `to` as `actor`; refuses what the state machine refuses. Writes the state
 * (conditional on the old one), the timeline row, the audit row, the owner's inbox entry and the queued
 * subscribe message, all in `tx`.
 */
export async function applyTransition(ctx: ClaimsContext, tx: Queryable, row: StoredClaim, to: ClaimState, actor: Actor, opts: TransitionOptions = {}): Promise<StoredClaim> {
  const events = await claimEvents(tx, row)
  const enteredBy: Partial<Record<ClaimState, string>> = {}
  for (const e of events) enteredBy[e.to_state] = e.actor_id
  const rejectedAt = events.filter((e) => e.to_state === 'rejected').pop()
  const today = ctx.today()
  const refusal = checkTransition({
    from: row.state,
    to,
    by: actor.role,
    actorId: actor.id,
    reason: opts.reason,
    items: opts.items,
    enteredBy,
    appealsUsed: row.appeals_used,
    daysSinceRejection: rejectedAt ? daysBetween(chinaDate(rejectedAt.at), today) : 0
  })
  if (refusal) {
    const status = refusal.code === 'WRONG_ROLE' ? 403 : refusal.code === 'NOT_ALLOWED' ? 409 : refusal.code === 'SAME_REVIEWER' ? 409 : 422
    throw new ApiError(status, refusal.code === 'WRONG_ROLE' ? 'FORBIDDEN' : refusal.code, refusal.message, refusal.code === 'REASON_REQUIRED' ? 'reason' : refusal.code === 'ITEMS_REQUIRED' ? 'items' : undefined)
  }
  if (to === 'needs_supplement' && opts.deadline && opts.deadline <= today) throw badRequest(CLAIM_MESSAGES.deadlinePast, 'deadline')
  const deadline = deadlineFor(to, today, opts)
  const items = to === 'needs_supplement' ? (opts.items ?? []).map((i) => i.trim()).filter(Boolean) : []
  const transition = findTransition(row.state, to)!
  const now = ctx.now()
  const updated = await tx.query<{ id: string }>(
    `UPDATE claims SET state = $3, deadline = $4, reminded_for = NULL, updated_at = $5,
       supplement_items = CASE WHEN $3 = 'needs_supplement' THEN $6::text[] ELSE supplement_items END,
       appeals_used = appeals_used + CASE WHEN $7 THEN 1 ELSE 0 END,
       announcement_id = COALESCE($8, announcement_id)
     WHERE id = $1 AND state = $2 RETURNING id`,
    [row.id, row.state, to, deadline, now.toISOString(), items, transition.via === 'appeal', opts.announcementId ?? null]
  )
  if (!updated[0]) throw new ApiError(409, 'CLAIM_CONFLICT', CLAIM_MESSAGES.conflict)
  const office = officeOf(ctx, row.office_region).name
  const reason = opts.reason?.trim() || null
  await tx.query(
    `INSERT INTO claim_events (claim_id, from_state, to_state, actor_id, actor_role, office, reason, items, deadline, at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [row.id, row.state, to, actor.id, actor.role, office, reason, items, deadline, now.toISOString()]
  )
  await audit(tx, {
    actor: actor.id,
    action: to === 'announced' ? 'claim.announce' : 'claim.transition',
    objectType: 'claim',
    objectId: row.id,
    reason: `${actor.role} ${row.state} → ${to}${reason ? `：${reason}` : ''}`
  })
  await notifyOwner(tx, row, to, { reason, items, deadline }, now)
  return { ...row, state: to, deadline, supplement_items: to === 'needs_supplement' ? items : row.supplement_items, appeals_used: row.appeals_used + (transition.via === 'appeal' ? 1 : 0) }
}

/** What the worker is told of a step: the inbox entry and the subscribe message. */
export function ownerNotice(row: Pick<StoredClaim, 'id' | 'kind'>, to: ClaimState, extra: { reason: string | null; items: string[]; deadline: string | null }, now: Date): { inbox: InboxMessageInput; message: SubscribeMessage } {
  const parts = [INBOX_BODY[to] ?? '']
  if (extra.items.length) parts.push(`需要补充：${extra.items.join('、')}。`)
  if (extra.reason) parts.push(`理由：${extra.reason}`)
  if (extra.deadline && (to === 'needs_supplement' || to === 'announced')) parts.push(`期限：${extra.deadline}。`)
  const title = `${claimKindLabel(row.kind)}：${claimStateLabel(to)}`
  return {
    inbox: { kind: 'claim_state', title, body: parts.join(''), link: claimLink(row.id), refType: 'claim', refId: row.id },
    message: { template: 'claim_state', data: { thing1: claimKindLabel(row.kind), phrase2: claimStateLabel(to), date3: chinaDate(now), thing4: (extra.reason ?? INBOX_BODY[to] ?? '').slice(0, 20) }, page: claimLink(row.id) }
  }
}

export async function notifyOwner(tx: Queryable, row: StoredClaim, to: ClaimState, extra: { reason: string | null; items: string[]; deadline: string | null }, now: Date): Promise<void> {
  const notice = ownerNotice(row, to, extra, now)
  await deliverToInbox(tx, row.user_id, notice.inbox, now)
  await queueNotification(tx, row.user_id, notice.message, now)
}
