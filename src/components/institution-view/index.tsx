import { View, Text } from '@tarojs/components'
import type { InstitutionDetail } from '../../contract'
import { FILING_STATUSES, INSTITUTION_TYPES, labelOf } from '../../domain/catalog'
import type { Loadable } from '../async'
import { CourseCardList } from '../course-card'
import { DetailSkeleton, InfoRow, Section, SmallButton } from '../detail-parts'
import { Tappable } from '../ui/tappable'
import { StateView } from '../ui/state-view'
import type { ListWindow } from '../windowed-list'
import './index.css'

export interface InstitutionViewProps {
  institution: Loadable<InstitutionDetail>
  /** the next page of courses */
  more?: { loading: boolean; error: string | null }
  /** rendered part of the course list (absent: all) */
  listWindow?: ListWindow
  chunk?: number
  today?: string
  onLoadMore?(): void
  onOpenCourse(id: string): void
  onNavigate(): void
  onCall(): void
  onRetry(): void
  onHome(): void
}

export function InstitutionView(props: InstitutionViewProps) {
  const state = props.institution
  if (state.status === 'idle' || state.status === 'loading') return <DetailSkeleton />
  if (state.status === 'error') {
    return state.notFound ? (
      <StateView kind='empty' title='这家培训机构找不到了' detail='回到首页看看附近的课程' actionText='回首页' onAction={props.onHome} />
    ) : (
      <StateView kind='error' title={state.message} actionText='重试' onAction={props.onRetry} />
    )
  }
  const ins = state.data
  return (
    <View className='institution'>
      <View className='institution__head'>
        <Text className='institution__name'>{ins.name}</Text>
        <View className='institution__tags'>
          <Text className='institution__tag'>{labelOf(INSTITUTION_TYPES, ins.type)}</Text>
          <Text className={ins.filingStatus === 'filed' ? 'institution__tag institution__tag--ok' : 'institution__tag institution__tag--warn'}>
            {labelOf(FILING_STATUSES, ins.filingStatus)}
          </Text>
        </View>
      </View>
      <Section title='机构信息'>
        <InfoRow label='备案编号'>
          <Text>{ins.filingNo ?? '暂无'}</Text>
        </InfoRow>
        <InfoRow label='地址' action={<SmallButton id='navigate' text='导航' onTap={props.onNavigate} />}>
          <Text>{ins.address}</Text>
        </InfoRow>
        <InfoRow label='电话' action={<SmallButton id='call' text='打电话' onTap={props.onCall} />}>
          <Text>{ins.contactPhone}</Text>
        </InfoRow>
      </Section>
      {ins.intro && (
        <Section title='机构介绍'>
          <Text className='institution__intro'>{ins.intro}</Text>
        </Section>
      )}
      <View className='institution__courses-head'>
        <Text className='institution__courses-title'>{`开设的课程（${ins.courseCount}）`}</Text>
      </View>
      {ins.courses.length === 0 ? (
        <StateView kind='empty' title='这家机构暂时没有开课' />
      ) : (
        <CourseCardList courses={ins.courses} chunk={props.chunk} listWindow={props.listWindow} idPrefix='institution-chunk' today={props.today} onOpen={props.onOpenCourse} />
      )}
      {ins.courses.length > 0 && (
        <View className='institution__foot'>
          {props.more?.loading && <Text>正在加载更多…</Text>}
          {!props.more?.loading && ins.coursesNextCursor !== null && (
            <Tappable className='institution__more' id='institution-more' onTap={() => props.onLoadMore?.()}>
              <Text>{props.more?.error ? `${props.more.error}，点这里重试` : `加载更多（还有 ${Math.max(ins.courseCount - ins.courses.length, 0)} 门）`}</Text>
            </Tappable>
          )}
          {ins.coursesNextCursor === null && ins.courses.length > (props.chunk ?? 10) && <Text>没有更多了</Text>}
        </View>
      )}
    </View>
  )
}
