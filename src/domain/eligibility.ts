/**
 * What a worker can get from a course, and why — the same code previews eligibility on the phone
 * before sign-up and answers `GET /courses/{id}/eligibility` on the server.
 */
import type { PolicySource } from './policy'
import { WORKER_GROUPS, labelOf, type SkillLevel, type WorkerGroup } from './catalog'
import { DOC, cite } from './policy'
import { noFigureReason, rulesForRegion, trainingSubsidyMaxYuan, type SubsidyCourseFacts } from './subsidy'

export interface EligibilityCourse extends SubsidyCourseFacts {
  occupationCode: string
  eligibleGroups: readonly WorkerGroup[]
  startDate: string
}

/** A subsidy the worker already received (for the no-double-claim rule). */
export interface PaidSubsidy {
  occupationCode: string
  level: SkillLevel
  /** Year it was paid */
  year: number
}

export interface EligibilityWorker {
  groups: readonly WorkerGroup[]
  /** Employed at training time */
  employed: boolean | null
  /** Paying social insurance in the course's city/province */
  insuredLocally: boolean | null
  paid: readonly PaidSubsidy[]
}

export type EligibilityStatus = 'eligible' | 'conditional' | 'ineligible' | 'unknown'

export interface EligibilityItem {
  kind: 'training' | 'living' | 'evaluation'
  name: string
  status: EligibilityStatus
  maxYuan: number | null
  /** One plain sentence: why, or what the worker still has to do */
  reason: string
  source: PolicySource
}

/** Groups that get 生活费补贴 during training (人社厅发〔2023〕55号 第九条). */
export const LIVING_ALLOWANCE_GROUPS: readonly WorkerGroup[] = [
  'poverty_alleviated',
  'hard_to_employ',
  'zero_employment_family',
  'graduate_rural',
  'graduate_urban_dibao'
]

const LEVEL_RANK: Partial<Record<SkillLevel, number>> = { '5': 1, '4': 2, '3': 3, '2': 4, '1': 5 }

function duplicateReason(course: EligibilityCourse, worker: EligibilityWorker, scope: 'ever' | 'year'): string | null {
  const courseYear = Number(course.startDate.slice(0, 4))
  for (const p of worker.paid) {
    if (p.occupationCode !== course.occupationCode) continue
    if (p.level === course.level && (scope === 'ever' || p.year === courseYear)) {
      return scope === 'year' ? '你今年已领过同一工种同一等级的补贴，同一年度不能重复领取' : '你已领过同一工种同一等级的补贴，不能重复领取'
    }
    const paidRank = LEVEL_RANK[p.level]
    const courseRank = LEVEL_RANK[course.level]
    if (paidRank && courseRank && courseRank < paidRank) return '你已领过同一工种更高等级的补贴，不能再领较低等级的'
  }
  return null
}

export function eligibilityFor(course: EligibilityCourse, worker: EligibilityWorker): EligibilityItem[] {
  if (!course.subsidized) return []
  const items: EligibilityItem[] = []
  const rules = rulesForRegion(course.regionCode)
  const inTargetGroup = course.eligibleGroups.length === 0 || worker.groups.some((g) => course.eligibleGroups.includes(g))
  const noGroup = worker.groups.length === 0
  const groupNames = course.eligibleGroups.map((g) => labelOf(WORKER_GROUPS, g)).join('、')

  if (rules && rules.countedCertificates.includes(course.certificateKind)) {
    const maxYuan = trainingSubsidyMaxYuan(course)
    const base = { kind: 'training' as const, name: '职业培训补贴', maxYuan, source: maxYuan === null ? rules.certificateSource : rules.amountSource }
    const duplicate = duplicateReason(course, worker, rules.repeatScope)
    if (duplicate) {
      items.push({ ...base, status: 'ineligible', reason: duplicate, source: cite(rules.repeatScope === 'year' ? DOC.shanxi : DOC.national, rules.repeatScope === 'year' ? '' : '第十条') })
    } else if (noGroup) {
      items.push({ ...base, status: 'unknown', reason: '填写人员类别后才能判断' })
    } else if (!inTargetGroup) {
      items.push({ ...base, status: 'ineligible', reason: `这门课的补贴面向：${groupNames}；你填的人员类别不在其中` })
    } else if (rules.provinceCode === '310000' && worker.employed === false) {
      // 沪人社职〔2024〕70号（三）: not employed now still qualifies if employed and insured in Shanghai later
      items.push({
        ...base,
        status: 'conditional',
        reason: '培训期间或取得证书后4个月内在上海就业并缴纳社保，即可申请',
        source: cite(DOC.shanghai, '（三）')
      })
    } else {
      items.push({ ...base, status: 'eligible', reason: '参加培训并取得证书后，在12个月内申请' })
    }
  }

  const livingSource = cite(DOC.national, '第九条')
  if (noGroup) {
    items.push({ kind: 'living', name: '生活费补贴', status: 'unknown', maxYuan: null, reason: '填写人员类别后才能判断', source: livingSource })
  } else if (worker.groups.some((g) => LIVING_ALLOWANCE_GROUPS.includes(g))) {
    items.push({ kind: 'living', name: '生活费补贴', status: 'eligible', maxYuan: null, reason: `培训期间发放。${noFigureReason('living', course.regionCode)}`, source: livingSource })
  } else {
    items.push({
      kind: 'living',
      name: '生活费补贴',
      status: 'ineligible',
      maxYuan: null,
      reason: '只发给脱贫劳动力、就业困难人员、零就业家庭成员和未升学初高中毕业生，你不在其中',
      source: livingSource
    })
  }

  if (course.certificateKind === 'skill_level' || course.certificateKind === 'qualification') {
    const duplicate = duplicateReason(course, worker, 'ever')
    items.push({
      kind: 'evaluation',
      name: '职业技能评价补贴',
      status: duplicate ? 'ineligible' : 'eligible',
      maxYuan: null,
      reason: duplicate ?? '取得证书后按规定申请',
      source: cite(DOC.national, '第十条')
    })
  }
  return items
}
