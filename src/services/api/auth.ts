/** Login, logout, the privacy notice, and the one authenticated client every personal call uses. */
import type { Me, PrivacyNotice, Session, SmsSendResult } from '../../contract'
import { createAuthedClient, type AuthedClient } from '../http/authed'
import { login as platformLogin } from '../platform/login'
import { currentToken, useSession } from '../../store/session'
import { api } from './client'

export function privacyNotice(): Promise<PrivacyNotice> {
  return api.get<PrivacyNotice>('/api/v1/privacy')
}

export async function loginWechat(code: string): Promise<Session> {
  const session = await api.post<Session>('/api/v1/auth/wechat', { code })
  useSession.getState().setSession(session)
  return session
}

export function sendSmsCode(phone: string): Promise<SmsSendResult> {
  return api.post<SmsSendResult>('/api/v1/auth/sms/send', { phone })
}

export async function verifySmsCode(phone: string, code: string): Promise<Session> {
  const session = await api.post<Session>('/api/v1/auth/sms/verify', { phone, code })
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

/** A valid session, logging in silently where the platform allows. false = show the login page. */
export async function ensureSession(): Promise<Me | null> {
  if (currentToken()) return useSession.getState().me
  const token = await silentLogin()
  return token ? useSession.getState().me : null
}

export const authed: AuthedClient = createAuthedClient({
  http: api,
  getToken: () => currentToken(),
  relogin: silentLogin,
  onUnauthenticated: () => useSession.getState().clear(),
  getActingFor: () => useSession.getState().actingFor?.id ?? null,
  onActingEnded: () => useSession.getState().setActingFor(null)
})

export async function logout(): Promise<void> {
  try {
    await authed.request('/api/v1/auth/logout', { method: 'POST', asSelf: true })
  } finally {
    useSession.getState().clear()
  }
}
