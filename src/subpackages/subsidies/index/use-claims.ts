import { useState } from 'react'
import type { ClaimRow } from '../../../components/claims-ui'
import { myClaims, myInbox } from '../../../services/api/claims'
import { go } from '../../../services/platform'
import { toRow } from '../shared'
import { useSignedIn } from '../../../hooks/use-gate'

export function useClaims() {
  const [unread, setUnread] = useState(0)
  // on open and on every return (after a submit, a flow or the login page), and on pull-down
  const { state: list, onLogin, onRetry } = useSignedIn<ClaimRow[]>(async () => {
    const [claims, inbox] = await Promise.all([myClaims(), myInbox().catch(() => null)])
    if (inbox) setUnread(inbox.unreadCount)
    return claims.items.map(toRow)
  })

  return {
    list,
    unread,
    onOpen: (id: string) => go('claimDetail', { id }),
    onAvailable: () => go('subsidiesAvailable'),
    onInbox: () => go('inbox'),
    onAnnouncements: () => go('announcements'),
    onLogin,
    onRetry
  }
}
