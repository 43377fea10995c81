/** Institution staff (培训机构 / 评价机构): its courses, 花名册, class sessions and check-in codes, 补签, 结业, evaluation results. */
import type { EvaluationResults, EvaluationResultsBody, InstitutionEvaluation, InstitutionEvaluationList } from '../../contract'
import { authed } from './auth'

export interface AttendanceSummary {
  attended: number
  total: number
  rate: number
}
export interface InstitutionMe {
  institution: { id: string; name: string }
}
export interface DeskCourse {
  id: string
  title: string
  startDate: string
  endDate: string
  seatsLeft: number
  started: boolean
  [k: string]: unknown
}
export interface RosterItem {
  enrollmentId: string
  name: string
  status: string
  attendance: AttendanceSummary
  [k: string]: unknown
}
export interface ClassSession {
  id: string
  startsAt: string
  endsAt: string
  [k: string]: unknown
}
export interface CheckinCode {
  code: string
  qrText: string
  expiresAt: string
}

const id = (s: string) => encodeURIComponent(s)

export const institutionMe = () => authed.request<InstitutionMe>('/api/v1/institution/me')
export const institutionCourses = () => authed.request<{ items: DeskCourse[] }>('/api/v1/institution/courses')
export const courseRoster = (courseId: string) => authed.request<{ items: RosterItem[] }>(`/api/v1/institution/courses/${id(courseId)}/roster`)
export const courseSessions = (courseId: string) => authed.request<{ items: ClassSession[] }>(`/api/v1/institution/courses/${id(courseId)}/sessions`)
export const checkinCode = (sessionId: string) => authed.request<CheckinCode>(`/api/v1/institution/sessions/${id(sessionId)}/checkin-code`, { method: 'POST' })
export const markAttendance = (sessionId: string, enrollmentId: string, reason: string) =>
  authed.request<unknown>(`/api/v1/institution/sessions/${id(sessionId)}/attendance`, { method: 'POST', body: { enrollmentId, reason } })
export const completeEnrollment = (enrollmentId: string) =>
  authed.request<unknown>(`/api/v1/institution/enrollments/${id(enrollmentId)}/complete`, { method: 'POST' })
export const institutionEvaluations = () => authed.request<InstitutionEvaluationList>('/api/v1/institution/evaluations')
export const institutionEvaluation = (evaluationId: string) => authed.request<InstitutionEvaluation>(`/api/v1/institution/evaluations/${id(evaluationId)}`)
export const submitResults = (evaluationId: string, results: EvaluationResultsBody['results']) =>
  authed.request<EvaluationResults>(`/api/v1/institution/evaluations/${id(evaluationId)}/results`, { method: 'POST', body: { results } })
