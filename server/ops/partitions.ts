/**
 * Monthly partitions of the append-only tables (migration 039): each table has one partition per China-time
 * month and a DEFAULT partition. `maintainPartitions` creates the months ahead (this one and the next
 * PARTITION_MONTHS_AHEAD) and gives every month that has rows waiting in a DEFAULT partition (a row written
 * for a month that had no partition yet, e.g. by a moved development clock) its own partition, moving the
 * rows there. It runs with housekeeping (hourly, once per period across instances) and at start-up.
 * Old months are not dropped here: detaching and archiving them is the operator's decision (docs).
 */
import type { Db } from '../db'

/** The partitioned tables and the column each is partitioned by. */
export const PARTITIONED = [
  { table: 'claim_events', key: 'at' },
  { table: 'audit_log', key: 'at' },
  { table: 'inbox_messages', key: 'created_at' },
  { table: 'notice_reads', key: 'notice_at' }
] as const

export const PARTITION_MONTHS_AHEAD = Math.max(1, Number(process.env.PARTITION_MONTHS_AHEAD ?? 3))

/** Creates missing month partitions; returns the names created. */
export async function maintainPartitions(db: Db, monthsAhead = PARTITION_MONTHS_AHEAD): Promise<string[]> {
  const created: string[] = []
  for (const { table, key } of PARTITIONED) {
    // one transaction per table: the function's advisory lock and the move out of DEFAULT hold only for it
    const rows = await db.transaction((tx) =>
      tx.query<{ name: string | null }>(
        `SELECT zsb_month_partition($1::text, $2::text, m) AS name
         FROM (SELECT zsb_months_from(NULL, $3::int) AS m UNION SELECT DISTINCT zsb_china_month(${key}) FROM ${table}_default) months
         ORDER BY m`,
        [table, key, monthsAhead]
      )
    )
    for (const r of rows) if (r.name) created.push(r.name)
  }
  return created
}
