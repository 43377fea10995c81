/** Course search, course detail and institution detail. */
import type { FastifyInstance } from 'fastify'
import { routes, type CourseQuery } from '../../src/contract'
import { todayInChina } from '../../src/domain/format'
import type { Db } from '../db'
import { notFound, badRequest } from '../errors'
import { getCourse, getInstitution, listCourses } from '../catalog/courses'
import type { RegionIndex } from '../catalog/regions'
import { contractRoute } from './contract-route'

export function registerCourseRoutes(app: FastifyInstance, deps: { db: Db; regions: RegionIndex; today?: () => string }): void {
  const today = deps.today ?? (() => todayInChina())

  app.route({
    ...contractRoute(routes.listCourses),
    handler: async (req) => listCourses(deps.db, deps.regions, req.query as CourseQuery, today())
  })

  app.route({
    ...contractRoute(routes.getCourse),
    handler: async (req) => {
      const { id } = req.params as { id: string }
      const { lat, lng } = req.query as { lat?: number; lng?: number }
      if ((lat === undefined) !== (lng === undefined)) throw badRequest('纬度和经度要一起提供', lat === undefined ? 'lat' : 'lng')
      const course = await getCourse(deps.db, deps.regions, id, lat !== undefined && lng !== undefined ? { lat, lng } : undefined)
      if (!course) throw notFound('没有找到这门课程，可能已经下架了', 'COURSE_NOT_FOUND')
      return course
    }
  })

  app.route({
    ...contractRoute(routes.getInstitution),
    handler: async (req) => {
      const { id } = req.params as { id: string }
      const ins = await getInstitution(deps.db, deps.regions, id, today())
      if (!ins) throw notFound('没有找到这家培训机构', 'INSTITUTION_NOT_FOUND')
      return ins
    }
  })
}
