/**
 * 风险隐患清单: the risk rules a claim is checked against at submission and again at 初审, as data — each
 * with its wording and the clause that asks for it. A flag does not refuse a claim; it makes the reviewer
 * write down why they pass it (初审 / 复核), and lists the claim in the region's 风险隐患清单.
 * Pure: the server gathers the facts (RiskFacts), this module decides which rules fire.
 */
import type { PolicySource } from './policy'
import { DOC, cite } from './policy'

const FUND_SAFETY = cite(DOC.national, '第十三条 加强资金监管，严厉打击套取骗取、虚报冒领')
const RISK_LIST = cite(DOC.shanghai, '（十二）建立补贴经办流程风险防控和排查机制，梳理风险隐患清单')

export const RISK_RULES = [
  { code: 'shared_payout_account', label: '收款账户与他人相同', source: FUND_SAFETY },
  { code: 'shared_phone', label: '手机号与他人相同', source: FUND_SAFETY },
  { code: 'identity_changed_recently', label: '申请前30天内改过身份证号', source: RISK_LIST },
  { code: 'institution_burst', label: '同一培训机构学员申请突增', source: RISK_LIST },
  { code: 'related_to_reviewer', label: '申请人与本地区审核员有关联', source: cite(DOC.shanghai, '（十二）规范职权行为，防范利益冲突') }
] as const satisfies readonly { code: string; label: string; source: PolicySource }[]
export type RiskCode = (typeof RISK_RULES)[number]['code']

/** Thresholds of the rules (data, one place). */
export const RISK_THRESHOLDS = {
  /** identity_changed_recently: ID number changed within this many days before the claim */
  identityChangedDays: 30,
  /** institution_burst: claims of one institution's trainees in the last N days … */
  burstWindowDays: 7,
  /** … compared with the average of the same window over the previous weeks */
  burstBaselineWeeks: 8,
  /** fires at this multiple of the usual rate … */
  burstFactor: 3,
  /** … and never below this many claims in the window (a small institution's first week is not a burst) */
  burstMinimum: 5
} as const

export interface RiskFacts {
  /** other workers whose claims or default account use the same bank card */
  samePayoutAccountWorkers: number
  /** other workers whose login or contact phone is one of the claimant's */
  samePhoneWorkers: number
  /** days between the last change of the ID number and the claim (null: never changed) */
  daysSinceIdChange: number | null
  /** claims of trainees of the claim's institution in the window, and the usual number per window */
  institution: { recent: number; usualPerWindow: number } | null
  /** a reviewer of the claim's region shares a phone or payout account with the claimant */
  relatedReviewer: 'self' | 'phone' | 'payout_account' | null
}

export interface RiskFlag {
  code: RiskCode
  /** one plain sentence for the reviewer */
  message: string
  source: PolicySource
}

const RULE = new Map<string, (typeof RISK_RULES)[number]>(RISK_RULES.map((r) => [r.code, r]))
export const riskLabel = (code: RiskCode | string): string => RULE.get(code)?.label ?? code
const flag = (code: RiskCode, message: string): RiskFlag => ({ code, message, source: RULE.get(code)!.source })

export function institutionBurst(recent: number, usualPerWindow: number): boolean {
  return recent >= RISK_THRESHOLDS.burstMinimum && recent >= RISK_THRESHOLDS.burstFactor * Math.max(usualPerWindow, 1)
}

/** The rules that fire on these facts, in RISK_RULES order. */
export function evaluateRisks(f: RiskFacts): RiskFlag[] {
  const out: RiskFlag[] = []
  if (f.samePayoutAccountWorkers > 0) out.push(flag('shared_payout_account', `收款银行卡与另外 ${f.samePayoutAccountWorkers} 位申请人相同，请核实是否本人账户`))
  if (f.samePhoneWorkers > 0) out.push(flag('shared_phone', `手机号与另外 ${f.samePhoneWorkers} 位申请人相同，请核实是否代办或冒领`))
  if (f.daysSinceIdChange !== null && f.daysSinceIdChange <= RISK_THRESHOLDS.identityChangedDays) {
    out.push(flag('identity_changed_recently', `申请人 ${f.daysSinceIdChange} 天前改过身份证号（${RISK_THRESHOLDS.identityChangedDays} 天内），请核对身份`))
  }
  if (f.institution && institutionBurst(f.institution.recent, f.institution.usualPerWindow)) {
    out.push(
      flag(
        'institution_burst',
        `该培训机构学员近 ${RISK_THRESHOLDS.burstWindowDays} 天提交了 ${f.institution.recent} 份申请，平时约 ${Math.round(f.institution.usualPerWindow * 10) / 10} 份，请抽查培训真实性`
      )
    )
  }
  if (f.relatedReviewer) {
    const how = f.relatedReviewer === 'self' ? '申请人本人是本地区的审核员' : `申请人与本地区一位审核员${f.relatedReviewer === 'phone' ? '使用同一手机号' : '使用同一收款账户'}`
    out.push(flag('related_to_reviewer', `${how}，该审核员不能办理此申请，请留意由谁经办`))
  }
  return out
}
