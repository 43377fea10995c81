/**
 * Housekeeping: personal and security data that has served its purpose is deleted (retention periods below;
 * the same periods are stated in README and in the privacy notice, server/accounts/privacy.ts).
 * `purgeExpired` is a plain function of (db, now); `registerHousekeeping` runs it hourly as a job, once per
 * period across all instances sharing the database.
 */
import type { Db, Queryable } from '../db'
import type { Jobs } from '../jobs'
import { maintainPartitions } from './partitions'

/** Retention, in hours after the moment named. */
export const RETENTION = {
  /** SMS code hashes, after sending: the per-phone daily limit counts the last 24 hours */
  smsCodesHours: 24,
  /** development SMS outbox, after sending */
  smsOutboxHours: 24,
  /** sessions, after they expired (30 days after login) or were revoked (logout) */
  sessionsHours: 0,
  /** idempotency keys and their stored answers, after first use: covers retries from an offline queue */
  idempotencyKeysHours: 30 * 24,
  /** a reviewer's decision keys and the answers kept for their retries, after the decision: as long as idempotency keys */
  reviewDecisionKeysHours: 30 * 24
} as const

export interface PurgeResult {
  smsCodes: number
  smsOutbox: number
  sessions: number
  idempotencyKeys: number
  reviewDecisionKeys: number
}

const before = (now: Date, hours: number) => new Date(now.getTime() - hours * 3_600_000).toISOString()

export async function purgeExpired(db: Queryable, now: Date): Promise<PurgeResult> {
  const count = async (sql: string, params: unknown[]) => (await db.query<{ n: number }>(`WITH d AS (${sql} RETURNING 1) SELECT count(*)::int AS n FROM d`, params))[0].n
  return {
    smsCodes: await count('DELETE FROM sms_codes WHERE created_at < $1', [before(now, RETENTION.smsCodesHours)]),
    smsOutbox: await count('DELETE FROM sms_outbox WHERE created_at < $1', [before(now, RETENTION.smsOutboxHours)]),
    sessions: await count('DELETE FROM sessions WHERE expires_at < $1 OR revoked_at < $1', [before(now, RETENTION.sessionsHours)]),
    idempotencyKeys: await count('DELETE FROM idempotency_keys WHERE created_at < $1', [before(now, RETENTION.idempotencyKeysHours)]),
    // the decision itself stays in the claim's history and the audit log; only the retry answer goes
    reviewDecisionKeys: await count('DELETE FROM review_decision_keys WHERE created_at < $1', [before(now, RETENTION.reviewDecisionKeysHours)])
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

export const HOUSEKEEPING_JOB = 'housekeeping'

/**
 * Registers the purge as a pg-boss job (server/jobs) scheduled hourly — pg-boss creates each cron slot's job
 * once across instances — and runs it once at start-up. The handler also claims the period in ops_schedule,
 * so a redelivered job (retry after a crash) or the start-up run never purges twice in one period.
 */
export async function registerHousekeeping(
  jobs: Pick<Jobs, 'boss' | 'registerJob' | 'scheduleJob'>,
  db: Db,
  now: () => Date,
  log: (msg: string, data?: unknown) => void,
  periodMs = Number(process.env.HOUSEKEEPING_PERIOD_MS ?? 3_600_000)
): Promise<void> {
  const run = async () => {
    const result = await runHousekeepingIfDue(db, now(), periodMs * 0.9)
    if (result) log('housekeeping purged expired rows', result)
    // the months ahead of the partitioned append-only tables, once per period like the purge
    if (result) {
      const created = await maintainPartitions(db)
      if (created.length > 0) log('housekeeping created month partitions', { created })
    }
  }
  if (jobs.boss) {
    await jobs.registerJob(HOUSEKEEPING_JOB, run)
    await jobs.scheduleJob(HOUSEKEEPING_JOB, process.env.HOUSEKEEPING_CRON ?? '17 * * * *')
  }
  run().catch((err) => log('housekeeping failed; the next scheduled run retries', { message: err instanceof Error ? err.message : String(err) }))
}
