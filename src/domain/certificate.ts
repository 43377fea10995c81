/**
 * Certificates: kinds, levels and number checks that explain themselves (pure; shared by phone and server).
 *
 * Number formats (implementation guides; DESIGN.md §2):
 * - 职业技能等级证书: Y (用人单位) or S (社会培训评价组织) + 21 digits =
 *   评价机构代码 (4) · 省级代码 (2) · 机构序列码 (6) · 年份 (2) · 等级 (1, 1–5) · 证书序列码 (6).
 * - 特级技师: two letters + 20 digits (same parts, no level digit: the level is 特级技师).
 * - old 职业资格证书: 16 or 22 digits = 年份 (2) · 省级代码 (2) · 发证机构 (6) · 等级 (1, the 11th digit) · 序号.
 * - 特种作业操作证: the holder's 身份证号 (GB 11643).
 * - 专项职业能力证书, 培训合格证书: formats differ by province; only the characters are checked.
 */
import { checkIdCard } from './id-card'
import type { Labelled } from './catalog'

export const CERTIFICATE_KIND_LIST = [
  { code: 'qualification', label: '职业资格证书' },
  { code: 'skill_level', label: '职业技能等级证书' },
  { code: 'special_ability', label: '专项职业能力证书' },
  { code: 'training', label: '培训合格证书' },
  { code: 'special_operation', label: '特种作业操作证' }
] as const satisfies readonly Labelled[]
export type CertKind = (typeof CERTIFICATE_KIND_LIST)[number]['code']

/** Catalogue level codes '5' … '1' plus 特级技师 ('0'). */
export const CERTIFICATE_LEVELS = [
  { code: '5', label: '五级/初级工' },
  { code: '4', label: '四级/中级工' },
  { code: '3', label: '三级/高级工' },
  { code: '2', label: '二级/技师' },
  { code: '1', label: '一级/高级技师' },
  { code: '0', label: '特级技师' }
] as const satisfies readonly Labelled[]
export type CertLevel = (typeof CERTIFICATE_LEVELS)[number]['code']

export const VERIFICATIONS = [
  { code: 'verified', label: '已联网核验' },
  { code: 'pending', label: '待人工核验' },
  { code: 'rejected', label: '核验未通过' }
] as const satisfies readonly Labelled[]
export type Verification = (typeof VERIFICATIONS)[number]['code']

const LEVEL_WORD: Record<CertLevel, string> = { '5': '五级', '4': '四级', '3': '三级', '2': '二级', '1': '一级', '0': '特级技师' }
export const kindLabel = (k: CertKind) => CERTIFICATE_KIND_LIST.find((x) => x.code === k)?.label ?? k
export const levelLabel = (l: CertLevel | null) => (l ? CERTIFICATE_LEVELS.find((x) => x.code === l)?.label ?? l : '不分等级')
export const verificationLabel = (v: Verification) => VERIFICATIONS.find((x) => x.code === v)?.label ?? v

/** Kinds that carry a level (the others: level is null). */
export const kindHasLevel = (k: CertKind) => k === 'qualification' || k === 'skill_level'

/** GB/T 2260 province-level codes (and 66 新疆生产建设兵团, used by 人社 systems). */
export const PROVINCE_CODES: Record<string, string> = {
  '11': '北京', '12': '天津', '13': '河北', '14': '山西', '15': '内蒙古', '21': '辽宁', '22': '吉林', '23': '黑龙江',
  '31': '上海', '32': '江苏', '33': '浙江', '34': '安徽', '35': '福建', '36': '江西', '37': '山东', '41': '河南',
  '42': '湖北', '43': '湖南', '44': '广东', '45': '广西', '46': '海南', '50': '重庆', '51': '四川', '52': '贵州',
  '53': '云南', '54': '西藏', '61': '陕西', '62': '甘肃', '63': '青海', '64': '宁夏', '65': '新疆', '66': '新疆生产建设兵团'
}

export interface ParsedNumber {
  kind: CertKind
  /** Upper-case, spaces removed */
  normalized: string
  evaluator?: 'employer' | 'social'
  evaluatorCode?: string
  provinceCode?: string
  provinceName?: string
  orgSerial?: string
  year?: number
  level?: CertLevel
  serial?: string
}

export type NumberCheck = { ok: true; parsed: ParsedNumber } | { ok: false; message: string }

export interface CertificateClaim {
  kind: CertKind
  number: string
  level?: CertLevel | null
  /** YYYY-MM-DD */
  issuedOn?: string | null
}

export interface CertificateIssue {
  field: 'number' | 'level' | 'issuedOn'
  severity: 'error' | 'warning'
  message: string
}

const normalize = (s: string) => s.replace(/[\s-]/g, '').toUpperCase()

/** Two-digit year → full year, never in the future. */
function fullYear(yy: string, today: string): number {
  const now = Number(today.slice(0, 4))
  const y = 2000 + Number(yy)
  return y > now ? y - 100 : y
}

function digitsMessage(label: string, want: string, got: string): string {
  return `${label}应为${want}，现在是${got.length}位`
}

/** Checks a certificate number for its kind and explains the first problem in plain Chinese. */
export function parseCertificateNumber(kind: CertKind, input: string, today: string): NumberCheck {
  const n = normalize(input ?? '')
  if (!n) return { ok: false, message: '请填写证书编号' }
  switch (kind) {
    case 'skill_level':
      return parseSkillLevel(n, today)
    case 'qualification':
      return parseQualification(n, today)
    case 'special_operation': {
      const id = checkIdCard(n, today)
      if (!id.ok) return { ok: false, message: `特种作业操作证的证号就是持证人的身份证号：${id.message}` }
      return { ok: true, parsed: { kind, normalized: id.normalized, provinceCode: id.normalized.slice(0, 2), provinceName: PROVINCE_CODES[id.normalized.slice(0, 2)] } }
    }
    case 'special_ability':
    case 'training': {
      if (!/^[0-9A-Z]+$/.test(n)) return { ok: false, message: '证书编号只能有数字和字母，请照证书上的编号填写' }
      if (n.length < 6 || n.length > 30) return { ok: false, message: `证书编号应为6到30位，现在是${n.length}位` }
      return { ok: true, parsed: { kind, normalized: n } }
    }
  }
}

function checkProvince(code: string): string | null {
  return PROVINCE_CODES[code] ? null : `证书编号里的省份代码“${code}”不存在，请核对`
}

function parseSkillLevel(n: string, today: string): NumberCheck {
  const master = /^[A-Z]{2}/.test(n)
  if (!/^[A-Z]/.test(n)) return { ok: false, message: '职业技能等级证书编号第一位是字母Y或S，请核对' }
  if (!/^[YS]/.test(n)) return { ok: false, message: `职业技能等级证书编号第一位应为Y（用人单位）或S（社会培训评价组织），现在是${n[0]}` }
  const letters = master ? 2 : 1
  const digits = n.slice(letters)
  if (!/^\d+$/.test(digits)) return { ok: false, message: '职业技能等级证书编号除开头字母外都是数字，请核对' }
  const want = master ? 20 : 21
  if (digits.length !== want) {
    return { ok: false, message: digitsMessage(master ? '特级技师证书编号字母后' : '职业技能等级证书编号字母后', `${want}位数字`, digits) }
  }
  const evaluatorCode = digits.slice(0, 4)
  const provinceCode = digits.slice(4, 6)
  const orgSerial = digits.slice(6, 12)
  const yy = digits.slice(12, 14)
  const bad = checkProvince(provinceCode)
  if (bad) return { ok: false, message: bad }
  const year = fullYear(yy, today)
  if (year < 2019) return { ok: false, message: `证书编号显示是${year}年发的，职业技能等级证书从2019年才开始发放，请核对编号或证书类型` }
  let level: CertLevel
  let serial: string
  if (master) {
    level = '0'
    serial = digits.slice(14, 20)
  } else {
    const d = digits[14]
    if (!/[1-5]/.test(d)) return { ok: false, message: `证书编号第16位是等级，应为1到5，现在是${d}` }
    level = d as CertLevel
    serial = digits.slice(15, 21)
  }
  return {
    ok: true,
    parsed: {
      kind: 'skill_level',
      normalized: n,
      evaluator: n[0] === 'Y' ? 'employer' : 'social',
      evaluatorCode,
      provinceCode,
      provinceName: PROVINCE_CODES[provinceCode],
      orgSerial,
      year,
      level,
      serial
    }
  }
}

function parseQualification(n: string, today: string): NumberCheck {
  if (!/^\d+$/.test(n)) return { ok: false, message: '职业资格证书编号全是数字，请核对' }
  if (n.length !== 16 && n.length !== 22) return { ok: false, message: digitsMessage('职业资格证书编号', '16位或22位数字', n) }
  const provinceCode = n.slice(2, 4)
  const bad = checkProvince(provinceCode)
  if (bad) return { ok: false, message: bad }
  const d = n[10]
  if (!/[1-5]/.test(d)) return { ok: false, message: `职业资格证书编号第11位是等级，应为1到5，现在是${d}` }
  return {
    ok: true,
    parsed: {
      kind: 'qualification',
      normalized: n,
      provinceCode,
      provinceName: PROVINCE_CODES[provinceCode],
      orgSerial: n.slice(4, 10),
      year: fullYear(n.slice(0, 2), today),
      level: d as CertLevel,
      serial: n.slice(11)
    }
  }
}

/**
 * Everything wrong with what the worker entered, in plain Chinese: the number's own format, then where the
 * number contradicts the chosen level (error) or issue year (warning: evaluation and printing can straddle New Year).
 */
export function checkCertificate(claim: CertificateClaim, today: string): { parsed: ParsedNumber | null; issues: CertificateIssue[] } {
  const issues: CertificateIssue[] = []
  const r = parseCertificateNumber(claim.kind, claim.number, today)
  if (!r.ok) return { parsed: null, issues: [{ field: 'number', severity: 'error', message: r.message }] }
  const p = r.parsed
  if (kindHasLevel(claim.kind)) {
    if (!claim.level) issues.push({ field: 'level', severity: 'error', message: '请选择证书上的等级' })
    else if (p.level && p.level !== claim.level) {
      issues.push({ field: 'level', severity: 'error', message: `证书编号显示是${LEVEL_WORD[p.level]}，和你选的${LEVEL_WORD[claim.level]}不一样` })
    }
  }
  if (claim.issuedOn) {
    if (claim.issuedOn > today) issues.push({ field: 'issuedOn', severity: 'error', message: '发证日期不能晚于今天' })
    else if (p.year && Number(claim.issuedOn.slice(0, 4)) !== p.year) {
      issues.push({
        field: 'issuedOn',
        severity: 'warning',
        message: `证书编号显示是${p.year}年发的，和你填的发证日期（${claim.issuedOn.slice(0, 4)}年）不一样，请核对`
      })
    }
  }
  return { parsed: p, issues }
}

/** Issue date as "2025年3月5日". */
export function formatIssuedOn(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number)
  return `${y}年${m}月${d}日`
}

/** 统一社会信用代码 (GB 32100) check; early codes may fail yet be legal — callers warn, not reject. */
const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY'
export function isUsccShape(s: string): boolean {
  return /^[0-9A-HJ-NPQRTUWXY]{18}$/.test(s)
}
export function usccCheckChar(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += USCC_CHARS.indexOf(first17[i]) * (3 ** i % 31)
  return USCC_CHARS[(31 - (sum % 31)) % 31]
}
export function isValidUscc(s: string): boolean {
  return isUsccShape(s) && usccCheckChar(s.slice(0, 17)) === s[17]
}

/** Holder's name for the public check: first and last character kept (王秀英 → 王*英, 李明 → 李*). */
export function maskHolderName(name: string): string {
  const c = [...name.trim()]
  if (c.length <= 1) return c.join('')
  if (c.length === 2) return `${c[0]}*`
  return c[0] + '*'.repeat(c.length - 2) + c[c.length - 1]
}

/** Why a hand-added certificate is most often refused (the review desk offers them as one-tap choices; the reviewer may edit). */
export const CERT_REJECTION_REASONS: readonly string[] = [
  '照片看不清证书编号和姓名，请在光线好的地方把证书正面拍清楚，删除后重新添加',
  '证书上的姓名和你的实名信息不一致，请核对是不是本人的证书',
  '填写的证书编号和照片上的不一致，请核对后删除这本，重新添加',
  '照片不完整，请拍下证书正面和盖章页，删除后重新添加'
]
