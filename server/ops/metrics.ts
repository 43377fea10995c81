/**
 * Prometheus metrics (prom-client): request rate and latency per route, database state and pools, and any
 * gauge another capability registers (e.g. job queue depth). Served at GET /metrics.
 * Access: open in development; with METRICS_TOKEN set, only with `Authorization: Bearer <token>`;
 * in production without METRICS_TOKEN, not served (404).
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client'
import type { FastifyInstance } from 'fastify'
import type { Db } from '../db'
import { MESSAGES } from '../errors'

declare module 'fastify' {
  interface FastifyInstance {
    /** Prometheus registry of this server (server/ops/metrics.ts); add gauges with metrics.addGauge */
    metrics: Metrics
  }
}

export interface Metrics {
  registry: Registry
  /** Adds a gauge read at scrape time (e.g. queue depth); returns nothing, errors are counted not thrown. */
  addGauge(name: string, help: string, read: () => Promise<number> | number): void
  /** job_queue_depth{queue}: jobs waiting in each pg-boss queue (read at scrape time) */
  addJobQueues(boss: { getQueueSize(name: string): Promise<number> } | null, queues: string[]): void
}

export function registerMetrics(app: FastifyInstance, db: Db, env: NodeJS.ProcessEnv = process.env): Metrics {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry })
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by route (the route pattern, never the concrete URL)',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5],
    registers: [registry]
  })
  const errors = new Counter({ name: 'http_server_errors_total', help: '5xx answers by code', labelNames: ['code'] as const, registers: [registry] })
  new Gauge({
    name: 'db_up',
    help: '1 when the database answers, 0 while it is unreachable (requests get 503)',
    registers: [registry],
    collect() {
      this.set(db.health().up ? 1 : 0)
    }
  })
  new Gauge({
    name: 'db_pool_connections',
    help: 'PostgreSQL pool connections by pool and state (total, idle, waiting clients)',
    labelNames: ['pool', 'state'] as const,
    registers: [registry],
    collect() {
      for (const p of db.poolStats()) {
        this.set({ pool: p.pool, state: 'total' }, p.total)
        this.set({ pool: p.pool, state: 'idle' }, p.idle)
        this.set({ pool: p.pool, state: 'waiting' }, p.waiting)
      }
    }
  })

  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched'
    if (route === '/metrics') return
    duration.observe({ method: req.method, route, status_code: String(reply.statusCode) }, reply.elapsedTime / 1000)
    if (reply.statusCode >= 500) errors.inc({ code: String(reply.statusCode) })
  })

  const token = env.METRICS_TOKEN
  const production = env.NODE_ENV === 'production'
  app.get('/metrics', { schema: { hide: true } }, async (req, reply) => {
    if ((production && !token) || (token && req.headers.authorization !== `Bearer ${token}`)) {
      return reply.status(404).send({ code: 'NOT_FOUND', message: MESSAGES.routeNotFound })
    }
    reply.header('content-type', registry.contentType)
    return registry.metrics()
  })

  return {
    registry,
    addJobQueues(boss, queues) {
      if (!boss) return
      new Gauge({
        name: 'job_queue_depth',
        help: 'Jobs waiting per queue (pg-boss)',
        labelNames: ['queue'] as const,
        registers: [registry],
        async collect() {
          for (const q of queues) {
            try {
              this.set({ queue: q }, await boss.getQueueSize(q))
            } catch {
              this.set({ queue: q }, Number.NaN)
            }
          }
        }
      })
    },
    addGauge(name, help, read) {
      new Gauge({
        name,
        help,
        registers: [registry],
        async collect() {
          try {
            this.set(await read())
          } catch {
            this.set(Number.NaN)
          }
        }
      })
    }
  }
}
