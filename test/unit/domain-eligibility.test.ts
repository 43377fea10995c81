import type { WorkerGroup } from '../../src/domain/catalog'
import { eligibilityFor, type EligibilityCourse, type EligibilityWorker } from '../../src/domain/eligibility'
import { canCancel, nextStepFor, signupClosedFor } from '../../src/domain/enrollment'

const course = (over: Partial<EligibilityCourse> = {}): EligibilityCourse => ({
  regionCode: '310112',
  level: '4',
  certificateKind: 'skill_level',
  subsidized: true,
  shortageOccupation: false,
  occupationCode: '4-10-01-06',
  eligibleGroups: ['rural_migrant', 'returnee', 'poverty_alleviated', 'flexible_migrant', 'employed_migrant'],
  startDate: '2026-12-10',
  ...over
})
const worker = (over: Partial<EligibilityWorker> = {}): EligibilityWorker => ({
  groups: ['rural_migrant'],
  employed: true,
  insuredLocally: true,
  paid: [],
  ...over
})
const pick = (items: ReturnType<typeof eligibilityFor>, kind: string) => items.find((i) => i.kind === kind)

// profile × course × region → expected training / living status, amount, cited document
test.each([
  ['上海 四级 农村转移劳动力 在岗', course(), worker(), 'eligible', 2000, 'ineligible', '地方实施指南（参考）'],
  ['上海 四级 紧缺工种', course({ shortageOccupation: true }), worker(), 'eligible', 2600, 'ineligible', '地方实施指南（参考）'],
  ['上海 未就业 → 4个月内就业参保即可', course(), worker({ employed: false }), 'conditional', 2000, 'ineligible', '沪人社职〔2024〕70号'],
  ['上海 脱贫劳动力 → 生活费补贴', course(), worker({ groups: ['poverty_alleviated'] }), 'eligible', 2000, 'eligible', '地方实施指南（参考）'],
  ['沈阳 初级 就业困难人员 不在课程面向人群', course({ regionCode: '210102', level: '5', eligibleGroups: ['rural_migrant'] }), worker({ groups: ['hard_to_employ'] }), 'ineligible', 1000, 'eligible', '地方实施指南（参考）'],
  ['沈阳 培训合格证书也算', course({ regionCode: '210102', level: 'none', certificateKind: 'training' }), worker(), 'eligible', null, 'ineligible', '辽宁省人社厅通知（2024-01-19）'],
  ['阳泉 同工种同等级 同年已领 → 不能再领', course({ regionCode: '140302', level: '5' }), worker({ paid: [{ occupationCode: '4-10-01-06', level: '5', year: 2026 }] }), 'ineligible', 1000, 'ineligible', '晋人社办发〔2024〕2号'],
  ['阳泉 同工种同等级 往年领过 → 山西可再领', course({ regionCode: '140302', level: '5' }), worker({ paid: [{ occupationCode: '4-10-01-06', level: '5', year: 2024 }] }), 'eligible', 1000, 'ineligible', '地方实施指南（参考）'],
  ['上海 同工种同等级 往年领过 → 不能再领', course(), worker({ paid: [{ occupationCode: '4-10-01-06', level: '4', year: 2023 }] }), 'ineligible', 2000, 'ineligible', '人社厅发〔2023〕55号'],
  ['上海 领过更高等级 → 不能领低等级', course({ level: '5' }), worker({ paid: [{ occupationCode: '4-10-01-06', level: '3', year: 2023 }] }), 'ineligible', 1500, 'ineligible', '人社厅发〔2023〕55号'],
  ['上海 别的工种领过 → 不影响', course(), worker({ paid: [{ occupationCode: '4-10-01-05', level: '4', year: 2025 }] }), 'eligible', 2000, 'ineligible', '地方实施指南（参考）'],
  ['未填人员类别 → 无法判断', course(), worker({ groups: [] }), 'unknown', 2000, 'unknown', '地方实施指南（参考）']
] as const)('%s', (_name, c, w, trainingStatus, amount, livingStatus, document) => {
  const items = eligibilityFor(c, w)
  const training = pick(items, 'training')
  expect(training?.status).toBe(trainingStatus)
  expect(training?.maxYuan).toBe(amount)
  expect(training?.source.document).toBe(document)
  expect(training?.reason.length).toBeGreaterThan(4)
  expect(pick(items, 'living')?.status).toBe(livingStatus)
  expect(pick(items, 'living')?.source).toMatchObject({ document: '人社厅发〔2023〕55号', clause: '第九条' })
})

test('every living-allowance group of 第九条 qualifies, no other does', () => {
  const yes: WorkerGroup[] = ['poverty_alleviated', 'hard_to_employ', 'zero_employment_family', 'graduate_rural', 'graduate_urban_dibao']
  const no: WorkerGroup[] = ['rural_migrant', 'returnee', 'registered_unemployed', 'employed_migrant', 'flexible_migrant']
  for (const g of yes) expect(pick(eligibilityFor(course(), worker({ groups: [g] })), 'living')?.status).toBe('eligible')
  for (const g of no) expect(pick(eligibilityFor(course(), worker({ groups: [g] })), 'living')?.status).toBe('ineligible')
})

test('an unsubsidised course offers nothing', () => {
  expect(eligibilityFor(course({ subsidized: false }), worker())).toEqual([])
})

test('enrollment next steps and cancellation window', () => {
  expect(nextStepFor('registered', '2026-12-01', '2026-11-23')).toContain('开课前可以取消')
  // late join into a running course: no promise of a notice before the start, no cancel
  const late = nextStepFor('registered', '2026-11-20', '2026-11-23')
  expect(late).toContain('已开课')
  expect(late).toContain('开课后报名')
  expect(late).not.toContain('开课前会通知你')
  expect(late).not.toContain('可以取消')
  expect(canCancel('registered', '2026-12-01', '2026-11-23')).toBe(true)
  expect(canCancel('confirmed', '2026-11-23', '2026-11-23')).toBe(false)
  expect(canCancel('cancelled', '2026-12-01', '2026-11-23')).toBe(false)
  expect(canCancel('in_training', '2026-12-01', '2026-11-23')).toBe(false)
})

test.each([
  ['open', { startDate: '2026-12-01', endDate: '2027-01-01', allowLateJoin: false, seatsLeft: 3 }, null],
  ['full', { startDate: '2026-12-01', endDate: '2027-01-01', allowLateJoin: false, seatsLeft: 0 }, '名额已满'],
  ['started, no late joining', { startDate: '2026-11-23', endDate: '2027-01-01', allowLateJoin: false, seatsLeft: 3 }, '已开课'],
  ['started, late joining allowed', { startDate: '2026-11-01', endDate: '2027-01-01', allowLateJoin: true, seatsLeft: 3 }, null],
  ['started, late joining allowed but full', { startDate: '2026-11-01', endDate: '2027-01-01', allowLateJoin: true, seatsLeft: 0 }, '名额已满'],
  ['ended', { startDate: '2026-10-01', endDate: '2026-11-22', allowLateJoin: true, seatsLeft: 3 }, '已结束']
])('signupClosedFor: %s', (_name, course, label) => {
  expect(signupClosedFor(course, '2026-11-23')?.label ?? null).toBe(label)
})
