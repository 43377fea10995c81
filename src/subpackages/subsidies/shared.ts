/** Shared by the subsidy pages: login gate, the claim rows, payout-account checks. */
import { useRef } from 'react'
import type { SubsidyClaim } from '../../contract'
import type { ClaimRow, ClaimDetail } from '../../components/claims-ui'
import { go } from '../../services/platform'

/** Sends the user to the login page once per screen; on return the screen shows a button instead of looping. */
export function useLoginOnce() {
  const sent = useRef(false)
  return () => {
    if (sent.current) return
    sent.current = true
    go('login')
  }
}

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
    office: c.office.name
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

/** Instant check of a bank card number (the server checks again): length, then the Luhn check digit. */
export function bankCardProblem(digits: string): string | null {
  if (digits.length === 0) return '请填写银行卡号'
  if (digits.length < 16) return `银行卡号一般是16到19位，现在是${digits.length}位`
  let sum = 0
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i])
    if (i % 2 === 1) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
  }
  return sum % 10 === 0 ? null : '银行卡号好像有一位不对，请对照卡片再核对一遍'
}
