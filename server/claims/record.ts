/** The stored claim and its timeline rows, as read from the database. */
import type { Verdict } from '../../src/contract'
import type { ClaimActorRole, ClaimKind, ClaimState } from '../../src/domain/claim-state'
import { prepared, type Queryable } from '../db'

export interface StoredClaim {
  id: string
  user_id: string
  kind: ClaimKind
  state: ClaimState
  certificate_id: string | null
  enrollment_id: string | null
  occupation_code: string | null
  occupation_name: string
  level: string | null
  amount_yuan: number | null
  office_region: string
  verdicts: Verdict[] | string
  insurance_label: string
  payout_type: 'social_security_card' | 'bank_card'
  payout_bank: string | null
  payout_account_enc: string | null
  payout_last4: string | null
  deadline: string | null
  supplement_items: string[]
  appeals_used: number
  announcement_id: string | null
  idempotency_key: string
  request_fingerprint: string
  submitted_on: string
  created_at: Date | string
  /** the relative who submitted it for the worker (亲情代办), else null */
  acted_by: string | null
  payout_account_hash: string | null
  contact_hashes: string[]
  institution_id: string | null
}

export const CLAIM_COLUMNS = `id, user_id, kind, state, certificate_id, enrollment_id, occupation_code, occupation_name, level, amount_yuan,
  office_region, verdicts, insurance_label, payout_type, payout_bank, payout_account_enc, payout_last4, deadline::text AS deadline,
  supplement_items, appeals_used, announcement_id, idempotency_key, request_fingerprint, submitted_on::text AS submitted_on, created_at, acted_by,
  payout_account_hash, contact_hashes, institution_id`

export async function loadClaim(db: Queryable, id: string, lock = false): Promise<StoredClaim | null> {
  const rows = await db.query<StoredClaim>(`SELECT ${CLAIM_COLUMNS} FROM claims WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id])
  return rows[0] ?? null
}

export interface EventRow {
  from_state: ClaimState | null
  to_state: ClaimState
  actor_id: string
  actor_role: ClaimActorRole
  office: string
  reason: string | null
  items: string[]
  deadline: string | null
  at: Date | string
}

/**
 * A claim's timeline. claim_events is partitioned by month of `at`; naming the claim's creation as the lower
 * bound (no event is older than its claim) lets PostgreSQL skip every month before it.
 */
export async function claimEvents(db: Queryable, claim: { id: string; created_at: Date | string }): Promise<EventRow[]> {
  return db.query<EventRow>(
    prepared(
      `SELECT from_state, to_state, actor_id, actor_role, office, reason, items, deadline::text AS deadline, at FROM claim_events
       WHERE claim_id = $1 AND at >= $2::timestamptz ORDER BY id`
    ),
    [claim.id, new Date(claim.created_at).toISOString()]
  )
}

/** YYYY-MM-DD in China of a timestamp. */
export const chinaDate = (at: Date | string) => new Date(new Date(at).getTime() + 8 * 3_600_000).toISOString().slice(0, 10)
