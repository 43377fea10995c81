import type { InstitutionDetail } from '../../contract'
import { api } from './client'

/** The institution with one page of its courses; pass `cursor` (its `coursesNextCursor`) for the next page. */
export function getInstitution(id: string, page: { cursor?: string; limit?: number } = {}): Promise<InstitutionDetail> {
  return api.get<InstitutionDetail>(`/api/v1/institutions/${encodeURIComponent(id)}`, { ...page })
}
