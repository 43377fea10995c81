/** Shared by the staff pages: logged in as station staff? (else the login page once, or a plain refusal). */
import type { Station } from '../../contract/staff'
import { useGate } from '../../hooks/use-gate'
import { getStaffMe } from '../../services/api/staff'
import { ApiError, NetworkError } from '../../services/http/errors'
import { refreshStationData, staffQueue, startStaffSync } from './runtime'

export type StaffGate = { status: 'loading' } | { status: 'needLogin' } | { status: 'forbidden' } | { status: 'error'; message: string } | { status: 'ready'; station: Station }

/** The station this account works at; remembered on the phone so the workbench opens offline. */
async function enterStation(): Promise<Station> {
  try {
    const me = await getStaffMe()
    staffQueue.getState().setStation(me.station)
    startStaffSync()
    void refreshStationData(me.station)
    return me.station
  } catch (e) {
    if (e instanceof ApiError && e.status === 403) staffQueue.getState().setStation(null)
    throw e
  }
}

/** offline: the workbench works from the station remembered on this phone */
function rememberedStation(e: unknown): Station | undefined {
  const station = staffQueue.getState().station
  if (!(e instanceof NetworkError) || !station) return undefined
  startStaffSync()
  return station
}

export function useStaffGate() {
  const g = useGate<Station>({ role: 'staff', enter: enterStation, offline: rememberedStation, initial: () => staffQueue.getState().station ?? undefined })
  const gate: StaffGate =
    g.status === 'ready' && g.who ? { status: 'ready', station: g.who } : g.status === 'error' ? { status: 'error', message: g.message } : { status: g.status === 'ready' ? 'loading' : g.status }
  return { gate, reload: g.retry, onLogin: g.onLogin, onHome: g.onHome }
}
