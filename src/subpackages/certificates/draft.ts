/**
 * The add-certificate form as a draft on the phone: kept if the app is closed mid-way (uploaded photo ids
 * included), with the Idempotency-Key of the submit so a retried submit never adds the certificate twice.
 */
import { create } from 'zustand'
import { persist } from 'zustand/middleware'
import type { CertKind, CertLevel } from '../../domain/certificate'
import { persistedStorage } from '../../store/persist'
import { newIdempotencyKey } from '../../domain/idempotency-key'

export interface CertificateDraft {
  kind: CertKind
  number: string
  occupationCode: string
  level: CertLevel | null
  issuedOn: string
  issuer: string
  /** uploaded photo ids, front first */
  photos: string[]
  submitKey: string
}

export const emptyDraft = (): CertificateDraft => ({
  kind: 'skill_level',
  number: '',
  occupationCode: '',
  level: null,
  issuedOn: '',
  issuer: '',
  photos: [],
  submitKey: newIdempotencyKey()
})

interface DraftState {
  draft: CertificateDraft
  update(patch: Partial<CertificateDraft>): void
  reset(): void
}

export const useCertificateDraft = create<DraftState>()(
  persist(
    (set) => ({
      draft: emptyDraft(),
      update: (patch) => set((s) => ({ draft: { ...s.draft, ...patch } })),
      reset: () => set({ draft: emptyDraft() })
    }),
    { name: 'zsb.certDraft', version: 1, storage: persistedStorage, partialize: (s) => ({ draft: s.draft }) }
  )
)
