/**
 * Settings remembered on the phone: the region the worker picked (used when there is no location)
 * and 关怀模式 (large text, big targets, higher contrast, one column — applied by PageShell on every
 * page). The location itself is never persisted.
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
  /** 关怀模式 was offered once (large system font or a 60+ profile); never ask again. */
  careOffered: boolean
  /** The phone's text-size setting as a factor (1 = standard); read at launch, not persisted. */
  systemFontScale: number
  /** The profile's birth date says 60 or older; not persisted. */
  senior: boolean
  setRegion(region: RememberedRegion | null): void
  setPreferRegion(prefer: boolean): void
  setElderMode(on: boolean): void
  setCareOffered(): void
  setSystemFontScale(scale: number): void
  /** Called where the profile is loaded; only its age is kept. */
  noteBirthDate(birthDate: string | null, today?: string): void
}

/** Age in whole years on `today` (both YYYY-MM-DD). */
export function ageOn(birthDate: string, today: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number)
  const [ty, tm, td] = today.split('-').map(Number)
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0)
}

export const useSettings = create<SettingsState>()(
  persist(
    (set) => ({
      region: null,
      preferRegion: false,
      elderMode: false,
      careOffered: false,
      systemFontScale: 1,
      senior: false,
      setRegion: (region) => set({ region }),
      setPreferRegion: (preferRegion) => set({ preferRegion }),
      setElderMode: (elderMode) => set({ elderMode, careOffered: true }),
      setCareOffered: () => set({ careOffered: true }),
      setSystemFontScale: (systemFontScale) => set({ systemFontScale }),
      noteBirthDate: (birthDate, today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10)) =>
        set({ senior: !!birthDate && /^\d{4}-\d{2}-\d{2}/.test(birthDate) && ageOn(birthDate.slice(0, 10), today) >= 60 })
    }),
    {
      name: 'zsb.settings',
      version: 1,
      storage: persistedStorage,
      partialize: (s) => ({ region: s.region, preferRegion: s.preferRegion, elderMode: s.elderMode, careOffered: s.careOffered })
    }
  )
)

/** Text scale steps PageShell has a class for (app.css `.page-shell--ts-*`). */
export const TEXT_SCALE_STEPS = [100, 110, 125, 135, 150] as const
export type TextScaleStep = (typeof TEXT_SCALE_STEPS)[number]

/**
 * The text scale a page uses: 关怀模式 is 1.35× (body copy set at 15 px becomes 20 px; nothing
 * under 1.25×); the phone's own larger text setting is followed in both modes (capped at 1.5× so a
 * 375 px screen still fits one column).
 */
export function textScaleStep(elderMode: boolean, systemFontScale: number): TextScaleStep {
  const wanted = Math.max(elderMode ? 1.35 : 1, Math.min(systemFontScale, 1.5)) * 100
  // the largest step not above what is wanted (a 1.12 system setting gets 110, not 125)
  let step: TextScaleStep = 100
  for (const s of TEXT_SCALE_STEPS) if (s <= wanted + 0.5) step = s
  return step
}

/** Offer 关怀模式 once to whom it likely helps. */
export function shouldOfferCare(s: Pick<SettingsState, 'elderMode' | 'careOffered' | 'systemFontScale' | 'senior'>): boolean {
  return !s.elderMode && !s.careOffered && (s.senior || s.systemFontScale >= 1.15)
}
