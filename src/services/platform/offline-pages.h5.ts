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

/**
 * How long fetching a page's code may take before the network counts as dead. Generous: on a 2G-like link a
 * subpackage chunk takes a few seconds, and the page could not open any faster by navigating.
 */
export const PAGE_CODE_TIMEOUT_MS = 12_000

const CODE_TYPE = /javascript|css/

/**
 * Fetches the files of a page's code that are not on the phone, as the navigation would (ordinary GET, the
 * browser's cache: they are immutable, so the navigation then loads them from that cache — no extra round
 * trip). True only when every file came back from this site as code: `navigator.onLine` says true behind a
 * captive portal (whose login page answers everything with HTML) or on a dead mobile link, and then a move
 * would fail to load the page's code and the router would leave the old page on screen.
 */
async function fetchPageCode(files: string[], timeoutMs: number): Promise<boolean> {
  if (typeof fetch === 'undefined' || typeof location === 'undefined') return true
  const abort = typeof AbortController !== 'undefined' ? new AbortController() : null
  let timer: ReturnType<typeof setTimeout> | undefined
  const timedOut = new Promise<false>((resolve) => {
    timer = setTimeout(() => {
      abort?.abort()
      resolve(false)
    }, timeoutMs)
  })
  const fetched = Promise.all(
    files.map((f) =>
      fetch(new URL(f, location.origin).toString(), { credentials: 'same-origin', signal: abort?.signal }).then(
        async (res) => {
          const ok = res.ok && CODE_TYPE.test(res.headers.get('content-type') ?? '') && new URL(res.url || location.origin).origin === location.origin
          await res.arrayBuffer() // read to the end, so the cache holds the whole file
          return ok
        },
        () => false
      )
    )
  ).then((all) => all.every(Boolean))
  try {
    return await Promise.race([fetched, timedOut])
  } finally {
    clearTimeout(timer)
  }
}

/**
 * Whether `path` can open now: a page without chunks of its own, or all its chunks cached, opens whatever the
 * network; otherwise its missing code is fetched first (above) — `navigator.onLine === false` only saves the
 * attempt when the phone itself knows it is offline.
 */
export async function canOpenPage(path: string, timeoutMs: number = PAGE_CODE_TIMEOUT_MS): Promise<boolean> {
  const all = (typeof window !== 'undefined' && window.__zsbPageChunks) || null
  const files = all?.[path.split('?')[0]]
  if (!files || files.length === 0) return true
  let missing = files
  if (typeof caches !== 'undefined') {
    const hits = await Promise.all(files.map((f) => caches.match(f).then((r) => !!r, () => false)))
    missing = files.filter((_, i) => !hits[i])
    if (missing.length === 0) return true
  }
  if (typeof navigator !== 'undefined' && navigator.onLine === false) return false
  return fetchPageCode(missing, timeoutMs)
}
