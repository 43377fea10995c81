/**
 * The served OpenAPI document, made to say what the server does: @fastify/swagger writes every success as
 * JSON and knows nothing of multipart bodies, required headers checked by handlers, or 429s. The contract's
 * route table says those (`produces`, `multipart`, `idempotent`, `rateLimited`), and this fills them in.
 * Also: OpenAPI 3.0 wants `exclusiveMinimum: true` beside `minimum` (a number there is 3.1), and the
 * development routes (`/api/v1/dev/*`) are not part of a production document.
 */
import { routes as contractRoutes, type RouteContract } from '../../src/contract'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- an OpenAPI document is walked and rewritten field by field; its shape is whatever swagger generated
type Json = Record<string, any>

const ERROR_CONTENT = { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } }

/** JSON Schema 2019+ numeric exclusive bounds → the OpenAPI 3.0 boolean form, in place, without recursion. */
function exclusiveBoundsTo30(root: unknown): void {
  const stack: unknown[] = [root]
  while (stack.length) {
    const v = stack.pop()
    if (Array.isArray(v)) stack.push(...v)
    else if (v && typeof v === 'object') {
      const o = v as Json
      if (typeof o.exclusiveMinimum === 'number') {
        o.minimum = o.exclusiveMinimum
        o.exclusiveMinimum = true
      }
      if (typeof o.exclusiveMaximum === 'number') {
        o.maximum = o.exclusiveMaximum
        o.exclusiveMaximum = true
      }
      stack.push(...Object.values(o))
    }
  }
}

export function honestOpenapi(generated: Json, opts: { devMode: boolean; table?: Record<string, RouteContract> }): Json {
  const doc: Json = JSON.parse(JSON.stringify(generated))
  if (!opts.devMode) {
    for (const path of Object.keys(doc.paths ?? {})) if (path.startsWith('/api/v1/dev/')) delete doc.paths[path]
  }
  exclusiveBoundsTo30(doc)
  for (const r of Object.values(opts.table ?? (contractRoutes as Record<string, RouteContract>))) {
    const op: Json | undefined = doc.paths?.[r.url.replace(/:(\w+)/g, '{$1}')]?.[r.method.toLowerCase()]
    if (!op) continue
    // no login needed: said explicitly (an empty requirement), not left for a reader to guess
    if (!r.auth) op.security = []
    const success = String(r.successStatus ?? 200)
    if (r.produces && op.responses?.[success]) {
      const schema = r.produces.startsWith('text/') ? { type: 'string' } : { type: 'string', format: 'binary' }
      op.responses[success] = { description: op.responses[success].description ?? 'OK', content: { [r.produces]: { schema } } }
    }
    if (r.multipart) {
      op.requestBody = {
        required: true,
        content: {
          'multipart/form-data': {
            schema: {
              type: 'object',
              required: ['file'],
              properties: { file: { type: 'string', format: 'binary', description: '一个文件（照片）' } }
            }
          }
        }
      }
    }
    if (r.idempotent) {
      for (const p of op.parameters ?? []) if (p.in === 'header' && String(p.name).toLowerCase() === 'idempotency-key') p.required = true
    }
    if (r.rateLimited) {
      op.responses ??= {}
      op.responses['429'] = {
        description: '请求太频繁；Retry-After 说明多少秒后再试',
        headers: { 'Retry-After': { required: true, description: '多少秒后可以再试', schema: { type: 'integer', minimum: 1 } } },
        content: ERROR_CONTENT
      }
    }
  }
  return doc
}
