/** 站内消息: every state change of the worker's claims (and later, notices). Opening one marks it read. */
import type { InboxItem } from '../../components/claims-ui'
import { markInboxRead, myInbox } from '../../services/api/claims'
import { messageOf } from '../../services/http/errors'
import { openAppPath, toast } from '../../services/platform'
import { useSignedIn } from '../../hooks/use-gate'

export function useInbox() {
  const { state: list, update, onLogin, onRetry } = useSignedIn<InboxItem[]>(async () => {
    const inbox = await myInbox()
    return inbox.items.map((m) => ({ id: m.id, title: m.title, body: m.body, at: m.createdAt, read: m.readAt !== null, link: m.link }))
  })

  const markLocally = (ids: string[] | 'all') => update((items) => items.map((m) => (ids === 'all' || ids.includes(m.id) ? { ...m, read: true } : m)))

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
    onLogin,
    onRetry
  }
}
