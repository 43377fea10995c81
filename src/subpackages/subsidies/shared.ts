/** Shared by the subsidy pages: the claim rows, payout-account checks. */
import type { PayoutAccountBody, SubsidyClaim } from '../../contract'
import { checkBankCard } from '../../domain/payout'
import type { ClaimRow, ClaimDetail } from '../../components/claims-ui'

export function toRow(c: SubsidyClaim): ClaimRow {
  return {
    id: c.id,
    state: c.state,
    stateLabel: c.stateLabel,
    kindLabel: c.kindLabel,
    subject: c.title,
    amountYuan: c.amountYuan,
    nextStep: c.nextStep,
    deadline: c.deadline,
    office: c.office.name,
    actedBy: c.actedBy?.text ?? null
  }
}

export function toDetail(c: SubsidyClaim): ClaimDetail {
  const a = c.payoutAccount
  const payout = a.type === 'social_security_card' ? '社会保障卡' : [a.bankName, a.accountMasked].filter(Boolean).join(' ')
  return {
    ...toRow(c),
    office: c.office.name,
    payoutMasked: payout || null,
    requestedItems: c.supplementItems,
    timeline: c.timeline.map((t) => ({ ...t, label: t.stateLabel }))
  }
}

/** Bank card number as typed → digits only. */
export const cardDigits = (v: string) => v.replace(/\D/g, '').slice(0, 19)

/** Instant check of the card number alone (the bank name is checked on submit): the domain's rules, as the server. */
export function bankCardProblem(digits: string): string | null {
  const c = checkBankCard(digits, undefined)
  return c.ok || c.field === 'bankName' ? null : c.message
}

/** The payout account to send, or the message to show. */
export function payoutBody(type: 'social_security_card' | 'bank_card', accountNumber: string, bankName: string): { body: PayoutAccountBody } | { problem: string } {
  if (type === 'social_security_card') return { body: { type } }
  const c = checkBankCard(accountNumber, bankName)
  return c.ok ? { body: { type, bankName: c.bankName, accountNumber: c.digits } } : { problem: c.message }
}
