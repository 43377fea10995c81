export type LocationFailure = 'denied' | 'unavailable' | 'timeout'

export type LocationResult =
  | { ok: true; lat: number; lng: number }
  | { ok: false; reason: LocationFailure }

export const LOCATION_TIMEOUT_MS = 8000

export function withDeadline(promise: Promise<LocationResult>, ms: number): Promise<LocationResult> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ ok: false, reason: 'timeout' }), ms)
    promise.then(
      (result) => {
        clearTimeout(timer)
        resolve(result)
      },
      () => {
        clearTimeout(timer)
        resolve({ ok: false, reason: 'unavailable' })
      }
    )
  })
}
