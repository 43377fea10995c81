/** What the certificate code shares (index.ts and review.ts both read it; neither imports the other for it). */
import type { CertKind, CertLevel, Verification } from '../../src/domain/certificate'
import type { AccountsContext } from '../accounts'
import type { CertificateRegistry } from '../adapters'
import type { FilesContext } from '../files'

export interface CertificatesContext extends AccountsContext {
  files: FilesContext
  registry: CertificateRegistry
}

/** A row of `certificates` as this capability reads it (review.ts extends it). */
export interface CertRow {
  id: string
  user_id: string
  kind: CertKind
  number: string
  occupation_code: string
  occupation_name: string
  level: CertLevel | null
  issued_on: string
  issuer: string
  source: 'registry' | 'upload'
  verification: Verification
  photos: string[]
  created_at: Date | string
  used_at: Date | string | null
  reviewed_at: Date | string | null
  review_office: string | null
  review_reason: string | null
}
