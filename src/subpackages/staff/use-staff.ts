/** Shared by the staff pages: logged in as station staff? (else the login page once, or a plain refusal). */
import { useCallback, useState } from 'react'
import type { Station } from '../../contract/staff'
import { ensureSession } from '../../services/api/auth'
import { getStaffMe } from '../../services/api/staff'
import { ApiError, NetworkError, messageOf } from '../../services/http/errors'
import { isUnauthenticated } from '../../services/http/authed'
import { go, useOnShow } from '../../services/platform'
import { refreshStationData, staffQueue, startStaffSync } from './runtime'

export type StaffGate = { status: 'loading' } | { status: 'needLogin' } | { status: 'forbidden' } | { status: 'error'; message: string } | { status: 'ready'; station: Station }

export function useStaffGate() {
  const [gate, setGate] = useState<StaffGate>(() => {
    const cached = staffQueue.getState().station
    return cached ? { status: 'ready', station: cached } : { status: 'loading' }
  })
  const [sentToLogin, setSent] = useState(false)
  const load = useCallback(async () => {
    try {
      if (!(await ensureSession())) {
        setGate({ status: 'needLogin' })
        if (!sentToLogin) {
          setSent(true)
          go('login', { as: 'staff' })
        }
        return
      }
      const me = await getStaffMe()
      staffQueue.getState().setStation(me.station)
      setGate({ status: 'ready', station: me.station })
      startStaffSync()
      void refreshStationData(me.station)
    } catch (e) {
      if (isUnauthenticated(e)) setGate({ status: 'needLogin' })
      else if (e instanceof ApiError && e.status === 403) {
        staffQueue.getState().setStation(null)
        setGate({ status: 'forbidden' })
      } else if (e instanceof NetworkError && staffQueue.getState().station) {
        // offline: the workbench works from the station remembered on this phone
        setGate({ status: 'ready', station: staffQueue.getState().station! })
        startStaffSync()
      } else setGate({ status: 'error', message: messageOf(e) })
    }
  }, [sentToLogin])
  useOnShow(() => {
    void load()
  })
  return { gate, reload: load, onLogin: () => go('login', { as: 'staff' }), onHome: () => go('home') }
}
