/** GB/T 2260 regions from server/seed/regions.csv, with full names and ancestor paths. */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

export type RegionLevel = 'province' | 'city' | 'district' | 'county'

export interface RegionRow {
  code: string
  name: string
  parentCode: string | null
  level: RegionLevel
  fullName: string
  /** this code and its ancestors, root first */
  path: string[]
  lat: number
  lng: number
}

export const REGIONS_CSV = join(__dirname, 'regions.csv')

export function parseRegionsCsv(text: string): RegionRow[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() && !l.startsWith('#'))
  const [header, ...rows] = lines
  const cols = header.split(',')
  const idx = (name: string) => cols.indexOf(name)
  const raw = rows.map((line) => {
    const f = line.split(',')
    return {
      code: f[idx('code')],
      name: f[idx('name')],
      parentCode: f[idx('parent_code')] || null,
      level: f[idx('level')] as RegionLevel,
      lat: Number(f[idx('lat')]),
      lng: Number(f[idx('lng')])
    }
  })
  const byCode = new Map(raw.map((r) => [r.code, r]))
  return raw.map((r) => {
    const chain: typeof raw = []
    for (let cur: (typeof raw)[number] | undefined = r; cur; cur = cur.parentCode ? byCode.get(cur.parentCode) : undefined) {
      chain.unshift(cur)
    }
    return { ...r, fullName: chain.map((c) => c.name).join(''), path: chain.map((c) => c.code) }
  })
}

export function loadRegions(file = REGIONS_CSV): RegionRow[] {
  return parseRegionsCsv(readFileSync(file, 'utf8'))
}
