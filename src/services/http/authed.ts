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
  /** 亲情代办: the worker being acted for (sent as X-Act-For on every call), else null */
  getActingFor?(): string | null
  /** The server said the relationship has ended: stop acting */
  onActingEnded?(): void
}

export interface AuthedRequestOptions extends RequestOptions {
  /** as the signed-in person even while acting for someone (their own relatives list, leaving, logout) */
  asSelf?: boolean
}

export interface AuthedClient {
  request<T>(path: string, options?: AuthedRequestOptions): Promise<T>
}

/** The relationship a relative acted through has ended (removed, consent withdrawn, account deleted). */
export const isProxyEnded = (error: unknown): boolean => error instanceof ApiError && error.status === 403 && error.code === 'PROXY_ENDED'

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

  // the one place X-Act-For is added
  async function send<T>(path: string, { asSelf, ...options }: AuthedRequestOptions, token: string): Promise<T> {
    const actFor = asSelf ? null : (deps.getActingFor?.() ?? null)
    const headers = { ...(options.headers ?? {}), Authorization: `Bearer ${token}`, ...(actFor ? { 'X-Act-For': actFor } : {}) }
    try {
      return await deps.http.request<T>(path, { ...options, headers })
    } catch (error) {
      if (actFor && isProxyEnded(error)) deps.onActingEnded?.()
      throw error
    }
  }

  function giveUp(cause?: unknown): never {
    deps.onUnauthenticated()
    throw cause instanceof ApiError ? cause : new ApiError(401, 'UNAUTHENTICATED', LOGIN_NEEDED_MESSAGE)
  }

  async function request<T>(path: string, options: AuthedRequestOptions = {}): Promise<T> {
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
