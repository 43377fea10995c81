import { startTransition, useCallback, useEffect, useRef, useState } from 'react'
import type { CourseSummary } from '../../contract'
import type { Loadable } from '../../components/async'
import { openCoursesFirst } from '../../domain/catalog'
import { todayInChina } from '../../domain/format'
import { listCourses } from '../../services/api/courses'
import { messageOf } from '../../services/http/errors'
import { go, type PageName } from '../../services/platform'
import { useSession } from '../../store/session'
import { anchorKey, anchorQuery, useWhereControl } from '../shared/use-where-control'

const NEARBY_LIMIT = 10

const ENTRY_PAGES: Record<string, PageName> = {
  courses: 'courses',
  signup: 'mine',
  certificates: 'certificates',
  verify: 'certVerify',
  subsidies: 'subsidies',
  notices: 'notices',
  staff: 'staff',
  myData: 'profile',
  privacySettings: 'privacySettings'
}

export function useHome() {
  const { where, regionPicker, onPickRegion, onUseLocation } = useWhereControl()
  const [nearby, setNearby] = useState<Loadable<CourseSummary[]>>({ status: 'idle' })
  const seq = useRef(0)
  const isStaff = useSession((s) => !!s.me?.roles?.some((r) => r.role === 'station_staff'))
  const key = anchorKey(where)

  const load = useCallback(() => {
    if (where.kind === 'locating' || where.kind === 'none') {
      setNearby({ status: 'idle' })
      return
    }
    const n = ++seq.current
    setNearby({ status: 'loading' })
    listCourses({ ...anchorQuery(where), subsidizedOnly: true, limit: NEARBY_LIMIT }).then(
      (page) => {
        // rendered in yielding slices, so the list's render does not block the first taps
        if (n === seq.current) startTransition(() => setNearby({ status: 'ready', data: openCoursesFirst(page.items, todayInChina()) }))
      },
      (error: unknown) => n === seq.current && setNearby({ status: 'error', message: messageOf(error) })
    )
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key])

  useEffect(load, [load])

  return {
    isStaff,
    where,
    nearby,
    regionPicker,
    onPickRegion,
    onUseLocation,
    onRetryNearby: load,
    onSearch: (keyword: string) => go('courses', { q: keyword || undefined }),
    onEntry: (entry: string) => {
      const page = ENTRY_PAGES[entry]
      if (page) go(page)
    },
    onOpenCourse: (id: string) => go('course', { id }),
    onSeeAll: () => go('courses'),
    onOccupation: (code: string) => go('courses', { occupation: code }),
    onMoreOccupations: () => go('courses', { pick: 'occupation' })
  }
}
