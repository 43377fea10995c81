import { startTransition, useCallback, useEffect, useState } from 'react'
import type { CourseDetail } from '../../contract'
import type { Loadable } from '../../components/async'
import { getCourse } from '../../services/api/courses'
import { isNotFound, messageOf } from '../../services/http/errors'
import {
  SHARE_WITH_BUTTON,
  callPhone,
  getPageParams,
  go,
  openMap,
  pagePath,
  setPageTitle,
  shareByLink,
  useSharePage
} from '../../services/platform'
import { useLocation } from '../../store/location'
import { currentToken } from '../../store/session'
import { myEnrollments } from '../../services/api/enrollments'
import { evaluationParams } from '../../domain/evaluation'

export function useCourse() {
  const [id] = useState(() => getPageParams().id ?? '')
  const position = useLocation((s) => (s.status === 'located' ? s.position : null))
  const [course, setCourse] = useState<Loadable<CourseDetail>>({ status: 'loading' })

  const load = useCallback(() => {
    if (!id) {
      setCourse({ status: 'error', message: '这门课程找不到了，可能已下架', notFound: true })
      return
    }
    setCourse({ status: 'loading' })
    getCourse(id, position).then(
      (data) => {
        // rendered in yielding slices: the detail is the page's largest render
        startTransition(() => setCourse({ status: 'ready', data }))
        setPageTitle(data.title.length > 14 ? `${data.title.slice(0, 14)}…` : data.title)
      },
      (error: unknown) => setCourse({ status: 'error', message: messageOf(error), notFound: isNotFound(error) })
    )
    // Position is read once per load; a later change does not refetch.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id])

  useEffect(load, [load])

  // Only for a worker already signed in (no login, no silent wx.login for a visitor): finished this course?
  const [completed, setCompleted] = useState(false)
  useEffect(() => {
    if (!id || !currentToken()) return
    let live = true
    myEnrollments().then(
      (res) => live && setCompleted(res.items.some((e) => e.course.id === id && e.status === 'completed')),
      () => undefined
    )
    return () => {
      live = false
    }
  }, [id])

  const data = course.status === 'ready' ? course.data : null
  const share = data ? { title: `${data.title}｜${data.subsidized ? '有补贴的' : ''}技能培训`, path: pagePath('course', { id }) } : null
  useSharePage(share)

  return {
    course,
    shareWithButton: SHARE_WITH_BUTTON,
    onOpenInstitution: (institutionId: string) => go('institution', { id: institutionId }),
    onNavigate: () => data && openMap({ lat: data.lat, lng: data.lng, name: data.institution.name, address: data.address }),
    onCall: () => data && callPhone(data.contactPhone),
    onShare: () => share && shareByLink(share),
    onSignup: () => go('signupConfirm', { courseId: id }),
    onEvaluations: completed && data ? () => go('evaluations', evaluationParams(data)) : undefined,
    onRetry: load,
    onHome: () => go('home')
  }
}
