import { View, Text } from '@tarojs/components'
import { Tappable } from '../ui/tappable'
import type { CourseSummary } from '../../contract'
import { SCHEDULE_SLOTS, TRAINING_MODES, labelOf } from '../../domain/catalog'
import { formatDistance } from '../../domain/geo'
import { formatDate, formatYuan, startsInText } from '../../domain/format'
import { WindowedList, type ListWindow } from '../windowed-list'
import './index.css'

export function seatsText(seatsLeft: number): string {
  return seatsLeft > 0 ? `剩${seatsLeft}个名额` : '名额已满'
}

export function subsidyBadgeText(course: Pick<CourseSummary, 'subsidized' | 'subsidyMaxYuan'>): string | null {
  if (course.subsidyMaxYuan) return `可补贴 最高${formatYuan(course.subsidyMaxYuan)}`
  if (course.subsidized) return '可享补贴'
  return null
}

export interface CourseCardProps {
  course: CourseSummary
  onOpen(id: string): void
  /** YYYY-MM-DD, injectable for tests */
  today?: string
}

export function CourseCard({ course, onOpen, today }: CourseCardProps) {
  const badge = subsidyBadgeText(course)
  // an online course has no place to travel to: say so instead of a distance
  const where =
    course.mode === 'online'
      ? `线上学习 · ${course.regionName}`
      : course.distanceKm !== undefined
        ? `${formatDistance(course.distanceKm)} · ${course.regionName}`
        : course.regionName
  const slots = course.schedule.map((s) => labelOf(SCHEDULE_SLOTS, s)).join('、')
  return (
    <Tappable role='link' className='course-card' id={`course-card-${course.id}`} hoverClass='course-card--pressed' onTap={() => onOpen(course.id)}>
      <View className='course-card__head'>
        <Text className='course-card__title'>{course.title}</Text>
      </View>
      {badge && <Text className='course-card__badge'>{badge}</Text>}
      <Text className='course-card__line course-card__institution'>{course.institution.name}</Text>
      <Text className='course-card__line course-card__where'>{where}</Text>
      <Text className='course-card__line'>
        {startsInText(course.startDate, today)} · {formatDate(course.startDate, today)}
      </Text>
      <View className='course-card__tags'>
        <Text className='course-card__tag'>{labelOf(TRAINING_MODES, course.mode)}</Text>
        {slots && <Text className='course-card__tag'>{slots}</Text>}
      </View>
      <View className='course-card__foot'>
        <Text className={course.seatsLeft > 0 ? 'course-card__seats' : 'course-card__seats course-card__seats--full'}>{seatsText(course.seatsLeft)}</Text>
        <Text className='course-card__fee'>{formatYuan(course.feeYuan, true)}</Text>
      </View>
    </Tappable>
  )
}

export function CourseCardSkeleton() {
  return (
    <View className='course-card-skeleton' aria-hidden>
      <View className='skeleton-bar skeleton-bar--title' />
      <View className='skeleton-bar' />
      <View className='skeleton-bar skeleton-bar--short' />
    </View>
  )
}

export function CourseCardSkeletons({ count = 3 }: { count?: number }) {
  return (
    <View className='course-card-skeletons' role='status' aria-label='正在加载'>
      {Array.from({ length: count }, (_, i) => (
        <CourseCardSkeleton key={i} />
      ))}
    </View>
  )
}

const WHOLE_LIST: ListWindow = { firstChunk: 0, lastChunk: Number.MAX_SAFE_INTEGER, spacerTopPx: 0, spacerBottomPx: 0 }

export interface CourseCardListProps {
  courses: CourseSummary[]
  /** cards per window chunk (the API page size) */
  chunk?: number
  /** which chunks are mounted (the page's scroll hook); all of them when absent */
  listWindow?: ListWindow
  idPrefix: string
  today?: string
  onOpen(id: string): void
}

/** A long list of course cards, mounted chunk by chunk around the screen (the course list, an institution's courses). */
export function CourseCardList({ courses, chunk = 10, listWindow = WHOLE_LIST, idPrefix, today, onOpen }: CourseCardListProps) {
  return (
    <WindowedList
      items={courses}
      chunk={chunk}
      window={listWindow}
      idPrefix={idPrefix}
      keyOf={(c) => c.id}
      render={(c) => <CourseCard course={c} onOpen={onOpen} today={today} />}
    />
  )
}
