/**
 * Every error leaves the server as `{ code, message, field? }` with a message a worker can read.
 * Validation errors are phrased from the schema's Chinese `title` and the failing keyword.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'

export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly field?: string
  ) {
    super(message)
  }
}

export const badRequest = (message: string, field?: string, code = 'VALIDATION_FAILED') => new ApiError(400, code, message, field)
export const notFound = (message: string, code = 'NOT_FOUND') => new ApiError(404, code, message)

interface AjvError {
  keyword: string
  instancePath: string
  params: Record<string, unknown>
}

interface PropSchema {
  title?: string
  minimum?: number
  maximum?: number
  exclusiveMinimum?: number
  exclusiveMaximum?: number
  maxLength?: number
  type?: string
}

const CONTEXT_NAME: Record<string, string> = { querystring: '查询条件', params: '地址', body: '提交内容', headers: '请求头' }

/** One plain sentence for the first failing rule. */
export function validationMessage(err: AjvError, context: string, schema: unknown): { message: string; field?: string } {
  const props = ((schema as { properties?: Record<string, PropSchema> } | undefined)?.properties ?? {}) as Record<string, PropSchema>
  if (err.keyword === 'additionalProperties') {
    const extra = String(err.params.additionalProperty ?? '')
    return { message: `不认识的${CONTEXT_NAME[context] ?? '参数'}：${extra.slice(0, 40)}`, field: extra.slice(0, 40) }
  }
  const field = err.keyword === 'required' ? String(err.params.missingProperty ?? '') : err.instancePath.replace(/^\//, '').split('/')[0]
  const prop = props[field] ?? {}
  const title = prop.title ?? field ?? '参数'
  const lo = prop.minimum ?? prop.exclusiveMinimum
  const hi = prop.maximum ?? prop.exclusiveMaximum
  switch (err.keyword) {
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      if (prop.exclusiveMinimum !== undefined && hi !== undefined) return { message: `${title}应大于 ${prop.exclusiveMinimum}，且不超过 ${hi}`, field }
      if (lo !== undefined && hi !== undefined) return { message: `${title}应在 ${lo} 到 ${hi} 之间`, field }
      if (lo !== undefined) return { message: `${title}不能小于 ${lo}`, field }
      return { message: `${title}不能大于 ${hi}`, field }
    case 'type': {
      const t = String(err.params.type ?? prop.type)
      if (t === 'integer') return { message: `${title}应填整数`, field }
      if (t === 'number') return { message: `${title}应填数字`, field }
      if (t === 'boolean') return { message: `「${title}」只能填 true 或 false`, field }
      return { message: `「${title}」只能填一个值`, field }
    }
    case 'enum':
    case 'const':
      return { message: `「${title}」不是可选的值`, field }
    case 'pattern':
    case 'format':
      return { message: `「${title}」格式不正确`, field }
    case 'maxLength':
      return { message: `${title}最多 ${prop.maxLength ?? err.params.limit} 个字`, field }
    case 'minLength':
      return { message: `${title}不能为空`, field }
    case 'required':
      return { message: `缺少${title}`, field }
    default:
      return { message: `「${title}」填写不正确`, field }
  }
}

export const MESSAGES = {
  routeNotFound: '没有找到这个地址，请检查链接是否正确',
  internal: '服务器开小差了，请稍后再试',
  badRequest: '请求格式不正确，请刷新后重试'
}

export function errorHandler(error: FastifyError | ApiError, request: FastifyRequest, reply: FastifyReply): void {
  if (error instanceof ApiError) {
    reply.status(error.statusCode).send({ code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) })
    return
  }
  const fe = error as FastifyError & { validation?: AjvError[]; validationContext?: string }
  if (fe.validation && fe.validation.length > 0) {
    const context = fe.validationContext ?? 'querystring'
    const schema = (request.routeOptions.schema as Record<string, unknown> | undefined)?.[context]
    const { message, field } = validationMessage(fe.validation[0], context, schema)
    reply.status(400).send({ code: 'VALIDATION_FAILED', message, ...(field ? { field } : {}) })
    return
  }
  const status = typeof fe.statusCode === 'number' ? fe.statusCode : 500
  if (status >= 400 && status < 500) {
    reply.status(status).send({ code: status === 404 ? 'NOT_FOUND' : status === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST', message: status === 404 ? MESSAGES.routeNotFound : MESSAGES.badRequest })
    return
  }
  request.log.error({ err: error }, 'unhandled error')
  reply.status(500).send({ code: 'INTERNAL', message: MESSAGES.internal })
}
