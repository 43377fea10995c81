/** 职业技能等级认定: batches for a 工种, sign-up (always with an Idempotency-Key), the worker's registrations. */
import type { EvaluationList, EvaluationRegistration, EvaluationRegistrationList } from '../../contract'
import { callRoute, routes } from './client'

export const listEvaluations = (region: string, occupation: string): Promise<EvaluationList> =>
  callRoute(routes.listEvaluations, { query: { region: region || undefined, occupation: occupation || undefined } })

export const registerForEvaluation = (evaluationId: string, idempotencyKey: string): Promise<EvaluationRegistration> =>
  callRoute(routes.registerEvaluation, { params: { id: evaluationId }, idempotencyKey })

export const myEvaluations = (): Promise<EvaluationRegistrationList> => callRoute(routes.myEvaluations)

export const cancelEvaluation = (registrationId: string): Promise<EvaluationRegistration> =>
  callRoute(routes.cancelEvaluation, { params: { id: registrationId } })
