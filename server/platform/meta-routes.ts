/** Health, regions and the occupation catalogue. */
import type { FastifyInstance } from 'fastify'
import { routes } from '../../src/contract'
import type { OccupationList } from '../../src/contract'
import { OCCUPATIONS, OCCUPATION_CATEGORIES } from '../../src/domain/catalog'
import { DbUnavailableError, type Db } from '../db'
import type { RegionIndex } from '../catalog'
import { contractRoute } from './contract-route'

const OCCUPATION_LIST: OccupationList = {
  items: OCCUPATION_CATEGORIES.map((c) => ({
    code: c.code,
    label: c.label,
    occupations: OCCUPATIONS.filter((o) => o.category === c.code).map((o) => ({ code: o.code, name: o.name, category: o.category, shortage: o.shortage }))
  }))
}

export function registerMetaRoutes(app: FastifyInstance, deps: { db: Db; regions: RegionIndex; version: string }): void {
  // course count is cached briefly: health is polled, counting 100 000 rows each time is wasteful
  let cached = { at: 0, courses: 0 }
  app.route({
    ...contractRoute(routes.health),
    handler: async () => {
      // 503 while the database is unreachable, so a load balancer takes this instance out of rotation
      if (!deps.db.health().up) throw new DbUnavailableError()
      if (Date.now() - cached.at > 5000) {
        const [row] = await deps.db.query<{ n: number }>('SELECT count(*)::int AS n FROM courses')
        cached = { at: Date.now(), courses: row.n }
      }
      return { status: 'ok' as const, version: deps.version, courses: cached.courses, database: deps.db.kind }
    }
  })
  app.route({ ...contractRoute(routes.regions), handler: async () => ({ items: deps.regions.list }) })
  app.route({ ...contractRoute(routes.occupations), handler: async () => OCCUPATION_LIST })
}
