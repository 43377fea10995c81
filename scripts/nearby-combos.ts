/**
 * The filter combinations the app offers on the nearby list, each at a place: what scripts/nearby-explain.ts
 * (plans, rows, buffers) and `npm run bench` (latency of each request alone) measure. `query` is the API's
 * query string beside lat/lng (the contract's names); `startsWithinDays` becomes the statement's start date.
 */
export const PLACES = {
  阳泉: { lat: 37.857, lng: 113.58 },
  上海: { lat: 31.23, lng: 121.47 }
} as const

export interface NearbyCombo {
  name: string
  at: keyof typeof PLACES
  query: Record<string, string | number | boolean>
}

export const COMBOS: NearbyCombo[] = [
  { name: 'no filter (阳泉)', at: '阳泉', query: {} },
  { name: 'no filter (上海)', at: '上海', query: {} },
  { name: 'category 物流', at: '阳泉', query: { category: 'logistics' } },
  { name: '工种 快递员', at: '阳泉', query: { occupation: '4-02-07-01' } },
  { name: '快递员 + 初级 + 线上 (阳泉)', at: '阳泉', query: { occupation: '4-02-07-01', level: '5', mode: 'online' } },
  { name: '快递员 + 初级 + 线上 (上海)', at: '上海', query: { occupation: '4-02-07-01', level: '5', mode: 'online' } },
  { name: 'category + 四级 + 补贴 + 有名额 + 30 天内', at: '阳泉', query: { category: 'housekeeping', level: '4', subsidizedOnly: true, hasSeats: true, startsWithinDays: 30 } },
  { name: '级别 一级', at: '阳泉', query: { level: '1' } },
  { name: '方式 线上', at: '阳泉', query: { mode: 'online' } },
  { name: '方式 送教下乡 (上海)', at: '上海', query: { mode: 'village' } },
  { name: '类型 创业', at: '阳泉', query: { trainingType: 'startup' } },
  { name: '二级 + 线上 + 周末', at: '阳泉', query: { level: '2', mode: 'online', schedule: 'weekend' } },
  { name: '时段 周末', at: '阳泉', query: { schedule: 'weekend' } },
  { name: '补贴 + 有名额', at: '阳泉', query: { subsidizedOnly: true, hasSeats: true } },
  { name: '7 天内开课', at: '阳泉', query: { startsWithinDays: 7 } },
  { name: '地区 阳泉市 (在阳泉)', at: '阳泉', query: { region: '140300' } },
  { name: '地区 上海 (在阳泉)', at: '阳泉', query: { region: '310000' } },
  { name: '地区 城区 + category', at: '阳泉', query: { region: '140302', category: 'housekeeping' } }
]

/** The plain search a combination is compared with: no filter at the same place. */
export const plainOf = (c: NearbyCombo): NearbyCombo => COMBOS.find((p) => p.at === c.at && Object.keys(p.query).length === 0)!

/** `&category=logistics&level=5…` */
export const queryString = (q: NearbyCombo['query']): string =>
  Object.entries(q)
    .map(([k, v]) => `&${k}=${encodeURIComponent(String(v))}`)
    .join('')
