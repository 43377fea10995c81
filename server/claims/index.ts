/**
 * Subsidy claims: pre-check (no side effects), submission (idempotent, one transaction), the worker's steps
 * (withdraw, 补正, appeal, payout account) and the one transition function every step goes through — state
 * machine from src/domain/claim-state, conditional UPDATE, timeline row, audit row, inbox entry and queued
 * subscribe message, all in the caller's transaction.
 */
export { CLAIM_MESSAGES } from './messages'
export { CLAIM_COLUMNS, chinaDate, claimEvents, loadClaim, type StoredClaim } from './record'
export { officeOf, toClaim } from './views'
export { precheck, priorClaimsOf } from './precheck'
export { applyTransition, claimLink, deadlineFor, type Actor, type TransitionOptions } from './transitions'
export { PrecheckRefused, submitClaim } from './submit'
export { appealClaim, myClaims, ownedClaim, supplementClaim, withdrawClaim } from './worker-steps'
export { getPayoutAccount, putPayoutAccount, updateClaimPayoutAccount } from './payout'
export { eraseClaimsDataOf, exportClaimsOf } from './data-rights'
export { levelLabel } from '../../src/domain/certificate'
export type { ClaimsContext } from './context'
