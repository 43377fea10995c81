/**
 * One course on the institution desk: its 花名册 (names and numbers masked by the server, attendance per worker,
 * 补签 with a reason, 结业) and its class sessions, each opening the rotating check-in code.
 */
import { useCallback, useEffect, useState } from 'react'
import type { Loadable } from '../../../components/async'
import type { DeskCourseProps, MakeUpSheetProps, RosterRow, SessionRow } from '../../../components/training-views'
import { attendanceText } from '../../../domain/checkin'
import { SESSION_STATE_TEXT, sessionState, sessionWhen } from '../../../domain/class-session'
import { ENROLLMENT_STATUSES } from '../../../domain/enrollment'
import { labelOf } from '../../../domain/catalog'
import { completeEnrollment, courseRoster, courseSessions, markAttendance, type ClassSession, type RosterItem } from '../../../services/api/institution-desk'
import { messageOf } from '../../../services/http/errors'
import { getPageParams, go, toast } from '../../../services/platform'
import { useDeskGate } from '../use-desk-gate'

const str = (v: unknown) => (typeof v === 'string' ? v : '')
/** Attendance below this share is marked on the roster (the server holds each region's real threshold for 结业). */
const LOW_RATE = 0.8

function rosterRow(r: RosterItem): RosterRow {
  const masked = [str(r.idNumberMasked) || str(r.idMasked), str(r.phoneMasked)].filter(Boolean).join(' · ')
  return {
    enrollmentId: r.enrollmentId,
    name: r.name,
    masked,
    status: labelOf(ENROLLMENT_STATUSES, r.status),
    attendanceText: attendanceText(r.attendance),
    rateText: `${Math.round(r.attendance.rate * 100)}%`,
    low: r.attendance.total > 0 && r.attendance.rate < LOW_RATE,
    canComplete: r.status !== 'completed' && r.status !== 'cancelled'
  }
}

export function useDeskCourse() {
  const gate = useDeskGate()
  const [params] = useState(() => getPageParams())
  const courseId = params.id ?? ''
  const [data, setData] = useState<Loadable<{ roster: RosterItem[]; sessions: ClassSession[] }>>({ status: 'loading' })
  const [tab, setTab] = useState<'roster' | 'sessions'>(params.tab === 'sessions' ? 'sessions' : 'roster')
  const [busyId, setBusyId] = useState('')
  const [notice, setNotice] = useState<DeskCourseProps['notice']>(null)
  const [makeUp, setMakeUp] = useState<{ enrollmentId: string; sessionId: string; reason: string; error: string; busy: boolean } | null>(null)

  const load = useCallback(async () => {
    try {
      const [roster, sessions] = await Promise.all([courseRoster(courseId), courseSessions(courseId)])
      setData({ status: 'ready', data: { roster: roster.items, sessions: sessions.items } })
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
    const state = sessionState(s, now)
    return { id: s.id, when: sessionWhen(s), state, stateText: SESSION_STATE_TEXT[state] }
  })
  const who = (id: string) => ready?.roster.find((r) => r.enrollmentId === id)?.name ?? ''

  const view: DeskCourseProps = {
    title: params.title || '课程',
    tab,
    roster: (ready?.roster ?? []).map(rosterRow),
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
        // ATTENDANCE_TOO_LOW says how many sessions are missing: shown on the worker's row as the server wrote it
        setNotice({ enrollmentId, text: messageOf(e) })
      } finally {
        setBusyId('')
      }
    },
    onMakeUp: (enrollmentId) => {
      const first = sessions.find((s) => s.state !== 'upcoming') ?? sessions[0]
      setMakeUp({ enrollmentId, sessionId: first?.id ?? '', reason: '', error: '', busy: false })
    },
    onOpenSession: (id) => {
      const s = ready?.sessions.find((x) => x.id === id)
      go('deskSession', { id, title: params.title ?? '', when: s ? sessionWhen(s) : '' })
    }
  }

  const sheet: MakeUpSheetProps | null = makeUp && {
    who: who(makeUp.enrollmentId),
    sessions: sessions.filter((s) => s.state !== 'upcoming'),
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
  return { gate, data, view, makeUp: sheet, onRetry: () => void load() }
}
