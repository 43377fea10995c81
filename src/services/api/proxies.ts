/** 亲情代办: the worker's relatives and the relative's principals. Always as the signed-in person (never X-Act-For). */
import type { PrincipalList, ProxyAccepted, ProxyActivity, ProxyInvitation, ProxyInviteBody, ProxyList } from '../../contract'
import { useSession } from '../../store/session'
import { authed } from './auth'
import { getMe } from './me'

const self = { asSelf: true } as const

export const myProxies = () => authed.request<ProxyList>('/api/v1/me/proxies', self)
export const inviteProxy = (body: ProxyInviteBody) => authed.request<ProxyInvitation>('/api/v1/me/proxies', { ...self, method: 'POST', body })
export const endProxy = (id: string) => authed.request<{ ok: true }>(`/api/v1/me/proxies/${encodeURIComponent(id)}`, { ...self, method: 'DELETE' })
export const proxyActivity = () => authed.request<ProxyActivity>('/api/v1/me/proxies/activity', self)
export const myPrincipals = () => authed.request<PrincipalList>('/api/v1/me/principals', self)
export const acceptProxy = (code: string) => authed.request<ProxyAccepted>('/api/v1/proxies/accept', { ...self, method: 'POST', body: { code } })

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
