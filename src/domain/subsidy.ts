/**
 * Which subsidies a course can bring, per region, with the source of every figure.
 * Amounts from implementation guides are marked `guide: true` and shown as "参考" — never as policy.
 */
import type { CertificateKind, SkillLevel } from './catalog'
import { DOC, cite, type PolicySource } from './policy'

/** One subsidy a course can bring (the API contract serves this shape: src/contract SubsidyOfferSchema). */
export interface SubsidyOffer {
  kind: 'training' | 'living' | 'evaluation'
  name: string
  /** Upper amount in yuan, null where the policy gives no figure ("按当地标准") */
  maxYuan: number | null
  /** Plain sentence: who can get it and when */
  forWhom: string
  source: PolicySource
  /** Where maxYuan is null: why no figure can be shown, in plain words */
  amountNote?: string
}

/** Province-level rule set; regions are keyed by the first two digits of the GB/T 2260 code. */
export interface RegionSubsidyRules {
  provinceCode: string
  provinceName: string
  /** 职业培训补贴 upper figure by level, yuan; missing level = no figure published */
  trainingAmountByLevel: Partial<Record<SkillLevel, number>>
  /** Premium for listed shortage occupations, e.g. 0.3 = +30 % */
  shortagePremium: number
  /** Certificate kinds that count for the training subsidy in this region */
  countedCertificates: readonly CertificateKind[]
  /** Same occupation + level cannot be subsidised twice; 'year' narrows it to the same calendar year */
  repeatScope: 'ever' | 'year'
  /** Months from the certificate's issue date in which a claim can be filed */
  claimWindowMonths: number
  amountSource: ReturnType<typeof cite>
  certificateSource: ReturnType<typeof cite>
}

const NATIONAL_CAPS: Partial<Record<SkillLevel, number>> = { '5': 1000, '4': 1500, '3': 2000 }

export const REGION_RULES: Record<string, RegionSubsidyRules> = {
  '31': {
    provinceCode: '310000',
    provinceName: '上海市',
    trainingAmountByLevel: { '5': 1500, '4': 2000, '3': 2500, '2': 3000, '1': 3500 },
    shortagePremium: 0.3,
    countedCertificates: ['qualification', 'skill_level', 'special_ability'],
    repeatScope: 'ever',
    claimWindowMonths: 12,
    amountSource: cite(DOC.guide, '上海市补贴标准', true),
    certificateSource: cite(DOC.shanghai, '（三）')
  },
  '21': {
    provinceCode: '210000',
    provinceName: '辽宁省',
    trainingAmountByLevel: NATIONAL_CAPS,
    shortagePremium: 0,
    countedCertificates: ['qualification', 'skill_level', 'special_ability', 'training'],
    repeatScope: 'ever',
    claimWindowMonths: 12,
    amountSource: cite(DOC.guide, '全国参考上限', true),
    certificateSource: cite(DOC.liaoning)
  },
  '14': {
    provinceCode: '140000',
    provinceName: '山西省',
    trainingAmountByLevel: NATIONAL_CAPS,
    shortagePremium: 0,
    countedCertificates: ['qualification', 'skill_level', 'special_ability'],
    repeatScope: 'year',
    claimWindowMonths: 12,
    amountSource: cite(DOC.guide, '全国参考上限', true),
    certificateSource: cite(DOC.shanxi)
  }
}

export function rulesForRegion(regionCode: string): RegionSubsidyRules | undefined {
  return REGION_RULES[regionCode.slice(0, 2)]
}

export interface SubsidyCourseFacts {
  regionCode: string
  level: SkillLevel
  certificateKind: CertificateKind
  subsidized: boolean
  shortageOccupation: boolean
}

/** Upper 职业培训补贴 figure in yuan for this course, or null when the region publishes none. */
export function trainingSubsidyMaxYuan(course: SubsidyCourseFacts): number | null {
  if (!course.subsidized) return null
  const rules = rulesForRegion(course.regionCode)
  if (!rules || !rules.countedCertificates.includes(course.certificateKind)) return null
  const base = rules.trainingAmountByLevel[course.level]
  if (base === undefined) return null
  const premium = course.shortageOccupation ? rules.shortagePremium : 0
  return Math.round(base * (1 + premium))
}

/**
 * Why no figure is shown for a subsidy the policy leaves to each place (55号 第九条 / 第十条 set who and
 * when, not how much). We show a figure only with its published source; until a region's standard
 * is in REGION_RULES we say so instead of a vague "按当地标准".
 */
export function noFigureReason(kind: 'living' | 'evaluation', regionCode: string): string {
  const place = rulesForRegion(regionCode)?.provinceName ?? '当地'
  const what = kind === 'living' ? '生活费补贴每天或每月发多少' : '评价补贴按证书等级发多少'
  return `这里不显示金额：${what}由各地定，我们还没有收录${place}公布的标准。请问培训机构或当地人社部门。`
}

const LIVING_GROUPS_TEXT = '脱贫劳动力（含防止返贫监测对象）、就业困难人员、零就业家庭成员、未继续升学的初高中毕业生'

/** Every subsidy this course can lead to, each with who can get it and the cited source. */
export function subsidyOffersFor(course: SubsidyCourseFacts): SubsidyOffer[] {
  if (!course.subsidized) return []
  const rules = rulesForRegion(course.regionCode)
  const offers: SubsidyOffer[] = []
  const trainingMax = trainingSubsidyMaxYuan(course)
  if (rules && rules.countedCertificates.includes(course.certificateKind)) {
    const premiumNote = course.shortageOccupation && rules.shortagePremium > 0
      ? `，紧缺工种上浮${Math.round(rules.shortagePremium * 100)}%`
      : ''
    offers.push({
      kind: 'training',
      name: '职业培训补贴',
      maxYuan: trainingMax,
      forWhom: `符合条件的人员参加培训并取得证书后申请${premiumNote}；同一工种同一等级只能享受一次${rules.repeatScope === 'year' ? '（山西：同一年度内）' : ''}`,
      source: trainingMax === null ? rules.certificateSource : rules.amountSource
    })
  }
  offers.push({
    kind: 'living',
    name: '生活费补贴',
    maxYuan: null,
    forWhom: `培训期间发放，仅限${LIVING_GROUPS_TEXT}`,
    source: cite(DOC.national, '第九条'),
    amountNote: noFigureReason('living', course.regionCode)
  })
  if (course.certificateKind === 'skill_level' || course.certificateKind === 'qualification') {
    offers.push({
      kind: 'evaluation',
      name: '职业技能评价补贴',
      maxYuan: null,
      forWhom: '取得证书后按规定申请；已享受过同工种同等级补贴的不能重复申请',
      source: cite(DOC.national, '第十条'),
      amountNote: noFigureReason('evaluation', course.regionCode)
    })
  }
  return offers
}
