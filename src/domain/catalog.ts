/**
 * The vocabulary of the training catalogue: stable codes for programs, Chinese labels for people.
 * Shared by client and server (filters, validation, seed data).
 */

export interface Labelled<C extends string = string> {
  code: C
  label: string
}

export const OCCUPATION_CATEGORIES = [
  { code: 'construction', label: '建筑' },
  { code: 'housekeeping', label: '家政' },
  { code: 'eldercare', label: '养老护理' },
  { code: 'childcare', label: '育婴' },
  { code: 'catering', label: '餐饮' },
  { code: 'security', label: '保安' },
  { code: 'logistics', label: '物流/快递' },
  { code: 'auto_repair', label: '汽车维修' },
  { code: 'electrical_welding', label: '电工/焊工' },
  { code: 'ecommerce_live', label: '电商/直播销售' },
  { code: 'ride_delivery', label: '网约配送' },
  { code: 'agriculture', label: '现代农业' },
  { code: 'rural_tourism', label: '乡村旅游' },
  { code: 'beauty', label: '美容美发' }
] as const satisfies readonly Labelled[]
export type OccupationCategory = (typeof OCCUPATION_CATEGORIES)[number]['code']

/** 工种 (occupation) — the unit that subsidies and certificates are counted by. */
export interface Occupation {
  code: string
  name: string
  category: OccupationCategory
  /** Listed shortage occupation (紧缺职业) — some regions add a premium. */
  shortage: boolean
}

export const OCCUPATIONS: readonly Occupation[] = [
  { code: '6-29-01-01', name: '砌筑工', category: 'construction', shortage: false },
  { code: '6-29-03-01', name: '钢筋工', category: 'construction', shortage: false },
  { code: '6-29-02-05', name: '装饰装修工', category: 'construction', shortage: false },
  { code: '4-10-01-06', name: '家政服务员', category: 'housekeeping', shortage: true },
  { code: '4-10-01-07', name: '收纳师', category: 'housekeeping', shortage: false },
  { code: '4-10-01-05', name: '养老护理员', category: 'eldercare', shortage: true },
  { code: '4-14-02-02', name: '医疗护理员', category: 'eldercare', shortage: true },
  { code: '4-10-01-02', name: '育婴员', category: 'childcare', shortage: true },
  { code: '4-10-01-03', name: '保育师', category: 'childcare', shortage: false },
  { code: '4-03-02-01', name: '中式烹调师', category: 'catering', shortage: false },
  { code: '4-03-02-02', name: '中式面点师', category: 'catering', shortage: false },
  { code: '4-03-02-05', name: '西式面点师', category: 'catering', shortage: false },
  { code: '4-07-05-01', name: '保安员', category: 'security', shortage: false },
  { code: '4-02-07-01', name: '快递员', category: 'logistics', shortage: false },
  { code: '4-02-06-03', name: '仓储管理员', category: 'logistics', shortage: false },
  { code: '4-02-02-01', name: '道路货运汽车驾驶员', category: 'logistics', shortage: false },
  { code: '4-12-01-01', name: '汽车维修工', category: 'auto_repair', shortage: true },
  { code: '6-31-01-03', name: '电工', category: 'electrical_welding', shortage: true },
  { code: '6-18-02-04', name: '焊工', category: 'electrical_welding', shortage: true },
  { code: '4-01-06-02', name: '互联网营销师（直播销售员）', category: 'ecommerce_live', shortage: false },
  { code: '4-01-06-01', name: '电子商务师', category: 'ecommerce_live', shortage: false },
  { code: '4-02-07-10', name: '网约配送员', category: 'ride_delivery', shortage: false },
  { code: '4-02-01-07', name: '网约车驾驶员', category: 'ride_delivery', shortage: false },
  { code: '5-01-02-01', name: '农作物植保员', category: 'agriculture', shortage: false },
  { code: '5-05-01-02', name: '农业经理人', category: 'agriculture', shortage: false },
  { code: '5-05-01-01', name: '农机修理工', category: 'agriculture', shortage: false },
  { code: '4-07-04-01', name: '民宿管家', category: 'rural_tourism', shortage: false },
  { code: '4-13-01-02', name: '乡村旅游服务员', category: 'rural_tourism', shortage: false },
  { code: '4-10-03-01', name: '美发师', category: 'beauty', shortage: false },
  { code: '4-10-03-02', name: '美容师', category: 'beauty', shortage: false }
]

export function occupationByCode(code: string): Occupation | undefined {
  return OCCUPATIONS.find((o) => o.code === code)
}

export const TRAINING_TYPES = [
  { code: 'employment', label: '就业技能培训' },
  { code: 'upgrade', label: '岗位技能提升培训' },
  { code: 'startup', label: '创业培训' },
  { code: 'new_business', label: '新职业新业态培训' },
  { code: 'apprenticeship', label: '企业新型学徒制' },
  { code: 'order', label: '订单/定向/定岗培训' }
] as const satisfies readonly Labelled[]
export type TrainingType = (typeof TRAINING_TYPES)[number]['code']

/** 职业技能等级: 5 = 五级/初级工 … 1 = 一级/高级技师; 'special' = 专项职业能力; 'none' = 只发培训合格证书. */
export const SKILL_LEVELS = [
  { code: '5', label: '五级/初级工' },
  { code: '4', label: '四级/中级工' },
  { code: '3', label: '三级/高级工' },
  { code: '2', label: '二级/技师' },
  { code: '1', label: '一级/高级技师' },
  { code: 'special', label: '专项职业能力' },
  { code: 'none', label: '不定级（培训合格）' }
] as const satisfies readonly Labelled[]
export type SkillLevel = (typeof SKILL_LEVELS)[number]['code']

export const TRAINING_MODES = [
  { code: 'offline', label: '线下' },
  { code: 'online', label: '线上' },
  { code: 'village', label: '送培训上门' }
] as const satisfies readonly Labelled[]
export type TrainingMode = (typeof TRAINING_MODES)[number]['code']

export const SCHEDULE_SLOTS = [
  { code: 'weekday_day', label: '工作日白天' },
  { code: 'evening', label: '晚上' },
  { code: 'weekend', label: '周末' }
] as const satisfies readonly Labelled[]
export type ScheduleSlot = (typeof SCHEDULE_SLOTS)[number]['code']

export const CERTIFICATE_KINDS = [
  { code: 'qualification', label: '职业资格证书' },
  { code: 'skill_level', label: '职业技能等级证书' },
  { code: 'special_ability', label: '专项职业能力证书' },
  { code: 'training', label: '培训合格证书' }
] as const satisfies readonly Labelled[]
export type CertificateKind = (typeof CERTIFICATE_KINDS)[number]['code']

export const INSTITUTION_TYPES = [
  { code: 'technical_school', label: '技工院校' },
  { code: 'vocational_college', label: '职业院校' },
  { code: 'private_training', label: '民办培训机构' },
  { code: 'enterprise_center', label: '企业培训中心' },
  { code: 'public_base', label: '公共实训基地' }
] as const satisfies readonly Labelled[]
export type InstitutionType = (typeof INSTITUTION_TYPES)[number]['code']

/** 备案 status of a training institution with the local 人社 department. */
export const FILING_STATUSES = [
  { code: 'filed', label: '已备案' },
  { code: 'pending', label: '备案审核中' },
  { code: 'expired', label: '备案已过期' }
] as const satisfies readonly Labelled[]
export type FilingStatus = (typeof FILING_STATUSES)[number]['code']

/** 人员类别 (DESIGN.md §2), each with a one-line plain explanation for the worker. */
export const WORKER_GROUPS = [
  { code: 'rural_migrant', label: '农村转移劳动力', hint: '户口在农村，出来打工或准备出来打工' },
  { code: 'returnee', label: '返乡农民工', hint: '在外打过工，现在回到家乡' },
  { code: 'poverty_alleviated', label: '脱贫劳动力（含防止返贫监测对象）', hint: '家里是已脱贫户或被列为防返贫监测户' },
  { code: 'hard_to_employ', label: '就业困难人员', hint: '经人社部门认定的就业困难人员' },
  { code: 'zero_employment_family', label: '零就业家庭成员', hint: '家里劳动年龄的人都没有工作' },
  { code: 'registered_unemployed', label: '城镇登记失业农民工', hint: '在城镇办理过失业登记' },
  { code: 'graduate_rural', label: '未继续升学的初高中毕业生（农村学员）', hint: '初中或高中毕业后没有继续上学，户口在农村' },
  { code: 'graduate_urban_dibao', label: '未继续升学的初高中毕业生（城市低保家庭）', hint: '初中或高中毕业后没有继续上学，家里领城市低保' },
  { code: 'employed_migrant', label: '在岗农民工', hint: '现在有工作的农民工' },
  { code: 'flexible_migrant', label: '灵活就业农民工', hint: '跑外卖、开网约车、打零工等' }
] as const satisfies readonly (Labelled & { hint: string })[]
export type WorkerGroup = (typeof WORKER_GROUPS)[number]['code']

export function labelOf<C extends string>(list: readonly Labelled<C>[], code: C | string): string {
  return list.find((item) => item.code === code)?.label ?? code
}

export function codesOf<C extends string>(list: readonly Labelled<C>[]): C[] {
  return list.map((item) => item.code)
}

/**
 * For a short "near you" list: courses a worker can still join come first; full and already
 * started ones keep their distance order behind them (stable), so the first card is never a dead end.
 */
export function openCoursesFirst<T extends { startDate: string; seatsLeft: number }>(courses: readonly T[], today: string): T[] {
  const closed = (c: T) => (c.seatsLeft <= 0 || c.startDate <= today ? 1 : 0)
  return courses
    .map((c, i) => ({ c, i }))
    .sort((a, b) => closed(a.c) - closed(b.c) || a.i - b.i)
    .map((x) => x.c)
}
