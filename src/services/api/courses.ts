import type { CourseDetail, CoursePage, CourseQuery } from '../../contract'
import type { LatLng } from '../../domain/geo'
import { api } from './client'

export function listCourses(query: CourseQuery): Promise<CoursePage> {
  return api.get<CoursePage>('/api/v1/courses', { ...query })
}

export function getCourse(id: string, near?: LatLng | null): Promise<CourseDetail> {
  return api.get<CourseDetail>(`/api/v1/courses/${encodeURIComponent(id)}`, near ? { lat: near.lat, lng: near.lng } : undefined)
}
