/** Turns an entry of the contract's route table into Fastify route options (validation + serialisation + OpenAPI). */
import type { RouteContract } from '../../src/contract'

export const ERROR_REF = { $ref: 'ErrorBody#' }

/** OpenAPI security scheme name for `Authorization: Bearer <token>` (registered in server/app.ts). */
export const BEARER_SCHEME = 'bearerAuth'

/** Documented only: the handler checks the header itself so a missing key gets IDEMPOTENCY_KEY_REQUIRED, not a generic 400. */
const IDEMPOTENCY_HEADERS = {
  type: 'object',
  properties: {
    'idempotency-key': {
      type: 'string',
      description: '8–64 个可见 ASCII 字符，同一次报名重试时保持不变；相同的 key 返回第一次的结果'
    }
  }
}

/** A route without query parameters refuses any (README: unknown parameters are a 400). */
const NO_QUERY = { type: 'object', properties: {}, additionalProperties: false }

export function contractRoute(c: RouteContract) {
  return {
    method: c.method,
    url: c.url,
    schema: {
      summary: c.summary,
      ...(c.auth ? { security: [{ [BEARER_SCHEME]: [] }] } : {}),
      ...(c.idempotent ? { headers: IDEMPOTENCY_HEADERS } : {}),
      querystring: c.querystring ?? NO_QUERY,
      ...(c.params ? { params: c.params } : {}),
      ...(c.body ? { body: c.body } : {}),
      response: { [c.successStatus ?? 200]: c.response, '4xx': ERROR_REF, '5xx': ERROR_REF }
    }
  }
}
