/** 职业技能等级认定: batches for a 工种, sign-up (always with an Idempotency-Key), the worker's registrations. */
import type { EvaluationList, EvaluationRegistration, EvaluationRegistrationList } from '../../contract'
import { authed } from './auth'

export const listEvaluations = (region: string, occupation: string) =>
  authed.request<EvaluationList>('/api/v1/evaluations', { query: { region: region || undefined, occupation: occupation || undefined } })

export const registerForEvaluation = (evaluationId: string, idempotencyKey: string) =>
  authed.request<EvaluationRegistration>(`/api/v1/evaluations/${encodeURIComponent(evaluationId)}/registrations`, {
    method: 'POST',
    headers: { 'Idempotency-Key': idempotencyKey }
  })

export const myEvaluations = () => authed.request<EvaluationRegistrationList>('/api/v1/me/evaluations')

export const cancelEvaluation = (registrationId: string) =>
  authed.request<EvaluationRegistration>(`/api/v1/me/evaluations/${encodeURIComponent(registrationId)}/cancel`, { method: 'POST' })
