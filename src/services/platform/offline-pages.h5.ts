/**
 * H5: a role's pages kept for offline use. The shell writes which JS/CSS chunks each page needs
 * (`window.__zsbPageChunks`, config/page-chunks.ts); the service worker (src/sw.js) precaches a role's
 * chunks on `zsb-keep` and drops them on `zsb-drop`. A page of a subpackage whose chunks are not on the
 * phone cannot open offline (ChunkLoadError, and Taro's router keeps the old page on screen): `canOpen`
 * tells the navigation so it can say so and stay put.
 */
export type OfflineRole = 'staff'

declare global {
  interface Window {
    __zsbPageChunks?: Record<string, string[]> | null
  }
}

const chunksOf = (prefix: string): string[] => {
  const all = (typeof window !== 'undefined' && window.__zsbPageChunks) || {}
  const out = new Set<string>()
  for (const [route, files] of Object.entries(all)) if (route.startsWith(prefix)) for (const f of files) out.add(f)
  return [...out]
}

const prefixOf = (role: OfflineRole) => `/subpackages/${role}/`

async function post(message: Record<string, unknown>): Promise<{ ok: boolean; count?: number; error?: string }> {
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return { ok: false, error: 'no service worker' }
  const reg = await navigator.serviceWorker.ready
  const worker = reg.active
  if (!worker) return { ok: false, error: 'no active service worker' }
  return new Promise((resolve) => {
    const channel = new MessageChannel()
    channel.port1.onmessage = (e: MessageEvent) => resolve(e.data as { ok: boolean })
    worker.postMessage(message, [channel.port2])
  })
}

let kept: Promise<boolean> | null = null

/** Precache every page of the role (their code and styles); resolves true once all are on the phone. */
export function keepPagesOffline(role: OfflineRole): Promise<boolean> {
  if (kept) return kept
  const urls = chunksOf(prefixOf(role))
  if (urls.length === 0) return Promise.resolve(false)
  kept = post({ type: 'zsb-keep', role, urls }).then(
    (r) => {
      if (!r.ok) kept = null
      return r.ok
    },
    () => {
      kept = null
      return false
    }
  )
  return kept
}

/** Logout: the role's pages leave the phone's cache. */
export async function dropPagesOffline(role: OfflineRole): Promise<void> {
  kept = null
  await post({ type: 'zsb-drop', role }).catch(() => undefined)
}

/** How long the reachability probe may take before the network counts as dead (a hanging captive network). */
export const PROBE_TIMEOUT_MS = 3000

/**
 * Whether this site answers right now: a HEAD of the service worker script (never answered from a cache: the
 * worker passes it through, `no-store`), within PROBE_TIMEOUT_MS, with a JavaScript content type. `navigator.onLine`
 * is not enough: it says true behind a captive portal (whose login page answers everything with HTML) or on a
 * dead mobile link, and then a page whose code is not cached fails to load and the router leaves the old page.
 */
export async function siteReachable(timeoutMs: number = PROBE_TIMEOUT_MS): Promise<boolean> {
  if (typeof fetch === 'undefined' || typeof location === 'undefined') return true
  const abort = typeof AbortController !== 'undefined' ? new AbortController() : null
  let timer: ReturnType<typeof setTimeout> | undefined
  const timedOut = new Promise<false>((resolve) => {
    timer = setTimeout(() => {
      abort?.abort()
      resolve(false)
    }, timeoutMs)
  })
  const probe = fetch(`${location.origin}/sw.js?reach=${Date.now()}`, { method: 'HEAD', cache: 'no-store', credentials: 'omit', signal: abort?.signal }).then(
    (res) => res.ok && /javascript/.test(res.headers.get('content-type') ?? '') && new URL(res.url || location.origin).origin === location.origin,
    () => false
  )
  try {
    return await Promise.race([probe, timedOut])
  } finally {
    clearTimeout(timer)
  }
}

/**
 * Whether `path` can open now: a page without chunks of its own, or all its chunks cached, opens whatever the
 * network; otherwise it needs the site, decided by a real request (the probe above) — `navigator.onLine === false`
 * only saves the probe when the phone itself knows it is offline.
 */
export async function canOpenPage(path: string): Promise<boolean> {
  const all = (typeof window !== 'undefined' && window.__zsbPageChunks) || null
  const files = all?.[path.split('?')[0]]
  if (!files || files.length === 0) return true
  if (typeof caches !== 'undefined') {
    const hits = await Promise.all(files.map((f) => caches.match(f).then((r) => !!r, () => false)))
    if (hits.every(Boolean)) return true
  }
  if (typeof navigator !== 'undefined' && navigator.onLine === false) return false
  return siteReachable()
}
