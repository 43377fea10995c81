/** The policy documents the rules cite. One place, so every decision names the same source. */
import type { PolicySource } from '../contract'

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
