/** 亲属代办: load both sides (my relatives, whom I act for), invite, accept, remove, leave, switch 替谁办. */
import { useEffect, useRef, useState } from 'react'
import type { Principal, Proxy } from '../../../contract'
import { acceptProxy, endProxy, inviteProxy, myPrincipals, myProxies, proxyActivity, switchActingFor } from '../../../services/api/proxies'
import { ApiError, messageOf } from '../../../services/http/errors'
import { bindPhone, sendPhoneBindCode } from '../../../services/api/me'
import { isMobilePhone } from '../../../domain/masking'
import { confirm, scrollToTop, toast } from '../../../services/platform'
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
  /**
   * A WeChat-only account has no phone to match the invitation with: the server answers PROXY_NEED_PHONE, and the
   * relative binds the invited phone right here (SMS code), after which the same invitation code is accepted.
   */
  const [bind, setBind] = useState<{ phone: string; code: string; countdown: number; sending: boolean; devCode: string | null } | null>(null)
  const timer = useRef<ReturnType<typeof setInterval> | null>(null)
  useEffect(
    () => () => {
      if (timer.current) clearInterval(timer.current)
    },
    []
  )
  const patchBind = (patch: Partial<NonNullable<typeof bind>>) => setBind((b) => (b ? { ...b, ...patch } : b))

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
        try {
          const r = await acceptProxy(code)
          setCode('')
          toast(`现在可以替 ${r.principal.maskedName} 办理`, 'success')
        } catch (e) {
          if (e instanceof ApiError && e.code === 'PROXY_NEED_PHONE') setBind((b) => b ?? { phone: '', code: '', countdown: 0, sending: false, devCode: null })
          throw e
        }
      }),
    bind,
    onBindPhone: (v: string) => patchBind({ phone: v.replace(/\D/g, '').slice(0, 11) }),
    onBindCode: (v: string) => patchBind({ code: v.replace(/\D/g, '').slice(0, 6) }),
    onBindSend: async () => {
      if (!bind || bind.sending || bind.countdown > 0) return
      if (!isMobilePhone(bind.phone)) {
        setError('请填写正确的11位手机号')
        return
      }
      setError(null)
      patchBind({ sending: true })
      try {
        const r = await sendPhoneBindCode(bind.phone)
        patchBind({ sending: false, devCode: r.devCode ?? null, countdown: r.resendAfterSeconds > 0 ? r.resendAfterSeconds : 60 })
        if (timer.current) clearInterval(timer.current)
        timer.current = setInterval(() => {
          setBind((b) => {
            if (!b || b.countdown <= 1) {
              if (timer.current) clearInterval(timer.current)
              timer.current = null
            }
            return b ? { ...b, countdown: Math.max(0, b.countdown - 1) } : b
          })
        }, 1000)
        toast('验证码已发送')
      } catch (e) {
        patchBind({ sending: false })
        setError(messageOf(e))
      }
    },
    /** Bind, then carry on with the invitation code already typed. */
    onBindSubmit: () => {
      if (!bind) return
      if (!/^\d{6}$/.test(bind.code)) {
        setError('请填写6位数字验证码')
        return
      }
      void run(async () => {
        await bindPhone(bind.phone, bind.code)
        setBind(null)
        if (code.length === 6) {
          const r = await acceptProxy(code)
          setCode('')
          toast(`已绑定手机号，现在可以替 ${r.principal.maskedName} 办理`, 'success')
          // the person just added is at the top (替谁办); the long form they filled was below it
          scrollToTop()
        } else toast('手机号已绑定', 'success')
      })
    },
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
