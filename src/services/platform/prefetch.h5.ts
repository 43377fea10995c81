/**
 * Responses the H5 shell (src/index.html) started before the app's JS arrived. Each is used once,
 * by the first GET of exactly the same URL; later calls go to the network as usual.
 */
type Prefetched = Promise<{ status: number; data: unknown }>

export function takePrefetched(url: string): Prefetched | null {
  if (typeof window === 'undefined') return null
  const table = (window as unknown as { __zsbPrefetch?: Record<string, Prefetched | undefined> }).__zsbPrefetch
  const found = table?.[url]
  if (!found) return null
  delete table[url]
  return found
}
