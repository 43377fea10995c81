/**
 * One course on the institution desk: its 花名册 (names and numbers masked by the server, attendance per worker,
 * 补签 with a reason, 结业) and its class sessions, each opening the rotating check-in code.
 */
import { useCallback, useEffect, useState } from 'react'
import type { Loadable } from '../../../components/async'
import type { DeskCourseProps, MakeUpSheetProps, RosterRow, SessionRow, StudyHoursSheetProps } from '../../../components/training-views'
import { attendanceText } from '../../../domain/checkin'
import { SESSION_STATE_TEXT, sessionState, sessionWhen } from '../../../domain/class-session'
import type { ClassSession, Roster, RosterEntry } from '../../../contract'
import { completeEnrollment, courseRoster, courseSessions, markAttendance, recordStudyHours } from '../../../services/api/institution-desk'
import { messageOf } from '../../../services/http/errors'
import { getPageParams, go, toast } from '../../../services/platform'
import { useDeskGate } from '../use-desk-gate'

const ACTIVE = new Set(['registered', 'confirmed', 'in_training'])

function rosterRow(r: RosterEntry, threshold: number): RosterRow {
  return {
    enrollmentId: r.enrollmentId,
    name: r.maskedName,
    masked: [r.idNumberMasked, r.phoneMasked].filter(Boolean).join(' · '),
    status: r.statusLabel,
    attendanceText: attendanceText(r.attendance) + (r.farCheckins > 0 ? `，${r.farCheckins} 次离上课地点较远` : ''),
    rateText: `${Math.round(r.attendance.rate * 100)}%`,
    low: r.attendance.total > 0 && r.attendance.rate < threshold,
    // 结业 stays offered to every active enrollment: below the threshold the server's answer says how many are missing
    canComplete: ACTIVE.has(r.status)
  }
}

export function useDeskCourse() {
  const gate = useDeskGate()
  const [params] = useState(() => getPageParams())
  const courseId = params.id ?? ''
  const [data, setData] = useState<Loadable<{ roster: Roster; sessions: ClassSession[] }>>({ status: 'loading' })
  const [tab, setTab] = useState<'roster' | 'sessions'>(params.tab === 'sessions' ? 'sessions' : 'roster')
  const [busyId, setBusyId] = useState('')
  const [notice, setNotice] = useState<DeskCourseProps['notice']>(null)
  const [makeUp, setMakeUp] = useState<{ enrollmentId: string; sessionId: string; reason: string; error: string; busy: boolean } | null>(null)
  const [hours, setHours] = useState<{ enrollmentId: string; hours: string; note: string; error: string; busy: boolean; required: number | null } | null>(null)

  const load = useCallback(async () => {
    try {
      const [roster, sessions] = await Promise.all([courseRoster(courseId), courseSessions(courseId)])
      setData({ status: 'ready', data: { roster, sessions: sessions.items } })
    } catch (e) {
      setData({ status: 'error', message: messageOf(e) })
    }
  }, [courseId])
  useEffect(() => {
    if (gate.gate === 'ready') void load()
  }, [gate.gate, load])

  const ready = data.status === 'ready' ? data.data : null
  const now = Date.now()
  const sessions: SessionRow[] = (ready?.sessions ?? []).map((s) => {
    // the server says whether check-in is open (its clock decides); the rest reads from the phone's
    const state = s.open ? 'open' : sessionState(s, now) === 'past' ? 'past' : 'upcoming'
    return { id: s.id, when: sessionWhen(s), state, stateText: SESSION_STATE_TEXT[state] }
  })
  const who = (id: string) => ready?.roster.items.find((r) => r.enrollmentId === id)?.maskedName ?? ''

  const view: DeskCourseProps = {
    title: ready?.roster.courseTitle || params.title || '课程',
    thresholdText: ready ? `结业要求：${ready.sessions.length === 0 ? '线上学习学时' : '签到率'}不低于 ${Math.round(ready.roster.threshold * 100)}%（${ready.roster.thresholdSource.guide ? '地方规定' : ready.roster.thresholdSource.document}）` : '',
    tab,
    roster: (ready?.roster.items ?? []).map((r) => rosterRow(r, ready?.roster.threshold ?? 0.8)),
    sessions,
    busyId,
    notice,
    onTab: setTab,
    onComplete: async (enrollmentId) => {
      if (busyId) return
      setBusyId(enrollmentId)
      setNotice(null)
      try {
        await completeEnrollment(enrollmentId)
        toast('已办理结业', 'success')
        await load()
      } catch (e) {
        // ATTENDANCE_TOO_LOW / STUDY_HOURS_TOO_LOW say what is missing: shown on the worker's row as the server wrote it
        setNotice({ enrollmentId, text: messageOf(e) })
      } finally {
        setBusyId('')
      }
    },
    onMakeUp: (enrollmentId) => {
      const first = sessions.find((s) => s.state !== 'upcoming') ?? sessions[0]
      setMakeUp({ enrollmentId, sessionId: first?.id ?? '', reason: '', error: '', busy: false })
    },
    // a course without class sessions is an online one: 结业 weighs the study hours, not check-ins
    online: !!ready && ready.sessions.length === 0,
    onStudyHours: (enrollmentId) => setHours({ enrollmentId, hours: '', note: '', error: '', busy: false, required: null }),
    onOpenSession: (id) => {
      const s = ready?.sessions.find((x) => x.id === id)
      go('deskSession', { id, title: ready?.roster.courseTitle ?? params.title ?? '', when: s ? sessionWhen(s) : '' })
    }
  }

  const sheet: MakeUpSheetProps | null = makeUp && {
    who: who(makeUp.enrollmentId),
    // every session: the server's clock decides whether one has started (SESSION_NOT_STARTED is said in the sheet)
    sessions,
    sessionId: makeUp.sessionId,
    reason: makeUp.reason,
    error: makeUp.error,
    busy: makeUp.busy,
    onSession: (sessionId) => setMakeUp({ ...makeUp, sessionId }),
    onReason: (reason) => setMakeUp({ ...makeUp, reason, error: '' }),
    onClose: () => setMakeUp(null),
    onSubmit: async () => {
      const reason = makeUp.reason.trim()
      if (reason.length < 2) return setMakeUp({ ...makeUp, error: '请写明补签原因' })
      setMakeUp({ ...makeUp, busy: true })
      try {
        await markAttendance(makeUp.sessionId, makeUp.enrollmentId, reason)
        setMakeUp(null)
        toast('已补签', 'success')
        await load()
      } catch (e) {
        setMakeUp({ ...makeUp, busy: false, error: messageOf(e) })
      }
    }
  }
  const hoursSheet: StudyHoursSheetProps | null = hours && {
    who: who(hours.enrollmentId),
    requiredHours: hours.required === null ? '见课程安排' : `${hours.required}`,
    hours: hours.hours,
    note: hours.note,
    error: hours.error,
    busy: hours.busy,
    onHours: (text) => setHours({ ...hours, hours: text.replace(/[^0-9.]/g, '').slice(0, 6), error: '' }),
    onNote: (note) => setHours({ ...hours, note, error: '' }),
    onClose: () => setHours(null),
    onSubmit: async () => {
      const value = Number(hours.hours)
      if (!hours.hours.trim() || !Number.isFinite(value) || value < 0) return setHours({ ...hours, error: '请填写已学学时（数字）' })
      if (hours.note.trim().length < 2) return setHours({ ...hours, error: '请写明学时从哪里来（例如学习平台的记录）' })
      setHours({ ...hours, busy: true })
      try {
        const r = await recordStudyHours(hours.enrollmentId, value, hours.note.trim())
        setHours(null)
        setNotice(null)
        toast(`已保存 ${r.hours}/${r.requiredHours} 学时`, 'success')
        await load()
      } catch (e) {
        setHours({ ...hours, busy: false, error: messageOf(e) })
      }
    }
  }
  return { gate, data, view, makeUp: sheet, studyHours: hoursSheet, onRetry: () => void load() }
}
