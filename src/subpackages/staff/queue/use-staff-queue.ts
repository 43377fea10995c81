import { useMemo } from 'react'
import { canSwitchCourse, countsOf, serverStatusOf, type QueuedCourse } from '../../../store/staff-queue'
import { clockInChina, nextJoinableCourse } from '../../../domain/staff-signup'
import { todayInChina } from '../../../domain/format'
import { backTo, confirm, go, toast } from '../../../services/platform'
import { staffQueue, syncEngine, syncNow, useQueue, useSyncStatus } from '../runtime'

export function useStaffQueue() {
  const items = useQueue((s) => s.items)
  const counts = useMemo(() => countsOf(items), [items])
  const server = useMemo(() => serverStatusOf(items), [items])
  // items needing the staff member first, then waiting ones, then finished (newest first)
  const ordered = useMemo(() => {
    const rank = (s: string) => (s === 'invalid' || s === 'course_full' ? 0 : s === 'pending' ? 1 : 2)
    return [...items].sort((a, b) => rank(a.status) - rank(b.status) || b.createdAt - a.createdAt)
  }, [items])
  const sync = useSyncStatus()
  const courses = useQueue((s) => s.courses)
  const syncedAt = useQueue((s) => s.coursesSyncedAt)
  const today = todayInChina()
  const nextCourse = useMemo(() => {
    const out: Record<string, QueuedCourse> = {}
    for (const i of items) {
      if (!canSwitchCourse(i)) continue
      const next = nextJoinableCourse(courses, i.course, today)
      if (next) out[i.key] = next
    }
    return out
  }, [items, courses, today])
  const startedCourse = useMemo(() => new Set(items.filter((i) => i.status === 'pending' && !!i.course.startDate && i.course.startDate <= today).map((i) => i.key)), [items, today])
  return {
    items: ordered,
    counts,
    status: { ...sync, ...server, answeredAt: server.answeredAt ? clockInChina(server.answeredAt) : null },
    inFlight: syncEngine.inFlight(),
    nextCourse,
    startedCourse,
    syncedAt: syncedAt ? clockInChina(syncedAt) : null,
    onSyncNow: () => void syncNow(),
    onSwitch: (key: string, courseId: string) => {
      const course = courses.find((c) => c.id === courseId)
      if (!course) return
      try {
        if (!staffQueue.getState().switchCourse(key, course)) return
      } catch {
        toast('手机存储空间不够，没有存上')
        return
      }
      void syncEngine.run()
      toast(sync.online ? '已改报，正在提交' : '已改报，联网后自动提交', 'success')
    },
    onEdit: (key: string) => go('staffSignup', { edit: key }),
    onOtherCourse: (key: string) => go('staffSignup', { edit: key }),
    onCancel: async (key: string) => {
      if (!(await confirm('取消这条报名', '这条报名还没有提交，取消后不会提交。确定取消吗？', '取消报名'))) return
      toast(staffQueue.getState().cancel(key) ? '已取消' : '已经在提交了，不能取消')
    },
    // back to the form below when there is one: one form, one pad
    onSignup: () => backTo('staffSignup')
  }
}
