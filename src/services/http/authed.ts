/**
 * Calls that need `Authorization: Bearer <token>`. On 401 the client tries ONE silent re-login
 * (weapp: wx.login → POST /auth/wechat) and retries the original call once with the same headers
 * (so an Idempotency-Key is reused). When re-login is impossible (H5) or fails, the session is
 * cleared and the 401 is thrown for the page to send the user to the login page.
 * No Taro here: token source and re-login are injected.
 */
import type { HttpClient, RequestOptions } from './client'
import { ApiError } from './errors'

export const LOGIN_NEEDED_MESSAGE = '请先登录'

export interface AuthedClientDeps {
  http: HttpClient
  getToken(): string | null
  /** Silent re-login; resolves the new token, or null when the user must log in by hand. */
  relogin(): Promise<string | null>
  /** The session is gone and cannot be renewed silently. */
  onUnauthenticated(): void
}

export interface AuthedClient {
  request<T>(path: string, options?: RequestOptions): Promise<T>
}

export const isUnauthenticated = (error: unknown): boolean => error instanceof ApiError && error.status === 401

export function createAuthedClient(deps: AuthedClientDeps): AuthedClient {
  // Several calls failing with 401 together share one re-login.
  let renewing: Promise<string | null> | null = null
  function renew(): Promise<string | null> {
    if (!renewing) {
      renewing = deps
        .relogin()
        .catch(() => null)
        .finally(() => {
          renewing = null
        })
    }
    return renewing
  }

  const send = <T>(path: string, options: RequestOptions, token: string) =>
    deps.http.request<T>(path, { ...options, headers: { ...(options.headers ?? {}), Authorization: `Bearer ${token}` } })

  function giveUp(cause?: unknown): never {
    deps.onUnauthenticated()
    throw cause instanceof ApiError ? cause : new ApiError(401, 'UNAUTHENTICATED', LOGIN_NEEDED_MESSAGE)
  }

  async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
    let token = deps.getToken()
    let renewed = false
    if (!token) {
      token = await renew()
      renewed = true
      if (!token) giveUp()
    }
    try {
      return await send<T>(path, options, token)
    } catch (error) {
      if (!isUnauthenticated(error) || renewed) {
        if (isUnauthenticated(error)) giveUp(error)
        throw error
      }
      const fresh = await renew()
      if (!fresh) giveUp(error)
      try {
        return await send<T>(path, options, fresh)
      } catch (again) {
        if (isUnauthenticated(again)) giveUp(again)
        throw again
      }
    }
  }

  return { request }
}
