/** POST /claims: idempotent submission in one transaction. */
import { createHash } from 'node:crypto'
import type { SubsidyClaim, Verdict } from '../../src/contract'
import type { ClaimKind } from '../../src/domain/claim-state'
import { precheckClaim } from '../../src/domain/claim-rules'
import { audit } from '../platform'
import { lockUser, phoneHashesOf, requireConsent, type AuthUser } from '../accounts'
import { markCertificateUsed } from '../certificates'
import { ApiError } from '../errors'
import { newId } from '../crypto'
import type { ClaimsContext } from './context'
import { bankHash } from './payout-keys'
import { assessRisks, saveRiskFlags } from './risk'
import { CLAIM_MESSAGES } from './messages'
import { CLAIM_COLUMNS, loadClaim, type StoredClaim } from './record'
import { officeOf, toClaim } from './views'
import { gatherFacts, priorClaimsOf } from './precheck'
import { notifyOwner } from './transitions'
import { payoutDefault } from './payout'

const fingerprintOf = (body: unknown) => createHash('sha256').update(`POST /api/v1/claims\n${JSON.stringify(body)}`).digest('base64url')

export class PrecheckRefused extends ApiError {
  constructor(readonly verdicts: Verdict[]) {
    super(422, 'PRECHECK_FAILED', CLAIM_MESSAGES.precheckFailed)
  }
}

/** POST /claims: same key → the first claim; a failing hard rule → 422 with the verdicts; one transaction. */
export async function submitClaim(
  ctx: ClaimsContext,
  user: AuthUser,
  key: string,
  body: { kind: ClaimKind; certificateId?: string; enrollmentId?: string }
): Promise<{ status: number; claim: SubsidyClaim }> {
  await requireConsent(ctx.db, user.id)
  const fingerprint = fingerprintOf(body)
  const existing = await ctx.db.query<StoredClaim>(`SELECT ${CLAIM_COLUMNS} FROM claims WHERE user_id = $1 AND idempotency_key = $2`, [user.id, key])
  if (existing[0]) {
    if (existing[0].request_fingerprint !== fingerprint) throw new ApiError(422, 'IDEMPOTENCY_KEY_REUSED', CLAIM_MESSAGES.keyReused)
    return { status: 201, claim: await toClaim(ctx, ctx.db, existing[0]) }
  }
  const facts = await gatherFacts(ctx, user, body)
  const id = await ctx.db.transaction(async (tx) => {
    // one submission per worker at a time: the annual cap and no-repeat rules see every earlier claim
    await lockUser(tx, user.id)
    const again = await tx.query<{ id: string; request_fingerprint: string }>('SELECT id, request_fingerprint FROM claims WHERE user_id = $1 AND idempotency_key = $2', [user.id, key])
    if (again[0]) {
      if (again[0].request_fingerprint !== fingerprint) throw new ApiError(422, 'IDEMPOTENCY_KEY_REUSED', CLAIM_MESSAGES.keyReused)
      return again[0].id
    }
    const result = precheckClaim({ ...facts.input, priorClaims: await priorClaimsOf(tx, user.id) })
    if (!result.ok || !result.officeRegion) throw new PrecheckRefused(result.verdicts)
    const payout = await payoutDefault(tx, user.id)
    const now = ctx.now()
    const claimId = newId('clm')
    const payoutHash = payout.account_enc ? bankHash(ctx.crypto, ctx.crypto.decrypt(payout.account_enc)) : null
    await tx.query(
      `INSERT INTO claims (id, user_id, kind, state, certificate_id, enrollment_id, occupation_code, occupation_name, level, amount_yuan, office_region,
         verdicts, insurance_label, payout_type, payout_bank, payout_account_enc, payout_last4, idempotency_key, request_fingerprint, submitted_on, created_at, updated_at, acted_by,
         payout_account_hash, contact_hashes, institution_id)
       VALUES ($1, $2, $3, 'submitted', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $20, $21, $22, $23, $24)`,
      [
        claimId,
        user.id,
        body.kind,
        body.certificateId ?? null,
        body.enrollmentId ?? null,
        facts.occupationCode,
        facts.occupationName,
        facts.level,
        result.amountYuan,
        result.officeRegion,
        JSON.stringify(result.verdicts),
        facts.insuranceLabel,
        payout.type,
        payout.bank_name,
        payout.account_enc,
        payout.account_last4,
        key,
        fingerprint,
        ctx.today(),
        now.toISOString(),
        user.actedBy?.userId ?? null,
        payoutHash,
        await phoneHashesOf(ctx.crypto, tx, user.id),
        facts.institutionId
      ]
    )
    const office = officeOf(ctx, result.officeRegion).name
    await tx.query(
      `INSERT INTO claim_events (claim_id, from_state, to_state, actor_id, actor_role, office, reason, items, deadline, at) VALUES ($1, NULL, 'submitted', $2, 'worker', $3, NULL, '{}', NULL, $4)`,
      [claimId, user.id, office, now.toISOString()]
    )
    if (body.certificateId) await markCertificateUsed(tx, body.certificateId, now)
    await audit(tx, {
      actor: user.actedBy?.userId ?? user.id,
      action: 'claim.submit',
      objectType: 'claim',
      objectId: claimId,
      reason: `${body.kind} → ${result.officeRegion}${user.actedBy ? ` for ${user.id} by proxy ${user.actedBy.proxyId}` : ''}`
    })
    const row = (await loadClaim(tx, claimId))!
    // 风险隐患清单: the risk rules run on the stored claim, flags saved with it
    await saveRiskFlags(tx, claimId, await assessRisks(ctx, tx, row), 'submission', now)
    await notifyOwner(tx, row, 'submitted', { reason: null, items: [], deadline: null }, now)
    return claimId
  })
  const row = (await loadClaim(ctx.db, id))!
  return { status: 201, claim: await toClaim(ctx, ctx.db, row, facts.realName) }
}
