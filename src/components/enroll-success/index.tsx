/**
 * 报名成功: the sign-up's clear outcome — what happens next (date, place, what to bring, how the
 * institution gets in touch, the cancel rule) and two things to do with it: put it in the calendar,
 * tell the family. Presentational: the hook decides how calendar and share work on each platform.
 */
import { View, Text, Button } from '@tarojs/components'
import type { CourseDetail } from '../../contract'
import { formatDate } from '../../domain/format'
import { Tappable } from '../ui/tappable'
import type { EligibilityItem } from '../../domain/eligibility'
import { EligibilityCard, Row } from '../enroll-sheet'
import { Card, PrimaryButton } from '../signup-ui'
import './index.css'

export interface EnrollSuccessProps {
  course: CourseDetail
  /** e.g. 138****5678: the number the institution will call */
  phoneMasked: string | null
  /** today, China time (YYYY-MM-DD): a course that started already reads differently */
  today: string
  /** What the worker may claim (the preview the confirmation sheet shows) */
  items: readonly EligibilityItem[]
  /** weapp: a native share button sends the card; H5: onShare */
  shareWithButton: boolean
  onCalendar(): void
  onShare(): void
  onMine(): void
}

export function EnrollSuccess(p: EnrollSuccessProps) {
  const c = p.course
  const started = c.startDate <= p.today
  return (
    <View className='su-page enroll-success'>
      <View className='enroll-success__head' role='status' id='enroll-success'>
        <Text className='enroll-success__mark' aria-hidden>✓</Text>
        <Text className='enroll-success__title'>报名成功</Text>
        <Text className='enroll-success__course'>{c.title}</Text>
      </View>
      <Card title='接下来怎么做'>
        <Row k='开课' v={started ? `已开课（${formatDate(c.startDate, p.today)}），请尽快联系机构安排上课` : `${formatDate(c.startDate, p.today)}，${c.scheduleText}`} />
        <Row k='地点' v={c.address} />
        <Row k='要带' v='身份证原件（报到时核对本人）；其他东西以机构通知为准' />
        <Row k='联系' v={`${c.institution.name}会${p.phoneMasked ? `打你的电话 ${p.phoneMasked} ` : ''}确认报到时间；有问题可打机构电话 ${c.contactPhone}`} />
        <Row k='取消' v={started ? '已开课，不能在手机上取消；不去了请告诉机构' : '开课前可以在“我的报名”里取消，名额会让给别人'} />
      </Card>
      <EligibilityCard items={p.items} />
      <View className='enroll-success__actions'>
        <Tappable id='add-calendar' className='enroll-success__action' onTap={p.onCalendar}>
          <Text>加入日历</Text>
        </Tappable>
        {p.shareWithButton ? (
          <Button id='share-family' className='enroll-success__action' openType='share'>
            告诉家人
          </Button>
        ) : (
          <Tappable id='share-family' className='enroll-success__action' onTap={p.onShare}>
            <Text>告诉家人</Text>
          </Tappable>
        )}
      </View>
      <PrimaryButton id='go-mine' text='查看我的报名' onTap={p.onMine} />
    </View>
  )
}
