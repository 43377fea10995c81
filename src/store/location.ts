/**
 * Where to look for courses, for this app run only (not persisted: the position is used for the
 * query at hand and never stored — DESIGN.md §4). Shared by home and the course list so the worker
 * is asked once.
 */
import { create } from 'zustand'
import { coarsen, type LatLng } from '../domain/geo'
import { getLocation, locationAllowed, type LocationFailure } from '../services/platform/location'
import { useSettings, type RememberedRegion } from './settings'

/** idle: not checked yet · unasked: no permission yet, waiting for the worker to tap 用我的位置 */
export type LocationStatus = 'idle' | 'unasked' | 'locating' | 'located' | 'failed'

export interface LocationState {
  status: LocationStatus
  /** Coarsened (≈100 m) position, only while status is 'located' */
  position: LatLng | null
  failure: LocationFailure | null
  /** Ask for the position (one request at a time). Resolves when done. */
  locate(): Promise<void>
  /**
   * On opening a page: use the position only if the worker already allowed it (no popup);
   * otherwise wait for a tap — a first launch must not open with privacy and location popups.
   */
  locateIfAllowed(): Promise<void>
  /** The worker picked a region: use it instead of the position from now on. */
  chooseRegion(region: RememberedRegion): void
  /** The worker asked to use the position again. */
  useMyLocation(): Promise<void>
}

let pending: Promise<void> | null = null

export const useLocation = create<LocationState>()((set, get) => ({
  status: 'idle',
  position: null,
  failure: null,
  locate() {
    if (pending) return pending
    set({ status: 'locating', failure: null })
    pending = getLocation()
      .then((result) => {
        if (result.ok) set({ status: 'located', position: coarsen({ lat: result.lat, lng: result.lng }), failure: null })
        else set({ status: 'failed', position: null, failure: result.reason })
      })
      .finally(() => {
        pending = null
      })
    return pending
  },
  async locateIfAllowed() {
    if (get().status !== 'idle') return
    const allowed = await locationAllowed()
    if (get().status !== 'idle') return
    if (allowed) return get().locate()
    set({ status: 'unasked' })
  },
  chooseRegion(region) {
    useSettings.getState().setRegion(region)
    useSettings.getState().setPreferRegion(true)
    set({ status: 'idle', position: null, failure: null })
  },
  useMyLocation() {
    useSettings.getState().setPreferRegion(false)
    return get().locate()
  }
}))

/** What the course search is anchored on. */
export type Where =
  | { kind: 'near'; position: LatLng }
  | { kind: 'region'; region: RememberedRegion }
  | { kind: 'locating' }
  | { kind: 'none'; failure: LocationFailure | null }

export function whereOf(loc: Pick<LocationState, 'status' | 'position' | 'failure'>, region: RememberedRegion | null, preferRegion: boolean): Where {
  if (preferRegion && region) return { kind: 'region', region }
  if (loc.status === 'located' && loc.position) return { kind: 'near', position: loc.position }
  if (loc.status === 'locating' || (loc.status === 'idle' && !preferRegion)) return { kind: 'locating' }
  if (region) return { kind: 'region', region }
  return { kind: 'none', failure: loc.failure }
}

/** Hook: the current anchor, asking for the position once if the worker hasn't chosen a region. */
export function useWhere(): Where {
  const status = useLocation((s) => s.status)
  const position = useLocation((s) => s.position)
  const failure = useLocation((s) => s.failure)
  const region = useSettings((s) => s.region)
  const preferRegion = useSettings((s) => s.preferRegion)
  return whereOf({ status, position, failure }, region, preferRegion)
}
