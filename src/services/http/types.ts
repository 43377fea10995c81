/** The transport is injected so the client runs on Taro.request, fetch, or a fake in tests. */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

export interface TransportRequest {
  url: string
  method: HttpMethod
  headers: Record<string, string>
  body?: unknown
  timeoutMs: number
}

export interface TransportResponse {
  status: number
  data: unknown
}

/**
 * Resolves with the response for ANY HTTP status (as wx.request does); rejects only when no
 * response arrived (offline, timeout, aborted). It may reject with a NetworkError itself.
 */
export type Transport = (request: TransportRequest) => Promise<TransportResponse>
