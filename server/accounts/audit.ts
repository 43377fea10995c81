/**
 * Audit trail: who did what to which object, and why (never personal numbers). A hash chain
 * (migration 011): each row stores the previous row's hash and its own, computed by the database in the
 * same statement that appends it, with the one chain-head row locked FOR UPDATE until the caller's
 * transaction ends — appends are serialised, so the chain cannot fork. Verified by server/integrity/audit-chain.ts.
 */
import type { Queryable } from '../db'

export type AuditAction =
  | 'user.create'
  | 'user.delete'
  | 'user.erase'
  | 'user.export'
  | 'session.logout'
  | 'consent.give'
  | 'consent.withdraw'
  | 'profile.update'
  | 'profile.reveal_id'
  | 'enrollment.create'
  | 'enrollment.cancel'
  | 'role.grant'
  | 'role.revoke'
  | 'claim.submit'
  | 'claim.transition'
  | 'claim.announce'
  | 'claim.objection'
  | 'payout_account.update'
  | 'dev.clock'
  | 'certificate.import'
  | 'certificate.create'
  | 'certificate.review'
  | 'certificate.delete'
  | 'notice.create'
  | 'notice.update'
  | 'notice.withdraw'
  | 'subscription.create'
  | 'subscription.delete'
  | 'staff.consent'
  | 'staff.signup'
  | 'staff.export'
  | 'claim.objection_resolve'
  | 'claim.risk_flag'
  | 'integrity.conflict_refused'

export async function audit(
  db: Queryable,
  entry: { actor: string; action: AuditAction; objectType: string; objectId: string; reason?: string | null }
): Promise<void> {
  await db.query(APPEND_SQL, [entry.actor, entry.action, entry.objectType, entry.objectId, entry.reason ?? null])
}

/** The canonical text a row's hash covers (the verifier selects the same expression). */
export const AUDIT_CANONICAL_SQL = `json_build_array(id, actor, action, object_type, object_id, reason, extract(epoch FROM at))::text`

// The head row is locked before the id is drawn (nextval is evaluated per row of `head`): ids then follow
// the chain's order, which the verifier walks. Drawing the id first let a later id link before an earlier one.
const APPEND_SQL = `WITH head AS MATERIALIZED (SELECT last_hash FROM audit_chain_head WHERE id = 1 FOR UPDATE),
  next AS MATERIALIZED (SELECT nextval(pg_get_serial_sequence('audit_log', 'id')) AS id, now() AS at, coalesce(head.last_hash, '') AS prev FROM head),
  hashed AS (
    SELECT next.id, next.at, next.prev,
      encode(sha256(convert_to(next.prev || E'\\n' || json_build_array(next.id, $1::text, $2::text, $3::text, $4::text, $5::text, extract(epoch FROM next.at))::text, 'UTF8')), 'hex') AS hash
    FROM next),
  ins AS (
    INSERT INTO audit_log (id, actor, action, object_type, object_id, reason, at, prev_hash, hash)
    SELECT id, $1, $2, $3, $4, $5, at, prev, hash FROM hashed RETURNING id, hash)
UPDATE audit_chain_head SET last_id = ins.id, last_hash = ins.hash FROM ins WHERE audit_chain_head.id = 1`
