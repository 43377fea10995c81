/** Presentational views of the staff pages: props in, events out. */
import { View, Text, Picker } from '@tarojs/components'
import { LabelledImage } from '../labelled-image'
import type { Station, StationSignupList } from '../../contract/staff'
import { WORKER_GROUPS } from '../../domain/catalog'
import { SIGNUP_OUTCOMES } from '../../domain/staff-signup'
import type { QueueCounts, QueueItem, QueuedCourse } from '../../store/staff-queue'
import { Card } from '../signup-ui'
import type { SignaturePadProps } from '../signature-pad'
import { ConsentMethod } from './consent-method'
import { FormError } from '../form-error'
import { BottomBar, Button, Choice, Tappable, TextBox } from '../ui'
import './index.css'

const OUTCOME_LABEL: Record<string, string> = { pending: '待提交', ...Object.fromEntries(SIGNUP_OUTCOMES.map((o) => [o.code, o.label])) }
const COUNT_ORDER = ['pending', 'enrolled', 'already_enrolled', 'course_full', 'invalid', 'cancelled'] as const

export function StationHeader({ station }: { station: Station }) {
  return (
    <View className='st-station'>
      <Text className='st-station__name'>{station.name}</Text>
      <Text className='st-station__meta'>{`${station.kind} · ${station.regionName}`}</Text>
      <Text className='st-station__meta'>{station.address}</Text>
    </View>
  )
}

export interface SyncStatusProps {
  online: boolean
  syncing: boolean
  blocked: 'login' | 'forbidden' | null
  /** what the server has confirmed (store/staff-queue serverStatusOf) */
  pending: number
  attention: number
  /** 「HH:mm」 of the server's last answer when it has answered every item; null otherwise */
  answeredAt: string | null
}

export function SyncStatus(p: SyncStatusProps) {
  if (p.blocked) {
    return (
      <View role='alert'>
        <Text className='st-status st-status--blocked'>
          {p.blocked === 'login' ? `登录已过期，${p.pending} 条报名暂存在手机里。请重新登录后点“立即提交”。` : '这个账号没有服务站权限，报名暂存在手机里。'}
        </Text>
      </View>
    )
  }
  // only what the server has confirmed: 全部已提交 needs an answer for every item
  const parts: string[] = []
  if (p.pending > 0) parts.push(`${p.pending} 条待提交`)
  if (p.attention > 0) parts.push(`${p.attention} 条需要处理`)
  if (parts.length === 0 && p.answeredAt) parts.push(`全部已提交（${p.answeredAt}）`)
  const head = parts.join('，')
  if (!p.online) {
    return (
      <Text className='st-status st-status--offline' id='staff-banner'>
        {`没有网络${head ? `：${head}` : ''}。${p.pending > 0 ? '报名已存在手机里，联网后自动提交。' : '现在报名会先存在手机里。'}`}
      </Text>
    )
  }
  return (
    <Text className={`st-status${p.attention > 0 ? ' st-status--attention' : ''}`} id='staff-banner'>
      {head ? `${head}${p.pending > 0 && p.syncing ? '，正在提交…' : ''}` : '还没有报名记录'}
    </Text>
  )
}

export function WorkbenchView(p: {
  station: Station
  status: SyncStatusProps
  counts: QueueCounts
  onSignup(): void
  onQueue(): void
  onList(): void
  onPoster(): void
  onProxy(): void
}) {
  const attention = p.counts.invalid + p.counts.course_full
  return (
    <View className='st-page'>
      <StationHeader station={p.station} />
      <SyncStatus {...p.status} />
      <View className='st-actions'>
        <Tappable className='st-action st-action--main' id='staff-signup' onTap={p.onSignup}>
          <Text className='st-action__title'>现场报名</Text>
          <Text className='st-action__hint'>帮务工人员报名，没网也能先登记</Text>
        </Tappable>
        <Tappable className='st-action' id='staff-queue' onTap={p.onQueue}>
          <Text className='st-action__title'>提交情况</Text>
          <Text className='st-action__hint'>{attention > 0 ? `${attention} 条需要处理` : `${p.counts.pending} 条待提交`}</Text>
        </Tappable>
        <Tappable className='st-action' id='staff-list' onTap={p.onList}>
          <Text className='st-action__title'>报名名单</Text>
          <Text className='st-action__hint'>今天本站的报名，可导出</Text>
        </Tappable>
        <Tappable className='st-action' id='staff-poster' onTap={p.onPoster}>
          <Text className='st-action__title'>服务站二维码</Text>
          <Text className='st-action__hint'>打印张贴，扫码看附近课程</Text>
        </Tappable>
        <Tappable className='st-action' id='staff-proxy' onTap={p.onProxy}>
          <Text className='st-action__title'>亲属代办登记</Text>
          <Text className='st-action__hint'>没有手机的务工人员，由家人替他办</Text>
        </Tappable>
      </View>
    </View>
  )
}

export interface WorkerDraft {
  realName: string
  idNumber: string
  phone: string
  groups: string[]
}

export interface SignupFormProps {
  editing: boolean
  /** joinable courses only (not started, seats left as of the last sync), soonest first */
  courses: readonly QueuedCourse[]
  /** 「HH:mm」 of the last sync of the course list, or null */
  syncedAt: string | null
  /** the chosen course no longer takes sign-ups as far as the phone knows */
  courseFlag: string | null
  chosenCourse: QueuedCourse | null
  /** only the course was refused before: the worker's recorded consent is reused */
  priorConsent: boolean
  courseId: string | null
  coursesNote: string | null
  choosingCourse: boolean
  worker: WorkerDraft
  errors: Partial<Record<'course' | 'realName' | 'idNumber' | 'phone' | 'groups' | 'consent', string>>
  online: boolean
  method: 'sms' | 'signature'
  code: string
  codeHint: string | null
  countdown: number
  signature: SignaturePadProps
  onChooseCourse(): void
  onPickCourse(id: string): void
  onField(field: 'realName' | 'idNumber' | 'phone', value: string): void
  onToggleGroup(code: string): void
  onMethod(m: 'sms' | 'signature'): void
  onSendCode(): void
  onCode(v: string): void
  onSubmit(): void
  onDiscard(): void
}

const seatsHint = (c: QueuedCourse, syncedAt: string | null) =>
  [c.startDate ? `${c.startDate} 开课` : null, c.seatsLeft !== undefined ? `余 ${c.seatsLeft} 位${syncedAt ? `（截至 ${syncedAt}）` : ''}` : null].filter(Boolean).join(' · ')

export function SignupFormView(p: SignupFormProps) {
  const course = p.chosenCourse
  return (
    <View className='su-page'>
      <Card title='1. 课程'>
        {course && !p.choosingCourse ? (
          <View className='su-row'>
            <View style={{ flex: 1 }}>
              <Text className='su-text' id='chosen-course'>
                {course.title}
              </Text>
              <Text className='su-muted'>{seatsHint(course, p.syncedAt)}</Text>
            </View>
            <Button kind='secondary' id='change-course' text='换一门' onTap={p.onChooseCourse} />
          </View>
        ) : (
          <View>
            {p.coursesNote && <Text className='su-muted'>{p.coursesNote}</Text>}
            {p.syncedAt && <Text className='su-muted'>{`只列还没开课、还有名额的课程，名额是 ${p.syncedAt} 同步时的`}</Text>}
            {!p.coursesNote && p.courses.length === 0 && <Text className='su-muted'>附近暂时没有还能报名的课程</Text>}
            {p.courses.map((c) => (
              <Choice role='checkbox' key={c.id} className={`course-option course-${c.id}`} label={c.title} hint={seatsHint(c, p.syncedAt)} on={c.id === p.courseId} onTap={() => p.onPickCourse(c.id)} />
            ))}
          </View>
        )}
        {p.courseFlag && !p.errors.course && <FormError id='course-flag' text={p.courseFlag} />}
        {p.errors.course && <FormError id='course-error' text={p.errors.course} />}
      </Card>
      <Card title='2. 务工人员信息'>
        <Text className='su-label'>姓名（与身份证一致）</Text>
        <TextBox id='worker-name' type='text' maxlength={20} placeholder='例如：王小二' value={p.worker.realName} bad={!!p.errors.realName} onChange={(v) => p.onField('realName', v)} />
        {p.errors.realName && <FormError id='realName-error' text={p.errors.realName} />}
        <Text className='su-label'>身份证号</Text>
        <TextBox id='worker-id' type='idcard' maxlength={18} placeholder='18位，最后一位可能是X' value={p.worker.idNumber} bad={!!p.errors.idNumber} onChange={(v) => p.onField('idNumber', v)} />
        {p.errors.idNumber && <FormError id='idNumber-error' text={p.errors.idNumber} />}
        <Text className='su-label'>手机号</Text>
        <TextBox id='worker-phone' type='number' maxlength={11} placeholder='务工人员本人的手机号' value={p.worker.phone} bad={!!p.errors.phone} onChange={(v) => p.onField('phone', v)} />
        {p.errors.phone && <FormError id='phone-error' text={p.errors.phone} />}
        <Text className='su-label'>人员类别（可多选）</Text>
        {WORKER_GROUPS.map((g) => (
          <Choice role='checkbox' key={g.code} className={`group-option group-${g.code}`} label={g.label} hint={g.hint} on={p.worker.groups.includes(g.code)} onTap={() => p.onToggleGroup(g.code)} />
        ))}
        {p.errors.groups && <FormError id='groups-error' text={p.errors.groups} />}
      </Card>
      <Card title='3. 本人同意'>
        {p.priorConsent ? (
          <Text className='st-notice' id='consent-prior'>
            务工人员之前已同意为他报名培训（同意记录已保存），只是那门课不能报了。换课不用再签名或收验证码；如果改了姓名或身份证号，就需要本人重新同意。
          </Text>
        ) : (
          <ConsentMethod
            prefix=''
            sendId='send-consent-code'
            method={p.method}
            online={p.online}
            code={p.code}
            codeHint={p.codeHint}
            countdown={p.countdown}
            error={p.errors.consent}
            signature={p.signature}
            smsText='给务工人员的手机发验证码，请他把验证码念给你听。'
            signatureText={
              <Text className='st-notice'>
                请念给务工人员听：我们会用你的姓名、身份证号和手机号为你报名培训、申请补贴，只给培训机构和人社部门使用，不会给别人。报名成功后会给你发短信，你可以随时取消。同意请在下面签名。
              </Text>
            }
            onMethod={p.onMethod}
            onSendCode={p.onSendCode}
            onCode={p.onCode}
          />
        )}
      </Card>
      <Button kind='link' id='staff-discard' text={p.editing ? '不改了，放弃修改' : '清空重填'} onTap={p.onDiscard} />
      <BottomBar>
        <Button id='staff-submit' text={p.editing ? '修改后重新提交' : '提交报名'} onTap={p.onSubmit} />
      </BottomBar>
    </View>
  )
}

export function Counts({ counts }: { counts: Record<string, number> }) {
  return (
    <View className='st-counts'>
      {COUNT_ORDER.filter((k) => k in counts).map((k) => (
        <View key={k} className={`st-count st-count--${k}`} id={`count-${k}`}>
          <Text className='st-count__n'>{counts[k]}</Text>
          <Text className='st-count__label'>{OUTCOME_LABEL[k]}</Text>
        </View>
      ))}
    </View>
  )
}

export function QueueView(p: {
  status: SyncStatusProps
  counts: QueueCounts
  items: readonly QueueItem[]
  inFlight: ReadonlySet<string>
  /** refused for its course (已开课 / 名额已满): the next joinable course of the same 工种 nearby, if any */
  nextCourse: Readonly<Record<string, QueuedCourse>>
  /** waiting items whose course has started by the phone's clock */
  startedCourse: ReadonlySet<string>
  syncedAt: string | null
  onSyncNow(): void
  onSwitch(key: string, courseId: string): void
  onEdit(key: string): void
  onOtherCourse(key: string): void
  onCancel(key: string): void
  onSignup(): void
}) {
  return (
    <View className='su-page'>
      <SyncStatus {...p.status} />
      <Card>
        <Counts counts={p.counts as unknown as Record<string, number>} />
        <Button id='sync-now' text={p.status.syncing ? '正在提交…' : '立即提交'} disabled={p.counts.pending === 0} onTap={p.onSyncNow} />
      </Card>
      <Card title='报名记录'>
        {p.items.length === 0 && <Text className='su-muted'>还没有报名记录</Text>}
        {p.items.map((i) => (
          <View key={i.key} className={`st-item st-item--${i.status}`} id={`item-${i.key}`}>
            <View className='st-item__head'>
              <Text className='st-item__name'>{i.worker.realName}</Text>
              <Text className={`st-item__status st-item__status--${i.status}`}>{p.inFlight.has(i.key) ? '提交中' : i.code === 'COURSE_STARTED' ? '已开课' : OUTCOME_LABEL[i.status]}</Text>
            </View>
            <Text className='st-item__line'>{i.course.title}</Text>
            {i.message && <Text className='st-item__line'>{i.message}</Text>}
            {i.status === 'pending' && p.startedCourse.has(i.key) && (
              <Text className='st-item__line st-item__line--warn'>按手机上的日期这门课已经开课，提交后可能报不上；报不上时这里会推荐下一门</Text>
            )}
            {i.status === 'pending' && i.lastError && <Text className='st-item__line'>{`上次没提交上：${i.lastError}，会自动再试`}</Text>}
            {i.history.length > 0 && <Text className='st-item__line'>{`之前：${i.history.map((h) => `${h.course} ${OUTCOME_LABEL[h.status]}`).join('；')}`}</Text>}
            <View className='st-item__actions'>
              {i.status === 'invalid' && i.code !== 'COURSE_STARTED' && i.code !== 'COURSE_FULL' && (
                <Button kind='secondary' id={`edit-${i.key}`} text='修改后重交' onTap={() => p.onEdit(i.key)} />
              )}
              {p.nextCourse[i.key] && (
                <View className='st-next' id={`next-${i.key}`}>
                  <Text className='st-item__line'>{`同工种的下一门：${p.nextCourse[i.key].title}，${seatsHint(p.nextCourse[i.key], p.syncedAt).replace(' · ', '，')}。务工人员已经同意过，不用再签名。`}</Text>
                  <Button kind='secondary' id={`switch-${i.key}`} text='改报这门课' onTap={() => p.onSwitch(i.key, p.nextCourse[i.key].id)} />
                </View>
              )}
              {(i.status === 'course_full' || (i.status === 'invalid' && (i.code === 'COURSE_STARTED' || i.code === 'COURSE_FULL'))) && (
                <Button kind='secondary' id={`other-${i.key}`} text='换一门课' onTap={() => p.onOtherCourse(i.key)} />
              )}
              {i.status === 'pending' && i.attempts === 0 && !p.inFlight.has(i.key) && (
                <Button kind='secondary' id={`cancel-${i.key}`} text='取消这条' onTap={() => p.onCancel(i.key)} />
              )}
            </View>
          </View>
        ))}
      </Card>
      <Button kind='link' id='queue-new-signup' text='继续报名下一位' onTap={p.onSignup} />
    </View>
  )
}

export function ListView(p: {
  list: StationSignupList
  note?: string | null
  query: string
  exporting: boolean
  onDate(date: string): void
  onQuery(q: string): void
  onSearch(): void
  onExport(): void
}) {
  const l = p.list
  return (
    <View className='su-page'>
      {p.note && <Text className='st-status st-status--offline'>{p.note}</Text>}
      <Card>
        <Picker mode='date' value={l.date} onChange={(e) => p.onDate(String(e.detail.value))}>
          <View className='st-date' id='pick-date' role='button'>
            <Text>{`日期：${l.date}`}</Text>
            <Text>换日期</Text>
          </View>
        </Picker>
        <View className='st-search' style={{ marginTop: '16px' }}>
          <TextBox id='list-search' type='text' maxlength={20} placeholder='按姓名查找' value={p.query} onChange={p.onQuery} />
          <Button kind='secondary' id='list-search-go' text='查找' onTap={p.onSearch} />
        </View>
      </Card>
      <Card title={`${l.station.name}`}>
        <Counts counts={l.counts} />
        {l.courses.map((c) => (
          <View key={c.courseId} className='st-course'>
            <Text style={{ flex: 1 }}>{c.title}</Text>
            <Text>{`已报名 ${c.counts.enrolled ?? 0}`}</Text>
          </View>
        ))}
        <Button id='export-csv' text={p.exporting ? '正在导出…' : '导出名单（Excel 可打开）'} disabled={p.exporting || l.items.length === 0} onTap={p.onExport} />
      </Card>
      <Card title='名单'>
        {l.items.length === 0 && <Text className='su-muted'>这一天没有报名记录</Text>}
        {l.items.map((s) => (
          <View key={s.id} className='st-item'>
            <View className='st-item__head'>
              <Text className='st-item__name'>{s.workerName}</Text>
              <Text className={`st-item__status st-item__status--${s.outcome}`}>{OUTCOME_LABEL[s.outcome]}</Text>
            </View>
            <Text className='st-item__line'>{`${s.courseTitle}`}</Text>
            <Text className='st-item__line'>{`${s.idNumberMasked} · ${s.phoneMasked} · ${s.consentMethod === 'sms' ? '短信同意' : '签名同意'}`}</Text>
          </View>
        ))}
      </Card>
    </View>
  )
}

export function PosterView(p: { station: Station; qrDataUrl: string; link: string; canPrint: boolean; onPrint(): void }) {
  return (
    <View className='su-page'>
      <View className='st-poster'>
        <Text className='st-poster__title'>扫码找补贴培训</Text>
        <Text className='st-poster__station'>{p.station.name}</Text>
        <LabelledImage className='st-poster__qr' src={p.qrDataUrl} mode='aspectFit' label='服务站二维码' />
        <Text className='st-poster__line'>用微信扫一扫，看看附近有哪些免费或有补贴的技能培训</Text>
        <Text className='st-poster__line'>{`地址：${p.station.address}`}</Text>
        <Text className='st-poster__line'>咨询电话 12333</Text>
      </View>
      {p.canPrint && <Button id='print-poster' text='打印海报' onTap={p.onPrint} />}
    </View>
  )
}
