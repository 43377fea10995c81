/** The payout account: the worker's default and the one on a claim after 拨付失败. */
import type { PayoutAccount, PayoutAccountBody, SubsidyClaim } from '../../src/contract'
import { checkBankCard, maskAccountNumber } from '../../src/domain/payout'
import { maskHolderName } from '../../src/domain/certificate'
import { audit } from '../platform'
import { getProfileRow, requireConsent, type AuthUser } from '../accounts'
import { ApiError, badRequest } from '../errors'
import type { Queryable } from '../db'
import type { ClaimsContext } from './context'
import { bankHash } from './payout-keys'
import { CLAIM_MESSAGES } from './messages'
import { workerStep } from './worker-steps'

const SSC_LABEL = '社会保障卡'

export async function payoutDefault(db: Queryable, userId: string) {
  const rows = await db.query<{ type: 'social_security_card' | 'bank_card'; bank_name: string | null; account_enc: string | null; account_last4: string | null }>(
    'SELECT type, bank_name, account_enc, account_last4 FROM payout_accounts WHERE user_id = $1',
    [userId]
  )
  return rows[0] ?? { type: 'social_security_card' as const, bank_name: null, account_enc: null, account_last4: null }
}

interface CheckedPayout {
  type: 'social_security_card' | 'bank_card'
  bankName: string | null
  accountEnc: string | null
  accountHash: string | null
  last4: string | null
  masked: string | null
}

async function checkPayout(ctx: ClaimsContext, user: AuthUser, body: PayoutAccountBody): Promise<{ checked: CheckedPayout; holder: string }> {
  await requireConsent(ctx.db, user.id)
  const profile = await getProfileRow(ctx, ctx.db, user)
  // the account holder is the worker's verified real name: a card in anyone else's name cannot be entered
  if (!profile?.real_name || !profile.id_number_enc) throw new ApiError(409, 'PROFILE_INCOMPLETE', CLAIM_MESSAGES.realNameNeeded)
  if (body.type === 'social_security_card') {
    if (body.accountNumber) throw badRequest(CLAIM_MESSAGES.socialSecurityOnly, 'accountNumber')
    return { checked: { type: 'social_security_card', bankName: null, accountEnc: null, accountHash: null, last4: null, masked: null }, holder: profile.real_name }
  }
  const card = checkBankCard(body.accountNumber, body.bankName)
  if (!card.ok) throw badRequest(card.message, card.field)
  return {
    checked: { type: 'bank_card', bankName: card.bankName, accountEnc: ctx.crypto.encrypt(card.digits), accountHash: bankHash(ctx.crypto, card.digits), last4: card.digits.slice(-4), masked: maskAccountNumber(card.digits) },
    holder: profile.real_name
  }
}

function payoutView(c: CheckedPayout, holder: string): PayoutAccount {
  return { type: c.type, bankName: c.type === 'bank_card' ? c.bankName : null, accountMasked: c.masked, holderMasked: maskHolderName(holder) }
}

async function saveDefaultPayout(ctx: ClaimsContext, tx: Queryable, userId: string, c: CheckedPayout): Promise<void> {
  await tx.query(
    `INSERT INTO payout_accounts (user_id, type, bank_name, account_enc, account_last4, updated_at, account_hash) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (user_id) DO UPDATE SET type = EXCLUDED.type, bank_name = EXCLUDED.bank_name, account_enc = EXCLUDED.account_enc,
       account_last4 = EXCLUDED.account_last4, updated_at = EXCLUDED.updated_at, account_hash = EXCLUDED.account_hash`,
    [userId, c.type, c.bankName, c.accountEnc, c.last4, ctx.now().toISOString(), c.accountHash]
  )
  await audit(tx, { actor: userId, action: 'payout_account.update', objectType: 'user', objectId: userId, reason: c.type })
}

export async function getPayoutAccount(ctx: ClaimsContext, user: AuthUser): Promise<PayoutAccount> {
  const p = await payoutDefault(ctx.db, user.id)
  const holder = (await getProfileRow(ctx, ctx.db, user))?.real_name ?? null
  return {
    type: p.type,
    bankName: p.type === 'bank_card' ? p.bank_name : null,
    accountMasked: p.account_enc ? maskAccountNumber(ctx.crypto.decrypt(p.account_enc)) : null,
    holderMasked: holder ? maskHolderName(holder) : null
  }
}

export async function putPayoutAccount(ctx: ClaimsContext, user: AuthUser, body: PayoutAccountBody): Promise<PayoutAccount> {
  const { checked, holder } = await checkPayout(ctx, user, body)
  await ctx.db.transaction((tx) => saveDefaultPayout(ctx, tx, user.id, checked))
  return payoutView(checked, holder)
}

/** After 拨付失败: the new account goes on the claim (and becomes the default); the claim returns to 待拨付. */
export async function updateClaimPayoutAccount(ctx: ClaimsContext, user: AuthUser, id: string, body: PayoutAccountBody): Promise<SubsidyClaim> {
  const { checked } = await checkPayout(ctx, user, body)
  return workerStep(ctx, user, id, 'awaiting_payment', { reason: `已更新收款账户（${checked.type === 'bank_card' ? `${checked.bankName} ${checked.masked}` : SSC_LABEL}）` }, async (tx, row) => {
    if (row.state !== 'payment_failed') return
    await tx.query('UPDATE claims SET payout_type = $2, payout_bank = $3, payout_account_enc = $4, payout_last4 = $5, payout_account_hash = $6 WHERE id = $1', [
      row.id,
      checked.type,
      checked.bankName,
      checked.accountEnc,
      checked.last4,
      checked.accountHash
    ])
    await saveDefaultPayout(ctx, tx, user.id, checked)
  })
}
