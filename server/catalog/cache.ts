/**
 * Short-lived in-process cache of catalogue answers (search pages, course and institution details), keyed on
 * the normalised request. Why: the embedded database (PGlite) runs one query at a time, so repeated reads —
 * the home list, a region's list, a popular course — queue behind each other; served from memory they cost
 * no query. Correctness: an entry is used only while the database's catalogue version is the one it was
 * read under (any committed write to courses — seats included —, course_details or institutions bumps it,
 * server/db/index.ts), and at most `ttlMs` old (writes the SQL check cannot see, e.g. another process).
 * Identical concurrent misses share one query.
 *
 * Default TTL: 10 s on PGlite (one process owns the data, so every write is seen); 0 (off) on PostgreSQL,
 * where another instance's writes are invisible here and the database is fast enough on its own.
 * CATALOG_CACHE_MS overrides both.
 */
import type { Db } from '../db'

interface Entry {
  version: number
  at: number
  value: unknown
}

export interface CatalogCache {
  get<T>(key: string, load: () => Promise<T>): Promise<T>
  readonly stats: { hits: number; misses: number }
}

const caches = new WeakMap<Db, CatalogCache>()

export function catalogCacheTtlMs(db: Db, env: NodeJS.ProcessEnv = process.env): number {
  const v = env.CATALOG_CACHE_MS
  if (v !== undefined && v !== '' && Number.isFinite(Number(v)) && Number(v) >= 0) return Number(v)
  return db.kind === 'pglite' ? 10_000 : 0
}

export function catalogCache(db: Db, opts: { ttlMs?: number; maxEntries?: number; now?: () => number } = {}): CatalogCache {
  const existing = caches.get(db)
  if (existing) return existing
  const ttlMs = opts.ttlMs ?? catalogCacheTtlMs(db)
  const maxEntries = opts.maxEntries ?? 5000
  const now = opts.now ?? Date.now
  const entries = new Map<string, Entry>()
  const pending = new Map<string, Promise<unknown>>()
  const stats = { hits: 0, misses: 0 }
  const cache: CatalogCache = {
    stats,
    async get<T>(key: string, load: () => Promise<T>): Promise<T> {
      if (ttlMs <= 0) return load()
      const version = db.catalogVersion()
      const hit = entries.get(key)
      if (hit && hit.version === version && now() - hit.at < ttlMs) {
        stats.hits++
        return hit.value as T
      }
      const flightKey = `${version}\n${key}`
      const inFlight = pending.get(flightKey)
      if (inFlight) {
        stats.hits++
        return inFlight as Promise<T>
      }
      stats.misses++
      const started = now()
      const p = load().then(
        (value) => {
          pending.delete(flightKey)
          // stored only if no write committed while it was read
          if (db.catalogVersion() === version) {
            entries.delete(key)
            entries.set(key, { version, at: started, value })
            if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string)
          }
          return value
        },
        (err) => {
          pending.delete(flightKey)
          throw err
        }
      )
      pending.set(flightKey, p)
      return p
    }
  }
  caches.set(db, cache)
  return cache
}

/** For code that changes the catalogue without SQL through this Db (see Db.touchCatalog). */
export function invalidateCatalog(db: Db): void {
  db.touchCatalog()
}

/** Cache key of a request: path + query parameters in a fixed order (values as validated). */
export function normalisedKey(kind: string, parts: Record<string, unknown>): string {
  return `${kind}?${Object.keys(parts)
    .filter((k) => parts[k] !== undefined)
    .sort()
    .map((k) => `${k}=${String(parts[k])}`)
    .join('&')}`
}
