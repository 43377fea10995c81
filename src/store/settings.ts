/**
 * Settings remembered on the phone: the region the worker picked (used when there is no location)
 * and 关怀模式 (larger text, for later). The location itself is never persisted.
 */
import { create } from 'zustand'
import { persist } from 'zustand/middleware'
import { persistedStorage } from './persist'

export interface RememberedRegion {
  code: string
  /** Display name, e.g. 阳泉市盂县 */
  name: string
}

export interface SettingsState {
  region: RememberedRegion | null
  /** The worker chose a region over their location: don't ask for location on open. */
  preferRegion: boolean
  elderMode: boolean
  setRegion(region: RememberedRegion | null): void
  setPreferRegion(prefer: boolean): void
  setElderMode(on: boolean): void
}

export const useSettings = create<SettingsState>()(
  persist(
    (set) => ({
      region: null,
      preferRegion: false,
      elderMode: false,
      setRegion: (region) => set({ region }),
      setPreferRegion: (preferRegion) => set({ preferRegion }),
      setElderMode: (elderMode) => set({ elderMode })
    }),
    {
      name: 'zsb.settings',
      version: 1,
      storage: persistedStorage,
      partialize: (s) => ({ region: s.region, preferRegion: s.preferRegion, elderMode: s.elderMode })
    }
  )
)
