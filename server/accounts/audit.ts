/** Audit trail: who did what to which object, and why (never personal numbers). */
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
  | 'staff.consent.reuse'
  | 'staff.signup'
  | 'staff.export'

export async function audit(
  db: Queryable,
  entry: { actor: string; action: AuditAction; objectType: string; objectId: string; reason?: string | null }
): Promise<void> {
  await db.query('INSERT INTO audit_log (actor, action, object_type, object_id, reason) VALUES ($1, $2, $3, $4, $5)', [
    entry.actor,
    entry.action,
    entry.objectType,
    entry.objectId,
    entry.reason ?? null
  ])
}
