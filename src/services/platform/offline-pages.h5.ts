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

/** Whether `path` can open now: online, a page without its own chunks, or all its chunks cached. */
export async function canOpenPage(path: string): Promise<boolean> {
  if (typeof navigator === 'undefined' || navigator.onLine !== false) return true
  const all = (typeof window !== 'undefined' && window.__zsbPageChunks) || null
  const files = all?.[path.split('?')[0]]
  if (!files || files.length === 0 || typeof caches === 'undefined') return true
  const hits = await Promise.all(files.map((f) => caches.match(f).then((r) => !!r, () => false)))
  return hits.every(Boolean)
}
