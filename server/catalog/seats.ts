/**
 * Seats are the catalogue's: other capabilities take and give back seats through these functions, never by
 * writing `courses` themselves. Each statement carries SEATS_WRITE_MARK and returns the course's new count and the change, so
 * the read cache drops only the answers that hold this course (server/db/index.ts, server/catalog/cache.ts).
 */
import { SEATS_WRITE_MARK, type Queryable } from '../db'

/** Takes one seat inside the caller's transaction; the seats left after it, or null when the course is full. */
export async function takeSeat(tx: Queryable, courseId: string): Promise<number | null> {
  const rows = await tx.query<{ id: string; seats_left: number; delta: number }>(
    `${SEATS_WRITE_MARK} UPDATE courses SET seats_left = seats_left - 1 WHERE id = $1 AND seats_left > 0 RETURNING id, seats_left, -1 AS delta`,
    [courseId]
  )
  return rows.length > 0 ? Number(rows[0].seats_left) : null
}

/** Gives one seat back (a cancelled sign-up), never beyond the course's total. */
export async function releaseSeat(tx: Queryable, courseId: string): Promise<void> {
  await tx.query(
    `${SEATS_WRITE_MARK} UPDATE courses SET seats_left = seats_left + 1 WHERE id = $1 AND seats_left < seats_total RETURNING id, seats_left, 1 AS delta`,
    [courseId]
  )
}
