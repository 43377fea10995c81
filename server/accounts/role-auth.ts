/** The request-side role check: who is asking (a session) and which of their grants (roles) covers the route. */
import type { FastifyRequest } from 'fastify'
import { FORBIDDEN_MESSAGE, regionCovers, rolesOf, type Role } from '../roles'
import { ApiError } from '../errors'
import { authenticate, type AuthUser } from './auth'
import type { AccountsContext } from './context'

export interface RoleAuth {
  user: AuthUser
  role: Role
  /** reviewer: the first granted prefix (see `regionPrefixes` for all) */
  regionPrefix?: string
  regionPrefixes: string[]
  stationId?: string
  /** institution_staff: the institution of the first grant */
  institutionId?: string
}

/**
 * Authenticates and requires one of `roles`; 401 without a session, 403 FORBIDDEN 「你没有权限做这件事」 otherwise.
 * `worker` is satisfied by any signed-in user.
 */
export async function requireRole(ctx: Pick<AccountsContext, 'db' | 'now'>, req: FastifyRequest, roles: readonly Role[]): Promise<RoleAuth> {
  const user = await authenticate(ctx as AccountsContext, req)
  const granted = await rolesOf(ctx.db, user.id)
  for (const want of roles) {
    if (want === 'worker') return { user, role: 'worker', regionPrefixes: [] }
    const mine = granted.filter((g) => g.role === want)
    if (mine.length > 0) {
      const prefixes = mine.map((g) => g.regionPrefix).filter((p): p is string => !!p)
      return {
        user,
        role: want,
        regionPrefix: prefixes[0],
        regionPrefixes: prefixes,
        stationId: mine[0].stationId ?? undefined,
        institutionId: mine[0].institutionId
      }
    }
  }
  throw new ApiError(403, 'FORBIDDEN', FORBIDDEN_MESSAGE)
}

/** A reviewer's scope check for one object's region. */
export const reviewerCovers = (auth: RoleAuth, regionCode: string) => auth.regionPrefixes.some((p) => regionCovers(p, regionCode))
