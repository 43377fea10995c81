/**
 * 风险隐患清单 on the server: gathers the facts the risk rules (src/domain/risk-rules.ts) need for one claim,
 * stores the flags (one row per claim and rule) and lists the open ones of a region with counts per rule.
 * Runs at submission (in the submitting transaction) and again when 初审 is decided.
 */
import type { RiskList } from '../../src/contract'
import { RISK_RULES, RISK_THRESHOLDS, evaluateRisks, riskLabel, type RiskFlag } from '../../src/domain/risk-rules'
import { claimStateLabel, type ClaimState } from '../../src/domain/claim-state'
import { daysBetween } from '../../src/domain/claim-rules'
import { phoneHashesOf, usersWithLoginPhone, lastIdNumberChange } from '../accounts'
import { audit } from '../platform'
import { reviewersOfRegion } from '../roles'
import type { RoleAuth } from '../accounts'
import { firstLinked } from '../integrity'
import { payoutHashesOf, usersWithPayoutHash } from './payout-keys'
import { badRequest } from '../errors'
import { prepared, type Queryable } from '../db'
import type { ClaimsContext } from './context'
import type { StoredClaim } from './index'

const DAY_MS = 86_400_000
const chinaDay = (at: Date | string) => new Date(new Date(at).getTime() + 8 * 3_600_000).toISOString().slice(0, 10)

/**
 * Only an ID change within the rule's window before the submission day can flag (an older one is too many days
 * back, a later one counts as 0 days), so the audit trail (partitioned by month) is searched from there.
 */
export const idChangeWindowStart = (submittedOn: string): Date =>
  new Date(Date.parse(`${submittedOn}T00:00:00+08:00`) - (RISK_THRESHOLDS.identityChangedDays + 1) * DAY_MS)

/**
 * `pending`: the claim is not stored yet (submission assesses it just before writing it), so it is counted
 * here; its contact hashes, the worker's card hashes and last ID change (`known`) were read just now, so not again. The reads
 * are independent and go out together.
 */
export async function assessRisks(ctx: ClaimsContext, db: Queryable, row: StoredClaim, pending = false, known: { payoutHashes?: string[]; lastIdNumberChange?: Date | null } = {}): Promise<RiskFlag[]> {
  const [ownCards, ownPhones] = await Promise.all([
    known.payoutHashes ?? payoutHashesOf(db, row.user_id),
    pending ? ([] as string[]) : phoneHashesOf(ctx.crypto, db, row.user_id)
  ])
  const payoutHashes = [...new Set([...(row.payout_account_hash ? [row.payout_account_hash] : []), ...ownCards])]
  const phones = [...new Set([...(row.contact_hashes ?? []), ...ownPhones])]
  const institutionCount = async (): Promise<{ recent: number; usualPerWindow: number } | null> => {
    if (!row.institution_id) return null
    const now = ctx.now().getTime()
    const windowStart = new Date(now - RISK_THRESHOLDS.burstWindowDays * DAY_MS).toISOString()
    const baselineStart = new Date(now - (RISK_THRESHOLDS.burstWindowDays + RISK_THRESHOLDS.burstBaselineWeeks * 7) * DAY_MS).toISOString()
    const [c] = await db.query<{ recent: number; before: number }>(
      `SELECT count(*) FILTER (WHERE created_at >= $2::timestamptz)::int AS recent,
              count(*) FILTER (WHERE created_at < $2::timestamptz AND created_at >= $3::timestamptz)::int AS before
       FROM claims WHERE institution_id = $1 AND created_at >= $3::timestamptz`,
      [row.institution_id, windowStart, baselineStart]
    )
    return { recent: c.recent + (pending ? 1 : 0), usualPerWindow: (c.before * RISK_THRESHOLDS.burstWindowDays) / (RISK_THRESHOLDS.burstBaselineWeeks * 7) }
  }
  const [samePayout, loginPhones, claimPhones, changed, institution, linked] = await Promise.all([
    usersWithPayoutHash(db, payoutHashes, row.user_id),
    usersWithLoginPhone(db, phones, row.user_id),
    phones.length > 0
      ? db.query<{ user_id: string }>(prepared('SELECT DISTINCT user_id FROM claims WHERE contact_hashes && $1::text[] AND user_id <> $2'), [phones, row.user_id])
      : ([] as { user_id: string }[]),
    known.lastIdNumberChange !== undefined ? known.lastIdNumberChange : lastIdNumberChange(db, row.user_id, idChangeWindowStart(row.submitted_on)),
    institutionCount(),
    // the region's reviewers, all at once, against the phone and card hashes gathered above
    reviewersOfRegion(db, row.office_region).then((reviewers) => firstLinked(ctx.crypto, db, reviewers, { userId: row.user_id, phoneHashes: phones, payoutHashes }))
  ])
  const samePhone = new Set([...loginPhones, ...claimPhones.map((o) => o.user_id)])
  const daysSinceIdChange = changed ? Math.max(0, daysBetween(chinaDay(changed), row.submitted_on)) : null
  return evaluateRisks({
    samePayoutAccountWorkers: new Set(samePayout).size,
    samePhoneWorkers: samePhone.size,
    daysSinceIdChange,
    institution,
    relatedReviewer: linked?.via ?? null
  })
}

/** Stores flags (a rule already flagged keeps its first date, with the latest wording); audits new ones. */
export async function saveRiskFlags(tx: Queryable, claimId: string, flags: RiskFlag[], stage: 'submission' | 'first_review', now: Date): Promise<void> {
  for (const f of flags) {
    const inserted = await tx.query<{ created: boolean }>(
      `INSERT INTO claim_risk_flags (claim_id, code, message, source, stage, created_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (claim_id, code) DO UPDATE SET message = EXCLUDED.message RETURNING (xmax = 0) AS created`,
      [claimId, f.code, f.message, JSON.stringify(f.source), stage, now.toISOString()]
    )
    if (inserted[0]?.created) await audit(tx, { actor: 'system', action: 'claim.risk_flag', objectType: 'claim', objectId: claimId, reason: `${stage}: ${f.code}` })
  }
}

export async function riskFlagsOf(db: Queryable, claimId: string): Promise<RiskFlag[]> {
  const rows = await db.query<{ code: RiskFlag['code']; message: string; source: RiskFlag['source'] | string }>(
    'SELECT code, message, source FROM claim_risk_flags WHERE claim_id = $1 ORDER BY created_at, code',
    [claimId]
  )
  return rows.map((r) => ({ code: r.code, message: r.message, source: typeof r.source === 'string' ? JSON.parse(r.source) : r.source }))
}

/** States in which a flag is still open (the claim can still be paid). */
export const OPEN_FLAG_STATES: readonly ClaimState[] = ['submitted', 'accepted', 'first_review', 'second_review', 'announced', 'objection_review', 'awaiting_payment', 'needs_supplement', 'payment_failed']

/** GET /review/risks: open flags in the reviewer's regions (an admin: all), newest first, with counts per rule. */
export async function riskList(ctx: ClaimsContext, auth: RoleAuth, q: { code?: string; cursor?: string; limit?: number }): Promise<RiskList> {
  const limit = q.limit ?? 50
  const offset = q.cursor ? Number(/^[0-9]{1,6}$/.test(q.cursor) ? q.cursor : NaN) : 0
  if (!Number.isFinite(offset)) throw badRequest('翻页标记不正确，请刷新后重试', 'cursor')
  const prefixes = auth.role === 'admin' ? ['%'] : auth.regionPrefixes.map((p) => `${p}%`)
  const rows = await ctx.db.query<{ claim_id: string; code: string; message: string; source: unknown; created_at: Date; state: ClaimState; office_region: string }>(
    `SELECT f.claim_id, f.code, f.message, f.source, f.created_at, c.state, c.office_region
     FROM claim_risk_flags f JOIN claims c ON c.id = f.claim_id
     WHERE c.office_region LIKE ANY($1::text[]) AND c.state = ANY($2::text[]) AND ($3::text IS NULL OR f.code = $3)
     ORDER BY f.created_at DESC, f.claim_id, f.code LIMIT $4 OFFSET $5`,
    [prefixes, OPEN_FLAG_STATES, q.code ?? null, limit + 1, offset]
  )
  const counts = await ctx.db.query<{ code: string; n: number }>(
    `SELECT f.code, count(*)::int AS n FROM claim_risk_flags f JOIN claims c ON c.id = f.claim_id
     WHERE c.office_region LIKE ANY($1::text[]) AND c.state = ANY($2::text[]) GROUP BY f.code`,
    [prefixes, OPEN_FLAG_STATES]
  )
  const countOf = new Map(counts.map((c) => [c.code, c.n]))
  return {
    counts: RISK_RULES.map((r) => ({ code: r.code, label: r.label, source: r.source, count: countOf.get(r.code) ?? 0 })),
    items: rows.slice(0, limit).map((r) => ({
      claimId: r.claim_id,
      code: r.code as RiskFlag['code'],
      label: riskLabel(r.code),
      message: r.message,
      source: (typeof r.source === 'string' ? JSON.parse(r.source) : r.source) as RiskFlag['source'],
      flaggedAt: new Date(r.created_at).toISOString(),
      claimState: r.state,
      claimStateLabel: claimStateLabel(r.state),
      regionCode: r.office_region,
      link: `/subpackages/review/claim/index?id=${r.claim_id}`
    })),
    nextCursor: rows.length > limit ? String(offset + limit) : null
  }
}
