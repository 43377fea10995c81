/**
 * The API client: typed errors, timeout, retry for idempotent calls only.
 * No Taro here — the transport is injected (services/platform/request provides Taro.request).
 */
import { ApiError, NetworkError, apiErrorFromBody } from './errors'
import { buildQuery, joinUrl, type QueryParams } from './query'
import type { HttpMethod, Transport } from './types'

export interface HttpClientOptions {
  baseUrl: string
  transport: Transport
  /** Per-attempt timeout; default 15 s. */
  timeoutMs?: number
  /** Extra attempts for idempotent calls; default 2. */
  maxRetries?: number
  /** First backoff delay; doubles each retry. Default 400 ms. */
  backoffMs?: number
  /** Injected for tests. */
  sleep?: (ms: number) => Promise<void>
}

export interface RequestOptions {
  method?: HttpMethod
  query?: QueryParams
  body?: unknown
  headers?: Record<string, string>
  timeoutMs?: number
}

export interface HttpClient {
  request<T>(path: string, options?: RequestOptions): Promise<T>
  get<T>(path: string, query?: QueryParams, options?: Omit<RequestOptions, 'method' | 'query'>): Promise<T>
  post<T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'method' | 'body'>): Promise<T>
}

const IDEMPOTENCY_HEADER = 'idempotency-key'

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

function hasIdempotencyKey(headers: Record<string, string>): boolean {
  return Object.keys(headers).some((name) => name.toLowerCase() === IDEMPOTENCY_HEADER && headers[name] !== '')
}

/** A retry may repeat the call safely only for GET or a write that carries an Idempotency-Key. */
export function isIdempotent(method: HttpMethod, headers: Record<string, string>): boolean {
  return method === 'GET' || hasIdempotencyKey(headers)
}

/** Worth retrying: no response, server failure, or rate limit. Never other 4xx. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof NetworkError) return true
  if (error instanceof ApiError) return error.status >= 500 || error.status === 429
  return false
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new NetworkError('timeout')), ms)
    promise.then(
      (value) => {
        clearTimeout(timer)
        resolve(value)
      },
      (error: unknown) => {
        clearTimeout(timer)
        reject(error)
      }
    )
  })
}

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const { baseUrl, transport } = options
  const timeoutMs = options.timeoutMs ?? 15_000
  const maxRetries = options.maxRetries ?? 2
  const backoffMs = options.backoffMs ?? 400
  const sleep = options.sleep ?? defaultSleep

  async function attempt<T>(url: string, method: HttpMethod, headers: Record<string, string>, body: unknown, ms: number): Promise<T> {
    let response
    try {
      response = await withTimeout(transport({ url, method, headers, body, timeoutMs: ms }), ms)
    } catch (error) {
      if (error instanceof NetworkError || error instanceof ApiError) throw error
      throw new NetworkError('offline', error)
    }
    if (response.status >= 200 && response.status < 300) return response.data as T
    throw apiErrorFromBody(response.status, response.data)
  }

  async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
    const method = opts.method ?? 'GET'
    const headers: Record<string, string> = { Accept: 'application/json', ...(opts.headers ?? {}) }
    if (opts.body !== undefined) headers['Content-Type'] = 'application/json'
    const url = joinUrl(baseUrl, path) + buildQuery(opts.query)
    const retries = isIdempotent(method, headers) ? maxRetries : 0
    for (let n = 0; ; n += 1) {
      try {
        return await attempt<T>(url, method, headers, opts.body, opts.timeoutMs ?? timeoutMs)
      } catch (error) {
        if (n >= retries || !isRetryable(error)) throw error
        await sleep(backoffMs * 2 ** n)
      }
    }
  }

  return {
    request,
    get: (path, query, o) => request(path, { ...o, method: 'GET', query }),
    post: (path, body, o) => request(path, { ...o, method: 'POST', body })
  }
}
