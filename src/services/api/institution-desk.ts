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
  Roster,
  StudyHours
} from '../../contract'
import { callRoute, routes } from './client'

export const institutionMe = (): Promise<InstitutionMe> => callRoute(routes.institutionMe)
export const institutionCourses = (): Promise<InstitutionCourseList> => callRoute(routes.institutionCourses)
export const courseRoster = (courseId: string): Promise<Roster> => callRoute(routes.institutionRoster, { params: { id: courseId } })
export const courseSessions = (courseId: string): Promise<ClassSessionList> => callRoute(routes.institutionSessions, { params: { id: courseId } })
export const checkinCode = (sessionId: string): Promise<CheckinCode> => callRoute(routes.issueCheckinCode, { params: { id: sessionId } })
/** 补签: the reason is kept in the audit trail */
export const markAttendance = (sessionId: string, enrollmentId: string, reason: string): Promise<MarkAttendance> =>
  callRoute(routes.markAttendance, { params: { id: sessionId }, body: { enrollmentId, reason } })
/** 结业: 422 ATTENDANCE_TOO_LOW below the region's threshold, with how many sessions are missing */
export const completeEnrollment = (enrollmentId: string): Promise<Completion> => callRoute(routes.completeEnrollment, { params: { id: enrollmentId } })
export const institutionEvaluations = (): Promise<InstitutionEvaluationList> => callRoute(routes.institutionEvaluations)
export const institutionEvaluation = (evaluationId: string): Promise<InstitutionEvaluation> =>
  callRoute(routes.institutionEvaluation, { params: { id: evaluationId } })
export const submitResults = (evaluationId: string, results: EvaluationResultsBody['results']): Promise<EvaluationResults> =>
  callRoute(routes.enterEvaluationResults, { params: { id: evaluationId }, body: { results } })
/** Online courses: the study hours recorded from the learning platform (audited); 结业 weighs them */
export const recordStudyHours = (enrollmentId: string, hours: number, note: string): Promise<StudyHours> =>
  callRoute(routes.recordStudyHours, { params: { id: enrollmentId }, body: { hours, note } })
