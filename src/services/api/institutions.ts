import type { InstitutionDetail } from '../../contract'
import { callRoute, routes } from './client'

/** The institution with one page of its courses; pass `cursor` (its `coursesNextCursor`) for the next page. */
export function getInstitution(id: string, page: { cursor?: string; limit?: number } = {}): Promise<InstitutionDetail> {
  return callRoute(routes.getInstitution, { params: { id }, query: page })
}
