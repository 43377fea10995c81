/**
 * Jobs stored in the database (pg-boss 10 — the newest that runs on Node 20) on both engines: PGlite through
 * pg-boss's `db` option, PostgreSQL through the same adapter over the app's pool. pg-boss hands each job to one
 * worker (SKIP LOCKED) and creates each cron slot once, so a job runs once however many instances there are.
 *
 * Time-driven work is a due-work sweep: capabilities register a sweeper (`registerSweep`) that finds rows
 * whose deadline has passed by the injected clock and handles each one with a conditional UPDATE, so even two
 * sweeps at once change each row once. The sweep runs from a scheduled singleton job every minute, and
 * directly from `POST /api/v1/dev/clock`.
 */
import PgBoss from 'pg-boss'
import type { Db, Queryable } from '../db'
import type { Clock } from '../clock'

declare module 'fastify' {
  interface FastifyInstance {
    /** the instance's job runner (tests drive the due-work sweep through it) */
    jobs: Jobs
  }
}

export type JobHandler<T = Record<string, unknown>> = (data: T) => Promise<void>
export type Sweeper = (now: Date, today: string) => Promise<Record<string, number>>

export const DUE_WORK_JOB = 'due-work'

export interface Jobs {
  /**
   * Handles jobs of this queue (creates the queue). `policy` is pg-boss's queue policy: 'short' keeps one queued
   * job per singleton key (a second send with the key is dropped), 'stately' one queued + one active.
   */
  registerJob<T extends object>(name: string, handler: JobHandler<T>, opts?: { policy?: 'standard' | 'short' | 'singleton' | 'stately' }): Promise<void>
  /** Queues a job; `singletonKey` makes repeats of the same key a no-op while one is queued */
  sendJob(name: string, data?: object, opts?: { singletonKey?: string; startAfterSeconds?: number }): Promise<string | null>
  /**
   * Queues jobs inside the caller's transaction, in one statement: they exist exactly when the transaction
   * commits, and the request pays no commit of its own for them. false when there is no queue (queue: false):
   * the caller sends them with sendJob after its commit instead.
   */
  sendJobsIn(tx: Queryable, jobs: { name: string; data: object }[]): Promise<boolean>
  /** Cron schedule (UTC); pg-boss creates each slot's job once across instances */
  scheduleJob(name: string, cron: string, data?: object): Promise<void>
  /** Adds work to the due-work sweep */
  registerSweep(name: string, sweeper: Sweeper): void
  /** Runs every sweeper now (the scheduled job and the dev clock call this) */
  runDueWork(): Promise<Record<string, number>>
  stop(): Promise<void>
  readonly boss: PgBoss | null
}

/** pg-boss's database seam over our Db: parameterless text may hold several statements (its migrations). */
export function bossDb(db: Db) {
  let pending = 0
  async function run(text: string, values: unknown[]) {
    if (values.length > 0) return { rows: await db.query(text, values) }
    try {
      return { rows: await db.query(text) }
    } catch (err) {
      if (!/multiple commands|cannot insert multiple/i.test(String((err as Error).message))) throw err
      await db.exec(text)
      return { rows: [] }
    }
  }
  return {
    async executeSql(text: string, values: unknown[] = []) {
      pending++
      try {
        return await run(text, values)
      } finally {
        pending--
      }
    },
    /** statements still under way (pg-boss does not await its complete/fail calls) */
    pending: () => pending
  }
}

export interface JobsOptions {
  db: Db
  clock: Clock
  /** false = no pg-boss (one-off tools, some tests): sendJob runs the handler inline, schedules are ignored; the sweep still runs on demand */
  queue?: boolean
  /** Cron of the due-work sweep; default every minute */
  dueWorkCron?: string
  onError?: (err: unknown) => void
}

/**
 * Two instances starting on a fresh PostgreSQL both install pg-boss's schema and create its queues at the same
 * moment. pg-boss's own locks do not cover every step: the second may fail on a duplicate catalogue row (23505:
 * `CREATE SCHEMA IF NOT EXISTS` racing), a table that now exists (42P07), or a deadlock between two queues'
 * partitions (40P01), all seen in the two-instance test. Each step is idempotent once the other instance has
 * committed, so it is tried again after a short pause.
 */
const INSTALL_RACE = new Set(['23505', '42P07', '40P01'])
async function retryInstallRace<T>(step: () => Promise<T>, onRetry: () => Promise<unknown> = async () => undefined, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await step()
    } catch (err) {
      if (!INSTALL_RACE.has(String((err as { code?: string }).code)) || i >= attempts) throw err
      await onRetry().catch(() => undefined)
      await new Promise((r) => setTimeout(r, 100 * i + Math.random() * 100))
    }
  }
}

export async function createJobs(opts: JobsOptions): Promise<Jobs> {
  const sweepers = new Map<string, Sweeper>()
  const inline = new Map<string, JobHandler>()
  let boss: PgBoss | null = null
  const onError = opts.onError ?? (() => undefined)
  const bossSql = bossDb(opts.db)
  // handlers under way: stop() waits for them, and for the job's completion pg-boss records without awaiting it,
  // so the database is never closed under a running job (its failure would be an unhandled rejection)
  const running = new Set<Promise<unknown>>()
  const tracked = <T>(work: Promise<T>): Promise<T> => {
    running.add(work)
    void work.then(() => running.delete(work), () => running.delete(work))
    return work
  }

  async function runDueWork(): Promise<Record<string, number>> {
    await opts.clock.refresh()
    const now = opts.clock.now()
    const today = opts.clock.today()
    const result: Record<string, number> = {}
    for (const [name, sweep] of sweepers) {
      const out = await sweep(now, today)
      for (const [k, v] of Object.entries(out)) result[`${name}.${k}`] = v
    }
    return result
  }

  if (opts.queue !== false) {
    boss = new PgBoss({
      db: bossSql as unknown as PgBoss.Db,
      schema: 'pgboss',
      // small intervals would keep the embedded database busy; a minute is the sweep's granularity anyway
      supervise: true,
      maintenanceIntervalSeconds: 300
    } as PgBoss.ConstructorOptions)
    boss.on('error', onError)
    const started = boss
    await retryInstallRace(() => started.start(), () => started.stop({ graceful: false, wait: true }))
    await retryInstallRace(() => started.createQueue(DUE_WORK_JOB, { name: DUE_WORK_JOB, policy: 'stately' } as PgBoss.Queue))
    await boss.work(DUE_WORK_JOB, { pollingIntervalSeconds: 5 }, () => tracked(runDueWork()))
    await retryInstallRace(() => started.schedule(DUE_WORK_JOB, opts.dueWorkCron ?? '* * * * *'))
  }

  return {
    boss,
    async registerJob(name, handler, o = {}) {
      inline.set(name, handler as JobHandler)
      if (!boss) return
      const b = boss
      await retryInstallRace(() => b.createQueue(name, { name, policy: o.policy ?? 'standard' } as PgBoss.Queue))
      await boss.work(name, { pollingIntervalSeconds: 2 }, (jobs) =>
        tracked(
          (async () => {
            for (const job of jobs) await handler(job.data as never)
          })()
        )
      )
    },
    async sendJob(name, data = {}, o = {}) {
      if (!boss) {
        // no queue (queue: false — one-off tools and tests): the handler runs now, in this process
        const handler = inline.get(name)
        if (!handler) throw new Error(`no handler registered for job ${name}`)
        await handler(data as Record<string, unknown>)
        return null
      }
      return boss.send(name, data, { singletonKey: o.singletonKey, startAfter: o.startAfterSeconds })
    },
    async sendJobsIn(tx, jobs) {
      if (!boss) return false
      const db = { executeSql: async (text: string, values: unknown[] = []) => ({ rows: await tx.query(text, values) }) }
      await boss.insert(
        jobs.map((j) => ({ name: j.name, data: j.data })),
        { db } as PgBoss.InsertOptions
      )
      return true
    },
    async scheduleJob(name, cron, data = {}) {
      if (!boss) return
      const b = boss
      await retryInstallRace(() => b.createQueue(name, { name } as PgBoss.Queue))
      await retryInstallRace(() => b.schedule(name, cron, data))
    },
    registerSweep(name, sweeper) {
      sweepers.set(name, sweeper)
    },
    runDueWork,
    async stop() {
      if (!boss) return
      await boss.stop({ graceful: true, wait: true, timeout: 5000 })
      // idle twice in a row, a timer tick apart: pg-boss starts the completion a few microtasks after the handler ends
      const until = Date.now() + 30_000
      const busy = () => running.size > 0 || bossSql.pending() > 0
      for (let idleChecks = 0; idleChecks < 2 && Date.now() < until; ) {
        await new Promise((r) => setTimeout(r, 20))
        idleChecks = busy() ? 0 : idleChecks + 1
      }
    }
  }
}
