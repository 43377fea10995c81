/** The policy documents the rules cite. One place, so every decision names the same source. */

/** Where a rule or a figure comes from. The API contract serves this shape (src/contract PolicySourceSchema). */
export interface PolicySource {
  /** e.g. 人社厅发〔2023〕55号 */
  document: string
  /** e.g. 第九条; empty when the fact comes from an implementation guide */
  clause: string
  /** true when the figure comes from a public implementation guide, not the policy text itself */
  guide: boolean
}

export const DOC = {
  national: '人社厅发〔2023〕55号',
  shanxi: '晋人社办发〔2024〕2号',
  yangquan: '阳人社函〔2024〕22号',
  liaoning: '辽宁省人社厅通知（2024-01-19）',
  shanghai: '沪人社职〔2024〕70号',
  shanxiWorkTraining: '晋人社办函〔2020〕208号',
  guide: '地方实施指南（参考）'
} as const

export const cite = (document: string, clause = '', guide = false): PolicySource => ({ document, clause, guide })
