/**
 * Whether our privacy sheet is showing. WeChat asks for it (onNeedPrivacyAuthorization) when a
 * personal-data API is called before the worker agreed; whichever page is on top shows the sheet.
 */
import { create } from 'zustand'

export interface PrivacyPromptState {
  open: boolean
  show(): void
  hide(): void
}

export const usePrivacyPrompt = create<PrivacyPromptState>()((set) => ({
  open: false,
  show: () => set({ open: true }),
  hide: () => set({ open: false })
}))
