/**
 * Subsidy claims, the inbox, the reviewer workbench and 公示 — typed from src/contract (type-only imports).
 * submitClaim always carries an Idempotency-Key: a retried submit returns the first claim, never a second.
 */
import type {
  Announcement,
  AnnouncementList,
  ClaimBody,
  ClaimList,
  Inbox,
  ObjectionQueue,
  ResolveObjectionBody,
  ReviewObjection,
  RiskList,
  PayoutAccount,
  PayoutAccountBody,
  Precheck,
  ReviewClaim,
  ReviewQueue,
  SubsidyClaim,
  TransitionBody
} from '../../contract'
import { authed } from './auth'
import { api } from './client'

const id = (s: string) => encodeURIComponent(s)

/** What the claim pages need of a certificate (GET /api/v1/me/certificates, the certificates capability). */
export interface OwnCertificate {
  id: string
  kind: string
  number: string
  occupationName: string
  level: string | null
  issuedOn: string
  verification: string
}

export function myCertificates(): Promise<{ items: OwnCertificate[] }> {
  return authed.request<{ items: OwnCertificate[] }>('/api/v1/me/certificates')
}

export function precheckClaim(body: ClaimBody): Promise<Precheck> {
  return authed.request<Precheck>('/api/v1/claims/precheck', { method: 'POST', body })
}

export function submitClaim(body: ClaimBody, idempotencyKey: string): Promise<SubsidyClaim> {
  return authed.request<SubsidyClaim>('/api/v1/claims', { method: 'POST', body, headers: { 'Idempotency-Key': idempotencyKey } })
}

export function myClaims(): Promise<ClaimList> {
  return authed.request<ClaimList>('/api/v1/me/claims')
}

export function getClaim(claimId: string): Promise<SubsidyClaim> {
  return authed.request<SubsidyClaim>(`/api/v1/claims/${id(claimId)}`)
}

export function withdrawClaim(claimId: string): Promise<SubsidyClaim> {
  return authed.request<SubsidyClaim>(`/api/v1/claims/${id(claimId)}/withdraw`, { method: 'POST' })
}

export function supplementClaim(claimId: string, note: string): Promise<SubsidyClaim> {
  return authed.request<SubsidyClaim>(`/api/v1/claims/${id(claimId)}/supplement`, { method: 'POST', body: { note } })
}

export function appealClaim(claimId: string, reason: string): Promise<SubsidyClaim> {
  return authed.request<SubsidyClaim>(`/api/v1/claims/${id(claimId)}/appeal`, { method: 'POST', body: { reason } })
}

export function updateClaimPayoutAccount(claimId: string, body: PayoutAccountBody): Promise<SubsidyClaim> {
  return authed.request<SubsidyClaim>(`/api/v1/claims/${id(claimId)}/payout-account`, { method: 'POST', body })
}

export function getPayoutAccount(): Promise<PayoutAccount> {
  return authed.request<PayoutAccount>('/api/v1/me/payout-account')
}

export function putPayoutAccount(body: PayoutAccountBody): Promise<PayoutAccount> {
  return authed.request<PayoutAccount>('/api/v1/me/payout-account', { method: 'PUT', body })
}

export function myInbox(): Promise<Inbox> {
  return authed.request<Inbox>('/api/v1/me/inbox', { query: { limit: 50 } })
}

export function markInboxRead(ids: string[] | 'all'): Promise<{ unreadCount: number }> {
  return authed.request<{ unreadCount: number }>('/api/v1/me/inbox/read', { method: 'POST', body: ids === 'all' ? { all: true } : { ids } })
}

export interface QueueFilter {
  state?: string
  kind?: string
  overdue?: boolean
}

export function reviewQueue(filter: QueueFilter): Promise<ReviewQueue> {
  return authed.request<ReviewQueue>('/api/v1/review/claims', { query: { state: filter.state, kind: filter.kind, overdue: filter.overdue || undefined, limit: 100 } })
}

export function reviewClaim(claimId: string): Promise<ReviewClaim> {
  return authed.request<ReviewClaim>(`/api/v1/review/claims/${id(claimId)}`)
}

export function transitionClaim(claimId: string, body: TransitionBody): Promise<ReviewClaim> {
  return authed.request<ReviewClaim>(`/api/v1/review/claims/${id(claimId)}/transitions`, { method: 'POST', body })
}

export function publishAnnouncement(claimIds: string[]): Promise<Announcement> {
  return authed.request<Announcement>('/api/v1/review/announcements', { method: 'POST', body: { claimIds } })
}

/** Ended 公示 stay listed (marked 已结束): a worker told to check the list must still find it afterwards. */
export function publicAnnouncements(region?: string): Promise<AnnouncementList> {
  return api.get<AnnouncementList>('/api/v1/public/announcements', region ? { region, all: true } : { all: true })
}

export function fileObjection(announcementId: string, body: { itemId: string; content: string; contactPhone: string }): Promise<{ id: string; message: string }> {
  return api.post<{ id: string; message: string }>(`/api/v1/public/announcements/${id(announcementId)}/objections`, body)
}

/** 风险隐患清单 of the reviewer's region (GET /api/v1/review/risks). */
export function reviewRisks(code?: string): Promise<RiskList> {
  return authed.request<RiskList>('/api/v1/review/risks', { query: { code: code || undefined, limit: 100 } })
}

/** 异议核查 queue of the reviewer's region. */
export function reviewObjections(status?: 'open' | 'upheld' | 'dismissed'): Promise<ObjectionQueue> {
  return authed.request<ObjectionQueue>('/api/v1/review/objections', { query: { status, limit: 100 } })
}

export function resolveObjection(objectionId: string, body: ResolveObjectionBody): Promise<ReviewObjection> {
  return authed.request<ReviewObjection>(`/api/v1/review/objections/${id(objectionId)}/resolve`, { method: 'POST', body })
}
