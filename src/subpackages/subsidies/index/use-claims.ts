import { useCallback, useState } from 'react'
import type { ClaimRow } from '../../../components/claims-ui'
import type { Loadable } from '../../../components/async'
import { ensureSession } from '../../../services/api/auth'
import { myClaims, myInbox } from '../../../services/api/claims'
import { isUnauthenticated } from '../../../services/http/authed'
import { messageOf } from '../../../services/http/errors'
import { go, useOnShow, usePullToRefresh } from '../../../services/platform'
import { toRow } from '../shared'
import { useSendOnce } from '../../../hooks/use-gate'

export function useClaims() {
  const [list, setList] = useState<Loadable<ClaimRow[]> | { status: 'needLogin' }>({ status: 'loading' })
  const [unread, setUnread] = useState(0)
  const sendOnce = useSendOnce()
  const login = () => sendOnce('login')

  const load = useCallback(async () => {
    try {
      if (!(await ensureSession())) {
        setList({ status: 'needLogin' })
        login()
        return
      }
      const [claims, inbox] = await Promise.all([myClaims(), myInbox().catch(() => null)])
      setList({ status: 'ready', data: claims.items.map(toRow) })
      if (inbox) setUnread(inbox.unreadCount)
    } catch (e) {
      if (isUnauthenticated(e)) {
        setList({ status: 'needLogin' })
        login()
      } else setList({ status: 'error', message: messageOf(e) })
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  // On open and on every return (after a submit, a flow or the login page).
  // pull down to refresh the list
  usePullToRefresh(() => load())
  useOnShow(() => {
    void load()
  })

  return {
    list,
    unread,
    onOpen: (id: string) => go('claimDetail', { id }),
    onAvailable: () => go('subsidiesAvailable'),
    onInbox: () => go('inbox'),
    onAnnouncements: () => go('announcements'),
    onLogin: () => go('login'),
    onRetry: () => {
      setList({ status: 'loading' })
      void load()
    }
  }
}
