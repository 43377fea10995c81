import { View, Text } from '@tarojs/components'
import type { CourseDetail, PolicySource } from '../../contract'
import type { EligibilityItem } from '../../domain/eligibility'
import { formatDate, formatYuan } from '../../domain/format'
import type { ReadAloudState } from '../../domain/read-aloud'
import { ListenBar } from '../listen-bar'
import { Card } from '../signup-ui'
import { BottomBar, Button } from '../ui'

export const STATUS_WORDS: Record<EligibilityItem['status'], string> = {
  eligible: '可申请',
  conditional: '有条件可申请',
  ineligible: '不符合',
  unknown: '需补充信息'
}

export function citeText(source: PolicySource): string {
  return `依据：${source.document}${source.clause ? ` ${source.clause}` : ''}`
}

export interface EnrollSheetProps {
  course: CourseDetail
  items: readonly EligibilityItem[]
  submitting: boolean
  /** The server's refusal, shown as is */
  error: string | null
  /** ALREADY_ENROLLED: offer the way to 我的报名 */
  showMine: boolean
  onConfirm(): void
  onMine(): void
  /** 听一听 on the eligibility explanation */
  listen?: { state: ReadAloudState; onPlay(): void; onPause(): void }
}

/** One label–value line of a sign-up card (also on 报名成功). */
export function Row({ k, v }: { k: string; v: string }) {
  return (
    <View className='su-kv'>
      <Text className='su-kv__k'>{k}</Text>
      <Text className='su-kv__v'>{v}</Text>
    </View>
  )
}

/** What the worker is signing up for, and what they can claim — before the one big button. */
export function EnrollSheet(p: EnrollSheetProps) {
  const c = p.course
  return (
    <View className='su-page'>
      <Card title='确认报名'>
        <Text className='su-subtitle'>{c.title}</Text>
        <Row k='时间' v={`${formatDate(c.startDate)} 至 ${formatDate(c.endDate)}，${c.scheduleText}`} />
        <Row k='地点' v={c.address} />
        <Row k='机构' v={c.institution.name} />
        <Row k='费用' v={formatYuan(c.feeYuan, true)} />
      </Card>
      <EligibilityCard items={p.items} listen={p.listen} />
      {p.error && (
        <View className='su-card'>
          <Text className='su-error'>
            {p.error}
          </Text>
          {p.showMine && <Button kind='link' id='go-mine' text='查看我的报名' onTap={p.onMine} />}
        </View>
      )}
      <BottomBar>
        <Button id='confirm-enroll' text={p.submitting ? '正在提交…' : '确认报名'} disabled={p.submitting} onTap={p.onConfirm} />
      </BottomBar>
    </View>
  )
}

/** What the worker may claim for this course, each with its reason and source. */
export function EligibilityCard({ items, listen }: { items: readonly EligibilityItem[]; listen?: EnrollSheetProps['listen'] }) {
  return (
    <Card title='你可能享受的补贴'>
      {items.length === 0 && <Text className='su-muted'>这门课暂时没有可申请的补贴</Text>}
      {items.map((it) => (
        <View key={it.kind} className='su-item eligibility-item'>
          <View className='su-item__head'>
            <Text className='su-item__name'>{it.name}</Text>
            <Text className={`su-item__status su-item__status--${it.status}`}>{STATUS_WORDS[it.status]}</Text>
          </View>
          {it.maxYuan !== null && it.status !== 'ineligible' && <Text className='su-item__amount'>约{formatYuan(it.maxYuan)}</Text>}
          <Text className='su-text'>{it.status === 'ineligible' ? `原因：${it.reason}` : it.reason}</Text>
          <Text className='su-muted'>{citeText(it.source)}</Text>
          {it.source.guide && <Text className='su-muted'>参考标准，以当地人社部门公布为准</Text>}
        </View>
      ))}
      <Text className='su-muted'>以上为预估，最终以人社部门审核为准。</Text>
      {listen && <ListenBar id='listen-eligibility' label='听一听（朗读补贴说明）' state={listen.state} onPlay={listen.onPlay} onPause={listen.onPause} />}
    </Card>
  )
}
