/** Distances on the Earth and how we say them to a worker. */

const EARTH_RADIUS_KM = 6371.0088

export interface LatLng {
  lat: number
  lng: number
}

/** Great-circle distance in kilometres (haversine). */
export function distanceKm(a: LatLng, b: LatLng): number {
  const toRad = (d: number) => (d * Math.PI) / 180
  const dLat = toRad(b.lat - a.lat)
  const dLng = toRad(b.lng - a.lng)
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(toRad(a.lat)) * Math.cos(toRad(b.lat)) * Math.sin(dLng / 2) ** 2
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)))
}

/** "350 米", "1.2 公里", "23 公里" — metres under 1 km, one decimal under 10 km. */
export function formatDistance(km: number): string {
  if (!Number.isFinite(km) || km < 0) return ''
  // Decide on the rounded value, so 0.999 km reads "1.0 公里" (not "1000 米") and 9.96 km "10 公里".
  const metres = Math.max(10, Math.round((km * 1000) / 10) * 10)
  if (metres < 1000) return `${metres} 米`
  const tenths = Math.round(km * 10) / 10
  if (tenths < 10) return `${tenths.toFixed(1)} 公里`
  return `${Math.round(km)} 公里`
}

/**
 * Coarsen a position before it leaves the phone: 3 decimals ≈ 100 m, enough to sort courses by
 * distance and too coarse to pinpoint a home.
 */
export function coarsen(position: LatLng, decimals = 3): LatLng {
  const f = 10 ** decimals
  return { lat: Math.round(position.lat * f) / f, lng: Math.round(position.lng * f) / f }
}
