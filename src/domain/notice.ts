/**
 * Policy notices: the tag vocabulary, region targeting and the limits a notice must respect.
 * Pure; shared by the server (validation, feed and fan-out matching) and the phone (filters, labels).
 */
import { OCCUPATION_CATEGORIES, WORKER_GROUPS } from './catalog'

/** A notice meant for the whole country carries this target instead of a GB/T 2260 prefix. */
export const NATIONWIDE = '000000'

export const NOTICE_LIMITS = {
  title: 40,
  /** 通俗摘要: what the notice means for the reader, in one or two short sentences */
  summary: 80,
  body: 5000,
  issuer: 40,
  docNumber: 40,
  regions: 20,
  tags: 12,
  courseIds: 10,
  withdrawReason: 200,
  subscriptionTags: 12
} as const

export type NoticeTagKind = 'group' | 'trade' | 'subsidy'

export interface NoticeTag {
  /** `group:rural_migrant`, `trade:eldercare`, `subsidy:living` */
  code: string
  kind: NoticeTagKind
  label: string
}

const SUBSIDY_TAGS = [
  { code: 'training', label: '职业培训补贴' },
  { code: 'living', label: '生活费补贴' },
  { code: 'evaluation', label: '技能评价补贴' }
] as const

/** Short labels for the 人员类别 (the full ones are too long for a chip). */
const GROUP_SHORT: Record<string, string> = {
  poverty_alleviated: '脱贫劳动力',
  graduate_rural: '未升学毕业生',
  graduate_urban_dibao: '低保家庭毕业生'
}

export const NOTICE_TAGS: readonly NoticeTag[] = [
  ...SUBSIDY_TAGS.map((t) => ({ code: `subsidy:${t.code}`, kind: 'subsidy' as const, label: t.label })),
  ...WORKER_GROUPS.map((g) => ({ code: `group:${g.code}`, kind: 'group' as const, label: GROUP_SHORT[g.code] ?? g.label })),
  ...OCCUPATION_CATEGORIES.map((c) => ({ code: `trade:${c.code}`, kind: 'trade' as const, label: c.label }))
]

export const NOTICE_TAG_CODES: readonly string[] = NOTICE_TAGS.map((t) => t.code)
const TAG_BY_CODE = new Map(NOTICE_TAGS.map((t) => [t.code, t]))

export const isNoticeTag = (code: string): boolean => TAG_BY_CODE.has(code)
export const noticeTagLabel = (code: string): string => TAG_BY_CODE.get(code)?.label ?? code

export const NOTICE_TAG_KIND_LABELS: Record<NoticeTagKind, string> = { subsidy: '补贴', group: '人员类别', trade: '工种' }

/** A target region: 全国, or a GB/T 2260 province (2 digits), city (4) or county/district (6) prefix. */
export const REGION_TARGET_PATTERN = '^(000000|[1-8][0-9]([0-9]{2}([0-9]{2})?)?)$'

/** Trailing "00" pairs of a 6-digit code dropped: 140300 → 1403, 310000 → 31. */
export function regionPrefix(code: string): string {
  if (code === NATIONWIDE) return NATIONWIDE
  let p = code
  while (p.length > 2 && p.endsWith('00')) p = p.slice(0, -2)
  return p
}

/**
 * Every target that reaches a reader in `region`: 全国, its province, its city and itself.
 * 140322 → [000000, 14, 1403, 140322]. A notice reaches the reader when its targets meet this list.
 */
export function targetsReaching(region: string): string[] {
  const p = regionPrefix(region)
  if (p === NATIONWIDE) return [NATIONWIDE]
  const out = [NATIONWIDE]
  for (let n = 2; n <= p.length; n += 2) out.push(p.slice(0, n))
  return out
}

/** Does a notice targeted at `targets` reach a reader in `region`? */
export function noticeReaches(targets: readonly string[], region: string): boolean {
  const reach = new Set(targetsReaching(region))
  return targets.some((t) => reach.has(regionPrefix(t)))
}

/**
 * Does an office covering `prefix` (a reviewer's region) cover every target of a notice?
 * A reviewer for 1403 may target 1403 or 140322, never 14, 31 or 全国.
 */
export function officeCoversTargets(prefix: string, targets: readonly string[]): boolean {
  const own = regionPrefix(prefix)
  return targets.length > 0 && targets.every((t) => t !== NATIONWIDE && regionPrefix(t).startsWith(own))
}

/** The longest text GET /api/v1/speech reads aloud (the eligibility explanation fits; a notice has its own route) */
export const SPEECH_TEXT_MAX = 400

/** 字 count as a reader sees it (code points, not UTF-16 units). */
export const charCount = (s: string): number => Array.from(s).length

/** What is read aloud for a notice: title, summary, then the body (the summary first, as on the page). */
export function noticeSpeechText(n: { title: string; summary: string; body: string; issuer: string }): string {
  return `${n.title}。${n.summary}。${n.body}。发布单位：${n.issuer}。`
}
