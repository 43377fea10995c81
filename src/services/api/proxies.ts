/** 亲情代办: the worker's relatives and the relative's principals. Always as the signed-in person (never X-Act-For). */
import type { PrincipalList, ProxyAccepted, ProxyActivity, ProxyInvitation, ProxyInviteBody, ProxyList } from '../../contract'
import { useSession } from '../../store/session'
import { callRoute, routes } from './client'
import { getMe } from './me'

export const myProxies = (): Promise<ProxyList> => callRoute(routes.myProxies, { asSelf: true })
export const inviteProxy = (body: ProxyInviteBody): Promise<ProxyInvitation> => callRoute(routes.inviteProxy, { asSelf: true, body })
export const endProxy = (id: string): Promise<{ ok: true }> => callRoute(routes.endProxy, { asSelf: true, params: { id } })
export const proxyActivity = (): Promise<ProxyActivity> => callRoute(routes.proxyActivity, { asSelf: true })
export const myPrincipals = (): Promise<PrincipalList> => callRoute(routes.myPrincipals, { asSelf: true })
export const acceptProxy = (code: string): Promise<ProxyAccepted> => callRoute(routes.acceptProxy, { asSelf: true, body: { code } })

/**
 * 替谁办: from now on every call acts for this worker (or for oneself again with null). `me` follows, so the
 * sign-up flow checks the worker's consent and profile.
 */
export async function switchActingFor(p: { id: string; maskedName: string } | null): Promise<void> {
  useSession.getState().setActingFor(p)
  try {
    await getMe()
  } catch (e) {
    if (p) useSession.getState().setActingFor(null)
    throw e
  }
}
