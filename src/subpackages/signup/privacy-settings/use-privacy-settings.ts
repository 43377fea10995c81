import { useCallback, useState } from 'react'
import type { PrivacyNotice } from '../../../contract'
import type { Loadable } from '../../../components/async'
import { logout, privacyNotice } from '../../../services/api/auth'
import { deleteMe, withdrawConsent } from '../../../services/api/me'
import { isUnauthenticated } from '../../../services/http/authed'
import { messageOf } from '../../../services/http/errors'
import { confirm, go, replace, toast, useOnShow } from '../../../services/platform'
import { useSession } from '../../../store/session'
import { ERASURE_SUMMARY } from '../../../domain/personal-data'
import { useSignIn } from '../../../hooks/use-gate'

type State = Loadable<PrivacyNotice> | { status: 'needLogin' }

export function usePrivacySettings() {
  const consentAt = useSession((s) => s.me?.consent?.acceptedAt ?? null)
  const [state, setState] = useState<State>({ status: 'loading' })
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  // the screen shows its 去登录 button; it does not send anyone to the login page by itself
  const signIn = useSignIn('button')
  const load = useCallback(async () => {
    setState({ status: 'loading' })
    try {
      const me = await signIn.session()
      if (!me) return setState({ status: 'needLogin' })
      setState({ status: 'ready', data: await privacyNotice() })
    } catch (e) {
      setState(isUnauthenticated(e) ? { status: 'needLogin' } : { status: 'error', message: messageOf(e) })
    }
  }, [signIn])
  useOnShow(() => void load())

  /** Two labelled buttons; after the change the worker is logged out and back on home. */
  const act = async (title: string, content: string, labels: [string, string], action: () => Promise<unknown>, done: string) => {
    if (busy || !(await confirm(title, content, labels[0], labels[1]))) return
    setBusy(true)
    setError(null)
    try {
      await action()
      toast(done, 'success')
      replace('home')
    } catch (e) {
      setError(messageOf(e))
    } finally {
      setBusy(false)
    }
  }

  return {
    state,
    consentAt,
    busy,
    error,
    onLogin: () => go('login'),
    onRetry: () => void load(),
    onMyData: () => go('profile'),
    onWithdraw: () =>
      act(
        '撤回同意',
        ERASURE_SUMMARY.withdraw,
        ['确认撤回', '不撤回'],
        async () => {
          await withdrawConsent()
          await logout()
        },
        '已撤回同意'
      ),
    onDelete: () => act('注销账号', ERASURE_SUMMARY.delete, ['确认注销', '不注销'], deleteMe, '账号已注销')
  }
}
