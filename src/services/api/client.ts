/**
 * The app's clients: the API base from the build, the Taro.request transport, the session's token; and
 * `callRoute` over them, the one way services call the API (routes from the contract, see services/http/route).
 */
import type { Session } from '../../contract'
import { apiBase, createCallRoute, createHttpClient, routes, type HttpClient } from '../http'
import { createAuthedClient, type AuthedClient } from '../http/authed'
import { login as platformLogin } from '../platform/login'
import { taroTransport } from '../platform/request'
import { currentToken, useSession } from '../../store/session'

export { routes }

export const api: HttpClient = createHttpClient({ baseUrl: apiBase(), transport: taroTransport, timeoutMs: 15_000 })

export async function loginWechat(code: string): Promise<Session> {
  const session = await callRoute(routes.loginWechat, { body: { code } })
  useSession.getState().setSession(session)
  return session
}

/** weapp: wx.login → POST /auth/wechat. H5: null (the user logs in with an SMS code). */
export async function silentLogin(): Promise<string | null> {
  const code = await platformLogin()
  if (!code) return null
  try {
    const session = await loginWechat(code)
    return session.token
  } catch {
    return null
  }
}

/** The one authenticated client every personal call goes through (token, silent re-login, X-Act-For). */
export const authed: AuthedClient = createAuthedClient({
  http: api,
  getToken: () => currentToken(),
  relogin: silentLogin,
  onUnauthenticated: () => useSession.getState().clear(),
  getActingFor: () => useSession.getState().actingFor?.id ?? null,
  onActingEnded: () => useSession.getState().setActingFor(null)
})

export const callRoute = createCallRoute({ http: api, authed })
