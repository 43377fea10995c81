import type { OccupationList, RegionList } from '../../contract'
import { api } from './client'

let regionsOnce: Promise<RegionList> | null = null

/** Regions rarely change: one request per app run (a failure is not cached). */
export function getRegions(): Promise<RegionList> {
  if (!regionsOnce) {
    regionsOnce = api.get<RegionList>('/api/v1/regions')
    regionsOnce.catch(() => {
      regionsOnce = null
    })
  }
  return regionsOnce
}

export function getOccupations(): Promise<OccupationList> {
  return api.get<OccupationList>('/api/v1/occupations')
}
