/**
 * The institution desk's entry check, shared by its pages: a session (else the login page, opened once), the
 * institution_staff role and the institution it is bound to. The server checks role and institution again on
 * every call; this only decides what the page shows.
 */
import { useCallback, useRef, useState } from 'react'
import { ensureSession } from '../../services/api/auth'
import { institutionMe } from '../../services/api/institution-desk'
import { getMe } from '../../services/api/me'
import { isUnauthenticated } from '../../services/http/authed'
import { messageOf } from '../../services/http/errors'
import { go, replace, useOnShow } from '../../services/platform'

export type DeskGate = 'loading' | 'needLogin' | 'forbidden' | 'error' | 'ready'

export function useDeskGate() {
  const [gate, setGate] = useState<DeskGate>('loading')
  const [gateMessage, setGateMessage] = useState('')
  const [institution, setInstitution] = useState({ id: '', name: '' })
  const loginSent = useRef(false)

  const enter = useCallback(async () => {
    const needLogin = () => {
      setGate('needLogin')
      if (!loginSent.current) {
        loginSent.current = true
        go('login')
      }
    }
    try {
      if (!(await ensureSession())) return needLogin()
      const me = await getMe()
      if (!me.roles.some((r) => (r.role as string) === 'institution_staff')) return setGate('forbidden')
      const res = await institutionMe()
      setInstitution(res.institution)
      setGate('ready')
    } catch (e) {
      if (isUnauthenticated(e)) needLogin()
      else {
        setGateMessage(messageOf(e))
        setGate('error')
      }
    }
  }, [])

  useOnShow(() => {
    if (gate !== 'ready') void enter()
  })

  return {
    gate,
    gateMessage,
    institution,
    onLogin: () => go('login'),
    onHome: () => replace('home'),
    onRetry: () => void enter()
  }
}
