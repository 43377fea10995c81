import type { InstitutionDetail } from '../../contract'
import { api } from './client'

export function getInstitution(id: string): Promise<InstitutionDetail> {
  return api.get<InstitutionDetail>(`/api/v1/institutions/${encodeURIComponent(id)}`)
}
