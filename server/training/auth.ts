/** The request-side check of the institution role, for every capability that acts for an institution. */
import type { FastifyRequest } from 'fastify'
import { requireRole, type AccountsContext } from '../accounts'
import { ApiError } from '../errors'
import { FORBIDDEN_MESSAGE } from '../roles'

export interface InstitutionStaff {
  userId: string
  institutionId: string
}

export const INSTITUTION_FORBIDDEN_MESSAGE = '只有培训机构的工作人员可以做这件事'

/**
 * Authenticates and requires an institution_staff grant: 401 without a session, 403 for workers, station staff,
 * reviewers and admins (none of them is bound to an institution).
 */
export async function requireInstitutionStaff(ctx: Pick<AccountsContext, 'db' | 'now'>, req: FastifyRequest): Promise<InstitutionStaff> {
  if (req.headers['x-act-for'] !== undefined) throw new ApiError(403, 'PROXY_FORBIDDEN', '这件事只能由本人办理')
  const auth = await requireRole(ctx, req, ['institution_staff']).catch((err: unknown) => {
    if (err instanceof ApiError && err.code === 'FORBIDDEN') throw new ApiError(403, 'FORBIDDEN', INSTITUTION_FORBIDDEN_MESSAGE)
    throw err
  })
  if (!auth.institutionId) throw new ApiError(403, 'FORBIDDEN', FORBIDDEN_MESSAGE)
  return { userId: auth.user.id, institutionId: auth.institutionId }
}
