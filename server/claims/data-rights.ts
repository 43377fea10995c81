/** 下载我的数据 and erasure for claims (called from server/accounts/data-rights.ts). */
import type { PayoutAccount, SubsidyClaim } from '../../src/contract'
import type { ClaimState } from '../../src/domain/claim-state'
import { maskAccountNumber } from '../../src/domain/payout'
import { maskHolderName } from '../../src/domain/certificate'
import { audit } from '../platform'
import { getProfileRow, type AuthUser } from '../accounts'
import type { Queryable } from '../db'
import type { ClaimsContext } from './context'
import { CLAIM_COLUMNS, type StoredClaim } from './record'
import { officeOf, toClaim } from './views'

/** 下载我的数据: the worker's claims with timelines, and the default payout account (masked). */
export async function exportClaimsOf(ctx: ClaimsContext, tx: Queryable, user: AuthUser): Promise<{ claims: SubsidyClaim[]; payoutAccount: PayoutAccount | null }> {
  const rows = await tx.query<StoredClaim>(`SELECT ${CLAIM_COLUMNS} FROM claims WHERE user_id = $1 ORDER BY created_at DESC, id`, [user.id])
  const holder = (await getProfileRow(ctx, tx, user))?.real_name ?? null
  const claims: SubsidyClaim[] = []
  for (const r of rows) claims.push(await toClaim(ctx, tx, r, holder))
  const [p] = await tx.query<{ type: 'social_security_card' | 'bank_card'; bank_name: string | null; account_enc: string | null }>(
    'SELECT type, bank_name, account_enc FROM payout_accounts WHERE user_id = $1',
    [user.id]
  )
  const payoutAccount: PayoutAccount | null = p
    ? {
        type: p.type,
        bankName: p.type === 'bank_card' ? p.bank_name : null,
        accountMasked: p.account_enc ? maskAccountNumber(ctx.crypto.decrypt(p.account_enc)) : null,
        holderMasked: holder ? maskHolderName(holder) : null
      }
    : null
  return { claims, payoutAccount }
}

/** States a claim can still move on from through review; erasure closes these (review needs the person's data). */
const ERASE_CLOSES: readonly ClaimState[] = ['submitted', 'accepted', 'first_review', 'second_review', 'announced', 'objection_review', 'awaiting_payment', 'needs_supplement', 'payment_failed']

/**
 * Erasure (撤回同意 / 注销): the payout account goes (and every account number copied onto claims); claims
 * still under way are closed as 已撤回 with a system event saying why; 补正 notes and photo references go.
 * The claim rows and their timelines stay, without name, ID or account (资金审计, 55号 第十三条).
 */
export async function eraseClaimsDataOf(ctx: ClaimsContext, tx: Queryable, userId: string, reason: 'withdraw' | 'delete'): Promise<string> {
  const payout = await tx.query('DELETE FROM payout_accounts WHERE user_id = $1 RETURNING user_id', [userId])
  await tx.query('UPDATE claims SET payout_bank = NULL, payout_account_enc = NULL, payout_last4 = NULL, payout_account_hash = NULL WHERE user_id = $1', [userId])
  const open = await tx.query<StoredClaim>(`SELECT ${CLAIM_COLUMNS} FROM claims WHERE user_id = $1 AND state = ANY($2::text[]) ORDER BY id FOR UPDATE`, [userId, ERASE_CLOSES])
  const now = ctx.now().toISOString()
  const why = reason === 'withdraw' ? '申请人撤回了个人信息使用同意，申请自动撤回' : '申请人注销了账号，申请自动撤回'
  for (const row of open) {
    await tx.query(`UPDATE claims SET state = 'withdrawn', deadline = NULL, updated_at = $2 WHERE id = $1`, [row.id, now])
    await tx.query(
      `INSERT INTO claim_events (claim_id, from_state, to_state, actor_id, actor_role, office, reason, items, deadline, at)
       VALUES ($1, $2, 'withdrawn', 'system', 'system', $3, $4, '{}', NULL, $5)`,
      [row.id, row.state, officeOf(ctx, row.office_region).name, why, now]
    )
    await audit(tx, { actor: 'system', action: 'claim.transition', objectType: 'claim', objectId: row.id, reason: `${row.state} → withdrawn: ${reason}` })
  }
  const supplements = await tx.query(
    `UPDATE claim_supplements SET note = NULL, photo_ids = '{}' WHERE claim_id IN (SELECT id FROM claims WHERE user_id = $1) AND (note IS NOT NULL OR cardinality(photo_ids) > 0) RETURNING id`,
    [userId]
  )
  const outbox = reason === 'delete' ? await tx.query('DELETE FROM notifier_outbox WHERE user_id = $1 RETURNING id', [userId]) : []
  return `${payout.length} payout account, ${open.length} open claims withdrawn, ${supplements.length} supplements cleared, ${outbox.length} queued messages deleted`
}
