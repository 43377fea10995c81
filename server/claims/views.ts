/** The worker-facing claim (with its timeline) built from the stored row. */
import type { Office, PayoutAccount, SubsidyClaim, TimelineEntry, Verdict } from '../../src/contract'
import { APPEAL_DAYS, claimKindLabel, claimNextStep, claimStateLabel } from '../../src/domain/claim-state'
import { daysBetween } from '../../src/domain/claim-rules'
import { levelLabel, maskHolderName, type CertLevel } from '../../src/domain/certificate'
import { getProfileRow, actedByLabels, type AuthUser } from '../accounts'
import type { Queryable } from '../db'
import type { ClaimsContext } from './context'
import { chinaDate, claimEvents, type EventRow, type StoredClaim } from './record'

/** e.g. 阳泉市城区人力资源和社会保障局 */
export function officeOf(ctx: Pick<ClaimsContext, 'regions'>, regionCode: string): Office {
  const region = ctx.regions.byCode.get(regionCode)
  return { regionCode, name: `${region?.fullName ?? regionCode}人力资源和社会保障局` }
}

const verdictsOf = (row: StoredClaim): Verdict[] => (typeof row.verdicts === 'string' ? JSON.parse(row.verdicts) : row.verdicts)

function claimTitle(row: Pick<StoredClaim, 'occupation_name' | 'level' | 'kind'>): string {
  const level = row.level ? ` · ${levelLabel(row.level as CertLevel)}` : ''
  return `${row.occupation_name}${level}`
}

function payoutOf(row: Pick<StoredClaim, 'payout_type' | 'payout_bank' | 'payout_last4'>, holder: string | null): PayoutAccount {
  if (row.payout_type === 'social_security_card') return { type: 'social_security_card', bankName: null, accountMasked: null, holderMasked: holder ? maskHolderName(holder) : null }
  return {
    type: 'bank_card',
    bankName: row.payout_bank,
    accountMasked: row.payout_last4 ? `**** **** **** ${row.payout_last4}` : null,
    holderMasked: holder ? maskHolderName(holder) : null
  }
}

/** The worker-facing claim with its timeline. */
export async function toClaim(ctx: ClaimsContext, db: Queryable, row: StoredClaim, holder?: string | null, known?: EventRow[]): Promise<SubsidyClaim> {
  const events = known ?? (await claimEvents(db, row))
  const timeline: TimelineEntry[] = events.map((e) => ({
    state: e.to_state,
    stateLabel: claimStateLabel(e.to_state),
    at: new Date(e.at).toISOString(),
    actorRole: e.actor_role,
    office: e.office,
    reason: e.reason,
    items: e.items ?? [],
    deadline: e.deadline
  }))
  const today = ctx.today()
  const rejectedAt = row.state === 'rejected' ? events.filter((e) => e.to_state === 'rejected').pop() : undefined
  const canAppeal =
    row.state === 'rejected' && row.appeals_used === 0 && !!rejectedAt && daysBetween(chinaDate(rejectedAt.at), today) <= APPEAL_DAYS
  if (holder === undefined) holder = (await getProfileRow(ctx, db, { id: row.user_id } as AuthUser))?.real_name ?? null
  return {
    id: row.id,
    kind: row.kind,
    kindLabel: claimKindLabel(row.kind),
    state: row.state,
    stateLabel: claimStateLabel(row.state),
    amountYuan: row.amount_yuan,
    certificateId: row.certificate_id,
    enrollmentId: row.enrollment_id,
    title: claimTitle(row),
    office: officeOf(ctx, row.office_region),
    submittedAt: new Date(row.created_at).toISOString(),
    nextStep: claimNextStep(row.state, row.deadline),
    deadline: row.deadline,
    supplementItems: row.state === 'needs_supplement' ? row.supplement_items : [],
    verdicts: verdictsOf(row),
    payoutAccount: payoutOf(row, holder),
    canWithdraw: ['submitted', 'accepted', 'needs_supplement'].includes(row.state),
    canAppeal,
    timeline,
    ...(row.acted_by ? { actedBy: (await actedByLabels(ctx, db, row.user_id, [row.acted_by])).get(row.acted_by) } : {})
  }
}
