/**
 * The automatic pre-check of a subsidy claim: pure, the same code answers on the phone before
 * submitting and on the server at submission. Rules are data per region; every verdict cites its clause.
 * Facts the system can look up (certificates from the registry, social insurance) arrive as inputs —
 * the worker is never asked for them.
 */
import type { PolicySource } from './policy'
import type { CertificateKind, SkillLevel, WorkerGroup } from './catalog'
import type { ClaimKind, ClaimState } from './claim-state'
import { DOC, cite } from './policy'
import { rulesForRegion } from './subsidy'

export type VerdictStatus = 'pass' | 'fail' | 'needs_info'

export const PRECHECK_RULES = [
  { code: 'certificate_present', label: '有可用的证书' },
  { code: 'certificate_verified', label: '证书已核验' },
  { code: 'certificate_holder', label: '证书是本人的' },
  { code: 'claim_window', label: '在申领期限内' },
  { code: 'no_repeat', label: '同工种同等级不重复享受' },
  { code: 'no_lower_level', label: '不申领更低等级' },
  { code: 'annual_cap', label: '每年申领次数' },
  { code: 'course_finished', label: '培训已结业' },
  { code: 'certificate_matches_course', label: '证书与培训工种一致' },
  { code: 'living_group', label: '属于生活费补贴人员' },
  { code: 'in_training', label: '在培训期间' },
  { code: 'insured', label: '正在参加社会保险' },
  { code: 'shanghai_employment', label: '上海就业参保' },
  { code: 'office', label: '经办机构' }
] as const
export type PrecheckRule = (typeof PRECHECK_RULES)[number]['code']

export interface Verdict {
  rule: PrecheckRule
  status: VerdictStatus
  /** One plain sentence for the worker */
  message: string
  source: PolicySource
}

/** Per-region claim rules (the subsidy amounts and repeat scope live in ./subsidy REGION_RULES). */
export interface RegionClaimRules {
  /** At most this many claims (not withdrawn / rejected) per calendar year; null = no cap */
  annualCap: number | null
  annualCapSource: PolicySource
  /** Shanghai: not employed at training time still qualifies if insured in Shanghai within N months of qualifying */
  insuredAfterQualifyingMonths: number | null
}

export const REGION_CLAIM_RULES: Record<string, RegionClaimRules> = {
  '14': { annualCap: 3, annualCapSource: cite(DOC.guide, '每人每年最多申领3次', true), insuredAfterQualifyingMonths: null },
  '21': { annualCap: 3, annualCapSource: cite(DOC.guide, '每人每年最多申领3次', true), insuredAfterQualifyingMonths: null },
  '31': { annualCap: 3, annualCapSource: cite(DOC.guide, '每人每年最多申领3次', true), insuredAfterQualifyingMonths: 4 }
}

const DEFAULT_CLAIM_RULES: RegionClaimRules = {
  annualCap: 3,
  annualCapSource: cite(DOC.guide, '每人每年最多申领3次', true),
  insuredAfterQualifyingMonths: null
}

export const claimRulesForRegion = (regionCode: string): RegionClaimRules => REGION_CLAIM_RULES[regionCode.slice(0, 2)] ?? DEFAULT_CLAIM_RULES

/** Groups that get 生活费补贴 during training (人社厅发〔2023〕55号 第九条). */
export const LIVING_GROUPS: readonly WorkerGroup[] = ['poverty_alleviated', 'hard_to_employ', 'zero_employment_family', 'graduate_rural', 'graduate_urban_dibao']

export interface PrecheckCertificate {
  id: string
  occupationCode: string
  occupationName: string
  /** '5' … '1' (catalogue levels), '0' 特级技师, null for kinds without levels */
  level: string | null
  /** certificate kind code (src/domain/certificate.ts) */
  kind: string
  /** YYYY-MM-DD */
  issueDate: string
  /** 已联网核验 (found in the registry) or verified by a reviewer */
  verified: boolean
  /** who confirmed it: the national registry, or a reviewer's 人工核验 (wording only) */
  verifiedBy?: 'registry' | 'reviewer'
  /** a reviewer decided 核验不通过 (wording only: a rejected certificate is never claimable) */
  rejected?: boolean
  /** The certificate's holder name equals the worker's real name (registry / OCR); null = unknown */
  holderMatches: boolean | null
}

export interface PrecheckEnrollment {
  id: string
  /** enrollment status; cancelled ones never count; 职业培训补贴 needs completed (已结业) */
  status: string
  /** when the institution marked 已结业 (ISO); absent or null until then */
  completedAt?: string | null
  courseId: string
  occupationCode: string
  occupationName: string
  level: SkillLevel
  regionCode: string
  startDate: string
  endDate: string
  subsidized: boolean
  shortageOccupation: boolean
}

/** A claim the worker already made (any state); withdrawn and rejected ones do not count. */
export interface PriorClaim {
  id: string
  kind: ClaimKind
  state: ClaimState
  certificateId: string | null
  occupationCode: string | null
  level: string | null
  /** YYYY-MM-DD the claim was submitted */
  submittedOn: string
}

export interface InsuranceFacts {
  /** Insured now (参保) */
  insured: boolean
  /** Province/city code where insured, e.g. 310000 */
  regionCode: string | null
  /** YYYY-MM-DD insured there since */
  since: string | null
}

export interface PrecheckWorker {
  groups: readonly WorkerGroup[]
  /** 户籍地 */
  homeRegion: string | null
  /** Employed at training time (profile); null = not said */
  employed: boolean | null
  /** From the SocialInsuranceRegistry; null = no record / not looked up */
  insurance: InsuranceFacts | null
}

export interface PrecheckInput {
  kind: ClaimKind
  today: string
  worker: PrecheckWorker
  certificate: PrecheckCertificate | null
  enrollment: PrecheckEnrollment | null
  priorClaims: readonly PriorClaim[]
}

export interface PrecheckResult {
  ok: boolean
  verdicts: Verdict[]
  /** GB/T 2260 code of the handling office (course region for training, else 户籍地 / 参保地) */
  officeRegion: string | null
  /** Amount in yuan from the office region's rules; null when the region publishes no figure */
  amountYuan: number | null
  amountSource: PolicySource | null
}

const LEVEL_RANK: Record<string, number> = { '5': 1, '4': 2, '3': 3, '2': 4, '1': 5, '0': 6 }
export const COUNTING_STATES: readonly ClaimState[] = [
  'submitted',
  'accepted',
  'first_review',
  'second_review',
  'announced',
  'awaiting_payment',
  'paid',
  'needs_supplement',
  'payment_failed'
]

/** YYYY-MM-DD plus whole months (end-of-month clamped). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number)
  const total = y * 12 + (m - 1) + months
  const ny = Math.floor(total / 12)
  const nm = (total % 12) + 1
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate()
  return `${ny}-${String(nm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`
}

/** Whole calendar days from a to b (b − a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000)
}

/** The office that handles the claim: the course's region for 职业培训补贴, else 户籍地 (or 参保地 when no 户籍地 is on file). */
export function chooseOffice(kind: ClaimKind, enrollment: PrecheckEnrollment | null, worker: PrecheckWorker): string | null {
  if (kind === 'training' || kind === 'living') return enrollment?.regionCode ?? null
  if (kind === 'skill_upgrade' && worker.insurance?.insured && worker.insurance.regionCode) return worker.insurance.regionCode
  return worker.homeRegion ?? worker.insurance?.regionCode ?? null
}

/** Amount from the office region's per-level table (×shortage premium for 职业培训补贴); living: no figure. */
export function claimAmount(kind: ClaimKind, office: string | null, level: string | null, shortage: boolean): { yuan: number | null; source: PolicySource | null } {
  if (!office || !level || kind === 'living') return { yuan: null, source: null }
  const rules = rulesForRegion(office)
  const base = rules?.trainingAmountByLevel[level as SkillLevel]
  if (!rules || base === undefined) return { yuan: null, source: null }
  const premium = kind === 'training' && shortage ? rules.shortagePremium : 0
  return { yuan: Math.round(base * (1 + premium)), source: rules.amountSource }
}

const pass = (rule: PrecheckRule, message: string, source: PolicySource): Verdict => ({ rule, status: 'pass', message, source })
const fail = (rule: PrecheckRule, message: string, source: PolicySource): Verdict => ({ rule, status: 'fail', message, source })
const needs = (rule: PrecheckRule, message: string, source: PolicySource): Verdict => ({ rule, status: 'needs_info', message, source })

const NATIONAL_10 = cite(DOC.national, '第十条')
const NATIONAL_9 = cite(DOC.national, '第九条')
const GUIDE = (clause: string) => cite(DOC.guide, clause, true)

function certificateVerdicts(input: PrecheckInput, office: string | null): Verdict[] {
  const out: Verdict[] = []
  const cert = input.certificate
  const regionRules = office ? rulesForRegion(office) : undefined
  if (!cert) {
    out.push(needs('certificate_present', '请选择要申领补贴的证书', NATIONAL_10))
    return out
  }
  if (regionRules && !regionRules.countedCertificates.includes(cert.kind as CertificateKind)) {
    out.push(fail('certificate_present', '这类证书在当地不能申领这项补贴', regionRules.certificateSource))
  } else out.push(pass('certificate_present', `证书：${cert.occupationName}`, NATIONAL_10))
  out.push(
    cert.verified
      ? pass('certificate_verified', cert.verifiedBy === 'reviewer' ? '证书已由经办机构人工核验通过' : '证书已联网核验', cite(DOC.national, '第十二条'))
      : fail(
          'certificate_verified',
          cert.rejected ? '证书人工核验没有通过，不能用它申领；请看证书页上的原因' : '证书还没有核验通过，核验通过后才能申领',
          cite(DOC.national, '第十二条')
        )
  )
  if (cert.holderMatches === false) out.push(fail('certificate_holder', '证书上的姓名和你的实名不一致', NATIONAL_10))
  const windowMonths = regionRules?.claimWindowMonths ?? 12
  const lastDay = addMonths(cert.issueDate, windowMonths)
  out.push(
    input.today <= lastDay
      ? pass('claim_window', `请在 ${lastDay} 前申领（发证后${windowMonths}个月内）`, GUIDE(`发证之日起${windowMonths}个月内申领`))
      : fail('claim_window', `证书发证已超过${windowMonths}个月（${lastDay} 截止），不能再申领`, GUIDE(`发证之日起${windowMonths}个月内申领`))
  )
  // the same certificate, the same 工种+等级 (Shanxi: in the same year), or a lower level after a higher one
  const counting = input.priorClaims.filter((c) => COUNTING_STATES.includes(c.state) && c.kind !== 'living')
  const year = input.today.slice(0, 4)
  const scopeYear = regionRules?.repeatScope === 'year'
  const repeatSource = scopeYear ? cite(DOC.shanxi, '同一年度内同工种同等级只能享受一次') : NATIONAL_10
  const sameCert = counting.find((c) => c.certificateId === cert.id)
  const sameLevel = counting.find(
    (c) => c.occupationCode === cert.occupationCode && c.level === cert.level && (!scopeYear || c.submittedOn.slice(0, 4) === year)
  )
  if (sameCert) out.push(fail('no_repeat', '这本证书已经申领过补贴，不能重复申领', NATIONAL_10))
  else if (sameLevel) {
    out.push(
      fail('no_repeat', scopeYear ? '今年已申领过同一工种同一等级的补贴，同一年度不能重复享受' : '已申领过同一工种同一等级的补贴，不能重复享受', repeatSource)
    )
  } else out.push(pass('no_repeat', '没有申领过同一工种同一等级的补贴', repeatSource))
  const rank = cert.level ? LEVEL_RANK[cert.level] : undefined
  const higher = rank ? counting.find((c) => c.occupationCode === cert.occupationCode && c.level && (LEVEL_RANK[c.level] ?? 0) > rank) : undefined
  out.push(
    higher
      ? fail('no_lower_level', '已申领过同一工种更高等级的补贴，不能再申领较低等级', GUIDE('不得申领低于已享受等级的补贴'))
      : pass('no_lower_level', '没有申领过同一工种更高等级的补贴', GUIDE('不得申领低于已享受等级的补贴'))
  )
  return out
}

/** The pre-check: verdicts in a fixed order; `ok` = no verdict failed and none needs information. */
export function precheckClaim(input: PrecheckInput): PrecheckResult {
  const { kind, today, worker, enrollment } = input
  const verdicts: Verdict[] = []
  const office = chooseOffice(kind, enrollment, worker)

  if (kind === 'training' || kind === 'living') {
    if (!enrollment || enrollment.status === 'cancelled') {
      verdicts.push(needs(kind === 'training' ? 'course_finished' : 'in_training', '请选择你参加的培训课程', kind === 'training' ? NATIONAL_10 : NATIONAL_9))
    } else if (kind === 'training') {
      // cancelled enrollments never count (handled above); not_completed = did not finish
      // 结业 is the institution's act on the attendance record (过程监管), not the calendar passing the end date
      verdicts.push(
        enrollment.status === 'completed'
          ? pass('course_finished', `培训机构已确认结业${enrollment.completedAt ? `（${enrollment.completedAt.slice(0, 10)}）` : ''}`, NATIONAL_10)
          : fail(
              'course_finished',
              enrollment.status === 'not_completed'
                ? '没有完成这门培训，不能申领培训补贴'
                : `还没有结业：培训机构按出勤确认结业后才能申领（培训 ${enrollment.endDate} 结束）`,
              NATIONAL_10
            )
      )
      const cert = input.certificate
      if (cert) {
        const matches = cert.occupationCode === enrollment.occupationCode && cert.issueDate >= enrollment.startDate
        verdicts.push(
          matches
            ? pass('certificate_matches_course', '证书工种与培训一致，且在开课后取得', NATIONAL_10)
            : fail('certificate_matches_course', `需要开课（${enrollment.startDate}）后取得的「${enrollment.occupationName}」证书`, NATIONAL_10)
        )
      }
    } else {
      const during = enrollment.startDate <= today
      verdicts.push(
        during
          ? pass('in_training', `培训从 ${enrollment.startDate} 开始`, NATIONAL_9)
          : fail('in_training', `培训 ${enrollment.startDate} 才开始，开课后才能申领生活费补贴`, NATIONAL_9)
      )
    }
  }

  if (kind === 'living') {
    verdicts.push(
      worker.groups.length === 0
        ? needs('living_group', '请先在资料里填写人员类别', NATIONAL_9)
        : worker.groups.some((g) => LIVING_GROUPS.includes(g))
          ? pass('living_group', '你属于可以领取生活费补贴的人员', NATIONAL_9)
          : fail('living_group', '生活费补贴只发给脱贫劳动力、就业困难人员、零就业家庭成员和未升学初高中毕业生', NATIONAL_9)
    )
  } else {
    verdicts.push(...certificateVerdicts(input, office))
  }

  if (kind === 'skill_upgrade') {
    verdicts.push(
      worker.insurance?.insured
        ? pass('insured', '社保系统查询：正在参保', NATIONAL_10)
        : fail('insured', '技能提升补贴只发给正在参加社会保险的职工；社保系统没有查到你的参保记录', NATIONAL_10)
    )
  }

  // 沪人社职〔2024〕70号（三）: not employed at training time → insured in Shanghai within 4 months of qualifying
  const regionRules = office ? claimRulesForRegion(office) : null
  if (kind === 'training' && regionRules?.insuredAfterQualifyingMonths && worker.employed === false) {
    const src = cite(DOC.shanghai, '（三）')
    const cert = input.certificate
    const months = regionRules.insuredAfterQualifyingMonths
    const limit = cert ? addMonths(cert.issueDate, months) : null
    const ins = worker.insurance
    const insuredHere = ins?.insured && ins.regionCode?.slice(0, 2) === office!.slice(0, 2) && ins.since !== null && limit !== null && ins.since <= limit
    if (insuredHere) verdicts.push(pass('shanghai_employment', `社保系统查询：取得证书后${months}个月内已在上海参保`, src))
    else if (limit && today <= limit) verdicts.push(needs('shanghai_employment', `培训时未就业：请在 ${limit} 前在上海就业并参保，参保后即可申领`, src))
    else verdicts.push(fail('shanghai_employment', `培训时未就业，且取得证书后${months}个月内没有在上海参保`, src))
  }

  if (regionRules?.annualCap) {
    const year = today.slice(0, 4)
    const thisYear = input.priorClaims.filter((c) => COUNTING_STATES.includes(c.state) && c.submittedOn.slice(0, 4) === year).length
    verdicts.push(
      thisYear < regionRules.annualCap
        ? pass('annual_cap', `今年已申领 ${thisYear} 次，每年最多 ${regionRules.annualCap} 次`, regionRules.annualCapSource)
        : fail('annual_cap', `今年已申领 ${thisYear} 次，达到每年 ${regionRules.annualCap} 次的上限`, regionRules.annualCapSource)
    )
  }

  verdicts.push(
    office
      ? pass('office', kind === 'training' || kind === 'living' ? '由培训所在地的经办机构办理' : '由你户籍地（或参保地）的经办机构办理', NATIONAL_10)
      : needs('office', kind === 'training' || kind === 'living' ? '请选择你参加的培训课程' : '请先在资料里填写户籍地', NATIONAL_10)
  )

  const level = input.certificate?.level ?? enrollment?.level ?? null
  const amount = claimAmount(kind, office, level, enrollment?.shortageOccupation ?? false)
  return {
    ok: verdicts.every((v) => v.status === 'pass'),
    verdicts,
    officeRegion: office,
    amountYuan: amount.yuan,
    amountSource: amount.source
  }
}

/** Verdicts that block submission (fail = hard rule; needs_info = something still missing). */
export const blockingVerdicts = (verdicts: readonly Verdict[]) => verdicts.filter((v) => v.status !== 'pass')
