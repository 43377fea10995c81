/** Policy notices: public reads (a logged-in reader's token adds unread markers), subscriptions, the office's editor. */
import type { AdminNotice, AdminNoticeList, NoticeDetail, NoticePage, NoticeQuery, NoticeWrite, Subscription, SubscriptionBody, SubscriptionList } from '../../contract'
import { currentToken } from '../../store/session'
import { authed } from './auth'
import { api } from './client'

/** Public calls carry the token when there is one; the server treats a stale one as anonymous. */
const readerHeaders = (): Record<string, string> => {
  const token = currentToken()
  return token ? { Authorization: `Bearer ${token}` } : {}
}

export function listNotices(query: NoticeQuery): Promise<NoticePage> {
  return api.get<NoticePage>('/api/v1/notices', { ...query }, { headers: readerHeaders() })
}

export function getNotice(id: string): Promise<NoticeDetail> {
  return api.get<NoticeDetail>(`/api/v1/notices/${encodeURIComponent(id)}`, undefined, { headers: readerHeaders() })
}

/** Absolute URL of the read-aloud audio (the platform's audio player fetches it itself). */
export function noticeAudioUrl(id: string): string {
  const base = typeof API_BASE === 'string' ? API_BASE : ''
  return `${base}/api/v1/notices/${encodeURIComponent(id)}/audio`
}

export function subscribe(body: SubscriptionBody): Promise<Subscription> {
  return authed.request<Subscription>('/api/v1/me/subscriptions', { method: 'POST', body })
}

export function mySubscriptions(): Promise<SubscriptionList> {
  return authed.request<SubscriptionList>('/api/v1/me/subscriptions')
}

export function unsubscribe(id: string): Promise<{ ok: true }> {
  return authed.request<{ ok: true }>(`/api/v1/me/subscriptions/${encodeURIComponent(id)}`, { method: 'DELETE' })
}

export function adminNotices(): Promise<AdminNoticeList> {
  return authed.request<AdminNoticeList>('/api/v1/admin/notices')
}

export function publishNotice(body: NoticeWrite): Promise<AdminNotice> {
  return authed.request<AdminNotice>('/api/v1/admin/notices', { method: 'POST', body })
}

export function editNotice(id: string, body: NoticeWrite): Promise<AdminNotice> {
  return authed.request<AdminNotice>(`/api/v1/admin/notices/${encodeURIComponent(id)}`, { method: 'PUT', body })
}

export function withdrawNotice(id: string, reason: string): Promise<AdminNotice> {
  return authed.request<AdminNotice>(`/api/v1/admin/notices/${encodeURIComponent(id)}/withdraw`, { method: 'POST', body: { reason } })
}
