/**
 * The server's one clock. Production: the wall clock. Development: the wall clock plus a whole number of days
 * kept in the database (`dev_clock`), so every instance on one database agrees on "now" and
 * `POST /api/v1/dev/clock` can walk a claim through 公示 and deadlines. `now()` stays synchronous (the
 * accounts code calls it everywhere); `refresh()` re-reads the shared offset — run per request in
 * development and before every job sweep.
 */
import type { Queryable } from './db'
import { todayInChina } from '../src/domain/format'

export interface Clock {
  now(): Date
  /** YYYY-MM-DD, China time */
  today(): string
  offsetDays(): number
  /** Re-read the shared offset (development); no-op when the clock is fixed */
  refresh(): Promise<void>
  /** Move the shared offset forward (development only; the route checks that) */
  advance(days: number): Promise<number>
}

export function createClock(db: Queryable, opts: { base?: () => Date; devOffset: boolean }): Clock {
  const base = opts.base ?? (() => new Date())
  let offset = 0
  const now = () => new Date(base().getTime() + offset * 86_400_000)
  return {
    now,
    today: () => todayInChina(now()),
    offsetDays: () => offset,
    async refresh() {
      if (!opts.devOffset) return
      const rows = await db.query<{ offset_days: number }>('SELECT offset_days FROM dev_clock WHERE id = 1')
      offset = rows[0]?.offset_days ?? 0
    },
    async advance(days: number) {
      if (!opts.devOffset) throw new Error('the clock is not movable in production')
      const rows = await db.query<{ offset_days: number }>('UPDATE dev_clock SET offset_days = offset_days + $1 WHERE id = 1 RETURNING offset_days', [days])
      offset = rows[0].offset_days
      return offset
    }
  }
}
