/** Institution staff (培训机构 / 评价机构): its courses, 花名册, class sessions and check-in codes, 补签, 结业, evaluation results. */
import type {
  CheckinCode,
  ClassSessionList,
  Completion,
  EvaluationResults,
  EvaluationResultsBody,
  InstitutionCourseList,
  InstitutionEvaluation,
  InstitutionEvaluationList,
  InstitutionMe,
  MarkAttendance,
  Roster
} from '../../contract'
import { authed } from './auth'

const id = (s: string) => encodeURIComponent(s)

export const institutionMe = () => authed.request<InstitutionMe>('/api/v1/institution/me')
export const institutionCourses = () => authed.request<InstitutionCourseList>('/api/v1/institution/courses')
export const courseRoster = (courseId: string) => authed.request<Roster>(`/api/v1/institution/courses/${id(courseId)}/roster`)
export const courseSessions = (courseId: string) => authed.request<ClassSessionList>(`/api/v1/institution/courses/${id(courseId)}/sessions`)
export const checkinCode = (sessionId: string) => authed.request<CheckinCode>(`/api/v1/institution/sessions/${id(sessionId)}/checkin-code`, { method: 'POST' })
/** 补签: the reason is kept in the audit trail */
export const markAttendance = (sessionId: string, enrollmentId: string, reason: string) =>
  authed.request<MarkAttendance>(`/api/v1/institution/sessions/${id(sessionId)}/attendance`, { method: 'POST', body: { enrollmentId, reason } })
/** 结业: 422 ATTENDANCE_TOO_LOW below the region's threshold, with how many sessions are missing */
export const completeEnrollment = (enrollmentId: string) =>
  authed.request<Completion>(`/api/v1/institution/enrollments/${id(enrollmentId)}/complete`, { method: 'POST' })
export const institutionEvaluations = () => authed.request<InstitutionEvaluationList>('/api/v1/institution/evaluations')
export const institutionEvaluation = (evaluationId: string) => authed.request<InstitutionEvaluation>(`/api/v1/institution/evaluations/${id(evaluationId)}`)
export const submitResults = (evaluationId: string, results: EvaluationResultsBody['results']) =>
  authed.request<EvaluationResults>(`/api/v1/institution/evaluations/${id(evaluationId)}/results`, { method: 'POST', body: { results } })
