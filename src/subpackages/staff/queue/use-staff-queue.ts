import { useMemo } from 'react'
import { countsOf } from '../../../store/staff-queue'
import { confirm, go, toast } from '../../../services/platform'
import { staffQueue, syncEngine, syncNow, useQueue, useSyncStatus } from '../runtime'

export function useStaffQueue() {
  const items = useQueue((s) => s.items)
  const counts = useMemo(() => countsOf(items), [items])
  // items needing the staff member first, then waiting ones, then finished (newest first)
  const ordered = useMemo(() => {
    const rank = (s: string) => (s === 'invalid' || s === 'course_full' ? 0 : s === 'pending' ? 1 : 2)
    return [...items].sort((a, b) => rank(a.status) - rank(b.status) || b.createdAt - a.createdAt)
  }, [items])
  const sync = useSyncStatus()
  return {
    items: ordered,
    counts,
    status: { ...sync, pending: counts.pending },
    inFlight: syncEngine.inFlight(),
    onSyncNow: () => void syncNow(),
    onEdit: (key: string) => go('staffSignup', { edit: key }),
    onOtherCourse: (key: string) => go('staffSignup', { edit: key }),
    onCancel: async (key: string) => {
      if (!(await confirm('取消这条报名', '这条报名还没有提交，取消后不会提交。确定取消吗？', '取消报名'))) return
      toast(staffQueue.getState().cancel(key) ? '已取消' : '已经在提交了，不能取消')
    },
    onSignup: () => go('staffSignup')
  }
}
