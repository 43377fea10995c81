/**
 * The server's one clock. Production: the wall clock. Development: the wall clock plus a whole number of days
 * and milliseconds kept in the database (`dev_clock`), so every instance on one database agrees on "now",
 * `POST /api/v1/dev/clock` can walk a claim through 公示 and deadlines and a test can stand inside a class session. `now()` stays synchronous (the
 * accounts code calls it everywhere); `refresh()` re-reads the shared offset — run per request in
 * development and before every job sweep.
 */
import type { Queryable } from './db'
import { todayInChina } from '../src/domain/format'
import { daysBetween } from '../src/domain/claim-rules'

export interface Clock {
  now(): Date
  /** YYYY-MM-DD, China time */
  today(): string
  /** Calendar days between the real today and the clock's today (China time) */
  offsetDays(): number
  /** Re-read the shared offset (development); no-op when the clock is fixed */
  refresh(): Promise<void>
  /** refresh() unless it ran within `maxAgeMs` (per-request use: at most one extra query a second) */
  refreshIfStale(maxAgeMs: number): Promise<void>
  /** Move the shared offset forward (development only; the route checks that); `q`: the caller's transaction */
  advance(days: number, q?: Queryable): Promise<number>
  /** Move the shared offset forward to the moment `to` (development only; never backwards) */
  advanceTo(to: Date, q?: Queryable): Promise<number>
}

export function createClock(db: Queryable, opts: { base?: () => Date; devOffset: boolean }): Clock {
  const base = opts.base ?? (() => new Date())
  let offset = 0
  let offsetMs = 0
  let readAt = 0
  const now = () => new Date(base().getTime() + offset * 86_400_000 + offsetMs)
  const offsetDays = () => (offsetMs === 0 ? offset : daysBetween(todayInChina(base()), todayInChina(now())))
  const apply = (row: { offset_days: number; offset_ms: string | number } | undefined) => {
    offset = row?.offset_days ?? 0
    offsetMs = Number(row?.offset_ms ?? 0)
    return offsetDays()
  }
  return {
    now,
    today: () => todayInChina(now()),
    offsetDays,
    async refresh() {
      if (!opts.devOffset) return
      apply((await db.query<{ offset_days: number; offset_ms: string }>('SELECT offset_days, offset_ms FROM dev_clock WHERE id = 1'))[0])
      readAt = Date.now()
    },
    async refreshIfStale(maxAgeMs: number) {
      if (opts.devOffset && Date.now() - readAt >= maxAgeMs) await this.refresh()
    },
    async advance(days: number, q: Queryable = db) {
      if (!opts.devOffset) throw new Error('the clock is not movable in production')
      const rows = await q.query<{ offset_days: number; offset_ms: string }>(
        'UPDATE dev_clock SET offset_days = offset_days + $1 WHERE id = 1 RETURNING offset_days, offset_ms',
        [days]
      )
      return apply(rows[0])
    },
    async advanceTo(to: Date, q: Queryable = db) {
      if (!opts.devOffset) throw new Error('the clock is not movable in production')
      apply((await q.query<{ offset_days: number; offset_ms: string }>('SELECT offset_days, offset_ms FROM dev_clock WHERE id = 1'))[0])
      const ms = Math.max(0, Math.round(to.getTime() - now().getTime()))
      const rows = await q.query<{ offset_days: number; offset_ms: string }>(
        'UPDATE dev_clock SET offset_ms = offset_ms + $1 WHERE id = 1 RETURNING offset_days, offset_ms',
        [ms]
      )
      return apply(rows[0])
    }
  }
}
