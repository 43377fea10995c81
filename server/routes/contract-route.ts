/** Turns an entry of the contract's route table into Fastify route options (validation + serialisation + OpenAPI). */
import type { RouteContract } from '../../src/contract'

export const ERROR_REF = { $ref: 'ErrorBody#' }

export function contractRoute(c: RouteContract) {
  return {
    method: c.method,
    url: c.url,
    schema: {
      summary: c.summary,
      ...(c.querystring ? { querystring: c.querystring } : {}),
      ...(c.params ? { params: c.params } : {}),
      ...(c.body ? { body: c.body } : {}),
      response: { 200: c.response, '4xx': ERROR_REF, '5xx': ERROR_REF }
    }
  }
}
