import type { OccupationList, RegionList } from '../../contract'
import { callRoute, routes } from './client'

let regionsOnce: Promise<RegionList> | null = null

/** Regions rarely change: one request per app run (a failure is not cached). */
export function getRegions(): Promise<RegionList> {
  if (!regionsOnce) {
    regionsOnce = callRoute(routes.regions)
    regionsOnce.catch(() => {
      regionsOnce = null
    })
  }
  return regionsOnce
}

export function getOccupations(): Promise<OccupationList> {
  return callRoute(routes.occupations)
}
