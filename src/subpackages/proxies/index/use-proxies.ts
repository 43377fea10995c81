/** 亲属代办: load both sides (my relatives, whom I act for), invite, accept, remove, leave, switch 替谁办. */
import { useState } from 'react'
import type { Principal, Proxy } from '../../../contract'
import { acceptProxy, endProxy, inviteProxy, myPrincipals, myProxies, proxyActivity, switchActingFor } from '../../../services/api/proxies'
import { messageOf } from '../../../services/http/errors'
import { confirm, toast } from '../../../services/platform'
import { useSignedIn } from '../../../hooks/use-gate'
import { useSession } from '../../../store/session'
import { maskPhone } from '../../../domain/masking'
import { relationLabel, type ProxyRelation } from '../../../domain/proxy'

interface Data {
  principals: Principal[]
  proxies: Proxy[]
  max: number
  activity: Array<{ at: string; action: string; actedBy: string }>
}

export function useProxies() {
  const actingFor = useSession((s) => s.actingFor)
  const [phone, setPhone] = useState('')
  const [relation, setRelation] = useState<ProxyRelation | null>(null)
  const [code, setCode] = useState('')
  const [invitation, setInvitation] = useState<{ code: string; expiresAt: string; phoneMasked: string } | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const { state, reload, onLogin, onRetry } = useSignedIn<Data>(async () => {
    const [principals, proxies, activity] = await Promise.all([myPrincipals(), myProxies(), proxyActivity()])
    return { principals: principals.items, proxies: proxies.items, max: proxies.max, activity: activity.items }
  })

  /** One action at a time; its error shows on the page, in the server's words. */
  const run = async (action: () => Promise<unknown>, done?: string) => {
    if (busy) return
    setBusy(true)
    setError(null)
    try {
      await action()
      if (done) toast(done, 'success')
      await reload()
    } catch (e) {
      setError(messageOf(e))
    } finally {
      setBusy(false)
    }
  }

  return {
    state,
    actingFor,
    phone,
    relation,
    code,
    invitation,
    error,
    busy,
    onLogin,
    onRetry,
    onPhone: setPhone,
    onRelation: setRelation,
    onCode: setCode,
    onActFor: (p: Principal) => void run(() => switchActingFor({ id: p.id, maskedName: p.maskedName }), `现在替 ${p.maskedName} 办理`),
    onActAsSelf: () => void run(() => switchActingFor(null), '已切回自己'),
    onLeave: async (p: Principal) => {
      if (!(await confirm('不再代办', `确定不再替 ${p.maskedName} 办理吗？以后需要对方重新邀请。`, '不再代办', '保留'))) return
      await run(async () => {
        if (useSession.getState().actingFor?.id === p.id) await switchActingFor(null)
        await endProxy(p.proxyId)
      }, '已结束代办')
    },
    onAccept: () =>
      void run(async () => {
        const r = await acceptProxy(code)
        setCode('')
        toast(`现在可以替 ${r.principal.maskedName} 办理`, 'success')
      }),
    onInvite: () => {
      if (!relation) return
      if (!/^1[3-9][0-9]{9}$/.test(phone)) {
        setError('手机号应为11位，以1开头')
        return
      }
      void run(async () => {
        const inv = await inviteProxy({ phone, relation })
        setInvitation({ code: inv.code, expiresAt: inv.expiresAt, phoneMasked: maskPhone(phone) })
        setPhone('')
        setRelation(null)
      })
    },
    onRemove: async (p: Proxy) => {
      const who = `${relationLabel(p.relation)} ${p.phoneMasked}`
      if (!(await confirm('移除代办亲属', `移除后 ${who} 马上不能再替你办理。`, '移除', '保留'))) return
      await run(() => endProxy(p.id), '已移除')
    }
  }
}
