/**
 * When a course search finds nothing or only a few courses, offer to widen it: a larger radius, the
 * whole city / province, or one filter dropped — each one tap, each a real query. Pure: the list page
 * computes the offers and applies the one tapped.
 */
import { OCCUPATION_CATEGORIES, SCHEDULE_SLOTS, SKILL_LEVELS, TRAINING_MODES, TRAINING_TYPES, labelOf } from './catalog'

/** Fewer than this many results (and no further page) counts as "few". */
export const FEW_RESULTS = 3
/** Radius steps in km; the server's default is the first. */
export const RADIUS_STEPS_KM = [50, 100, 200, 500] as const

/** Municipalities (直辖市): their districts sit directly under the province-level code. */
const MUNICIPALITIES = new Set(['11', '12', '31', '50'])

export interface SearchFilters {
  category?: string
  trainingType?: string
  level?: string
  mode?: string
  schedule?: string
  startsWithinDays?: number
  subsidizedOnly?: boolean
  hasSeats?: boolean
}
export type FilterKey = keyof SearchFilters

export type WidenOffer =
  | { kind: 'radius'; radiusKm: number; label: string }
  | { kind: 'region'; regionCode: string; label: string }
  | { kind: 'drop'; filter: FilterKey | 'keyword'; label: string }

export interface WidenInput {
  anchor: 'near' | 'region' | 'other'
  /** Current radius (near only); the server default when not set */
  radiusKm?: number
  /** Current region code (region only) */
  regionCode?: string | null
  filters: SearchFilters
  keyword: string
  count: number
  hasMore: boolean
}

/** The next larger area for a GB/T 2260 code, or null at province level. */
export function widerRegion(code: string): { code: string; label: string } | null {
  if (!/^\d{6}$/.test(code) || code.endsWith('0000')) return null
  const province = `${code.slice(0, 2)}0000`
  if (MUNICIPALITIES.has(code.slice(0, 2))) return { code: province, label: '扩大到全市' }
  if (code.endsWith('00')) return { code: province, label: '扩大到全省' }
  return { code: `${code.slice(0, 4)}00`, label: '扩大到全市' }
}

function filterWord(key: FilterKey, f: SearchFilters): string | null {
  switch (key) {
    case 'category':
      return f.category ? labelOf(OCCUPATION_CATEGORIES, f.category) : null
    case 'trainingType':
      return f.trainingType ? labelOf(TRAINING_TYPES, f.trainingType) : null
    case 'level':
      return f.level ? labelOf(SKILL_LEVELS, f.level) : null
    case 'mode':
      return f.mode ? labelOf(TRAINING_MODES, f.mode) : null
    case 'schedule':
      return f.schedule ? labelOf(SCHEDULE_SLOTS, f.schedule) : null
    case 'startsWithinDays':
      return f.startsWithinDays ? `${f.startsWithinDays}天内开课` : null
    case 'subsidizedOnly':
      return f.subsidizedOnly ? '只看有补贴' : null
    case 'hasSeats':
      return f.hasSeats ? '只看有名额' : null
  }
}

const FILTER_ORDER: readonly FilterKey[] = ['startsWithinDays', 'schedule', 'mode', 'level', 'trainingType', 'hasSeats', 'subsidizedOnly', 'category']

export function widenOffers(input: WidenInput): WidenOffer[] {
  if (input.hasMore || input.count >= FEW_RESULTS) return []
  const offers: WidenOffer[] = []
  if (input.anchor === 'near') {
    const current = input.radiusKm ?? RADIUS_STEPS_KM[0]
    const next = RADIUS_STEPS_KM.find((r) => r > current)
    if (next) offers.push({ kind: 'radius', radiusKm: next, label: `扩大到${next}公里` })
  } else if (input.anchor === 'region' && input.regionCode) {
    const wider = widerRegion(input.regionCode)
    if (wider) offers.push({ kind: 'region', regionCode: wider.code, label: wider.label })
  }
  if (input.keyword) offers.push({ kind: 'drop', filter: 'keyword', label: `去掉搜索词“${input.keyword}”` })
  for (const key of FILTER_ORDER) {
    const word = filterWord(key, input.filters)
    if (word) offers.push({ kind: 'drop', filter: key, label: `去掉“${word}”` })
  }
  return offers
}
