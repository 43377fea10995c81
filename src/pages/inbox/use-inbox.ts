/** 站内消息: every state change of the worker's claims (and later, notices). Opening one marks it read. */
import { useCallback, useState } from 'react'
import type { InboxItem } from '../../components/claims-ui'
import type { Loadable } from '../../components/async'
import { ensureSession } from '../../services/api/auth'
import { markInboxRead, myInbox } from '../../services/api/claims'
import { isUnauthenticated } from '../../services/http/authed'
import { messageOf } from '../../services/http/errors'
import { go, openAppPath, toast, useOnShow, usePullToRefresh } from '../../services/platform'
import { useSendOnce } from '../../hooks/use-gate'

export function useInbox() {
  const [list, setList] = useState<Loadable<InboxItem[]> | { status: 'needLogin' }>({ status: 'loading' })
  const sendOnce = useSendOnce()
  const login = () => sendOnce('login')

  const load = useCallback(async () => {
    try {
      if (!(await ensureSession())) {
        setList({ status: 'needLogin' })
        login()
        return
      }
      const inbox = await myInbox()
      setList({
        status: 'ready',
        data: inbox.items.map((m) => ({ id: m.id, title: m.title, body: m.body, at: m.createdAt, read: m.readAt !== null, link: m.link }))
      })
    } catch (e) {
      if (isUnauthenticated(e)) {
        setList({ status: 'needLogin' })
        login()
      } else setList({ status: 'error', message: messageOf(e) })
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  // pull down to refresh the list
  usePullToRefresh(() => load())
  useOnShow(() => {
    void load()
  })

  const markLocally = (ids: string[] | 'all') =>
    setList((l) => (l.status === 'ready' ? { status: 'ready', data: l.data.map((m) => (ids === 'all' || ids.includes(m.id) ? { ...m, read: true } : m)) } : l))

  return {
    list,
    onOpen: (m: InboxItem) => {
      if (!m.read) {
        markLocally([m.id])
        void markInboxRead([m.id]).catch(() => undefined)
      }
      if (m.link) openAppPath(m.link)
    },
    onReadAll: async () => {
      try {
        await markInboxRead('all')
        markLocally('all')
      } catch (e) {
        toast(messageOf(e))
      }
    },
    onLogin: () => go('login'),
    onRetry: () => {
      setList({ status: 'loading' })
      void load()
    }
  }
}
