/** Sign-ups. createEnrollment always carries an Idempotency-Key: a retry returns the first result. */
import type { Enrollment, EnrollmentList } from '../../contract'
import { callRoute, routes } from './client'

export function createEnrollment(courseId: string, idempotencyKey: string, stationId?: string | null): Promise<Enrollment> {
  return callRoute(routes.createEnrollment, { body: stationId ? { courseId, stationId } : { courseId }, idempotencyKey })
}

export function myEnrollments(): Promise<EnrollmentList> {
  return callRoute(routes.myEnrollments)
}

export function cancelEnrollment(id: string): Promise<Enrollment> {
  return callRoute(routes.cancelEnrollment, { params: { id } })
}
