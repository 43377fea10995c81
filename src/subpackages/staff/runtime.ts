/**
 * The staff queue and its sync engine, one of each for the app, wired to the real API, the platform
 * storage and network status. Loaded with the staff subpackage: syncing starts when the staff member
 * opens any staff page and keeps running while the app is open.
 */
import { useSyncExternalStore } from 'react'
import { createStaffQueue, type StaffQueueState } from '../../store/staff-queue'
import { createSyncEngine } from '../../store/staff-sync'
import { storage, strictStorage } from '../../services/platform/storage'
import { isOnline, onNetworkChange } from '../../services/platform/network'
import { stationSignups, submitSignups, uploadSignature } from '../../services/api/staff'
import { listCourses } from '../../services/api/courses'
import { readSignatureImage, removeSignatureImage } from '../../services/platform/signature-store'
import type { Station, StationSignupList } from '../../contract/staff'
import { todayInChina } from '../../domain/format'

// a failed write throws: a sign-up the phone could not save is said at once, never dropped silently
export const staffQueue = createStaffQueue(strictStorage)

type Listener = () => void
const engineListeners = new Set<Listener>()
let blockedReason: 'login' | 'forbidden' | null = null

export const syncEngine = createSyncEngine({
  queue: staffQueue,
  submit: submitSignups,
  uploadSignature,
  signatures: { read: readSignatureImage, remove: removeSignatureImage },
  network: { isOnline, onChange: onNetworkChange },
  onBlocked: (reason) => {
    blockedReason = reason
    for (const l of engineListeners) l()
  },
  onChange: () => {
    for (const l of engineListeners) l()
  }
})

let started = false
/** Finished items stay a week on the phone (the station's list on the server keeps them). */
const KEEP_DONE_MS = 7 * 86_400_000

export function startStaffSync(): void {
  if (started) return
  started = true
  staffQueue.getState().prune(Date.now() - KEEP_DONE_MS)
  syncEngine.start()
}

export function useQueue<T>(select: (s: StaffQueueState) => T): T {
  return useSyncExternalStore(staffQueue.subscribe, () => select(staffQueue.getState()))
}

/** Engine status for the pages: syncing now, blocked (login / not staff), online */
let online = isOnline()
onNetworkChange((o) => {
  online = o
  for (const l of engineListeners) l()
})
let snapshot: { syncing: boolean; blocked: 'login' | 'forbidden' | null; online: boolean } = { syncing: false, blocked: null, online }
export function useSyncStatus() {
  return useSyncExternalStore(
    (l) => {
      engineListeners.add(l)
      return () => engineListeners.delete(l)
    },
    () => {
      const next = { syncing: syncEngine.syncing, blocked: blockedReason, online }
      if (next.syncing !== snapshot.syncing || next.blocked !== snapshot.blocked || next.online !== snapshot.online) snapshot = next
      return snapshot
    }
  )
}

export async function syncNow(): Promise<void> {
  blockedReason = null
  await syncEngine.syncNow()
}

/** Today's station list as last loaded (shown offline with the time it was saved). */
export const TODAY_KEY = 'zsb.staff-today'
export interface SavedList {
  savedAt: number
  data: StationSignupList
}

export function savedTodayList(): SavedList | null {
  try {
    const raw = storage.getItem(TODAY_KEY)
    const saved = raw ? (JSON.parse(raw) as SavedList) : null
    return saved && saved.data?.date === todayInChina() ? saved : null
  } catch {
    return null
  }
}

export function saveTodayList(data: StationSignupList): void {
  if (data.date === todayInChina()) storage.setItem(TODAY_KEY, JSON.stringify({ savedAt: Date.now(), data }))
}

let refreshing: Promise<void> | null = null
/**
 * What the staff pages need offline, fetched while the network is there: the courses near the station with
 * their seats and start dates (as of now), and today's list. Failures leave the last copy in place.
 */
export function refreshStationData(station: Station): Promise<void> {
  if (refreshing) return refreshing
  refreshing = (async () => {
    await Promise.all([
      listCourses({ lat: station.lat, lng: station.lng, radiusKm: 50, hasSeats: true, limit: 50 }).then((page) =>
        staffQueue.getState().setCourses(
          page.items.map((c) => ({ id: c.id, title: c.title, startDate: c.startDate, seatsLeft: c.seatsLeft, occupationCode: c.occupationCode, occupationName: c.occupationName })),
          Date.now()
        )
      ),
      stationSignups(todayInChina()).then(saveTodayList)
    ]).catch(() => undefined)
  })().finally(() => {
    refreshing = null
  })
  return refreshing
}
