/** The unread count of 站内消息 (shown on 我的 and 我的补贴). */
import { authed } from './auth'

export async function inboxUnread(): Promise<number> {
  const res = await authed.request<{ unreadCount: number }>('/api/v1/me/inbox', { query: { limit: 1 } })
  return res.unreadCount
}
