/**
 * POST /claims: idempotent submission in one transaction. Everything that only reads — the facts, the
 * default payout account, the contact hashes and the 风险隐患清单 rules — is gathered before the transaction,
 * several reads at once; inside it, with the worker locked, one read of their claims (the key and the
 * annual-cap / no-repeat rules) and one statement writing the claim, its timeline row and its risk flags,
 * then the certificate mark, the inbox entry, the queued subscribe message and the audit row (last: the audit
 * chain's head stays locked only until the commit that follows). The answer is built from what was written.
 */
import { createHash } from 'node:crypto'
import type { SubsidyClaim, Verdict } from '../../src/contract'
import type { ClaimKind, ClaimState } from '../../src/domain/claim-state'
import { precheckClaim } from '../../src/domain/claim-rules'
import { audit } from '../platform'
import { lockUser, phoneHashesOf, requireConsent, type AuthUser } from '../accounts'
import { markCertificateUsed } from '../certificates'
import { ApiError } from '../errors'
import { newId } from '../crypto'
import type { ClaimsContext } from './context'
import { bankHash } from './payout-keys'
import { assessRisks } from './risk'
import { CLAIM_MESSAGES } from './messages'
import { CLAIM_COLUMNS, type StoredClaim } from './record'
import { officeOf, toClaim } from './views'
import { gatherFacts } from './precheck'
import { notifyOwner } from './transitions'
import { payoutDefault } from './payout'

const fingerprintOf = (body: unknown) => createHash('sha256').update(`POST /api/v1/claims\n${JSON.stringify(body)}`).digest('base64url')

export class PrecheckRefused extends ApiError {
  constructor(readonly verdicts: Verdict[]) {
    super(422, 'PRECHECK_FAILED', CLAIM_MESSAGES.precheckFailed)
  }
}

type Prior = { id: string; kind: ClaimKind; state: ClaimState; certificate_id: string | null; occupation_code: string | null; level: string | null; submitted_on: string; idempotency_key: string; request_fingerprint: string }

/** The claim, its first timeline row and its risk flags in one statement; returns the stored claim. */
const INSERT_SQL = `WITH claim AS (
    INSERT INTO claims (id, user_id, kind, state, certificate_id, enrollment_id, occupation_code, occupation_name, level, amount_yuan, office_region,
       verdicts, insurance_label, payout_type, payout_bank, payout_account_enc, payout_last4, idempotency_key, request_fingerprint, submitted_on, created_at, updated_at, acted_by,
       payout_account_hash, contact_hashes, institution_id)
     VALUES ($1, $2, $3, 'submitted', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $20, $21, $22, $23, $24)
     RETURNING ${CLAIM_COLUMNS}),
  event AS (
    INSERT INTO claim_events (claim_id, from_state, to_state, actor_id, actor_role, office, reason, items, deadline, at)
    SELECT id, NULL, 'submitted', $2, 'worker', $25, NULL, '{}', NULL, $20 FROM claim),
  flags AS (
    INSERT INTO claim_risk_flags (claim_id, code, message, source, stage, created_at)
    SELECT claim.id, f.code, f.message, f.source::jsonb, 'submission', $20 FROM claim, unnest($26::text[], $27::text[], $28::text[]) AS f(code, message, source))
  SELECT * FROM claim`

/** POST /claims: same key → the first claim; a failing hard rule → 422 with the verdicts; one transaction. */
export async function submitClaim(
  ctx: ClaimsContext,
  user: AuthUser,
  key: string,
  body: { kind: ClaimKind; certificateId?: string; enrollmentId?: string }
): Promise<{ status: number; claim: SubsidyClaim }> {
  const fingerprint = fingerprintOf(body)
  const [, existing] = await Promise.all([
    requireConsent(ctx.db, user.id),
    ctx.db.query<StoredClaim>(`SELECT ${CLAIM_COLUMNS} FROM claims WHERE user_id = $1 AND idempotency_key = $2`, [user.id, key])
  ])
  if (existing[0]) {
    if (existing[0].request_fingerprint !== fingerprint) throw new ApiError(422, 'IDEMPOTENCY_KEY_REUSED', CLAIM_MESSAGES.keyReused)
    return { status: 201, claim: await toClaim(ctx, ctx.db, existing[0]) }
  }
  // the earlier claims are read inside the transaction, under the lock: not here
  const [facts, payout, phones] = await Promise.all([gatherFacts(ctx, user, body, false), payoutDefault(ctx.db, user.id), phoneHashesOf(ctx.crypto, ctx.db, user.id)])
  const payoutHash = payout.account_enc ? bankHash(ctx.crypto, ctx.crypto.decrypt(payout.account_enc)) : null
  const claimId = newId('clm')
  const now = ctx.now()
  const draft = (officeRegion: string, amountYuan: number | null, verdicts: Verdict[]): StoredClaim => ({
    id: claimId,
    user_id: user.id,
    kind: body.kind,
    state: 'submitted',
    certificate_id: body.certificateId ?? null,
    enrollment_id: body.enrollmentId ?? null,
    occupation_code: facts.occupationCode,
    occupation_name: facts.occupationName,
    level: facts.level,
    amount_yuan: amountYuan,
    office_region: officeRegion,
    verdicts,
    insurance_label: facts.insuranceLabel,
    payout_type: payout.type,
    payout_bank: payout.bank_name,
    payout_account_enc: payout.account_enc,
    payout_last4: payout.account_last4,
    deadline: null,
    supplement_items: [],
    appeals_used: 0,
    announcement_id: null,
    idempotency_key: key,
    request_fingerprint: fingerprint,
    submitted_on: ctx.today(),
    created_at: now.toISOString(),
    acted_by: user.actedBy?.userId ?? null,
    payout_account_hash: payoutHash,
    contact_hashes: phones,
    institution_id: facts.institutionId
  })
  // 风险隐患清单: the rules read other workers' data only; run on the claim as it will be stored (office
  // from the pre-check without the earlier claims, which decide whether it is accepted, not where it goes)
  const provisional = precheckClaim({ ...facts.input, priorClaims: [] })
  const flags = provisional.officeRegion ? await assessRisks(ctx, ctx.db, draft(provisional.officeRegion, provisional.amountYuan, provisional.verdicts), true) : []
  const outcome = await ctx.db.transaction(async (tx) => {
    // one submission per worker at a time: the annual cap and no-repeat rules see every earlier claim
    await lockUser(tx, user.id)
    const prior = await tx.query<Prior>(
      'SELECT id, kind, state, certificate_id, occupation_code, level, submitted_on::text AS submitted_on, idempotency_key, request_fingerprint FROM claims WHERE user_id = $1',
      [user.id]
    )
    const again = prior.find((p) => p.idempotency_key === key)
    if (again) {
      if (again.request_fingerprint !== fingerprint) throw new ApiError(422, 'IDEMPOTENCY_KEY_REUSED', CLAIM_MESSAGES.keyReused)
      return { again: again.id }
    }
    const priorClaims = prior.map((r) => ({ id: r.id, kind: r.kind, state: r.state, certificateId: r.certificate_id, occupationCode: r.occupation_code, level: r.level, submittedOn: r.submitted_on }))
    const result = precheckClaim({ ...facts.input, priorClaims })
    if (!result.ok || !result.officeRegion) throw new PrecheckRefused(result.verdicts)
    const d = draft(result.officeRegion, result.amountYuan, result.verdicts)
    const office = officeOf(ctx, result.officeRegion).name
    const [row] = await tx.query<StoredClaim>(INSERT_SQL, [
      d.id, d.user_id, d.kind, d.certificate_id, d.enrollment_id, d.occupation_code, d.occupation_name, d.level, d.amount_yuan, d.office_region,
      JSON.stringify(result.verdicts), d.insurance_label, d.payout_type, d.payout_bank, d.payout_account_enc, d.payout_last4, key, fingerprint,
      d.submitted_on, now.toISOString(), d.acted_by, payoutHash, phones, d.institution_id,
      office, flags.map((f) => f.code), flags.map((f) => f.message), flags.map((f) => JSON.stringify(f.source))
    ])
    if (body.certificateId) await markCertificateUsed(tx, body.certificateId, now)
    await notifyOwner(tx, row, 'submitted', { reason: null, items: [], deadline: null }, now)
    await audit(tx, {
      actor: user.actedBy?.userId ?? user.id,
      action: 'claim.submit',
      objectType: 'claim',
      objectId: claimId,
      reason: `${body.kind} → ${result.officeRegion}${user.actedBy ? ` for ${user.id} by proxy ${user.actedBy.proxyId}` : ''}`
    })
    for (const f of flags) await audit(tx, { actor: 'system', action: 'claim.risk_flag', objectType: 'claim', objectId: claimId, reason: `submission: ${f.code}` })
    return { row, office }
  })
  if ('again' in outcome) {
    const [row] = await ctx.db.query<StoredClaim>(`SELECT ${CLAIM_COLUMNS} FROM claims WHERE id = $1`, [outcome.again])
    return { status: 201, claim: await toClaim(ctx, ctx.db, row, facts.realName) }
  }
  // the timeline is the one row just written
  const timeline = [{ from_state: null, to_state: 'submitted' as const, actor_id: user.id, actor_role: 'worker' as const, office: outcome.office, reason: null, items: [], deadline: null, at: now }]
  return { status: 201, claim: await toClaim(ctx, ctx.db, outcome.row, facts.realName, timeline) }
}
