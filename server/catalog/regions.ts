/** Region lookups, loaded once from the database (the table is small and read-only at runtime). */
import type { Queryable } from '../db'
import type { Region } from '../../src/contract'

export interface RegionIndex {
  list: Region[]
  byCode: Map<string, Region>
}

export async function loadRegionIndex(db: Queryable): Promise<RegionIndex> {
  const rows = await db.query<{ code: string; name: string; parent_code: string | null; level: Region['level']; full_name: string; lat: number; lng: number }>(
    'SELECT code, name, parent_code, level, full_name, lat, lng FROM regions ORDER BY code'
  )
  const list: Region[] = rows.map((r) => ({ code: r.code, name: r.name, parentCode: r.parent_code, level: r.level, fullName: r.full_name, lat: r.lat, lng: r.lng }))
  return { list, byCode: new Map(list.map((r) => [r.code, r])) }
}
