/**
 * Deterministic catalogue generator: same seed + same `today` → same institutions and courses, same ids.
 * Pure (no database); server/seed/index.ts writes the rows.
 */
import { OCCUPATIONS, OCCUPATION_CATEGORIES, INSTITUTION_TYPES, WORKER_GROUPS, labelOf } from '../../src/domain/catalog'
import type { CertificateKind,
  FilingStatus,
  InstitutionType,
  Occupation,
  OccupationCategory,
  ScheduleSlot,
  SkillLevel,
  TrainingMode,
  TrainingType,
  WorkerGroup } from '../../src/domain/catalog'
import { CITY_ROADS,
  CONTENT,
  ENTERPRISE_NAMES,
  INSTITUTION_STEMS,
  SHOP_WORDS,
  TOWNS,
  VILLAGE_NAMES } from './content'
import type { RegionRow } from './regions'

// ---------- PRNG ----------
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

class Rng {
  constructor(readonly next: () => number) {}
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }
  chance(p: number): boolean {
    return this.next() < p
  }
  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.next() * list.length)]
  }
  weighted<T>(pairs: readonly (readonly [T, number])[]): T {
    const total = pairs.reduce((s, [, w]) => s + w, 0)
    let r = this.next() * total
    for (const [v, w] of pairs) {
      r -= w
      if (r < 0) return v
    }
    return pairs[pairs.length - 1][0]
  }
  sample<T>(list: readonly T[], n: number): T[] {
    const copy = [...list]
    const out: T[] = []
    while (out.length < n && copy.length) out.push(copy.splice(Math.floor(this.next() * copy.length), 1)[0])
    return out
  }
  /** A point uniformly inside a disc of `radiusKm` around a centre. */
  near(lat: number, lng: number, radiusKm: number): { lat: number; lng: number } {
    const r = radiusKm * Math.sqrt(this.next())
    const theta = 2 * Math.PI * this.next()
    const dLat = (r * Math.cos(theta)) / 111.32
    const dLng = (r * Math.sin(theta)) / (111.32 * Math.cos((lat * Math.PI) / 180))
    return { lat: round6(lat + dLat), lng: round6(lng + dLng) }
  }
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6

// ---------- rows ----------
export interface InstitutionSeed {
  id: string
  name: string
  type: InstitutionType
  filing_status: FilingStatus
  filing_no: string | null
  address: string
  lat: number
  lng: number
  region_code: string
  contact_phone: string
  intro: string
  /** not stored: what it teaches, and whether it sits in a county */
  categories: OccupationCategory[]
  rural: boolean
}

export interface CourseSeed {
  id: string
  institution_id: string
  title: string
  occupation_code: string
  occupation_name: string
  category: OccupationCategory
  shortage: boolean
  training_type: TrainingType
  level: SkillLevel
  certificate_kind: CertificateKind
  mode: TrainingMode
  schedule: ScheduleSlot[]
  start_date: string
  end_date: string
  total_hours: number
  seats_total: number
  seats_left: number
  fee_yuan: number
  subsidized: boolean
  region_code: string
  description: string
  syllabus: string[]
  schedule_text: string
  address: string
  lat: number
  lng: number
  contact_phone: string
  eligible_groups: WorkerGroup[]
  allow_late_join: boolean
}

export interface SeedOptions {
  courses: number
  /** YYYY-MM-DD, China time */
  today: string
  seed?: number
}

export const DEFAULT_SEED = 20240227
export const DEFAULT_COURSES = 800

function cityKey(code: string): string {
  return code.startsWith('31') ? '31' : code.slice(0, 4)
}

const PHONE: Record<string, [string, number]> = { '31': ['021', 8], '2101': ['024', 8], '1403': ['0353', 7], '1409': ['0350', 7] }

function phone(rng: Rng, code: string): string {
  const [area, len] = PHONE[cityKey(code)] ?? ['010', 8]
  let digits = String(rng.int(2, 8))
  while (digits.length < len) digits += String(rng.int(0, 9))
  return `${area}-${digits}`
}

/** "上海市闵行区" / "沈阳市和平区" / "忻州市五台县": the city part and the local part of an address. */
function addressPrefix(region: RegionRow, byCode: Map<string, RegionRow>): string {
  const names = region.path.map((c) => byCode.get(c)!).filter((r) => r.level !== 'province' || r.code.startsWith('31'))
  return names.map((r) => r.name).join('')
}

const RURAL_CATEGORIES: OccupationCategory[] = ['agriculture', 'rural_tourism', 'ecommerce_live', 'housekeeping', 'eldercare', 'construction', 'catering', 'electrical_welding']
const ONLINE_OK = new Set<OccupationCategory>(['ecommerce_live', 'ride_delivery', 'logistics', 'childcare', 'eldercare', 'agriculture', 'security', 'housekeeping'])
const FOCUS_WORD: Partial<Record<OccupationCategory, string>> = {
  housekeeping: '家政', eldercare: '养老护理', childcare: '母婴', catering: '烹饪', security: '保安',
  logistics: '物流', auto_repair: '汽车维修', electrical_welding: '电焊', ecommerce_live: '电商直播',
  ride_delivery: '新业态', agriculture: '农业', rural_tourism: '文旅', beauty: '美容美发', construction: '建工'
}

export function generateInstitutions(regions: RegionRow[], opts: SeedOptions): InstitutionSeed[] {
  const rng = new Rng(mulberry32((opts.seed ?? DEFAULT_SEED) ^ 0x1f2e3d))
  const byCode = new Map(regions.map((r) => [r.code, r]))
  const leaves = regions.filter((r) => r.level === 'district' || r.level === 'county')
  // ~78 institutions for the normal seed; more for big benchmark seeds so each still runs ~10 courses
  const scale = Math.max(1, Math.ceil(opts.courses / 800))
  const out: InstitutionSeed[] = []
  const usedNames = new Set<string>()
  const categories = OCCUPATION_CATEGORIES.map((c) => c.code)
  for (let round = 0; round < scale; round++) {
    for (const region of leaves) {
      const city = cityKey(region.code)
      const per = city === '1409' ? 1 : region.level === 'county' ? 1 : 2
      for (let k = 0; k < per; k++) {
        const n = out.length
        const rural = region.level === 'county' || ['310151', '210115'].includes(region.code)
        const type: InstitutionType =
          k === 0 && round === 0 && (region.level === 'county' || rural)
            ? 'public_base'
            : rng.weighted<InstitutionType>([['private_training', 5], ['technical_school', 2], ['vocational_college', 1], ['enterprise_center', 1.5], ['public_base', 0.7]])
        const first = categories[n % categories.length]
        const pool = rural ? RURAL_CATEGORIES : categories
        const main = rural && !RURAL_CATEGORIES.includes(first) ? rng.pick(RURAL_CATEGORIES) : first
        const cats = type === 'enterprise_center' ? [main] : Array.from(new Set<OccupationCategory>([main, ...rng.sample(pool, rng.int(1, 3))]))
        const prefix = addressPrefix(region, byCode)
        const localName = region.name
        let name: string
        switch (type) {
          case 'public_base':
            name = `${prefix}${rng.pick(INSTITUTION_STEMS.public_base)}`
            break
          case 'enterprise_center':
            name = `${cityName(region, byCode)}${rng.pick(ENTERPRISE_NAMES[cats[0]])}${rng.pick(INSTITUTION_STEMS.enterprise_center)}`
            break
          case 'technical_school':
          case 'vocational_college':
            name = `${cityName(region, byCode)}${localName}${rng.pick(INSTITUTION_STEMS[type])}`
            break
          default:
            name = `${cityName(region, byCode)}${localName}${rng.pick(SHOP_WORDS)}${FOCUS_WORD[cats[0]] ?? ''}${rng.pick(INSTITUTION_STEMS.private_training)}`
        }
        if (usedNames.has(name)) name = `${name}（${rng.pick(CITY_ROADS[city] ?? ['人民路'])}校区）`
        if (usedNames.has(name)) name = `${name.replace(/（.*）$/, '')}（第${round + 1}${k}分校）`
        usedNames.add(name)
        const filing_status = rng.weighted<FilingStatus>([['filed', 85], ['pending', 10], ['expired', 5]])
        const pos = rng.near(region.lat, region.lng, rural ? 8 : 5.5)
        const road = rng.pick(CITY_ROADS[city] ?? ['人民路'])
        const town = rural ? rng.pick(TOWNS) : ''
        const address = `${prefix}${town}${road}${rng.int(1, rural ? 300 : 1800)}号`
        const typeLabel = labelOf(INSTITUTION_TYPES, type)
        const catLabels = cats.map((c) => labelOf(OCCUPATION_CATEGORIES, c)).join('、')
        out.push({
          id: `ins_${(n + 1).toString(36).padStart(4, '0')}`,
          name,
          type,
          filing_status,
          filing_no: filing_status === 'pending' ? null : `${region.code}-${2021 + rng.int(0, 3)}-${String(rng.int(1, 999)).padStart(4, '0')}`,
          address,
          lat: pos.lat,
          lng: pos.lng,
          region_code: region.code,
          contact_phone: phone(rng, region.code),
          intro: `${name}是${localName}的${typeLabel}，主要开展${catLabels}等职业技能培训。${
            filing_status === 'filed' ? '已在当地人社部门备案，开设的补贴性培训项目可按规定申请补贴。' : filing_status === 'pending' ? '备案正在审核中，审核通过前的课程不能申请培训补贴。' : '备案已过期，目前开设的课程不能申请培训补贴。'
          }${rural ? '可组织送培训到村、到镇。' : '交通方便，可安排晚班和周末班。'}`,
          categories: cats,
          rural
        })
      }
    }
  }
  return out
}

function cityName(region: RegionRow, byCode: Map<string, RegionRow>): string {
  // Shanghai districts hang directly under the province-level municipality
  const city = region.path.map((c) => byCode.get(c)!).find((r) => r.level === 'city' || (r.level === 'province' && r.code.startsWith('31')))
  return city?.name ?? ''
}

const LEVEL_TITLE: Record<SkillLevel, string[]> = {
  '5': ['（初级）', '五级', '初级工'],
  '4': ['（中级）', '四级', '中级工'],
  '3': ['（高级）', '三级', '高级工'],
  '2': ['技师'],
  '1': ['高级技师'],
  special: ['专项能力'],
  none: ['']
}
const TITLE_NAME: Record<string, string> = { '4-01-06-02': '直播销售员' }
const QUALIFICATION_OCCUPATIONS = new Set(['4-07-05-01', '4-02-01-07'])
const NEW_BUSINESS = new Set<OccupationCategory>(['ride_delivery', 'ecommerce_live'])
const WEEKDAY = ['一', '二', '三', '四', '五', '六', '日']

function addDays(iso: string, days: number): string {
  const t = Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000
  return new Date(t).toISOString().slice(0, 10)
}

/** Yields courses in batches so a 100 000-course seed never holds every row at once. */
export function* generateCourses(
  regions: RegionRow[],
  institutions: InstitutionSeed[],
  opts: SeedOptions,
  batchSize = 2000
): Generator<CourseSeed[]> {
  const rng = new Rng(mulberry32(opts.seed ?? DEFAULT_SEED))
  const byCode = new Map(regions.map((r) => [r.code, r]))
  const occByCategory = new Map<OccupationCategory, Occupation[]>()
  for (const o of OCCUPATIONS) occByCategory.set(o.category, [...(occByCategory.get(o.category) ?? []), o])
  const cohort = new Map<string, number>()
  let batch: CourseSeed[] = []
  for (let i = 0; i < opts.courses; i++) {
    // the first 30 courses cover every occupation once; then institutions take turns with some randomness
    const ins = i < OCCUPATIONS.length
      ? institutions.find((x) => x.categories.includes(OCCUPATIONS[i].category)) ?? institutions[i % institutions.length]
      : rng.chance(0.7) ? institutions[i % institutions.length] : rng.pick(institutions)
    const occ = i < OCCUPATIONS.length ? OCCUPATIONS[i] : rng.pick(occByCategory.get(rng.pick(ins.categories))!)
    batch.push(makeCourse(rng, i, ins, occ, byCode, opts.today, cohort))
    if (batch.length >= batchSize) {
      yield batch
      batch = []
    }
  }
  if (batch.length) yield batch
}

function makeCourse(
  rng: Rng,
  i: number,
  ins: InstitutionSeed,
  occ: Occupation,
  byCode: Map<string, RegionRow>,
  today: string,
  cohort: Map<string, number>
): CourseSeed {
  const region = byCode.get(ins.region_code)!
  const c = CONTENT[occ.code]
  const level = rng.weighted<SkillLevel>([['5', 35], ['4', 20], ['3', 8], ['2', 2], ['1', 1], ['special', 14], ['none', 20]])
  const certificate_kind: CertificateKind =
    level === 'special' ? 'special_ability' : level === 'none' ? 'training' : QUALIFICATION_OCCUPATIONS.has(occ.code) ? 'qualification' : 'skill_level'
  let training_type: TrainingType = 'employment'
  if (ins.type === 'enterprise_center' && rng.chance(0.6)) training_type = rng.chance(0.5) ? 'apprenticeship' : 'order'
  else if (NEW_BUSINESS.has(occ.category) && rng.chance(0.6)) training_type = 'new_business'
  else if (['4', '3', '2', '1'].includes(level) && rng.chance(0.6)) training_type = 'upgrade'
  else if (['5-05-01-02', '4-01-06-01', '4-07-04-01'].includes(occ.code) && rng.chance(0.35)) training_type = 'startup'
  else if (rng.chance(0.08)) training_type = 'order'

  let mode: TrainingMode = 'offline'
  const r = rng.next()
  if (ins.rural && r < 0.3) mode = 'village'
  else if (ONLINE_OK.has(occ.category) && r > (ins.rural ? 0.85 : 0.8)) mode = 'online'

  let schedule: ScheduleSlot[]
  if (mode === 'online') schedule = rng.chance(0.5) ? ['evening', 'weekend'] : ['evening']
  else if (mode === 'village') schedule = rng.chance(0.8) ? ['weekday_day'] : ['weekend']
  else schedule = rng.weighted<ScheduleSlot[]>([[['weekday_day'], 45], [['evening'], 25], [['weekend'], 20], [['evening', 'weekend'], 10]])

  const hoursRange: Record<SkillLevel, [number, number]> = {
    none: [16, 56], special: [24, 80], '5': [40, 120], '4': [80, 160], '3': [120, 200], '2': [160, 240], '1': [180, 260]
  }
  const [hMin, hMax] = hoursRange[level]
  const total_hours = Math.round(rng.int(hMin, mode === 'village' ? Math.min(hMax, 64) : hMax) / 4) * 4
  const perWeek = mode === 'online' ? 6 : schedule.includes('weekday_day') ? 30 : schedule.length === 2 ? 21 : schedule[0] === 'evening' ? 7.5 : 14
  const days = Math.max(3, Math.ceil(total_hours / perWeek) * 7 - 1)

  let start = rng.int(-30, 120)
  if (start < 0 && start + days < 0) start = rng.int(-Math.min(days, 30), 0)
  const start_date = addDays(today, start)
  const end_date = addDays(start_date, days)
  const allow_late_join = start < 0 ? rng.chance(0.6) : rng.chance(0.25)

  const filed = ins.filing_status === 'filed'
  const subsidized = filed && rng.chance(0.85)
  const fee_yuan = subsidized ? (rng.chance(0.9) ? 0 : rng.int(1, 3) * 100) : rng.int(3, 38) * 100

  const seats_total = rng.int(4, 12) * 5
  const seats_left = rng.chance(0.12) ? 0 : rng.int(1, seats_total)

  const levelWord = rng.pick(LEVEL_TITLE[level])
  const slotWord =
    mode === 'online' ? '线上班' : mode === 'village' ? '送教下乡班' : schedule.length === 2 ? '晚班+周末班' : schedule[0] === 'evening' ? '晚班' : schedule[0] === 'weekend' ? '周末班' : '全日制班'
  const suffix =
    training_type === 'apprenticeship' ? '学徒班' : training_type === 'order' ? '订单班' : training_type === 'startup' ? '创业班'
      : training_type === 'upgrade' ? '技能提升班' : rng.pick(['速成班', '', '实操班', '取证班', '精品班', ''])
  const slotPart = !suffix ? slotWord : slotWord === '晚班' ? `晚班${suffix}` : `${slotWord.replace(/班$/, '')}${suffix}`
  const key = `${ins.id}|${occ.code}|${level}`
  const n = (cohort.get(key) ?? 0) + 1
  cohort.set(key, n)
  let title = `${TITLE_NAME[occ.code] ?? occ.name}${levelWord}${levelWord.endsWith('）') ? '' : ' '}${slotPart}`
  if (mode === 'village' && rng.chance(0.5)) title = `${region.name}${title}`
  if (n > 1) title += `（第${n}期）`

  // where: the institution, one of its teaching sites, a village, or online
  let address = ins.address
  let pos = { lat: ins.lat, lng: ins.lng }
  const prefix = addressPrefix(region, byCode)
  if (mode === 'village') {
    pos = rng.near(region.lat, region.lng, 10)
    address = `${prefix}${rng.pick(TOWNS)}${rng.pick(VILLAGE_NAMES)}村村民委员会`
  } else if (mode === 'online') {
    address = '线上授课（报名后发送课程链接，不用到校）'
  } else if (rng.chance(0.3)) {
    pos = rng.near(ins.lat, ins.lng, 3)
    address = `${prefix}${rng.pick(CITY_ROADS[cityKey(region.code)] ?? ['人民路'])}${rng.int(1, 900)}号（${ins.name}教学点）`
  }

  const scheduleText = schedule
    .map((s) => {
      if (mode === 'online') return s === 'evening' ? `线上随时学，每周${rng.pick(['二', '三', '四'])} 20:00 直播答疑` : '每周六 09:00–11:00 线上实操点评'
      if (mode === 'village') return s === 'weekday_day' ? '农闲时段集中授课，每天 09:00–16:00（老师到村）' : '每周六、日 09:00–16:00（老师到村）'
      if (s === 'weekday_day') return rng.pick(['周一至周五 08:30–16:30', '周一至周五 09:00–16:00'])
      if (s === 'evening') return rng.chance(0.5) ? '每周二、四 19:00–21:30' : '每周一、三、五 19:00–21:00'
      return rng.chance(0.6) ? '每周六、日 09:00–16:30' : `每周${WEEKDAY[rng.int(5, 6)]} 09:00–17:00`
    })
    .join('；')

  const modules = c.modules.slice(0, rng.int(Math.min(4, c.modules.length), c.modules.length))
  const syllabus = [...modules]
  if (certificate_kind !== 'training') syllabus.push(certificate_kind === 'special_ability' ? '专项能力考核' : certificate_kind === 'qualification' ? '考前辅导与资格考试' : '技能等级认定（理论 + 实操）')
  else syllabus.push('结业考核')

  const groups = new Set<WorkerGroup>(['rural_migrant', 'returnee', 'registered_unemployed'])
  if (training_type === 'upgrade' || training_type === 'apprenticeship') groups.add('employed_migrant')
  if (NEW_BUSINESS.has(occ.category) || rng.chance(0.4)) groups.add('flexible_migrant')
  if (rng.chance(0.6)) for (const g of ['poverty_alleviated', 'hard_to_employ', 'zero_employment_family'] as const) groups.add(g)
  if (level === '5' || level === 'none' || level === 'special') {
    if (rng.chance(0.5)) groups.add('graduate_rural')
    if (rng.chance(0.3)) groups.add('graduate_urban_dibao')
  }
  const eligible_groups = WORKER_GROUPS.map((g) => g.code).filter((g) => groups.has(g))

  const modeText =
    mode === 'online' ? '全程线上学习，手机就能上课，下班后随时看回放'
      : mode === 'village' ? '老师带设备到村里上课，不用跑远路'
        : schedule.includes('evening') || schedule.includes('weekend') ? '利用下班和周末时间上课，不耽误打工'
          : '白天集中上课，学得快、练得多'
  const certText =
    certificate_kind === 'skill_level' ? `考核合格可取得${occ.name}职业技能等级证书`
      : certificate_kind === 'qualification' ? `考试合格可取得${occ.name}相关资格证书`
        : certificate_kind === 'special_ability' ? '考核合格可取得专项职业能力证书' : '结业考核合格发培训合格证书'
  const subsidyText = subsidized
    ? '本班列入当地补贴性职业技能培训项目，符合条件的学员可按规定申请补贴（以当地人社部门审核为准）。'
    : ins.filing_status === 'filed' ? '本班为自费班，不享受培训补贴。' : '机构备案未生效，本班不能申请培训补贴。'
  const description = `${modeText}。学完后能${c.outcome}；${certText}。${subsidyText}常见去向：${c.jobs}。`

  return {
    id: `crs_${(i + 1).toString(36).padStart(6, '0')}`,
    institution_id: ins.id,
    title,
    occupation_code: occ.code,
    occupation_name: occ.name,
    category: occ.category,
    shortage: occ.shortage,
    training_type,
    level,
    certificate_kind,
    mode,
    schedule,
    start_date,
    end_date,
    total_hours,
    seats_total,
    seats_left,
    fee_yuan,
    subsidized,
    region_code: region.code,
    description,
    syllabus,
    schedule_text: scheduleText,
    address,
    lat: pos.lat,
    lng: pos.lng,
    contact_phone: ins.contact_phone,
    eligible_groups,
    allow_late_join
  }
}
