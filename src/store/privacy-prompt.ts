/**
 * Whether our privacy sheet is showing, and for what. WeChat asks for it (onNeedPrivacyAuthorization)
 * when a personal-data API is called before the worker agreed; the page shell of every page shows it.
 */
import { create } from 'zustand'
import type { PrivacyPurpose } from '../domain/privacy-purpose'

export interface PrivacyPromptState {
  open: boolean
  purpose: PrivacyPurpose
  show(purpose: PrivacyPurpose): void
  hide(): void
}

export const usePrivacyPrompt = create<PrivacyPromptState>()((set) => ({
  open: false,
  purpose: 'other',
  show: (purpose) => set({ open: true, purpose }),
  hide: () => set({ open: false })
}))
