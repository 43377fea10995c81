import { useMemo } from 'react'
import { countsOf } from '../../../store/staff-queue'
import { go } from '../../../services/platform'
import { useQueue, useSyncStatus } from '../runtime'
import { useStaffGate } from '../use-staff'

export function useWorkbench() {
  const gate = useStaffGate()
  const items = useQueue((s) => s.items)
  const counts = useMemo(() => countsOf(items), [items])
  const sync = useSyncStatus()
  return {
    ...gate,
    counts,
    status: { ...sync, pending: counts.pending },
    onSignup: () => go('staffSignup'),
    onQueue: () => go('staffQueue'),
    onList: () => go('staffList'),
    onPoster: () => go('staffPoster')
  }
}
