/**
 * Housekeeping: personal and security data that has served its purpose is deleted (retention periods below;
 * the same periods are stated in README and in the privacy notice, server/accounts/privacy.ts).
 * `purgeExpired` is a plain function of (db, now); `startHousekeeping` runs it on a schedule, once per period
 * across all instances sharing the database (claimed through one conditional UPDATE of ops_schedule).
 */
import type { Db, Queryable } from '../db'

/** Retention, in hours after the moment named. */
export const RETENTION = {
  /** SMS code hashes, after sending: the per-phone daily limit counts the last 24 hours */
  smsCodesHours: 24,
  /** development SMS outbox, after sending */
  smsOutboxHours: 24,
  /** sessions, after they expired (30 days after login) or were revoked (logout) */
  sessionsHours: 0,
  /** idempotency keys and their stored answers, after first use: covers retries from an offline queue */
  idempotencyKeysHours: 30 * 24
} as const

export interface PurgeResult {
  smsCodes: number
  smsOutbox: number
  sessions: number
  idempotencyKeys: number
}

const before = (now: Date, hours: number) => new Date(now.getTime() - hours * 3_600_000).toISOString()

export async function purgeExpired(db: Queryable, now: Date): Promise<PurgeResult> {
  const count = async (sql: string, params: unknown[]) => (await db.query<{ n: number }>(`WITH d AS (${sql} RETURNING 1) SELECT count(*)::int AS n FROM d`, params))[0].n
  return {
    smsCodes: await count('DELETE FROM sms_codes WHERE created_at < $1', [before(now, RETENTION.smsCodesHours)]),
    smsOutbox: await count('DELETE FROM sms_outbox WHERE created_at < $1', [before(now, RETENTION.smsOutboxHours)]),
    sessions: await count('DELETE FROM sessions WHERE expires_at < $1 OR revoked_at < $1', [before(now, RETENTION.sessionsHours)]),
    idempotencyKeys: await count('DELETE FROM idempotency_keys WHERE created_at < $1', [before(now, RETENTION.idempotencyKeysHours)])
  }
}

/**
 * Claims one run of `name` for the period containing `now`: true for exactly one caller per period however
 * many instances ask at once (the UPDATE's row lock serialises them; the loser sees the moved timestamp).
 */
export async function claimRun(db: Queryable, name: string, now: Date, periodMs: number): Promise<boolean> {
  const rows = await db.query(
    `INSERT INTO ops_schedule (name, last_run_at) VALUES ($1, $2)
     ON CONFLICT (name) DO UPDATE SET last_run_at = EXCLUDED.last_run_at
       WHERE ops_schedule.last_run_at <= $3::timestamptz
     RETURNING name`,
    [name, now.toISOString(), new Date(now.getTime() - periodMs).toISOString()]
  )
  return rows.length > 0
}

export const HOUSEKEEPING_TASK = 'housekeeping.purge_expired'

/** Runs the purge if this instance wins the current period; returns what it deleted, or null. */
export async function runHousekeepingIfDue(db: Db, now: Date, periodMs: number): Promise<PurgeResult | null> {
  if (!(await claimRun(db, HOUSEKEEPING_TASK, now, periodMs))) return null
  const result = await purgeExpired(db, now)
  await db.query('UPDATE ops_schedule SET last_result = $2 WHERE name = $1', [HOUSEKEEPING_TASK, JSON.stringify(result)])
  return result
}

/**
 * Checks every minute whether the hourly purge is due (HOUSEKEEPING_PERIOD_MS overrides the hour).
 * Errors (database away) are logged and retried at the next tick. Returns a stop function.
 */
export function startHousekeeping(
  db: Db,
  opts: { now?: () => Date; periodMs?: number; tickMs?: number; log?: (msg: string, data?: unknown) => void } = {}
): () => void {
  const periodMs = opts.periodMs ?? Number(process.env.HOUSEKEEPING_PERIOD_MS ?? 3_600_000)
  const now = opts.now ?? (() => new Date())
  const tick = async () => {
    try {
      const result = await runHousekeepingIfDue(db, now(), periodMs)
      if (result) opts.log?.('housekeeping purged expired rows', result)
    } catch (err) {
      opts.log?.('housekeeping failed; retrying at the next tick', { message: err instanceof Error ? err.message : String(err) })
    }
  }
  const timer = setInterval(() => void tick(), opts.tickMs ?? 60_000)
  timer.unref()
  void tick()
  return () => clearInterval(timer)
}
