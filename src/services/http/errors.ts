/** Typed failures of an API call. Services throw these; hooks turn them into Chinese text. */

export const NETWORK_MESSAGE = '网络不太好，请稍后再试'
const SERVER_MESSAGE = '服务暂时有点忙，请稍后再试'
const NOT_FOUND_MESSAGE = '没有找到相关内容'
const GENERIC_MESSAGE = '请求没有成功，请稍后再试'

/** The server answered with an HTTP error status (4xx/5xx). `message` is the server's Chinese text. */
export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly field?: string

  constructor(status: number, code: string, message: string, field?: string) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.field = field
    Object.setPrototypeOf(this, ApiError.prototype)
  }
}

/** No usable response: offline, timeout, network switch (wx errno 600001), DNS, TLS … */
export class NetworkError extends Error {
  readonly reason: 'timeout' | 'offline'
  readonly cause?: unknown

  constructor(reason: 'timeout' | 'offline' = 'offline', cause?: unknown) {
    super(NETWORK_MESSAGE)
    this.name = 'NetworkError'
    this.reason = reason
    this.cause = cause
    Object.setPrototypeOf(this, NetworkError.prototype)
  }
}

/** Fallback text when an error body carries no usable message. */
export function defaultMessageForStatus(status: number): string {
  if (status === 404) return NOT_FOUND_MESSAGE
  if (status >= 500 || status === 429) return SERVER_MESSAGE
  return GENERIC_MESSAGE
}

/** Turn an error body (object, JSON string or anything) into an ApiError. */
export function apiErrorFromBody(status: number, body: unknown): ApiError {
  let parsed: unknown = body
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body)
    } catch {
      parsed = null
    }
  }
  if (parsed && typeof parsed === 'object') {
    const { code, message, field } = parsed as Record<string, unknown>
    if (typeof message === 'string' && message.trim() !== '') {
      return new ApiError(
        status,
        typeof code === 'string' ? code : `HTTP_${status}`,
        message,
        typeof field === 'string' ? field : undefined
      )
    }
  }
  return new ApiError(status, `HTTP_${status}`, defaultMessageForStatus(status))
}

/** The sentence to show a worker for any error a service threw. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError || error instanceof NetworkError) return error.message
  return GENERIC_MESSAGE
}

export const isNotFound = (error: unknown): boolean => error instanceof ApiError && error.status === 404
