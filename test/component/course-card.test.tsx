import { render, screen } from '@testing-library/react'
import { CourseCard } from '../../src/components/course-card'
import { CourseDetailView } from '../../src/components/course-detail-view'
import { course, courseDetail } from './fixtures'

const noop = () => {}

test('an offline course card shows how far it is', () => {
  render(<CourseCard course={course({ mode: 'offline', distanceKm: 1.24, regionName: '上海市闵行区' })} onOpen={noop} today='2026-11-23' />)
  expect(screen.getByText('1.2 公里 · 上海市闵行区')).toBeInTheDocument()
})

test('an online course card says it is studied online, not a distance', () => {
  render(<CourseCard course={course({ mode: 'online', distanceKm: 7.6, regionName: '上海市浦东新区' })} onOpen={noop} today='2026-11-23' />)
  expect(screen.getByText('线上学习 · 上海市浦东新区')).toBeInTheDocument()
  expect(screen.queryByText(/公里/)).toBeNull()
})

test('online course detail has no 导航 and no distance; offline detail has both', () => {
  const handlers = { onOpenInstitution: noop, onNavigate: noop, onCall: noop, onShare: noop, onSignup: noop, onRetry: noop, onHome: noop }
  const online = courseDetail({ mode: 'online', distanceKm: 7.6, address: '线上授课（报名后发送课程链接，不用到校）' })
  const { unmount } = render(
    <CourseDetailView course={{ status: 'ready', data: online }} shareWithButton={false} today='2026-11-23' {...handlers} />
  )
  expect(screen.getByText('上课方式')).toBeInTheDocument()
  expect(screen.queryByText('导航')).toBeNull()
  expect(screen.queryByText(/离你/)).toBeNull()
  unmount()
  const offline = courseDetail({ mode: 'offline', distanceKm: 2.5 })
  render(<CourseDetailView course={{ status: 'ready', data: offline }} shareWithButton={false} today='2026-11-23' {...handlers} />)
  expect(screen.getByText('导航')).toBeInTheDocument()
  expect(screen.getByText(/离你 2.5 公里/)).toBeInTheDocument()
})

test('a course that has started without late joining cannot be signed up from its page', () => {
  const handlers = { onOpenInstitution: noop, onNavigate: noop, onCall: noop, onShare: noop, onSignup: jest.fn(), onRetry: noop, onHome: noop }
  const started = courseDetail({ startDate: '2026-11-20', endDate: '2027-01-10', allowLateJoin: false, seatsLeft: 5 })
  render(<CourseDetailView course={{ status: 'ready', data: started }} shareWithButton={false} today='2026-11-23' {...handlers} />)
  expect(screen.getByText('已开课')).toBeInTheDocument()
  expect(screen.queryByText('立即报名')).toBeNull()
})
