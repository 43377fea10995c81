/**
 * The station whose QR code brought this worker in: sent with the worker's own sign-ups for 30 days, so
 * they count for the station (its "referral"). Persisted through the one storage adapter.
 */
import { create } from 'zustand'
import { persist } from 'zustand/middleware'
import { persistedStorage } from './persist'

const REFERRAL_DAYS = 30

export interface ReferralState {
  stationId: string | null
  at: number | null
  setStation(stationId: string, now?: number): void
}

export const useReferral = create<ReferralState>()(
  persist(
    (set) => ({
      stationId: null,
      at: null,
      setStation: (stationId, now = Date.now()) => set({ stationId, at: now })
    }),
    { name: 'zsb.referral', version: 1, storage: persistedStorage, partialize: (s) => ({ stationId: s.stationId, at: s.at }) as ReferralState }
  )
)

/** The referring station if still fresh. */
export function currentReferral(now = Date.now()): string | null {
  const { stationId, at } = useReferral.getState()
  return stationId && at && now - at < REFERRAL_DAYS * 86_400_000 ? stationId : null
}

export const STATION_ID_PATTERN = /^stn_[0-9a-z]{1,24}$/
