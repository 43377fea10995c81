/**
 * Position in the browser: navigator.geolocation (WGS-84). Taro's H5 getLocation supports only
 * wgs84, so we call the W3C API directly and shift to GCJ-02, the system our course data uses.
 */
import { wgs84ToGcj02 } from './gcj02'
import { LOCATION_TIMEOUT_MS, withDeadline, type LocationResult } from './location.types'

export type { LocationResult, LocationFailure } from './location.types'

export function getLocation(timeoutMs = LOCATION_TIMEOUT_MS): Promise<LocationResult> {
  if (typeof navigator === 'undefined' || !navigator.geolocation) {
    return Promise.resolve({ ok: false, reason: 'unavailable' })
  }
  const ask = new Promise<LocationResult>((resolve) => {
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        const p = wgs84ToGcj02(pos.coords.latitude, pos.coords.longitude)
        resolve({ ok: true, lat: p.lat, lng: p.lng })
      },
      (err) => resolve({ ok: false, reason: err.code === 1 ? 'denied' : err.code === 3 ? 'timeout' : 'unavailable' }),
      { enableHighAccuracy: false, timeout: timeoutMs, maximumAge: 5 * 60_000 }
    )
  })
  return withDeadline(ask, timeoutMs)
}

/** Whether the browser would answer without a prompt (permission granted earlier). */
export async function locationAllowed(): Promise<boolean> {
  try {
    if (typeof navigator === 'undefined' || !navigator.permissions?.query) return false
    const status = await navigator.permissions.query({ name: 'geolocation' })
    return status.state === 'granted'
  } catch {
    return false
  }
}
