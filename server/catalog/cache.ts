/**
 * Short-lived in-process cache of catalogue answers (search pages, course and institution details), keyed on
 * the normalised request. Why: the embedded database (PGlite) runs one query at a time, so repeated reads —
 * the home list, a region's list, a popular course — queue behind each other; served from memory they cost
 * no query. Correctness: an entry is used only while the database's catalogue version is the one it was
 * read under (any committed write to courses, course_details or institutions bumps it, server/db/index.ts),
 * and at most `ttlMs` old (writes the SQL check cannot see). Seat changes (sign-ups, cancellations) are
 * finer-grained, because they are the catalogue's most frequent writes and would otherwise empty the cache
 * many times a minute: one ends only the entries showing that course, plus — when the course fills up or
 * reopens — the answers filtered on 还有名额. Identical concurrent misses share one query.
 *
 * Default TTL: 60 s on PGlite (one process owns the data, so every write is seen and the version does the
 * real work; the TTL only bounds what a write outside this Db could leave stale); 0 (off) on PostgreSQL,
 * where another instance's writes are invisible here and the database is fast enough on its own.
 * CATALOG_CACHE_MS overrides both.
 */
import type { Db, SeatChange } from '../db'

interface Entry {
  version: number
  at: number
  value: unknown
  courseIds: readonly string[]
  seatSensitive: boolean
}

export interface CacheOptions<T> {
  /** The courses whose seat counts the answer shows: a seat change of one of them ends the entry. */
  courseIds?: (value: T) => readonly string[]
  /** The answer depends on which courses have seats (the 还有名额 filter): a course filling up or reopening ends it. */
  seatSensitive?: boolean
}

export interface CatalogCache {
  /** `key` may be a function: it is then built only when the cache is on (it is off on PostgreSQL by default). */
  get<T>(key: string | (() => string), load: () => Promise<T>, opts?: CacheOptions<T>): Promise<T>
  readonly stats: { hits: number; misses: number }
}

const caches = new WeakMap<Db, CatalogCache>()

export function catalogCacheTtlMs(db: Db, env: NodeJS.ProcessEnv = process.env): number {
  const v = env.CATALOG_CACHE_MS
  if (v !== undefined && v !== '' && Number.isFinite(Number(v)) && Number(v) >= 0) return Number(v)
  return db.kind === 'pglite' ? 60_000 : 0
}

/** The server's one cache for a database (the routes share it). */
export function catalogCache(db: Db): CatalogCache {
  let cache = caches.get(db)
  if (!cache) caches.set(db, (cache = createCatalogCache(db)))
  return cache
}

export function createCatalogCache(db: Db, opts: { ttlMs?: number; maxEntries?: number; now?: () => number } = {}): CatalogCache {
  const ttlMs = opts.ttlMs ?? catalogCacheTtlMs(db)
  const maxEntries = opts.maxEntries ?? 5000
  const now = opts.now ?? Date.now
  const entries = new Map<string, Entry>()
  /** course id → keys of the entries showing it */
  const byCourse = new Map<string, Set<string>>()
  const pending = new Map<string, Promise<unknown>>()
  const stats = { hits: 0, misses: 0 }
  /** moves at every seat change: a read under way across one is not kept (it may hold the old count) */
  let seatEpoch = 0

  const drop = (key: string) => {
    const e = entries.get(key)
    if (!e) return
    entries.delete(key)
    for (const id of e.courseIds) {
      const keys = byCourse.get(id)
      keys?.delete(key)
      if (keys?.size === 0) byCourse.delete(id)
    }
  }
  const store = (key: string, entry: Entry) => {
    drop(key)
    entries.set(key, entry)
    for (const id of entry.courseIds) {
      let keys = byCourse.get(id)
      if (!keys) byCourse.set(id, (keys = new Set()))
      keys.add(key)
    }
    if (entries.size > maxEntries) drop(entries.keys().next().value as string)
  }
  if (ttlMs > 0) {
    db.onSeatsChanged((changes: SeatChange[]) => {
      seatEpoch++
      for (const c of changes) {
        for (const key of [...(byCourse.get(c.courseId) ?? [])]) drop(key)
        // 1 → 0 (full) or 0 → 1 (a seat back): which courses pass the 还有名额 filter changed
        if ((c.delta < 0 && c.seatsLeft === 0) || (c.delta > 0 && c.seatsLeft === 1)) for (const [key, e] of [...entries]) if (e.seatSensitive) drop(key)
      }
    })
  }

  return {
    stats,
    async get<T>(keyOf: string | (() => string), load: () => Promise<T>, o: CacheOptions<T> = {}): Promise<T> {
      if (ttlMs <= 0) return load()
      const key = typeof keyOf === 'function' ? keyOf() : keyOf
      const version = db.catalogVersion()
      const hit = entries.get(key)
      if (hit && hit.version === version && now() - hit.at < ttlMs) {
        stats.hits++
        return hit.value as T
      }
      const epoch = seatEpoch
      const flightKey = `${version}/${epoch}\n${key}`
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
          // kept only if nothing in the catalogue changed while it was read
          if (db.catalogVersion() === version && seatEpoch === epoch) {
            store(key, { version, at: started, value, courseIds: o.courseIds?.(value) ?? [], seatSensitive: o.seatSensitive === true })
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
