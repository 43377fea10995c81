/** 职业技能等级认定: batches for a 工种, sign-up (always with an Idempotency-Key), the worker's registrations. */
import { authed } from './auth'

export interface EvaluationBatch {
  id: string
  occupationCode: string
  level: string | number
  examOn: string
  seatsLeft: number
  [k: string]: unknown
}
export interface MyRegistration {
  id: string
  [k: string]: unknown
}

export const listEvaluations = (region: string, occupation: string) =>
  authed.request<{ items: EvaluationBatch[] }>('/api/v1/evaluations', { query: { region: region || undefined, occupation: occupation || undefined } })

export const registerForEvaluation = (evaluationId: string, idempotencyKey: string) =>
  authed.request<MyRegistration>(`/api/v1/evaluations/${encodeURIComponent(evaluationId)}/registrations`, {
    method: 'POST',
    headers: { 'Idempotency-Key': idempotencyKey }
  })

export const myRegistrations = () => authed.request<{ items: MyRegistration[] }>('/api/v1/me/evaluation-registrations')
