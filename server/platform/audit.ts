/**
 * Audit trail: who did what to which object, and why (never personal numbers). Hash chains (migration 011):
 * each row stores the previous row's hash (of its chain) and its own, computed by the database in the same
 * statement that appends it, with its chain's head row locked FOR UPDATE until the caller's transaction
 * ends — appends to a chain are serialised, so a chain cannot fork. A transaction always appends to the
 * same one of AUDIT_CHAINS chains (by transaction id), so concurrent transactions rarely wait on each other
 * and never deadlock. Verified by server/integrity/audit-chain.ts.
 */
import type { Queryable } from '../db'

export type AuditAction =
  | 'user.create'
  | 'user.bind_phone'
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
  | 'evaluation.register'
  | 'evaluation.cancel'
  | 'evaluation.result'
  | 'evaluation.certificate'
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
  | 'staff.consent.reuse'
  | 'staff.signup'
  | 'file.safety'
  | 'content.review'
  | 'staff.export'
  | 'proxy.invite'
  | 'proxy.accept'
  | 'proxy.end'
  | 'claim.objection_resolve'
  | 'claim.objection_overdue'
  | 'claim.risk_flag'
  | 'integrity.conflict_refused'
  // training lifecycle (server/training)
  | 'attendance.checkin'
  | 'attendance.manual'
  | 'enrollment.complete'
  | 'study_hours.record'

export async function audit(
  db: Queryable,
  entry: { actor: string; action: AuditAction; objectType: string; objectId: string; reason?: string | null }
): Promise<void> {
  await db.query(APPEND_SQL, [entry.actor, entry.action, entry.objectType, entry.objectId, entry.reason ?? null])
}

/** The canonical text a row's hash covers (the verifier selects the same expression). */
export const AUDIT_CANONICAL_SQL = `json_build_array(id, chain, actor, action, object_type, object_id, reason, extract(epoch FROM at))::text`

/** Number of chains (migration 011 creates their head rows). */
export const AUDIT_CHAINS = 16

// The head row is locked before the id is drawn (nextval is evaluated per row of `head`): ids then follow
// each chain's order, which the verifier walks. Drawing the id first let a later id link before an earlier one.
const APPEND_SQL = `WITH head AS MATERIALIZED (
    SELECT id AS chain, last_hash FROM audit_chain_head WHERE id = abs(hashtext(pg_current_xact_id()::text)) % ${AUDIT_CHAINS} FOR UPDATE),
  next AS MATERIALIZED (SELECT nextval(pg_get_serial_sequence('audit_log', 'id')) AS id, now() AS at, head.chain, coalesce(head.last_hash, '') AS prev FROM head),
  hashed AS (
    SELECT next.id, next.at, next.chain, next.prev,
      encode(sha256(convert_to(next.prev || E'\\n' || json_build_array(next.id, next.chain, $1::text, $2::text, $3::text, $4::text, $5::text, extract(epoch FROM next.at))::text, 'UTF8')), 'hex') AS hash
    FROM next),
  ins AS (
    INSERT INTO audit_log (id, actor, action, object_type, object_id, reason, at, chain, prev_hash, hash)
    SELECT id, $1, $2, $3, $4, $5, at, chain, prev, hash FROM hashed RETURNING id, chain, hash)
UPDATE audit_chain_head SET last_id = ins.id, last_hash = ins.hash FROM ins WHERE audit_chain_head.id = ins.chain`
