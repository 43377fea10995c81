/**
 * Follows who is signed in: a station staff account gets every staff page kept on the phone for offline use
 * (H5: service-worker precache of the pages' code and styles; the mini program keeps the staff subpackage once 工作台 opened), and logout takes
 * them off again, with the station's cached lists.
 */
import type { StoreApi, UseBoundStore } from 'zustand'
import type { SessionState } from '../store/session'
import { dropPagesOffline, keepPagesOffline } from './platform/offline-pages'
import { storage } from './platform/storage'

/** Storage keys of the staff pages' cached station data (the sign-up queue itself is never dropped here). */
export const STAFF_DATA_KEYS = ['zsb.staff-today'] as const

const isStaff = (s: SessionState) => !!s.token && !!s.me?.roles?.some((r) => r.role === 'station_staff')

export function keepRolePagesOffline(session: UseBoundStore<StoreApi<SessionState>>): () => void {
  let staff = false
  const follow = (s: SessionState) => {
    const now = isStaff(s)
    if (now && !staff) void keepPagesOffline('staff')
    if (!now && staff && !s.token) {
      void dropPagesOffline('staff')
      for (const k of STAFF_DATA_KEYS) storage.removeItem(k)
    }
    staff = now
  }
  follow(session.getState())
  return session.subscribe(follow)
}
