/** Login, logout, the privacy notice; the authenticated client itself lives in ./client beside callRoute. */
import type { Me, PrivacyNotice, Session, SmsSendResult } from '../../contract'
import { currentToken, useSession } from '../../store/session'
import { authed, callRoute, loginWechat, routes, silentLogin } from './client'

export { authed, loginWechat, silentLogin }

export function privacyNotice(): Promise<PrivacyNotice> {
  return callRoute(routes.privacyNotice)
}

export function sendSmsCode(phone: string): Promise<SmsSendResult> {
  return callRoute(routes.sendSmsCode, { body: { phone } })
}

export async function verifySmsCode(phone: string, code: string): Promise<Session> {
  const session = await callRoute(routes.verifySmsCode, { body: { phone, code } })
  useSession.getState().setSession(session)
  return session
}

/** A valid session, logging in silently where the platform allows. false = show the login page. */
export async function ensureSession(): Promise<Me | null> {
  if (currentToken()) return useSession.getState().me
  const token = await silentLogin()
  return token ? useSession.getState().me : null
}

export async function logout(): Promise<void> {
  try {
    await callRoute(routes.logout, { asSelf: true })
  } finally {
    useSession.getState().clear()
  }
}
