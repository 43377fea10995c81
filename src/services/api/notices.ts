/** Policy notices: public reads (a logged-in reader's token adds unread markers), subscriptions, the office's editor. */
import type { AdminNotice, AdminNoticeList, NoticeDetail, NoticePage, NoticeQuery, NoticeWrite, Subscription, SubscriptionBody, SubscriptionList } from '../../contract'
import { routeUrl } from '../http/route'
import { currentToken } from '../../store/session'
import { callRoute, routes } from './client'

/** Public calls carry the token when there is one; the server treats a stale one as anonymous. */
const readerHeaders = (): Record<string, string> => {
  const token = currentToken()
  return token ? { Authorization: `Bearer ${token}` } : {}
}

export function listNotices(query: NoticeQuery): Promise<NoticePage> {
  return callRoute(routes.listNotices, { query, headers: readerHeaders() })
}

export function getNotice(id: string): Promise<NoticeDetail> {
  return callRoute(routes.getNotice, { params: { id }, headers: readerHeaders() })
}

/** Absolute URL of the read-aloud audio (the platform's audio player fetches it itself). */
export function noticeAudioUrl(id: string): string {
  return routeUrl(routes.noticeAudio, { params: { id } })
}

export function subscribe(body: SubscriptionBody): Promise<Subscription> {
  return callRoute(routes.createSubscription, { body })
}

export function mySubscriptions(): Promise<SubscriptionList> {
  return callRoute(routes.mySubscriptions)
}

export function unsubscribe(id: string): Promise<{ ok: true }> {
  return callRoute(routes.deleteSubscription, { params: { id } })
}

export function adminNotices(): Promise<AdminNoticeList> {
  return callRoute(routes.adminListNotices)
}

export function publishNotice(body: NoticeWrite): Promise<AdminNotice> {
  return callRoute(routes.adminCreateNotice, { body })
}

export function editNotice(id: string, body: NoticeWrite): Promise<AdminNotice> {
  return callRoute(routes.adminUpdateNotice, { params: { id }, body })
}

export function withdrawNotice(id: string, reason: string): Promise<AdminNotice> {
  return callRoute(routes.adminWithdrawNotice, { params: { id }, body: { reason } })
}
