/**
 * Opened from a station's QR code (`?station=stn_…`, or inside `q` when WeChat opens a scanned link):
 * remember the station as the referral and show the courses of the station's district.
 */
import { useEffect } from 'react'
import { getStation } from '../../services/api/staff'
import { getPageParams } from '../../services/platform'
import { useLocation } from '../../store/location'
import { STATION_ID_PATTERN, useReferral } from '../../store/referral'

function stationParam(): string | null {
  const p = getPageParams()
  const direct = p.station ?? /[?&]station=(stn_[0-9a-z]+)/.exec(p.q ?? '')?.[1]
  return direct && STATION_ID_PATTERN.test(direct) ? direct : null
}

export function useStationReferral(): void {
  useEffect(() => {
    const id = stationParam()
    if (!id) return
    useReferral.getState().setStation(id)
    getStation(id).then(
      (s) => useLocation.getState().chooseRegion({ code: s.regionCode, name: s.regionName }),
      () => undefined
    )
  }, [])
}
