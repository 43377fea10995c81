/** Open the place on Amap's web marker page (works in any browser, hands off to the app if installed). */
export interface Place {
  lat: number
  lng: number
  name: string
  address: string
}

export function mapLink(place: Place): string {
  const q = `position=${place.lng},${place.lat}&name=${encodeURIComponent(place.name)}&src=zhangshangban&coordinate=gaode&callnative=1`
  return `https://uri.amap.com/marker?${q}`
}

export function openMap(place: Place): void {
  if (typeof window !== 'undefined') window.location.href = mapLink(place)
}
