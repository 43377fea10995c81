import { View, Text } from '@tarojs/components'
import { Tappable } from '../ui/tappable'
import type { Enrollment } from '../../contract'
import { ENROLLMENT_STATUSES } from '../../domain/enrollment'
import { formatDate } from '../../domain/format'
import { labelOf } from '../../domain/catalog'
import { attendanceText, type Attendance } from '../../domain/checkin'
import { Card } from '../signup-ui'
import { StateView } from '../ui/state-view'
import { Button } from '../ui'

export interface MineViewProps {
  items: readonly Enrollment[]
  hasConsent: boolean
  /** unread 站内消息 (claim updates, notices) */
  unread?: number
  onSubsidies?(): void
  onInbox?(): void
  onCancel(id: string): void
  onFindCourses(): void
  onOpenCourse(id: string): void
  /** 上课签到 for an enrollment whose course has class sessions */
  onCheckin?(e: Enrollment): void
  /** 职业技能等级认定 for the 工种 of a finished course */
  onEvaluations?(e: Enrollment): void
  onWithdrawConsent(): void
  onDeleteAccount(): void
  onLogout(): void
  /** 我的资料 and 隐私设置 pages */
  onMyData?(): void
  onPrivacySettings?(): void
  /** station staff: a way to the 工作台 */
  onStaff?: () => void
  /** 亲属代办: invite relatives, or act for a family member (替谁办) */
  onProxies?(): void
  /** acting for a family member: their account's own settings (privacy, deletion) stay with them */
  acting?: boolean
}

const CHECKIN_STATUSES: readonly string[] = ['registered', 'confirmed', 'in_training']

export function EnrollmentCard({ e, onCancel, onOpen, onCheckin, onEvaluations }: { e: Enrollment; onCancel(): void; onOpen(): void; onCheckin?(): void; onEvaluations?(): void }) {
  const c = e.course
  const attendance = (e as Enrollment & { attendance?: Attendance }).attendance
  const hasSessions = !!attendance && attendance.total > 0
  return (
    <View className={`su-card enrollment-card enrollment-card--${e.status}`}>
      <View className='su-item__head'>
        <Tappable role='link' className='su-item__name' onTap={onOpen}>
          <Text>{c.title}</Text>
        </Tappable>
        <Text className={`su-item__status enrollment-card__status`}>{labelOf(ENROLLMENT_STATUSES, e.status)}</Text>
      </View>
      <View className='su-kv'>
        <Text className='su-kv__k'>时间</Text>
        <Text className='su-kv__v'>{`${formatDate(c.startDate)} 至 ${formatDate(c.endDate)}`}</Text>
      </View>
      <View className='su-kv'>
        <Text className='su-kv__k'>地点</Text>
        <Text className='su-kv__v'>{`${c.institution.name}（${c.regionName}）`}</Text>
      </View>
      <View className='su-kv'>
        <Text className='su-kv__k'>下一步</Text>
        <Text className='su-kv__v enrollment-card__next'>{e.nextStep}</Text>
      </View>
      {hasSessions && (
        <View className='su-kv'>
          <Text className='su-kv__k'>签到</Text>
          <Text className='su-kv__v enrollment-card__attendance'>{attendanceText(attendance)}</Text>
        </View>
      )}
      {e.actedBy && <Text className='acted-by'>{e.actedBy.text}</Text>}
      {hasSessions && onCheckin && CHECKIN_STATUSES.includes(e.status) && <Button id={`checkin-${e.id}`} text='上课签到' onTap={onCheckin} />}
      {e.status === 'completed' && onEvaluations && <Button kind='link' id={`evaluations-${e.id}`} text='报名技能等级认定' onTap={onEvaluations} />}
      {e.canCancel && <Button kind='link' id='cancel-enrollment' text='取消报名' danger onTap={onCancel} />}
    </View>
  )
}

export function MineView(p: MineViewProps) {
  return (
    <View className='su-page'>
      <View className='su-title' id='mine-heading' role='heading' aria-level={1}>
        <Text>我的报名</Text>
      </View>
      {p.onStaff && (
        <Card title='服务站工作台'>
          <Text className='su-muted'>你是服务站工作人员，可以在这里现场帮务工人员报名。</Text>
          <Button kind='link' id='open-staff' text='进入工作台' onTap={p.onStaff} />
        </Card>
      )}
      {p.items.length === 0 ? (
        <StateView kind='empty' title='还没有报名，去找课程' actionText='去找课程' onAction={p.onFindCourses} />
      ) : (
        p.items.map((e) => <EnrollmentCard
            key={e.id}
            e={e}
            onCancel={() => p.onCancel(e.id)}
            onOpen={() => p.onOpenCourse(e.course.id)}
            onCheckin={p.onCheckin && (() => p.onCheckin?.(e))}
            onEvaluations={p.onEvaluations && (() => p.onEvaluations?.(e))}
          />)
      )}
      {p.onProxies && (
        <Card title='亲属代办'>
          <Text className='su-muted'>让子女或村里的帮办员替你报名、申请补贴；你也可以替家人办理。</Text>
          <Button kind='link' id='mine-proxies' text='亲属代办 · 替谁办' onTap={p.onProxies} />
        </Card>
      )}
      {p.onSubsidies && p.onInbox && (
        <Card title='我的补贴与消息'>
          <Button kind='link' id='mine-subsidies' text='我的补贴：申请进度' onTap={p.onSubsidies} />
          <Button kind='link' id='mine-inbox' text={p.unread ? `消息（${p.unread}条未读）` : '消息'} onTap={p.onInbox} />
        </Card>
      )}
      {!p.acting && <Card title='我的信息与隐私'>
        <Text className='su-muted'>撤回同意会删除你的个人资料、证书和照片、收款账户和通知订阅；注销账号还会删除账号和站内消息。详见隐私设置。</Text>
        {p.onMyData && <Button kind='link' id='mine-my-data' text='我的资料：查看、修改、下载' onTap={p.onMyData} />}
        {p.onPrivacySettings && <Button kind='link' id='mine-privacy-settings' text='隐私设置' onTap={p.onPrivacySettings} />}
        {p.hasConsent && <Button kind='link' id='withdraw-consent' text='撤回隐私同意' onTap={p.onWithdrawConsent} />}
        <Button kind='link' id='logout' text='退出登录' onTap={p.onLogout} />
        <Button kind='link' id='delete-account' text='注销账号' danger onTap={p.onDeleteAccount} />
      </Card>}
    </View>
  )
}
