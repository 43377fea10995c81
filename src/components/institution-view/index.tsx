import { View, Text } from '@tarojs/components'
import type { InstitutionDetail } from '../../contract'
import { FILING_STATUSES, INSTITUTION_TYPES, labelOf } from '../../domain/catalog'
import type { Loadable } from '../async'
import { CourseCard } from '../course-card'
import { DetailSkeleton, InfoRow, Section, SmallButton } from '../detail-parts'
import { StateView } from '../state-view'
import './index.css'

export interface InstitutionViewProps {
  institution: Loadable<InstitutionDetail>
  today?: string
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
        <Text className='institution__courses-title'>开设的课程（{ins.courses.length}）</Text>
      </View>
      {ins.courses.length === 0 ? (
        <StateView kind='empty' title='这家机构暂时没有开课' />
      ) : (
        ins.courses.map((c) => <CourseCard key={c.id} course={c} onOpen={props.onOpenCourse} today={props.today} />)
      )}
    </View>
  )
}
