/**
 * Audit trail: who did what to which object, and why (never personal numbers). Hash chains (migration 011):
 * each row stores the previous row's hash (of its chain) and its own, computed by the database in the same
 * statement that appends it, with its chain's head row locked FOR UPDATE until the caller's transaction
 * ends — appends to a chain are serialised, so a chain cannot fork. A transaction always appends to the
 * same one of AUDIT_CHAINS chains (by transaction id), so concurrent transactions rarely wait on each other
 * and never deadlock. Verified by server/integrity/audit-chain.ts.
 */
import type { Queryable } from '../db'
import type { SqlParams, StatementPart } from '../db'

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

/** A row's hash: sha256 of the previous row's hash, a newline and the row's canonical text (AUDIT_CANONICAL_SQL). */
const chainHash = (prev: string, id: string, chain: string, at: string, actor: string, action: string, objectType: string, objectId: string, reason: string) =>
  `encode(sha256(convert_to(${prev} || E'\\n' || json_build_array(${id}, ${chain}, ${actor}::text, ${action}::text, ${objectType}::text, ${objectId}::text, ${reason}::text, extract(epoch FROM ${at}))::text, 'UTF8')), 'hex')`

/** The chain a transaction appends to. */
const CHAIN_OF_TRANSACTION = `abs(hashtext(pg_current_xact_id()::text)) % ${AUDIT_CHAINS}`

// The head row is locked before the id is drawn (nextval is evaluated per row of `head`): ids then follow
// each chain's order, which the verifier walks. Drawing the id first let a later id link before an earlier one.
const APPEND_SQL = `WITH head AS MATERIALIZED (
    SELECT id AS chain, last_hash FROM audit_chain_head WHERE id = ${CHAIN_OF_TRANSACTION} FOR UPDATE),
  next AS MATERIALIZED (SELECT nextval(pg_get_serial_sequence('audit_log', 'id')) AS id, now() AS at, head.chain, coalesce(head.last_hash, '') AS prev FROM head),
  hashed AS (
    SELECT next.id, next.at, next.chain, next.prev,
      ${chainHash('next.prev', 'next.id', 'next.chain', 'next.at', '$1', '$2', '$3', '$4', '$5')} AS hash
    FROM next),
  ins AS (
    INSERT INTO audit_log (id, actor, action, object_type, object_id, reason, at, chain, prev_hash, hash)
    SELECT id, $1, $2, $3, $4, $5, at, chain, prev, hash FROM hashed RETURNING id, chain, hash)
UPDATE audit_chain_head SET last_id = ins.id, last_hash = ins.hash FROM ins WHERE audit_chain_head.id = ins.chain`

export interface AuditEntry {
  actor: string
  action: AuditAction
  objectType: string
  objectId: string
  reason?: string | null
}

/**
 * The same appends as `audit`, as parts of a composed statement (server/db/compose.ts): the entries go to one
 * chain in order, each linked to the one before, and only when `when` (an SQL condition over the other parts,
 * e.g. `EXISTS (SELECT 1 FROM claim)`) holds — otherwise no head is locked and nothing is written.
 */
export function auditParts(p: SqlParams, entries: AuditEntry[], when: string, prefix = 'audit'): StatementPart[] {
  if (entries.length === 0) return []
  const parts: StatementPart[] = [
    {
      name: `${prefix}_head`,
      materialized: true,
      sql: `SELECT id AS chain, coalesce(last_hash, '') AS hash FROM audit_chain_head WHERE id = ${CHAIN_OF_TRANSACTION} AND ${when} FOR UPDATE`
    }
  ]
  const rows: string[] = []
  entries.forEach((e, i) => {
    const before = i === 0 ? `${prefix}_head` : `${prefix}_${i - 1}`
    const v = { actor: p.add(e.actor), action: p.add(e.action), objectType: p.add(e.objectType), objectId: p.add(e.objectId), reason: p.add(e.reason ?? null) }
    // ids drawn one entry after the other (each part reads the one before), so they follow the chain's order
    parts.push({
      name: `${prefix}_${i}n`,
      materialized: true,
      sql: `SELECT nextval(pg_get_serial_sequence('audit_log', 'id')) AS id, now() AS at, b.chain, b.hash AS prev FROM ${before} b`
    })
    parts.push({
      name: `${prefix}_${i}`,
      materialized: true,
      sql: `SELECT n.id, n.at, n.chain, n.prev, ${chainHash('n.prev', 'n.id', 'n.chain', 'n.at', v.actor, v.action, v.objectType, v.objectId, v.reason)} AS hash FROM ${prefix}_${i}n n`
    })
    rows.push(`SELECT id, ${v.actor}::text, ${v.action}::text, ${v.objectType}::text, ${v.objectId}::text, ${v.reason}::text, at, chain, prev, hash FROM ${prefix}_${i}`)
  })
  const last = `${prefix}_${entries.length - 1}`
  parts.push({
    name: `${prefix}_ins`,
    sql: `INSERT INTO audit_log (id, actor, action, object_type, object_id, reason, at, chain, prev_hash, hash)\n    ${rows.join('\n    UNION ALL ')}`
  })
  parts.push({ name: `${prefix}_head_moved`, sql: `UPDATE audit_chain_head SET last_id = l.id, last_hash = l.hash FROM ${last} l WHERE audit_chain_head.id = l.chain` })
  return parts
}
