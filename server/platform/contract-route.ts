/** Turns an entry of the contract's route table into Fastify route options (validation + serialisation + OpenAPI). */
import type { FastifyInstance, FastifyTypeProvider } from 'fastify'
import type { Static, TSchema } from '@sinclair/typebox'
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
const NO_QUERY = { type: 'object', properties: {}, additionalProperties: false } as const

/**
 * Fastify's TypeBox type provider: a handler's `req.body`, `req.params` and `req.query` have the types of the
 * route's schemas, which Ajv has already checked (with the Chinese titles in its messages). This interface is
 * all of @fastify/type-provider-typebox the server would use; its validator compiler is not wanted (Ajv stays).
 */
export interface TypeBoxTypeProvider extends FastifyTypeProvider {
  readonly validator: this['schema'] extends TSchema ? Static<this['schema']> : unknown
  readonly serializer: this['schema'] extends TSchema ? Static<this['schema']> : unknown
}

/** The app with request types taken from the route schemas: `typed(app).route({ ...contractRoute(routes.x), handler })`. */
export const typed = (app: FastifyInstance) => app.withTypeProvider<TypeBoxTypeProvider>()

/** The request schemas of a contract route, typed as in the contract (so the type provider can read them). */
interface ContractSchema<C extends RouteContract> {
  summary: string
  querystring: C['querystring'] extends TSchema ? C['querystring'] : typeof NO_QUERY
  params: C['params']
  body: C['body']
  response: Record<string, unknown>
}

export function contractRoute<C extends RouteContract>(c: C) {
  const schema = {
    summary: c.summary,
    ...(c.auth ? { security: [{ [BEARER_SCHEME]: [] }] } : {}),
    ...(c.idempotent ? { headers: IDEMPOTENCY_HEADERS } : {}),
    querystring: c.querystring ?? NO_QUERY,
    ...(c.params ? { params: c.params } : {}),
    ...(c.body ? { body: c.body } : {}),
    response: { [c.successStatus ?? 200]: c.response, '4xx': ERROR_REF, '5xx': ERROR_REF }
  }
  return { method: c.method, url: c.url, schema: schema as unknown as ContractSchema<C> }
}
