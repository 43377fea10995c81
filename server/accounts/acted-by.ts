/**
 * Who acted for a worker (亲情代办), as the worker's own lists show it. The relatives live in the proxies
 * capability, which builds on accounts; accounts cannot import it back, so proxies registers its labeller
 * here at start and accounts' lists (enrollments) and other capabilities ask through this seam.
 */
import type { ActedBy } from '../../src/contract'
import type { Queryable } from '../db'
import type { AccountsContext } from './context'

export type ActedByLabeller = (ctx: AccountsContext, db: Queryable, principalId: string, actorIds: string[]) => Promise<Map<string, ActedBy>>

/** Until proxies registers (a server without relatives), nobody acted for anybody. */
let labeller: ActedByLabeller = async () => new Map()

export function registerActedByLabeller(fn: ActedByLabeller): void {
  labeller = fn
}

/** Labels for the accounts (by id) that acted for `principalId`. */
export const actedByLabels: ActedByLabeller = (ctx, db, principalId, actorIds) => labeller(ctx, db, principalId, actorIds)
