import { useMemo } from 'react'
import { countsOf, serverStatusOf } from '../../../store/staff-queue'
import { clockInChina } from '../../../domain/staff-signup'
import { go } from '../../../services/platform'
import { useQueue, useSyncStatus } from '../runtime'
import { useStaffGate } from '../use-staff'

export function useWorkbench() {
  const gate = useStaffGate()
  const items = useQueue((s) => s.items)
  const counts = useMemo(() => countsOf(items), [items])
  const server = useMemo(() => serverStatusOf(items), [items])
  const sync = useSyncStatus()
  return {
    ...gate,
    counts,
    status: { ...sync, ...server, answeredAt: server.answeredAt ? clockInChina(server.answeredAt) : null },
    onSignup: () => go('staffSignup'),
    onQueue: () => go('staffQueue'),
    onList: () => go('staffList'),
    onPoster: () => go('staffPoster'),
    onProxy: () => go('staffProxy')
  }
}
