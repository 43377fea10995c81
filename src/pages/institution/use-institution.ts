import { useCallback, useEffect, useRef, useState } from 'react'
import type { InstitutionDetail } from '../../contract'
import type { Loadable } from '../../components/async'
import { getInstitution } from '../../services/api/institutions'
import { isNotFound, messageOf } from '../../services/http/errors'
import { callPhone, getPageParams, go, openMap, setPageTitle, useOnReachBottom } from '../../services/platform'
import { useWindowedList } from '../shared/use-windowed-list'

/** Courses per page: the first screen's setData stays small (one big page was ≈ 140 KB). */
export const INSTITUTION_PAGE_SIZE = 10
const CARD_PX = 200

export function useInstitution() {
  const [id] = useState(() => getPageParams().id ?? '')
  const [institution, setInstitution] = useState<Loadable<InstitutionDetail>>({ status: 'loading' })
  const [more, setMore] = useState<{ loading: boolean; error: string | null }>({ loading: false, error: null })
  const busy = useRef(false)
  const seq = useRef(0)

  const load = useCallback(() => {
    if (!id) {
      setInstitution({ status: 'error', message: '这家培训机构找不到了', notFound: true })
      return
    }
    const n = ++seq.current
    setInstitution({ status: 'loading' })
    setMore({ loading: false, error: null })
    getInstitution(id, { limit: INSTITUTION_PAGE_SIZE }).then(
      (data) => {
        if (n !== seq.current) return
        setInstitution({ status: 'ready', data })
        setPageTitle('培训机构')
      },
      (error: unknown) => n === seq.current && setInstitution({ status: 'error', message: messageOf(error), notFound: isNotFound(error) })
    )
  }, [id])

  useEffect(load, [load])

  const data = institution.status === 'ready' ? institution.data : null
  const cursor = data?.coursesNextCursor ?? null

  const loadMore = useCallback(() => {
    if (busy.current || !cursor) return
    const n = seq.current
    busy.current = true
    setMore({ loading: true, error: null })
    getInstitution(id, { cursor, limit: INSTITUTION_PAGE_SIZE }).then(
      (page) => {
        busy.current = false
        if (n !== seq.current) return
        setInstitution((s) =>
          s.status === 'ready'
            ? { status: 'ready', data: { ...s.data, courses: [...s.data.courses, ...page.courses], courseCount: page.courseCount, coursesNextCursor: page.coursesNextCursor } }
            : s
        )
        setMore({ loading: false, error: null })
      },
      (error: unknown) => {
        busy.current = false
        if (n === seq.current) setMore({ loading: false, error: messageOf(error) })
      }
    )
  }, [id, cursor])

  useOnReachBottom(loadMore)

  const listWindow = useWindowedList(data?.courses.length ?? 0, {
    chunk: INSTITUTION_PAGE_SIZE,
    itemPx: CARD_PX,
    resetKey: id,
    idPrefix: 'institution-chunk'
  })

  return {
    institution,
    more,
    listWindow,
    chunk: INSTITUTION_PAGE_SIZE,
    onLoadMore: loadMore,
    onOpenCourse: (courseId: string) => go('course', { id: courseId }),
    onNavigate: () => data && openMap({ lat: data.lat, lng: data.lng, name: data.name, address: data.address }),
    onCall: () => data && callPhone(data.contactPhone),
    onRetry: load,
    onHome: () => go('home')
  }
}
