/**
 * Seed data for the certificate capability (fictitious people and institutions):
 * - the development certificate registry (only when the dev registry adapter is in use): the demo identity
 *   王秀英 / 140302197803150021 with three certificates, plus other holders;
 * - the 培训机构备案 register for the public check: catalogue institutions (已备案 / 已注销 from their filing
 *   status) and a few cancelled ones that are not in the catalogue. Some names used by "包过" scams are
 *   deliberately absent (see UNREGISTERED_EXAMPLES).
 * Idempotent: rows that exist are left alone, so several instances may start at once.
 */
import { createHash } from 'node:crypto'
import type { Queryable } from '../db'
import { checkDigitOf } from '../../src/domain/id-card'
import { occupationByCode } from '../../src/domain/catalog'
import { usccCheckChar, type CertKind, type CertLevel } from '../../src/domain/certificate'
import { idDigest } from '../adapters'

export const DEMO_HOLDER = { realName: '王秀英', idNumber: '140302197803150021' }

/** Names a worker might be offered by a "包过" seller; none is in the register. */
export const UNREGISTERED_EXAMPLES = ['包过职业资格考证中心', '全国职业技能证书速办服务部', '阳泉市快拿证技能培训部']

interface HolderSeed {
  name: string
  /** first 17 digits of the ID; the check digit is computed */
  id17: string
  certs: { kind: CertKind; occ: string; level: CertLevel | null; daysAgo: number; issuer: string; evaluator?: string; province?: string; serial: number }[]
}

const ISSUERS = {
  jiazheng: '山西省家庭服务业协会（社会培训评价组织）',
  yangquanSchool: '阳泉市城区巾帼家政职业培训学校',
  shanghaiCenter: '上海市职业技能鉴定中心',
  shenyangCenter: '沈阳市职业技能鉴定指导中心',
  xinzhouCenter: '忻州市职业技能鉴定中心',
  welding: '太原重型机械集团有限公司（用人单位评价）',
  safety: '山西省应急管理厅',
  training: '阳泉市公共实训基地'
}

const HOLDERS: HolderSeed[] = [
  {
    name: DEMO_HOLDER.realName,
    id17: DEMO_HOLDER.idNumber.slice(0, 17),
    certs: [
      { kind: 'skill_level', occ: '4-10-01-02', level: '4', daysAgo: 90, issuer: ISSUERS.jiazheng, serial: 1207 },
      { kind: 'skill_level', occ: '4-10-01-02', level: '5', daysAgo: 200, issuer: ISSUERS.jiazheng, serial: 388 },
      { kind: 'skill_level', occ: '4-10-01-06', level: '5', daysAgo: 400, issuer: ISSUERS.yangquanSchool, serial: 52 }
    ]
  },
  {
    name: '李建国',
    id17: '14030219850612003',
    certs: [
      { kind: 'skill_level', occ: '6-18-02-04', level: '3', daysAgo: 150, issuer: ISSUERS.welding, evaluator: 'Y', serial: 77 },
      { kind: 'special_operation', occ: '6-31-01-03', level: null, daysAgo: 700, issuer: ISSUERS.safety, serial: 0 }
    ]
  },
  {
    name: '张桂兰',
    id17: '14030319700921002',
    certs: [{ kind: 'skill_level', occ: '4-10-01-05', level: '4', daysAgo: 60, issuer: ISSUERS.jiazheng, serial: 931 }]
  },
  {
    name: '刘洋',
    id17: '31011219920305001',
    certs: [
      { kind: 'skill_level', occ: '4-03-02-01', level: '4', daysAgo: 120, issuer: ISSUERS.shanghaiCenter, province: '31', serial: 4410 },
      { kind: 'qualification', occ: '4-03-02-01', level: '5', daysAgo: 2600, issuer: ISSUERS.shanghaiCenter, province: '31', serial: 9021 }
    ]
  },
  {
    name: '陈丽',
    id17: '31011519880717004',
    certs: [{ kind: 'skill_level', occ: '4-10-01-02', level: '3', daysAgo: 30, issuer: ISSUERS.shanghaiCenter, province: '31', serial: 12 }]
  },
  {
    name: '赵海涛',
    id17: '21010219900228005',
    certs: [
      { kind: 'skill_level', occ: '4-12-01-01', level: '4', daysAgo: 240, issuer: ISSUERS.shenyangCenter, province: '21', serial: 6630 },
      { kind: 'special_ability', occ: '4-12-01-01', level: null, daysAgo: 500, issuer: ISSUERS.shenyangCenter, province: '21', serial: 310 }
    ]
  },
  {
    name: '孙秀梅',
    id17: '14092219750403002',
    certs: [{ kind: 'training', occ: '5-01-02-01', level: null, daysAgo: 45, issuer: ISSUERS.xinzhouCenter, serial: 2088 }]
  },
  {
    name: '周强',
    id17: '14031119950811003',
    certs: [{ kind: 'skill_level', occ: '4-02-07-10', level: '5', daysAgo: 20, issuer: ISSUERS.training, serial: 5006 }]
  },
  {
    name: '吴艳',
    id17: '14030219831120004',
    certs: [{ kind: 'skill_level', occ: '4-10-03-01', level: '4', daysAgo: 330, issuer: ISSUERS.yangquanSchool, serial: 140 }]
  },
  {
    name: '马晓东',
    id17: '21011219870609001',
    certs: [{ kind: 'skill_level', occ: '6-31-01-03', level: '2', daysAgo: 610, issuer: ISSUERS.shenyangCenter, province: '21', serial: 81 }]
  }
]

const pad = (n: number, w: number) => String(n).padStart(w, '0')
const isoMinusDays = (today: string, days: number) => new Date(Date.parse(`${today}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10)

function numberFor(c: HolderSeed['certs'][number], idNumber: string, today: string, i: number): string {
  const yy = isoMinusDays(today, c.daysAgo).slice(2, 4)
  const province = c.province ?? '14'
  switch (c.kind) {
    case 'skill_level':
      // letter · 评价机构代码 · 省 · 机构序列码 · 年 · 等级 · 证书序列码
      return `${c.evaluator ?? 'S'}${pad(31 + i, 4)}${province}${pad(2100 + i * 7, 6)}${yy}${c.level}${pad(c.serial, 6)}`
    case 'qualification':
      return `${yy}${province}${pad(1001 + i, 6)}${c.level}${pad(c.serial, 11)}`
    case 'special_operation':
      return idNumber
    default:
      return `ZX${province}${yy}${pad(c.serial, 6)}`
  }
}

/** The development registry's rows as seeded on `today` (tests use it to know the demo numbers). */
export function devRegistryRows(today: string) {
  const rows: { number: string; holder_name: string; id_sha256: string; kind: CertKind; occupation_code: string; occupation_name: string; level: CertLevel | null; issued_days_ago: number; issuer: string }[] = []
  HOLDERS.forEach((h, hi) => {
    const idNumber = h.id17 + checkDigitOf(h.id17)
    h.certs.forEach((c, ci) => {
      rows.push({
        number: numberFor(c, idNumber, today, hi * 3 + ci),
        holder_name: h.name,
        id_sha256: idDigest(idNumber),
        kind: c.kind,
        occupation_code: c.occ,
        occupation_name: occupationByCode(c.occ)?.name ?? c.occ,
        level: c.level,
        issued_days_ago: c.daysAgo,
        issuer: c.issuer
      })
    })
  })
  return rows
}

export async function seedDevRegistry(db: Queryable, today: string): Promise<number> {
  const rows = devRegistryRows(today)
  // the demo holder's records are keyed by holder, so a re-seed on another day adds no second set
  const existing = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM dev_certificate_registry')
  if (existing[0].n > 0) return 0
  await db.query(
    `INSERT INTO dev_certificate_registry (number, holder_name, id_sha256, kind, occupation_code, occupation_name, level, issued_days_ago, issuer)
     SELECT number, holder_name, id_sha256, kind, occupation_code, occupation_name, level, issued_days_ago, issuer
     FROM jsonb_to_recordset($1::jsonb) AS x(number text, holder_name text, id_sha256 text, kind text, occupation_code text,
       occupation_name text, level text, issued_days_ago int, issuer text)
     ON CONFLICT (number) DO NOTHING`,
    [JSON.stringify(rows)]
  )
  return rows.length
}

const USCC_BODY = '0123456789ABCDEFGHJKLMNPQRTUWXY'
/** A well-formed 统一社会信用代码 (valid check character) derived from a name. */
export function creditCodeFor(name: string, regionCode: string, authority = '52'): string {
  const h = createHash('sha256').update(name).digest()
  let org = ''
  for (let i = 0; i < 9; i++) org += USCC_BODY[h[i] % 31]
  const first17 = `${authority}${regionCode}${org}`
  return first17 + usccCheckChar(first17)
}

const EXTRA_CANCELLED = [
  { name: '阳泉市城区速通职业技能培训学校', region: '140302', filed: '2021-04-12', cancelled: '2024-09-30' },
  { name: '上海闵行快证职业技能培训中心', region: '310112', filed: '2020-06-01', cancelled: '2023-12-15' },
  { name: '沈阳市和平区金牌考证培训学校', region: '210102', filed: '2019-03-20', cancelled: '2024-05-08' }
]

export async function seedInstitutionFilings(db: Queryable): Promise<number> {
  const existing = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM institution_filings')
  if (existing[0].n > 0) return 0
  // read-only use of the catalogue's seeded institutions so the register and the course list agree
  const catalogue = await db.query<{ name: string; type: string; filing_status: string; filing_no: string | null; region_code: string }>(
    'SELECT name, type, filing_status, filing_no, region_code FROM institutions ORDER BY id'
  )
  const rows: Record<string, unknown>[] = []
  for (const ins of catalogue) {
    if (ins.filing_status === 'pending') continue // not yet 备案: not in the register
    const year = ins.filing_no?.split('-')[1] ?? '2022'
    const authority = ins.type === 'enterprise_center' ? '91' : ins.type === 'public_base' || ins.type === 'technical_school' ? '12' : '52'
    rows.push({
      credit_code: creditCodeFor(ins.name, ins.region_code, authority),
      name: ins.name,
      status: ins.filing_status === 'filed' ? 'filed' : 'cancelled',
      filing_no: ins.filing_no,
      region_code: ins.region_code,
      filed_on: `${year}-03-01`,
      cancelled_on: ins.filing_status === 'filed' ? null : '2025-06-30'
    })
  }
  for (const x of EXTRA_CANCELLED) {
    rows.push({
      credit_code: creditCodeFor(x.name, x.region),
      name: x.name,
      status: 'cancelled',
      filing_no: `${x.region}-${x.filed.slice(0, 4)}-0${x.region.slice(4)}`,
      region_code: x.region,
      filed_on: x.filed,
      cancelled_on: x.cancelled
    })
  }
  await db.query(
    `INSERT INTO institution_filings (credit_code, name, status, filing_no, region_code, filed_on, cancelled_on)
     SELECT credit_code, name, status, filing_no, region_code, filed_on, cancelled_on
     FROM jsonb_to_recordset($1::jsonb) AS x(credit_code text, name text, status text, filing_no text, region_code text, filed_on date, cancelled_on date)
     ON CONFLICT (credit_code) DO NOTHING`,
    [JSON.stringify(rows)]
  )
  return rows.length
}
