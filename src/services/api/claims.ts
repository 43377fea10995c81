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
import { CLAIM_KINDS, CLAIM_STATES } from '../../domain/claim-state'
import { RISK_RULES } from '../../domain/risk-rules'
import { callRoute, routes } from './client'

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
  return callRoute(routes.myCertificates)
}

export function precheckClaim(body: ClaimBody): Promise<Precheck> {
  return callRoute(routes.precheckClaim, { body })
}

export function submitClaim(body: ClaimBody, idempotencyKey: string): Promise<SubsidyClaim> {
  return callRoute(routes.submitClaim, { body, idempotencyKey })
}

export function myClaims(): Promise<ClaimList> {
  return callRoute(routes.myClaims)
}

export function getClaim(claimId: string): Promise<SubsidyClaim> {
  return callRoute(routes.getClaim, { params: { id: claimId } })
}

export function withdrawClaim(claimId: string): Promise<SubsidyClaim> {
  return callRoute(routes.withdrawClaim, { params: { id: claimId } })
}

export function supplementClaim(claimId: string, note: string): Promise<SubsidyClaim> {
  return callRoute(routes.supplementClaim, { params: { id: claimId }, body: { note } })
}

export function appealClaim(claimId: string, reason: string): Promise<SubsidyClaim> {
  return callRoute(routes.appealClaim, { params: { id: claimId }, body: { reason } })
}

export function updateClaimPayoutAccount(claimId: string, body: PayoutAccountBody): Promise<SubsidyClaim> {
  return callRoute(routes.updateClaimPayoutAccount, { params: { id: claimId }, body })
}

export function getPayoutAccount(): Promise<PayoutAccount> {
  return callRoute(routes.getPayoutAccount)
}

export function putPayoutAccount(body: PayoutAccountBody): Promise<PayoutAccount> {
  return callRoute(routes.putPayoutAccount, { body })
}

export function myInbox(): Promise<Inbox> {
  return callRoute(routes.myInbox, { query: { limit: 50 } })
}

export function markInboxRead(ids: string[] | 'all'): Promise<{ unreadCount: number }> {
  return callRoute(routes.markInboxRead, { body: ids === 'all' ? { all: true } : { ids } })
}

export interface QueueFilter {
  state?: string
  kind?: string
  overdue?: boolean
}

/** A filter's code if it is one of the list's, else none (a picker's '' means all). */
const oneOf = <C extends string>(list: readonly { code: C }[], value: string | undefined): C | undefined => list.find((l) => l.code === value)?.code

export function reviewQueue(filter: QueueFilter): Promise<ReviewQueue> {
  return callRoute(routes.reviewQueue, {
    query: { state: oneOf(CLAIM_STATES, filter.state), kind: oneOf(CLAIM_KINDS, filter.kind), overdue: filter.overdue || undefined, limit: 100 }
  })
}

export function reviewClaim(claimId: string): Promise<ReviewClaim> {
  return callRoute(routes.reviewClaim, { params: { id: claimId } })
}

export function transitionClaim(claimId: string, body: TransitionBody): Promise<ReviewClaim> {
  return callRoute(routes.transitionClaim, { params: { id: claimId }, body })
}

export function publishAnnouncement(claimIds: string[]): Promise<Announcement> {
  return callRoute(routes.publishAnnouncement, { body: { claimIds } })
}

/** Ended 公示 stay listed (marked 已结束): a worker told to check the list must still find it afterwards. */
export function publicAnnouncements(region?: string): Promise<AnnouncementList> {
  return callRoute(routes.publicAnnouncements, { query: region ? { region, all: true } : { all: true } })
}

export function fileObjection(announcementId: string, body: { itemId: string; content: string; contactPhone: string }): Promise<{ id: string; message: string }> {
  return callRoute(routes.fileObjection, { params: { id: announcementId }, body })
}

/** 风险隐患清单 of the reviewer's region (GET /api/v1/review/risks). */
export function reviewRisks(code?: string): Promise<RiskList> {
  return callRoute(routes.reviewRisks, { query: { code: oneOf(RISK_RULES, code), limit: 100 } })
}

/** 异议核查 queue of the reviewer's region. */
export function reviewObjections(status?: 'open' | 'upheld' | 'dismissed'): Promise<ObjectionQueue> {
  return callRoute(routes.reviewObjections, { query: { status, limit: 100 } })
}

export function resolveObjection(objectionId: string, body: ResolveObjectionBody): Promise<ReviewObjection> {
  return callRoute(routes.resolveObjection, { params: { id: objectionId }, body })
}
