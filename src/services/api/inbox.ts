/** The unread count of 站内消息 (shown on 我的 and 我的补贴). */
import { callRoute, routes } from './client'

export async function inboxUnread(): Promise<number> {
  const res = await callRoute(routes.myInbox, { query: { limit: 1 } })
  return res.unreadCount
}
