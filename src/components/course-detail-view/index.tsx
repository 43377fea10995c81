import { View, Text, Button } from '@tarojs/components'
import { Tappable } from '../ui/tappable'
import type { CourseDetail } from '../../contract'
import {
  CERTIFICATE_KINDS,
  FILING_STATUSES,
  INSTITUTION_TYPES,
  SCHEDULE_SLOTS,
  SKILL_LEVELS,
  TRAINING_MODES,
  TRAINING_TYPES,
  WORKER_GROUPS,
  labelOf
} from '../../domain/catalog'
import { formatDistance } from '../../domain/geo'
import { formatDate, formatYuan, startsInText, todayInChina } from '../../domain/format'
import { signupClosedFor } from '../../domain/enrollment'
import type { Loadable } from '../async'
import { seatsText, subsidyBadgeText } from '../course-card'
import { DetailSkeleton, InfoRow, Section, SmallButton } from '../detail-parts'
import { StateView } from '../ui/state-view'
import { SubsidyList } from '../subsidy-list'
import './index.css'

export interface CourseDetailViewProps {
  course: Loadable<CourseDetail>
  /** weapp: native share button; H5: copy link */
  shareWithButton: boolean
  today?: string
  onOpenInstitution(id: string): void
  onNavigate(): void
  onCall(): void
  onShare(): void
  onSignup(): void
  /** the signed-in worker finished this course (已结业): on to 职业技能等级认定 for its 工种 */
  onEvaluations?: () => void
  onRetry(): void
  onHome(): void
}

export function CourseDetailView(props: CourseDetailViewProps) {
  const { course: state } = props
  if (state.status === 'idle' || state.status === 'loading') return <DetailSkeleton />
  if (state.status === 'error') {
    return state.notFound ? (
      <StateView kind='empty' title='这门课程找不到了，可能已下架' detail='回到首页看看附近别的课程' actionText='回首页' onAction={props.onHome} />
    ) : (
      <StateView kind='error' title={state.message} actionText='重试' onAction={props.onRetry} />
    )
  }
  const c = state.data
  const badge = subsidyBadgeText(c)
  const closed = signupClosedFor(c, props.today ?? todayInChina())
  const slots = c.schedule.map((s) => labelOf(SCHEDULE_SLOTS, s)).join('、')
  return (
    <View className='course-detail'>
      <View className='course-detail__head'>
        <Text className='course-detail__title'>{c.title}</Text>
        <View className='course-detail__badges'>
          {badge && <Text className='course-detail__badge'>{badge}</Text>}
          <Text className='course-detail__tag'>{labelOf(TRAINING_TYPES, c.trainingType)}</Text>
          <Text className='course-detail__tag'>{labelOf(TRAINING_MODES, c.mode)}</Text>
        </View>
      </View>

      <Tappable
        role='link'
        className='course-detail__institution'
        id='open-institution'
        hoverClass='course-detail__institution--pressed'
        onTap={() => props.onOpenInstitution(c.institution.id)}
      >
        <View className='course-detail__institution-main'>
          <Text className='course-detail__institution-name'>{c.institution.name}</Text>
          <Text className='course-detail__institution-meta'>
            {labelOf(INSTITUTION_TYPES, c.institution.type)} · {labelOf(FILING_STATUSES, c.institution.filingStatus)}
          </Text>
        </View>
        <Text className='course-detail__arrow' aria-hidden>›</Text>
      </Tappable>

      <Section title='上课信息'>
        {c.mode === 'online' ? (
          // nothing to travel to: no map, no distance
          <InfoRow label='上课方式'>
            <Text>{c.address}</Text>
          </InfoRow>
        ) : (
          <InfoRow label='地址' action={<SmallButton id='navigate' text='导航' onTap={props.onNavigate} />}>
            <Text>{c.address}</Text>
            {c.distanceKm !== undefined && <Text className='course-detail__distance'>离你 {formatDistance(c.distanceKm)}</Text>}
          </InfoRow>
        )}
        <InfoRow label='上课时间'>
          <Text>{c.scheduleText}</Text>
          {slots && <Text className='course-detail__sub'>{slots}</Text>}
        </InfoRow>
        <InfoRow label='开课日期'>
          <Text>
            {formatDate(c.startDate, props.today)} 至 {formatDate(c.endDate, props.today)}（{startsInText(c.startDate, props.today)}）
          </Text>
        </InfoRow>
        <InfoRow label='总课时'>
          <Text>{c.totalHours} 学时</Text>
        </InfoRow>
        <InfoRow label='名额'>
          <Text className={c.seatsLeft > 0 ? 'course-detail__seats' : 'course-detail__seats course-detail__seats--full'}>{seatsText(c.seatsLeft)}</Text>
          <Text className='course-detail__sub'>共{c.seatsTotal}人</Text>
        </InfoRow>
        <InfoRow label='费用'>
          <Text className='course-detail__fee'>{formatYuan(c.feeYuan, true)}</Text>
        </InfoRow>
      </Section>

      <Section title='能享受的补贴'>
        <SubsidyList offers={c.subsidies} />
      </Section>

      <Section title='学什么'>
        <Text className='course-detail__text'>{c.description}</Text>
        {c.syllabus.length > 0 && (
          <View className='course-detail__syllabus'>
            {c.syllabus.map((item, i) => (
              <Text key={i} className='course-detail__syllabus-item'>
                {i + 1}. {item}
              </Text>
            ))}
          </View>
        )}
      </Section>

      <Section title='学完能拿的证书'>
        <Text className='course-detail__text'>
          {labelOf(CERTIFICATE_KINDS, c.certificateKind)}
          {c.level !== 'none' ? `（${labelOf(SKILL_LEVELS, c.level)}）` : ''}
        </Text>
        <Text className='course-detail__sub'>工种：{c.occupationName}</Text>
        {props.onEvaluations && (
          <View className='course-detail__evaluations'>
            <Text className='course-detail__sub'>你已结业，可以报名参加这个工种的职业技能等级认定，考试通过后发证书。</Text>
            <SmallButton id='open-evaluations' text='报名技能等级认定' onTap={props.onEvaluations} />
          </View>
        )}
      </Section>

      {c.eligibleGroups.length > 0 && (
        <Section title='适合哪些人'>
          <View className='course-detail__groups'>
            {c.eligibleGroups.map((g) => (
              <Text key={g} className='course-detail__group'>
                {labelOf(WORKER_GROUPS, g)}
              </Text>
            ))}
          </View>
        </Section>
      )}

      <Section title='咨询电话'>
        <InfoRow label='电话' action={<SmallButton id='call' text='打电话' onTap={props.onCall} />}>
          <Text>{c.contactPhone}</Text>
        </InfoRow>
      </Section>

      <View className='course-detail__bar'>
        {props.shareWithButton ? (
          <Button className='course-detail__share' id='share' openType='share'>
            分享
          </Button>
        ) : (
          <Tappable className='course-detail__share' id='share' onTap={props.onShare}>
            <Text>分享</Text>
          </Tappable>
        )}
        <Tappable
          className={closed ? 'course-detail__signup course-detail__signup--disabled' : 'course-detail__signup'}
          id='signup'
          disabled={!!closed}
          onTap={props.onSignup}
        >
          <Text>{closed ? closed.label : '立即报名'}</Text>
        </Tappable>
      </View>
    </View>
  )
}
