/** Health, regions and the occupation catalogue. */
import type { FastifyInstance } from 'fastify'
import { routes } from '../../src/contract'
import type { AppConfig, OccupationList } from '../../src/contract'
import { templateIdsFromEnv } from '../adapters'
import { OCCUPATIONS, OCCUPATION_CATEGORIES } from '../../src/domain/catalog'
import { DbUnavailableError, type Db } from '../db'
import type { RegionIndex } from '../catalog'
import type { FileStore } from '../files'
import { contractRoute } from './contract-route'

const OCCUPATION_LIST: OccupationList = {
  items: OCCUPATION_CATEGORIES.map((c) => ({
    code: c.code,
    label: c.label,
    occupations: OCCUPATIONS.filter((o) => o.category === c.code).map((o) => ({ code: o.code, name: o.name, category: o.category, shortage: o.shortage }))
  }))
}

/** How long one storage probe's answer stands: health is polled often, the probe writes a file */
export const STORAGE_PROBE_TTL_MS = 5000

export function registerMetaRoutes(app: FastifyInstance, deps: { db: Db; regions: RegionIndex; version: string; fileStore?: FileStore }): void {
  // course count is cached briefly: health is polled, counting 100 000 rows each time is wasteful
  let cached = { at: 0, courses: 0 }
  let storage: { at: number; ok: boolean; pending?: Promise<boolean> } = { at: 0, ok: true }
  const storageOk = async (): Promise<boolean> => {
    const store = deps.fileStore
    if (!store) return true
    if (Date.now() - storage.at <= STORAGE_PROBE_TTL_MS) return storage.ok
    // concurrent health checks share one probe
    storage.pending ??= store.probe().then(
      () => true,
      () => false
    )
    const ok = await storage.pending
    storage = { at: Date.now(), ok }
    return ok
  }
  app.route({
    ...contractRoute(routes.health),
    handler: async () => {
      // 503 while the database is unreachable, so a load balancer takes this instance out of rotation
      if (!deps.db.health().up) throw new DbUnavailableError()
      if (Date.now() - cached.at > 5000) {
        const [row] = await deps.db.query<{ n: number }>('SELECT count(*)::int AS n FROM courses')
        cached = { at: Date.now(), courses: row.n }
      }
      // the file store being away does not take the instance out of rotation (every instance shares the
      // store, and the catalogue works without it): 200, status degraded, storage unavailable
      const storageUp = await storageOk()
      return {
        status: storageUp ? ('ok' as const) : ('degraded' as const),
        version: deps.version,
        courses: cached.courses,
        database: deps.db.kind,
        ...(deps.fileStore ? { storage: storageUp ? ('ok' as const) : ('unavailable' as const) } : {})
      }
    }
  })
  app.route({ ...contractRoute(routes.regions), handler: async () => ({ items: deps.regions.list }) })
  app.route({ ...contractRoute(routes.occupations), handler: async () => OCCUPATION_LIST })
}

/** How long clients and proxies may keep the app configuration (it changes only with a redeploy) */
export const CONFIG_MAX_AGE_S = 300

/** `GET /api/v1/config`: the subscribe-message template ids, read once from the environment at start-up. */
export function registerConfigRoute(app: FastifyInstance, deps: { devMode: boolean; env?: Record<string, string | undefined> }): void {
  const t = templateIdsFromEnv(deps.env ?? process.env, deps.devMode)
  const body: AppConfig = {
    subscribeTemplates: {
      ...(t.claim_state ? { claimState: t.claim_state } : {}),
      ...(t.claim_reminder ? { claimReminder: t.claim_reminder } : {}),
      ...(t.notice ? { notice: t.notice } : {}),
      ...(t.certificate_review ? { certificateReview: t.certificate_review } : {}),
      ...(t.course_start ? { courseStart: t.course_start } : {}),
      ...(t.exam_reminder ? { examReminder: t.exam_reminder } : {})
    }
  }
  app.route({
    ...contractRoute(routes.appConfig),
    handler: async (_req, reply) => {
      reply.header('cache-control', `public, max-age=${CONFIG_MAX_AGE_S}`)
      return body
    }
  })
}
