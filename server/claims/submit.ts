/**
 * POST /claims: idempotent submission, exactly once, in as few round trips as the rules allow. Reads go out
 * together before anything is written: the claimant's account in one statement (consent, profile, phone
 * hashes, last ID change), their claims-side state in another (earlier claims with their keys, the submission
 * counter, the default payout account and card hashes), then the certificate and insurance facts and the
 * 风险隐患清单 reads. The pre-check is judged on those earlier claims, and everything the
 * submission writes — the claim, its timeline row, its risk flags, the certificate mark, the inbox entry, the
 * queued subscribe message and the audit rows — is one statement (server/db/compose.ts), its own transaction,
 * written only if the worker's submission counter (claim_submitters.seq) is still the one read with the earlier
 * claims. A counter that moved means another submission of the same worker got in between: the submission
 * then takes the worker's counter row as a lock, reads the earlier claims again and writes under it.
 */
import { createHash } from 'node:crypto'
import type { SubsidyClaim, Verdict } from '../../src/contract'
import type { ClaimKind } from '../../src/domain/claim-state'
import { precheckClaim, type PriorClaim } from '../../src/domain/claim-rules'
import type { RiskFlag } from '../../src/domain/risk-rules'
import { auditParts, type AuditEntry } from '../platform'
import { claimantRecord, requireConsented, type AuthUser } from '../accounts'
import { markCertificateUsedPart } from '../certificates'
import { inboxPart } from '../inbox'
import { queueNotificationPart } from '../adapters'
import { ApiError } from '../errors'
import { newId } from '../crypto'
import { prepared, type Queryable } from '../db'
import { SqlParams, withParts, type StatementPart } from '../db'
import type { ClaimsContext } from './context'
import { bankHash } from './payout-keys'
import { assessRisks, idChangeWindowStart } from './risk'
import { CLAIM_MESSAGES } from './messages'
import { CLAIM_COLUMNS, type StoredClaim } from './record'
import { officeOf, toClaim } from './views'
import { gatherFacts } from './precheck'
import { ownerNotice } from './transitions'

const fingerprintOf = (body: unknown) => createHash('sha256').update(`POST /api/v1/claims\n${JSON.stringify(body)}`).digest('base64url')

export class PrecheckRefused extends ApiError {
  constructor(readonly verdicts: Verdict[]) {
    super(422, 'PRECHECK_FAILED', CLAIM_MESSAGES.precheckFailed)
  }
}

type PayoutDefault = { type: 'social_security_card' | 'bank_card'; bank_name: string | null; account_enc: string | null; account_last4: string | null }

/** The worker's claims-side state, read in one statement (one snapshot: the counter agrees with the claims). */
interface SubmitterState {
  seq: number
  claims: StoredClaim[]
  payout: PayoutDefault
  cardHashes: string[]
}

const STATE_SQL = `SELECT coalesce((SELECT seq FROM claim_submitters WHERE user_id = $1), 0) AS seq,
    coalesce((SELECT json_agg(c) FROM (SELECT ${CLAIM_COLUMNS} FROM claims WHERE user_id = $1) c), '[]') AS claims,
    (SELECT row_to_json(p) FROM (SELECT type, bank_name, account_enc, account_last4 FROM payout_accounts WHERE user_id = $1) p) AS payout,
    ARRAY(SELECT account_hash FROM payout_accounts WHERE user_id = $1 AND account_hash IS NOT NULL
          UNION SELECT payout_account_hash FROM claims WHERE user_id = $1 AND payout_account_hash IS NOT NULL) AS card_hashes`

async function submitterState(db: Queryable, userId: string): Promise<SubmitterState> {
  const [r] = await db.query<{ seq: number; claims: StoredClaim[] | string; payout: PayoutDefault | string | null; card_hashes: string[] }>(prepared(STATE_SQL), [userId])
  const json = <T>(v: T | string): T => (typeof v === 'string' ? JSON.parse(v) : v)
  return {
    seq: Number(r.seq),
    claims: json(r.claims),
    payout: (r.payout ? json(r.payout) : null) ?? { type: 'social_security_card', bank_name: null, account_enc: null, account_last4: null },
    cardHashes: r.card_hashes ?? []
  }
}

/** Takes the worker's counter row for the rest of the transaction (creating it at 0); its value. */
const LOCK_SQL = `INSERT INTO claim_submitters (user_id, seq) VALUES ($1, 0) ON CONFLICT (user_id) DO UPDATE SET seq = claim_submitters.seq RETURNING seq`

const priorOf = (claims: StoredClaim[]): PriorClaim[] =>
  claims.map((r) => ({ id: r.id, kind: r.kind, state: r.state, certificateId: r.certificate_id, occupationCode: r.occupation_code, level: r.level, submittedOn: r.submitted_on }))

/**
 * The whole submission as one statement: the counter moves from `expectedSeq` (else nothing is written and no
 * row comes back), then the claim, timeline row, flags, certificate mark, inbox entry, queued message and audit
 * rows, each part gated on the claim having been written.
 */
function writeStatement(
  d: StoredClaim,
  expectedSeq: number,
  office: string,
  flags: RiskFlag[],
  audits: AuditEntry[],
  now: Date
): { sql: string; values: unknown[] } {
  const p = new SqlParams()
  const user = p.add(d.user_id)
  const at = p.add(now.toISOString(), 'timestamptz')
  const written = 'EXISTS (SELECT 1 FROM claim)'
  const notice = ownerNotice(d, 'submitted', { reason: null, items: [], deadline: null }, now)
  const parts: StatementPart[] = [
    {
      name: 'turn',
      sql: `INSERT INTO claim_submitters (user_id, seq) VALUES (${user}, 1)
    ON CONFLICT (user_id) DO UPDATE SET seq = claim_submitters.seq + 1 WHERE claim_submitters.seq = ${p.add(expectedSeq, 'int')} RETURNING user_id`
    },
    {
      name: 'claim',
      sql: `INSERT INTO claims (id, user_id, kind, state, certificate_id, enrollment_id, occupation_code, occupation_name, level, amount_yuan, office_region,
       verdicts, insurance_label, payout_type, payout_bank, payout_account_enc, payout_last4, idempotency_key, request_fingerprint, submitted_on, created_at, updated_at, acted_by,
       payout_account_hash, contact_hashes, institution_id)
    SELECT ${p.add(d.id)}, turn.user_id, ${p.add(d.kind)}, 'submitted', ${p.add(d.certificate_id, 'text')}, ${p.add(d.enrollment_id, 'text')}, ${p.add(d.occupation_code, 'text')},
       ${p.add(d.occupation_name, 'text')}, ${p.add(d.level, 'text')}, ${p.add(d.amount_yuan, 'int')}, ${p.add(d.office_region, 'text')}, ${p.add(JSON.stringify(d.verdicts), 'jsonb')},
       ${p.add(d.insurance_label, 'text')}, ${p.add(d.payout_type, 'text')}, ${p.add(d.payout_bank, 'text')}, ${p.add(d.payout_account_enc, 'text')}, ${p.add(d.payout_last4, 'text')},
       ${p.add(d.idempotency_key, 'text')}, ${p.add(d.request_fingerprint, 'text')}, ${p.add(d.submitted_on, 'date')}, ${at}, ${at}, ${p.add(d.acted_by, 'text')},
       ${p.add(d.payout_account_hash, 'text')}, ${p.add(d.contact_hashes, 'text[]')}, ${p.add(d.institution_id, 'text')}
    FROM turn
    RETURNING ${CLAIM_COLUMNS}`
    },
    {
      name: 'event',
      sql: `INSERT INTO claim_events (claim_id, from_state, to_state, actor_id, actor_role, office, reason, items, deadline, at)
    SELECT id, NULL, 'submitted', ${user}, 'worker', ${p.add(office, 'text')}, NULL, '{}', NULL, ${at} FROM claim`
    }
  ]
  if (flags.length > 0) {
    parts.push({
      name: 'flags',
      sql: `INSERT INTO claim_risk_flags (claim_id, code, message, source, stage, created_at)
    SELECT claim.id, f.code, f.message, f.source::jsonb, 'submission', ${at}
    FROM claim, unnest(${p.add(flags.map((f) => f.code), 'text[]')}, ${p.add(flags.map((f) => f.message), 'text[]')}, ${p.add(flags.map((f) => JSON.stringify(f.source)), 'text[]')}) AS f(code, message, source)`
    })
  }
  if (d.certificate_id) parts.push(markCertificateUsedPart(p, d.certificate_id, now, written))
  parts.push(inboxPart(p, d.user_id, notice.inbox, now, written))
  parts.push(queueNotificationPart(p, d.user_id, notice.message, now, written))
  // last: the audit chain's head is locked from here until the statement's commit
  parts.push(...auditParts(p, audits, written))
  // prepared: its text varies only with the number of flags and whether a certificate is marked
  return { sql: prepared(`${withParts(parts)}\nSELECT * FROM claim`), values: p.values }
}

/** POST /claims: same key → the first claim; a failing hard rule → 422 with the verdicts; written exactly once. */
export async function submitClaim(
  ctx: ClaimsContext,
  user: AuthUser,
  key: string,
  body: { kind: ClaimKind; certificateId?: string; enrollmentId?: string }
): Promise<{ status: number; claim: SubsidyClaim }> {
  const fingerprint = fingerprintOf(body)
  const [claimant, state] = await Promise.all([claimantRecord(ctx, ctx.db, user.id, idChangeWindowStart(ctx.today())), submitterState(ctx.db, user.id)])
  requireConsented(claimant)
  const replay = (claims: StoredClaim[]): StoredClaim | null => {
    const found = claims.find((c) => c.idempotency_key === key)
    if (found && found.request_fingerprint !== fingerprint) throw new ApiError(422, 'IDEMPOTENCY_KEY_REUSED', CLAIM_MESSAGES.keyReused)
    return found ?? null
  }
  const earlier = replay(state.claims)
  if (earlier) return { status: 201, claim: await toClaim(ctx, ctx.db, earlier) }
  const facts = await gatherFacts(ctx, user, body, false, { profile: claimant.profile })
  const phones = claimant.phoneHashes
  const payout = state.payout
  const payoutHash = payout.account_enc ? bankHash(ctx.crypto, ctx.crypto.decrypt(payout.account_enc)) : null
  const claimId = newId('clm')
  const now = ctx.now()
  const judge = (claims: StoredClaim[]) => {
    const result = precheckClaim({ ...facts.input, priorClaims: priorOf(claims) })
    if (!result.ok || !result.officeRegion) throw new PrecheckRefused(result.verdicts)
    return { ...result, officeRegion: result.officeRegion }
  }
  const result = judge(state.claims)
  const d: StoredClaim = {
    id: claimId,
    user_id: user.id,
    kind: body.kind,
    state: 'submitted',
    certificate_id: body.certificateId ?? null,
    enrollment_id: body.enrollmentId ?? null,
    occupation_code: facts.occupationCode,
    occupation_name: facts.occupationName,
    level: facts.level,
    amount_yuan: result.amountYuan,
    office_region: result.officeRegion,
    verdicts: result.verdicts,
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
  }
  // 风险隐患清单: the rules read other workers' data only; run on the claim as it will be stored
  const flags = await assessRisks(ctx, ctx.db, d, true, { payoutHashes: state.cardHashes, lastIdNumberChange: claimant.lastIdNumberChange })
  // the office, the audit rows and the claim as the pre-check judged it (again, under the lock, when it must)
  const written = (checked: ReturnType<typeof judge>, expectedSeq: number) => {
    const office = officeOf(ctx, checked.officeRegion).name
    const audits: AuditEntry[] = [
      {
        actor: user.actedBy?.userId ?? user.id,
        action: 'claim.submit',
        objectType: 'claim',
        objectId: claimId,
        reason: `${body.kind} → ${checked.officeRegion}${user.actedBy ? ` for ${user.id} by proxy ${user.actedBy.proxyId}` : ''}`
      },
      ...flags.map((f): AuditEntry => ({ actor: 'system', action: 'claim.risk_flag', objectType: 'claim', objectId: claimId, reason: `submission: ${f.code}` }))
    ]
    const draft = { ...d, amount_yuan: checked.amountYuan, office_region: checked.officeRegion, verdicts: checked.verdicts }
    return { office, ...writeStatement(draft, expectedSeq, office, flags, audits, now) }
  }
  const fast = written(result, state.seq)
  let office = fast.office
  let [row]: (StoredClaim | undefined)[] = await ctx.db.query<StoredClaim>(fast.sql, fast.values)
  if (!row) {
    // another submission of this worker got in since the read: judge again on the claims as they are, under the lock
    const outcome = await ctx.db.transaction(async (tx) => {
      const [locked] = await tx.query<{ seq: number }>(prepared(LOCK_SQL), [user.id])
      const current = await submitterState(tx, user.id)
      const again = replay(current.claims)
      if (again) return { again }
      const stmt = written(judge(current.claims), Number(locked.seq))
      const [stored] = await tx.query<StoredClaim>(stmt.sql, stmt.values)
      if (!stored) throw new Error('claim submission: the submission counter moved under its lock')
      return { stored, office: stmt.office }
    })
    if (outcome.again) return { status: 201, claim: await toClaim(ctx, ctx.db, outcome.again, facts.realName) }
    row = outcome.stored
    office = outcome.office as string
  }
  // the timeline is the one row just written
  const timeline = [{ from_state: null, to_state: 'submitted' as const, actor_id: user.id, actor_role: 'worker' as const, office, reason: null, items: [], deadline: null, at: now }]
  return { status: 201, claim: await toClaim(ctx, ctx.db, row, facts.realName, timeline) }
}
