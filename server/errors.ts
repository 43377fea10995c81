/**
 * Every error leaves the server as `{ code, message, field? }` with a message a worker can read.
 * Validation errors are phrased from the schema's Chinese `title` and the failing keyword.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { isConnectionError } from './db'

export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    /** Sent as Retry-After (every 429 and 503 says when to come back) */
    readonly retryAfterSeconds?: number
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

/** Retry-After for a 429 or 503 whose thrower did not know better */
export const DEFAULT_RETRY_AFTER_SECONDS = 60

export const MESSAGES = {
  routeNotFound: '没有找到这个地址，请检查链接是否正确',
  internal: '服务器开小差了，请稍后再试',
  badRequest: '请求格式不正确，请刷新后重试',
  dbUnavailable: '系统正在维护，暂时用不了，请过几分钟再试',
  badUrl: '网址格式不正确，请检查链接是否完整',
  uriTooLong: '网址太长了，请检查链接是否正确',
  headersTooLarge: '请求太长了，请减少筛选条件后重试',
  badEncoding: '网址里有无法识别的字符，请检查链接是否完整',
  badCharacters: '提交的内容里有无法识别的字符，请删掉特殊符号后重试',
  invalidJson: '提交的内容格式不对，请刷新后重试',
  jsonTooDeep: '提交的内容层级太多，无法处理，请刷新后重试',
  emptyJson: '提交的内容是空的，请填写后再提交',
  unsupportedMediaType: '提交的内容类型不对，请刷新后重试',
  payloadTooLarge: '提交的内容太大了，请减少内容后重试',
  tooManyRequests: '操作太频繁了，请稍后再试'
}

/** Statuses and messages for Fastify's own 4xx errors (body parsing, routing), by error code. */
const FRAMEWORK_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  FST_ERR_BAD_URL: { status: 400, code: 'BAD_URL', message: MESSAGES.badUrl },
  FST_ERR_MAX_PARAM_LENGTH: { status: 414, code: 'URI_TOO_LONG', message: MESSAGES.uriTooLong },
  FST_ERR_ASYNC_CONSTRAINT: { status: 400, code: 'BAD_REQUEST', message: MESSAGES.badRequest },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'EMPTY_BODY', message: MESSAGES.emptyJson },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'INVALID_JSON', message: MESSAGES.invalidJson },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: MESSAGES.unsupportedMediaType },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'BAD_REQUEST', message: MESSAGES.badRequest },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'PAYLOAD_TOO_LARGE', message: MESSAGES.payloadTooLarge },
  FST_ERR_CTP_INVALID_TYPE: { status: 400, code: 'BAD_REQUEST', message: MESSAGES.badRequest },
  FST_ERR_VALIDATION: { status: 400, code: 'VALIDATION_FAILED', message: MESSAGES.badRequest }
}

/** Fastify `frameworkErrors`: router errors (bad percent-encoding in the path, over-long ids) in our shape. */
export function frameworkErrors(error: FastifyError, _req: FastifyRequest, reply: FastifyReply): void {
  const known = FRAMEWORK_ERRORS[error.code] ?? { status: 400, code: 'BAD_REQUEST', message: MESSAGES.badRequest }
  reply.status(known.status).send({ code: known.code, message: known.message })
}

/**
 * Fastify `clientErrorHandler`: errors Node's HTTP parser raises before a request exists (headers over 16 KB
 * → 431, malformed request lines → 400). Written straight to the socket, still as `{ code, message }`.
 */
export function clientErrorHandler(err: Error & { code?: string }, socket: import('node:net').Socket): void {
  if (!socket.writable) return
  const tooLarge = err.code === 'HPE_HEADER_OVERFLOW'
  const [status, reason, body] = tooLarge
    ? [431, 'Request Header Fields Too Large', { code: 'HEADERS_TOO_LARGE', message: MESSAGES.headersTooLarge }]
    : [400, 'Bad Request', { code: 'BAD_REQUEST', message: MESSAGES.badRequest }]
  const json = JSON.stringify(body)
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(json)}\r\n` +
      `X-Content-Type-Options: nosniff\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${json}`
  )
}

export function errorHandler(error: FastifyError | ApiError, request: FastifyRequest, reply: FastifyReply): void {
  if (error instanceof ApiError) {
    if (error.retryAfterSeconds !== undefined) reply.header('retry-after', String(Math.max(1, Math.ceil(error.retryAfterSeconds))))
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
  if (isConnectionError(error)) {
    // the database is away (restart, failover): tell the client to come back, never hang or crash
    reply.header('retry-after', '5').status(503).send({ code: 'DB_UNAVAILABLE', message: MESSAGES.dbUnavailable })
    return
  }
  const sqlState = typeof fe.code === 'string' ? fe.code : ''
  // PostgreSQL refuses NUL and invalid UTF-8 in text: bad input, not a server fault (the hooks in
  // server/ops/hardening.ts stop these earlier; this is the backstop)
  if (sqlState === '22021' || sqlState === '22P05') {
    reply.status(400).send({ code: 'BAD_CHARACTERS', message: MESSAGES.badCharacters })
    return
  }
  const known = FRAMEWORK_ERRORS[sqlState]
  if (known) {
    reply.status(known.status).send({ code: known.code, message: known.message })
    return
  }
  const status = typeof fe.statusCode === 'number' ? fe.statusCode : 500
  if (status >= 400 && status < 500) {
    const code = status === 404 ? 'NOT_FOUND' : status === 413 ? 'PAYLOAD_TOO_LARGE' : status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : status === 429 ? 'TOO_MANY_REQUESTS' : 'BAD_REQUEST'
    const message =
      status === 404 ? MESSAGES.routeNotFound : status === 413 ? MESSAGES.payloadTooLarge : status === 415 ? MESSAGES.unsupportedMediaType : status === 429 ? MESSAGES.tooManyRequests : error instanceof SyntaxError ? MESSAGES.invalidJson : MESSAGES.badRequest
    if (status === 429 && !reply.getHeader('retry-after')) reply.header('retry-after', String(DEFAULT_RETRY_AFTER_SECONDS))
    reply.status(status).send({ code, message })
    return
  }
  request.log.error({ err: error }, 'unhandled error')
  reply.status(500).send({ code: 'INTERNAL', message: MESSAGES.internal })
}
