import type { CourseDetail, CoursePage, CourseQuery } from '../../contract'
import type { LatLng } from '../../domain/geo'
import { callRoute, routes } from './client'

export function listCourses(query: CourseQuery): Promise<CoursePage> {
  return callRoute(routes.listCourses, { query })
}

export function getCourse(id: string, near?: LatLng | null): Promise<CourseDetail> {
  return callRoute(routes.getCourse, { params: { id }, ...(near ? { query: { lat: near.lat, lng: near.lng } } : {}) })
}
