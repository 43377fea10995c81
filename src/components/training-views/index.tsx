/**
 * The training lifecycle's screens, presentational only: a worker's check-in and 职业技能等级认定 sign-up, and the
 * institution's desk (courses, 花名册, class sessions, the rotating check-in code, evaluation results).
 */
import { View, Text } from '@tarojs/components'
import { LabelledImage } from '../labelled-image'
import { Tappable } from '../ui/tappable'
import { Card } from '../signup-ui'
import { Button, TextBox } from '../ui'
import { StateView } from '../ui/state-view'
import { Sheet } from '../ui/sheet'
import { attendanceText, sessionStateText, sessionWhenText, type Attendance } from '../../domain/checkin'
import type { MySession } from '../../contract'
import './index.css'

// ───────────────────────── worker: check-in ─────────────────────────

export interface CheckinViewProps {
  courseTitle: string
  canScan: boolean
  code: string
  busy: boolean
  error: string
  /** after a check-in: 「已签到 1/12 次」 */
  done: { attendance: Attendance | null; at: string; already: boolean } | null
  /** 我的课次: today's and the coming sessions of my enrollments; null while loading, a message if it failed */
  sessions: { items: readonly MySession[]; today: string } | { error: string } | null
  onScan(): void
  onCode(code: string): void
  onSubmit(): void
  onMine(): void
}

/** 我的课次: when each class is and whether I have checked in, so nobody needs the QR code to know when class is. */
export function MySessionsCard(p: { sessions: CheckinViewProps['sessions'] }) {
  const s = p.sessions
  return (
    <Card title='我的课次'>
      {s === null ? (
        <Text className='tr-muted'>正在查你的课次…</Text>
      ) : 'error' in s ? (
        <Text className='tr-muted' id='my-sessions-error'>{`课次没有查到：${s.error}`}</Text>
      ) : s.items.length === 0 ? (
        <Text className='tr-muted' id='my-sessions-empty'>今天和接下来两周没有你报名的线下课。</Text>
      ) : (
        <View id='my-sessions' role='list'>
          {s.items.map((x) => {
            const state = sessionStateText(x)
            return (
              <View key={x.id} className='tr-session' id={`my-session-${x.id}`} role='listitem'>
                <View className='tr-row__head'>
                  <Text className='tr-session__when'>{sessionWhenText(x.startsAt, x.endsAt, s.today)}</Text>
                  <Text className={`tr-chip tr-chip--${state.tone}`}>{state.text}</Text>
                </View>
                <Text className='tr-line'>{x.courseTitle}</Text>
                {x.institutionName && <Text className='tr-muted'>{x.institutionName}</Text>}
              </View>
            )
          })}
        </View>
      )}
    </Card>
  )
}

export function CheckinView(p: CheckinViewProps) {
  if (p.done) {
    return (
      <View className='tr-page'>
        <View className='tr-done' role='status'>
          <Text className='tr-done__title'>{p.done.already ? '这节课你已经签过到了' : '签到成功'}</Text>
          {p.done.attendance && <Text className='tr-done__count' id='checkin-count'>{attendanceText(p.done.attendance)}</Text>}
          <Text className='tr-muted'>{`签到时间 ${p.done.at}`}</Text>
        </View>
        <Button id='checkin-back' text='回到我的报名' onTap={p.onMine} />
        <MySessionsCard sessions={p.sessions} />
      </View>
    )
  }
  return (
    <View className='tr-page'>
      <View className='tr-title' role='heading' aria-level={1}>
        <Text>上课签到</Text>
      </View>
      {p.courseTitle && <Text className='tr-muted'>{p.courseTitle}</Text>}
      {p.canScan && (
        <Card title='扫码签到'>
          <Text className='tr-muted'>对准培训机构屏幕上的二维码扫一扫。</Text>
          <Button id='checkin-scan' text={p.busy ? '正在签到…' : '扫码签到'} disabled={p.busy} onTap={p.onScan} />
        </Card>
      )}
      <Card title={p.canScan ? '或输入签到码' : '输入签到码'}>
        <Text className='tr-muted'>签到码是培训机构屏幕上的 6 位数字，每 30 秒换一次。</Text>
        <TextBox id='checkin-code' type='number' maxlength={6} placeholder='6 位数字' label='签到码' value={p.code} bad={!!p.error} onChange={p.onCode} />
        {p.error && (
          <View role='alert' id='checkin-error'>
            <Text className='tr-error'>{p.error}</Text>
          </View>
        )}
        <Button id='checkin-submit' text={p.busy ? '正在签到…' : '签到'} disabled={p.busy || p.code.length !== 6} onTap={p.onSubmit} />
      </Card>
      <Text className='tr-muted'>如果你允许了位置，签到时会一并记下位置，方便培训机构核对；不允许也能签到。</Text>
      <MySessionsCard sessions={p.sessions} />
    </View>
  )
}

// ───────────────────────── worker: evaluations ─────────────────────────

export interface BatchRow {
  id: string
  title: string
  lines: string[]
  seatsText: string
  full: boolean
  registered: boolean
}
export interface RegistrationRow {
  id: string
  title: string
  lines: string[]
  status: string
  canCancel: boolean
}

export interface EvaluationsViewProps {
  occupationText: string
  batches: readonly BatchRow[]
  registrations: readonly RegistrationRow[]
  busyId: string
  onRegister(id: string): void
  onCancel(registrationId: string): void
  onFindCourses(): void
}

export function EvaluationsView(p: EvaluationsViewProps) {
  return (
    <View className='tr-page'>
      <View className='tr-title' role='heading' aria-level={1}>
        <Text>职业技能等级认定</Text>
      </View>
      <Text className='tr-muted'>培训结业后参加认定考试，考试通过发证书，凭证书可以申请评价补贴或技能提升补贴。</Text>
      {p.registrations.length > 0 && (
        <View className='tr-section' id='my-registrations'>
          <Text className='tr-section__title'>我报名的考试</Text>
          {p.registrations.map((r) => (
            <View className='su-card tr-row' key={r.id}>
              <View className='tr-row__head'>
                <Text className='tr-row__name'>{r.title}</Text>
                <Text className='tr-chip'>{r.status}</Text>
              </View>
              {r.lines.map((l) => (
                <Text className='tr-line' key={l}>{l}</Text>
              ))}
              {r.canCancel && <Button kind='link' id={`cancel-${r.id}`} text='取消报名' danger onTap={() => p.onCancel(r.id)} />}
            </View>
          ))}
        </View>
      )}
      <View className='tr-section'>
        <Text className='tr-section__title'>{`可以报名的考试${p.occupationText ? `（${p.occupationText}）` : ''}`}</Text>
        {p.batches.length === 0 ? (
          <StateView kind='empty' title='暂时没有可报名的考试批次' detail='新的考试批次发布后会在这里出现；也可以先报名培训课程。' actionText='去找课程' onAction={p.onFindCourses} />
        ) : (
          p.batches.map((b) => (
            <View className='su-card tr-row evaluation-batch' key={b.id}>
              <View className='tr-row__head'>
                <Text className='tr-row__name'>{b.title}</Text>
                <Text className={b.full ? 'tr-chip tr-chip--off' : 'tr-chip'}>{b.seatsText}</Text>
              </View>
              {b.lines.map((l) => (
                <Text className='tr-line' key={l}>{l}</Text>
              ))}
              {b.registered ? (
                <Text className='tr-ok'>已报名这个批次</Text>
              ) : (
                !b.full && (
                  <Button id={`register-${b.id}`} text={p.busyId === b.id ? '正在报名…' : '报名参加'} disabled={!!p.busyId} onTap={() => p.onRegister(b.id)} />
                )
              )}
            </View>
          ))
        )}
      </View>
    </View>
  )
}

// ───────────────────────── institution desk ─────────────────────────

export interface DeskCourseRow {
  id: string
  title: string
  lines: string[]
  seatsText: string
  startedText: string
}
export interface DeskEvaluationRow {
  id: string
  title: string
  lines: string[]
}

export interface DeskHomeProps {
  institutionName: string
  courses: readonly DeskCourseRow[]
  evaluations: readonly DeskEvaluationRow[]
  onOpenCourse(id: string): void
  onOpenEvaluation(id: string): void
}

export function DeskHomeView(p: DeskHomeProps) {
  return (
    <View className='tr-page'>
      <View className='tr-title' role='heading' aria-level={1}>
        <Text>机构工作台</Text>
      </View>
      <Text className='tr-muted' id='desk-institution'>{p.institutionName}</Text>
      <View className='tr-section'>
        <Text className='tr-section__title'>{`本机构的课程（${p.courses.length}）`}</Text>
        {p.courses.length === 0 && <StateView kind='empty' title='还没有课程' detail='课程在平台上架后会出现在这里。' />}
        {p.courses.map((c) => (
          <Tappable key={c.id} id={`desk-course-${c.id}`} className='su-card tr-row desk-course' role='link' onTap={() => p.onOpenCourse(c.id)}>
            <View className='tr-row__head'>
              <Text className='tr-row__name'>{c.title}</Text>
              <Text className='tr-chip'>{c.startedText}</Text>
            </View>
            {c.lines.map((l) => (
              <Text className='tr-line' key={l}>{l}</Text>
            ))}
            <Text className='tr-line'>{c.seatsText}</Text>
          </Tappable>
        ))}
      </View>
      {p.evaluations.length > 0 && (
        <View className='tr-section'>
          <Text className='tr-section__title'>由本机构评价的考试批次</Text>
          {p.evaluations.map((e) => (
            <Tappable key={e.id} id={`desk-evaluation-${e.id}`} className='su-card tr-row desk-evaluation' role='link' onTap={() => p.onOpenEvaluation(e.id)}>
              <Text className='tr-row__name'>{e.title}</Text>
              {e.lines.map((l) => (
                <Text className='tr-line' key={l}>{l}</Text>
              ))}
            </Tappable>
          ))}
        </View>
      )}
    </View>
  )
}

export interface RosterRow {
  enrollmentId: string
  name: string
  masked: string
  status: string
  attendanceText: string
  rateText: string
  low: boolean
  canComplete: boolean
}
export interface SessionRow {
  id: string
  when: string
  state: 'open' | 'upcoming' | 'past'
  stateText: string
}

export interface DeskCourseProps {
  title: string
  /** 结业要求 and where it comes from */
  thresholdText: string
  tab: 'roster' | 'sessions'
  roster: readonly RosterRow[]
  sessions: readonly SessionRow[]
  busyId: string
  /** the last 结业 refusal, said plainly */
  notice: { enrollmentId: string; text: string } | null
  onTab(tab: 'roster' | 'sessions'): void
  onComplete(enrollmentId: string): void
  onMakeUp(enrollmentId: string): void
  onOpenSession(id: string): void
  /** online courses (no class sessions): 结业 weighs the study hours recorded from the learning platform */
  online: boolean
  onStudyHours(enrollmentId: string): void
}

export function DeskCourseView(p: DeskCourseProps) {
  return (
    <View className='tr-page'>
      <View className='tr-title' role='heading' aria-level={1}>
        <Text>{p.title}</Text>
      </View>
      {p.thresholdText && <Text className='tr-muted'>{p.thresholdText}</Text>}
      <View className='tr-tabs' role='tablist'>
        <View id='tab-roster' role='tab' aria-selected={p.tab === 'roster' ? 'true' : 'false'} className={p.tab === 'roster' ? 'tr-tab tr-tab--on' : 'tr-tab'} onClick={() => p.onTab('roster')}>
          <Text>{`花名册（${p.roster.length}）`}</Text>
        </View>
        <View id='tab-sessions' role='tab' aria-selected={p.tab === 'sessions' ? 'true' : 'false'} className={p.tab === 'sessions' ? 'tr-tab tr-tab--on' : 'tr-tab'} onClick={() => p.onTab('sessions')}>
          <Text>{`课次（${p.sessions.length}）`}</Text>
        </View>
      </View>
      {p.tab === 'roster' ? (
        p.roster.length === 0 ? (
          <StateView kind='empty' title='还没有学员报名' />
        ) : (
          p.roster.map((r) => (
            <View className='su-card tr-row roster-row' key={r.enrollmentId}>
              <View className='tr-row__head'>
                <Text className='tr-row__name'>{r.name}</Text>
                <Text className='tr-chip'>{r.status}</Text>
              </View>
              <Text className='tr-line'>{r.masked}</Text>
              {!p.online && <Text className={r.low ? 'tr-line tr-warn' : 'tr-line'}>{`${r.attendanceText}（${r.rateText}）`}</Text>}
              {p.notice?.enrollmentId === r.enrollmentId && (
                <View role='alert' className='roster-notice'>
                  <Text className='tr-error'>{p.notice.text}</Text>
                </View>
              )}
              <View className='tr-actions'>
                {p.online ? (
                  // the figure closes with 结业 (the server refuses it afterwards)
                  r.canComplete && <Button kind='link' id={`hours-${r.enrollmentId}`} text='录入学时' onTap={() => p.onStudyHours(r.enrollmentId)} />
                ) : (
                  <Button kind='link' id={`makeup-${r.enrollmentId}`} text='补签' onTap={() => p.onMakeUp(r.enrollmentId)} />
                )}
                {r.canComplete && <Button kind='link' id={`complete-${r.enrollmentId}`} text={p.busyId === r.enrollmentId ? '正在办理…' : '结业'} onTap={() => p.onComplete(r.enrollmentId)} />}
              </View>
            </View>
          ))
        )
      ) : p.sessions.length === 0 ? (
        <StateView kind='empty' title='这门课没有课次' detail='线上课程按平台的学习记录计算，不用签到。' />
      ) : (
        p.sessions.map((s) => (
          <Tappable key={s.id} className={`su-card tr-row session-row session-row--${s.state}`} role='link' onTap={() => p.onOpenSession(s.id)}>
            <View className='tr-row__head'>
              <Text className='tr-row__name'>{s.when}</Text>
              <Text className={s.state === 'open' ? 'tr-chip tr-chip--on' : 'tr-chip'}>{s.stateText}</Text>
            </View>
          </Tappable>
        ))
      )}
    </View>
  )
}

export interface MakeUpSheetProps {
  who: string
  sessions: readonly SessionRow[]
  sessionId: string
  reason: string
  error: string
  busy: boolean
  onSession(id: string): void
  onReason(text: string): void
  onSubmit(): void
  onClose(): void
}

export interface StudyHoursSheetProps {
  who: string
  requiredHours: string
  hours: string
  note: string
  error: string
  busy: boolean
  onHours(text: string): void
  onNote(text: string): void
  onSubmit(): void
  onClose(): void
}

/** Online courses: the study hours the learning platform recorded for one worker, and where the figure comes from (audited). */
export function StudyHoursSheet(p: StudyHoursSheetProps) {
  return (
    <Sheet id='hours-sheet' title={`录入 ${p.who} 的学习学时`} tall onClose={p.onClose}>
      <View>
        <Text className='tr-muted'>{`按学习平台的记录填写。课程总学时 ${p.requiredHours}，达到结业要求后才能结业。`}</Text>
        <TextBox id='hours-value' type='digit' maxlength={6} placeholder='已学学时，例如 40' label='已学学时' value={p.hours} bad={!!p.error} onChange={p.onHours} />
        <TextBox id='hours-note' type='text' maxlength={100} placeholder='学时来源（必填，例如：学习平台导出 12月8日）' label='学时来源' value={p.note} bad={!!p.error} onChange={p.onNote} />
        {p.error && (
          <View role='alert'>
            <Text className='tr-error'>{p.error}</Text>
          </View>
        )}
        <Button id='hours-submit' text={p.busy ? '正在提交…' : '保存学时'} disabled={p.busy || !p.hours.trim() || !p.note.trim()} onTap={p.onSubmit} />
        <Button kind='link' id='hours-close' text='取消' onTap={p.onClose} />
      </View>
    </Sheet>
  )
}

/** 补签: which session and why (the reason is audited). */
export function MakeUpSheet(p: MakeUpSheetProps) {
  return (
    <Sheet id='makeup-sheet' title={`给 ${p.who} 补签`} tall onClose={p.onClose}>
      <View>
        <Text className='tr-muted'>选择课次</Text>
        <View className='tr-choices'>
          {p.sessions.map((s) => (
            <Tappable key={s.id} role='radio' checked={p.sessionId === s.id} className={p.sessionId === s.id ? 'tr-choice tr-choice--on makeup-session' : 'tr-choice makeup-session'} onTap={() => p.onSession(s.id)}>
              <Text>{s.when}</Text>
            </Tappable>
          ))}
        </View>
        <TextBox id='makeup-reason' type='text' maxlength={100} placeholder='补签原因（必填，例如：手机没电，已当面核实）' label='补签原因' value={p.reason} bad={!!p.error} onChange={p.onReason} />
        {p.error && (
          <View role='alert'>
            <Text className='tr-error'>{p.error}</Text>
          </View>
        )}
        <Button id='makeup-submit' text={p.busy ? '正在提交…' : '确认补签'} disabled={p.busy || !p.sessionId || !p.reason.trim()} onTap={p.onSubmit} />
        <Button kind='link' id='makeup-close' text='取消' onTap={p.onClose} />
      </View>
    </Sheet>
  )
}

export interface SessionCodeProps {
  title: string
  when: string
  /** null outside the check-in window */
  code: { digits: string; qrDataUrl: string; secondsLeft: number } | null
  closedText: string
  error: string
}

/** Shown on the institution's screen or phone in class: the QR code and the 6 digits, both rotating. */
export function SessionCodeView(p: SessionCodeProps) {
  return (
    <View className='tr-page tr-code-page'>
      <View className='tr-title' role='heading' aria-level={1}>
        <Text>{p.title}</Text>
      </View>
      <Text className='tr-muted'>{p.when}</Text>
      {p.code ? (
        <View className='tr-code'>
          <LabelledImage className='tr-code__qr' src={p.code.qrDataUrl} mode='aspectFit' label='签到二维码' />
          <Text className='tr-code__digits' id='checkin-digits' aria-label={`签到码 ${p.code.digits.split('').join(' ')}`}>
            {p.code.digits}
          </Text>
          <Text className='tr-muted' id='checkin-countdown'>{`${p.code.secondsLeft} 秒后自动换新码`}</Text>
          <Text className='tr-muted'>学员用微信小程序扫码，或在「我的报名 → 签到」里输入这 6 位数字。</Text>
        </View>
      ) : (
        <StateView kind={p.error ? 'error' : 'empty'} title={p.error || p.closedText} />
      )}
    </View>
  )
}

export interface ResultRow {
  registrationId: string
  name: string
  masked: string
  passed: boolean | null
  score: string
  done: string
}

export interface EvaluationResultsProps {
  title: string
  lines: string[]
  rows: readonly ResultRow[]
  busy: boolean
  error: string
  onPassed(registrationId: string, passed: boolean): void
  onScore(registrationId: string, score: string): void
  onSubmit(): void
}

/** The evaluator's results entry after the exam: pass/fail and score per candidate; a pass issues the certificate. */
export function EvaluationResultsView(p: EvaluationResultsProps) {
  const pending = p.rows.filter((r) => !r.done)
  return (
    <View className='tr-page'>
      <View className='tr-title' role='heading' aria-level={1}>
        <Text>{p.title}</Text>
      </View>
      {p.lines.map((l) => (
        <Text className='tr-muted' key={l}>{l}</Text>
      ))}
      {p.rows.length === 0 && <StateView kind='empty' title='这个批次还没有人报名' />}
      {p.rows.map((r) => (
        <View className='su-card tr-row result-row' key={r.registrationId}>
          <View className='tr-row__head'>
            <Text className='tr-row__name'>{r.name}</Text>
            {r.done && <Text className='tr-chip'>{r.done}</Text>}
          </View>
          <Text className='tr-line'>{r.masked}</Text>
          {!r.done && (
            <View className='tr-choices'>
              <Tappable id={`pass-${r.registrationId}`} role='radio' checked={r.passed === true} className={r.passed === true ? 'tr-choice tr-choice--on' : 'tr-choice'} onTap={() => p.onPassed(r.registrationId, true)}>
                <Text>合格</Text>
              </Tappable>
              <Tappable id={`fail-${r.registrationId}`} role='radio' checked={r.passed === false} className={r.passed === false ? 'tr-choice tr-choice--on' : 'tr-choice'} onTap={() => p.onPassed(r.registrationId, false)}>
                <Text>不合格</Text>
              </Tappable>
              <TextBox id={`score-${r.registrationId}`} type='number' maxlength={3} placeholder='分数' label={`${r.name}的分数`} value={r.score} onChange={(v) => p.onScore(r.registrationId, v)} />
            </View>
          )}
        </View>
      ))}
      {p.error && (
        <View role='alert'>
          <Text className='tr-error'>{p.error}</Text>
        </View>
      )}
      {pending.length > 0 && <Button id='results-submit' text={p.busy ? '正在提交…' : '提交成绩'} disabled={p.busy || pending.some((r) => r.passed === null || !r.score)} onTap={p.onSubmit} />}
    </View>
  )
}
