/** The risk rules of the 风险隐患清单 as a table: each fires on its case, none on a clean claim, every flag cites its source. */
import { RISK_RULES, evaluateRisks, institutionBurst, type RiskFacts } from '../../src/domain/risk-rules'

const clean: RiskFacts = { samePayoutAccountWorkers: 0, samePhoneWorkers: 0, daysSinceIdChange: null, institution: { recent: 2, usualPerWindow: 1.5 }, relatedReviewer: null }

describe('risk rules', () => {
  test('a clean claim raises nothing', () => {
    expect(evaluateRisks(clean)).toEqual([])
  })

  test.each<[string, Partial<RiskFacts>]>([
    ['shared_payout_account', { samePayoutAccountWorkers: 1 }],
    ['shared_phone', { samePhoneWorkers: 2 }],
    ['identity_changed_recently', { daysSinceIdChange: 30 }],
    ['institution_burst', { institution: { recent: 9, usualPerWindow: 2 } }],
    ['related_to_reviewer', { relatedReviewer: 'payout_account' }]
  ])('%s fires on its case alone, with a Chinese message and its source', (code, patch) => {
    const flags = evaluateRisks({ ...clean, ...patch })
    expect(flags.map((f) => f.code)).toEqual([code])
    expect(flags[0].message).toMatch(/[\u4e00-\u9fff]/)
    expect(flags[0].source.document).toMatch(/人社厅发〔2023〕55号|沪人社职〔2024〕70号/)
  })

  test('edges: an ID change 31 days before does not fire; a small institution’s first claims are no burst', () => {
    expect(evaluateRisks({ ...clean, daysSinceIdChange: 31 })).toEqual([])
    expect(institutionBurst(4, 0)).toBe(false)
    expect(institutionBurst(5, 0)).toBe(true)
    expect(institutionBurst(12, 5)).toBe(false)
    expect(institutionBurst(15, 5)).toBe(true)
  })

  test('every rule is data with a label and a source', () => {
    for (const r of RISK_RULES) expect(r.label && r.source.document).toBeTruthy()
  })
})
