/** Course search, course detail and institution detail. */
import type { FastifyInstance } from 'fastify'
import { routes, type CourseQuery } from '../../src/contract'
import { todayInChina } from '../../src/domain/format'
import type { Db } from '../db'
import { notFound, badRequest } from '../errors'
import { getCourse, getInstitution, listCourses } from './courses'
import type { RegionIndex } from './regions'
import { contractRoute, typed } from '../platform'
import { catalogCache, normalisedKey } from './cache'

/**
 * Coordinates rounded to 6 decimals (≈ 0.1 m): more is noise, and subnormal values such as 5e-324 make
 * PostgreSQL's trigonometry fail with an underflow error (a 500 found by the fuzz test).
 */
const coord = (v: number | undefined): number | undefined => (v === undefined ? undefined : Math.round(v * 1e6) / 1e6 || 0)

export function registerCourseRoutes(app: FastifyInstance, deps: { db: Db; regions: RegionIndex; today?: () => string }): void {
  const today = deps.today ?? (() => todayInChina())
  const cache = catalogCache(deps.db)

  typed(app).route({
    ...contractRoute(routes.listCourses),
    handler: async (req) => {
      const raw = req.query
      const query: CourseQuery = { ...raw, lat: coord(raw.lat), lng: coord(raw.lng) }
      const day = today()
      return cache.get(() => normalisedKey('courses', { ...query, day }), () => listCourses(deps.db, deps.regions, query, day), {
        courseIds: (page) => page.items.map((c) => c.id),
        seatSensitive: query.hasSeats === true
      })
    }
  })

  typed(app).route({
    ...contractRoute(routes.getCourse),
    handler: async (req) => {
      const { id } = req.params
      const q = req.query
      const lat = coord(q.lat)
      const lng = coord(q.lng)
      if ((lat === undefined) !== (lng === undefined)) throw badRequest('纬度和经度要一起提供', lat === undefined ? 'lat' : 'lng')
      const here = lat !== undefined && lng !== undefined ? { lat, lng } : undefined
      const course = await cache.get(normalisedKey(`course/${id}`, { lat, lng }), () => getCourse(deps.db, deps.regions, id, here), {
        courseIds: () => [id]
      })
      if (!course) throw notFound('没有找到这门课程，可能已经下架了', 'COURSE_NOT_FOUND')
      return course
    }
  })

  typed(app).route({
    ...contractRoute(routes.getInstitution),
    handler: async (req) => {
      const { id } = req.params
      const page = req.query
      const day = today()
      const ins = await cache.get(normalisedKey(`institution/${id}`, { day, cursor: page.cursor, limit: page.limit }), () =>
        getInstitution(deps.db, deps.regions, id, day, page), { courseIds: (ins) => ins?.courses.map((c) => c.id) ?? [] }
      )
      if (!ins) throw notFound('没有找到这家培训机构', 'INSTITUTION_NOT_FOUND')
      return ins
    }
  })
}
