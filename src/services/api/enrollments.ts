/** Sign-ups. createEnrollment always carries an Idempotency-Key: a retry returns the first result. */
import type { Enrollment, EnrollmentList } from '../../contract'
import { authed } from './auth'

export function createEnrollment(courseId: string, idempotencyKey: string, stationId?: string | null): Promise<Enrollment> {
  return authed.request<Enrollment>('/api/v1/enrollments', {
    method: 'POST',
    body: stationId ? { courseId, stationId } : { courseId },
    headers: { 'Idempotency-Key': idempotencyKey }
  })
}

export function myEnrollments(): Promise<EnrollmentList> {
  return authed.request<EnrollmentList>('/api/v1/me/enrollments')
}

export function cancelEnrollment(id: string): Promise<Enrollment> {
  return authed.request<Enrollment>(`/api/v1/enrollments/${encodeURIComponent(id)}/cancel`, { method: 'POST' })
}
