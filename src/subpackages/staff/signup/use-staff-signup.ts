/**
 * 现场报名: course (near the station, remembered for the next worker), the worker's details, consent
 * (SMS code read out by the worker, or a signature on screen), then into the queue. The key is made when
 * 提交 is tapped (by the queue); an edit of a refused item (?edit=<key>) resubmits it under a new key.
 */
import { useEffect, useMemo, useRef, useState } from 'react'
import type { SignaturePadProps } from '../../../components/signature-pad'
import type { SignupFormProps, WorkerDraft } from '../../../components/staff-views'
import type { Station } from '../../../contract/staff'
import { checkWalkInWorker } from '../../../domain/staff-signup'
import { todayInChina } from '../../../domain/format'
import { listCourses } from '../../../services/api/courses'
import { sendConsentCode } from '../../../services/api/staff'
import { messageOf } from '../../../services/http/errors'
import { getPageParams, go, toast } from '../../../services/platform'
import { attachSignature, type SignatureSurface } from '../../../services/platform/signature'
import { staffQueue, syncEngine, useQueue, useSyncStatus } from '../runtime'
import { useFocusFirstError } from '../../../pages/shared/use-focus-error'

const EMPTY: WorkerDraft = { realName: '', idNumber: '', phone: '', groups: [] }
const CANVAS_ID = 'signature-canvas'

export function useStaffSignup(station: Station | null) {
  const focusError = useFocusFirstError()
  const [editKey] = useState(() => getPageParams().edit ?? null)
  const editing = useMemo(() => (editKey ? (staffQueue.getState().items.find((i) => i.key === editKey) ?? null) : null), [editKey])
  const courses = useQueue((s) => s.courses)
  const lastCourseId = useQueue((s) => s.lastCourseId)
  const { online } = useSyncStatus()
  const [courseId, setCourseId] = useState<string | null>(editing?.course.id ?? lastCourseId)
  const [choosing, setChoosing] = useState(editing?.status === 'course_full' || !courseId)
  const [coursesNote, setCoursesNote] = useState<string | null>(null)
  const [worker, setWorker] = useState<WorkerDraft>(editing ? { ...editing.worker, groups: [...editing.worker.groups] } : EMPTY)
  const [errors, setErrors] = useState<SignupFormProps['errors']>(editing?.field ? { [editing.field === 'consent' ? 'consent' : editing.field]: editing.message } : {})
  const [method, setMethod] = useState<'sms' | 'signature'>(online ? 'sms' : 'signature')
  const [code, setCode] = useState('')
  const [codeHint, setCodeHint] = useState<string | null>(null)
  const [countdown, setCountdown] = useState(0)
  const [sigEmpty, setSigEmpty] = useState(true)
  const surface = useRef<SignatureSurface | null>(null)

  // courses near the station; the last list is kept on the phone for offline sign-ups
  useEffect(() => {
    if (!station) return
    listCourses({ lat: station.lat, lng: station.lng, radiusKm: 50, hasSeats: true, limit: 20 }).then(
      (page) => {
        staffQueue.getState().setCourses(page.items.map((c) => ({ id: c.id, title: c.title, startDate: c.startDate })))
        setCoursesNote(page.items.length === 0 ? '附近暂时没有还有名额的课程' : null)
      },
      () => setCoursesNote(staffQueue.getState().courses.length > 0 ? '没有网络：显示的是上次加载的课程' : '没有网络，也没有保存过课程列表，请联网后再选课程')
    )
  }, [station])

  useEffect(() => {
    if (countdown <= 0) return
    const t = setTimeout(() => setCountdown((n) => n - 1), 1000)
    return () => clearTimeout(t)
  }, [countdown])

  useEffect(() => {
    if (!online && method === 'sms') setMethod('signature')
  }, [online, method])

  // the canvas exists only while 手写签名 is chosen
  useEffect(() => {
    if (method !== 'signature') return
    let alive = true
    void attachSignature(CANVAS_ID, (empty) => setSigEmpty(empty)).then((s) => {
      if (alive) surface.current = s
      else s?.detach()
    })
    return () => {
      alive = false
      surface.current?.detach()
      surface.current = null
      setSigEmpty(true)
    }
  }, [method])

  const signature: SignaturePadProps = {
    canvasId: CANVAS_ID,
    empty: sigEmpty,
    onTouch: (kind, e) => surface.current?.handle(kind, e),
    onClear: () => surface.current?.clear()
  }

  const reset = () => {
    setWorker(EMPTY)
    setCode('')
    setCodeHint(null)
    setErrors({})
    surface.current?.clear()
  }

  const submit = () => {
    const e: SignupFormProps['errors'] = {}
    const course = staffQueue.getState().courses.find((c) => c.id === courseId) ?? (editing && editing.course.id === courseId ? editing.course : null)
    if (!course) e.course = '请选择课程'
    const problem = checkWalkInWorker(worker, todayInChina())
    if (problem) e[problem.field] = problem.message
    let consent: { method: 'sms'; code: string } | { method: 'signature'; image: string } | null = null
    if (method === 'sms') {
      if (!/^\d{6}$/.test(code)) e.consent = '请填写务工人员念出的6位验证码'
      else consent = { method: 'sms', code }
    } else {
      const image = surface.current?.toDataUrl() ?? null
      if (!image) e.consent = '请务工人员先签名'
      else consent = { method: 'signature', image }
    }
    setErrors(e)
    if (Object.keys(e).length > 0 || !course || !consent) {
      toast(Object.values(e)[0] ?? '请检查填写的内容')
      focusError()
      return
    }
    const draft = { course, worker, consent }
    if (editing) staffQueue.getState().resubmit(editing.key, draft)
    else staffQueue.getState().enqueue(draft)
    staffQueue.getState().pickCourse(course.id)
    void syncEngine.run()
    toast(online ? '已提交，正在发送' : '已存在手机里，联网后自动提交', 'success')
    if (editing) go('staffQueue')
    else reset()
  }

  return {
    editing: !!editing,
    courses,
    courseId,
    coursesNote,
    choosingCourse: choosing,
    worker,
    errors,
    online,
    method,
    code,
    codeHint,
    countdown,
    signature,
    onChooseCourse: () => setChoosing(true),
    onPickCourse: (id: string) => {
      setCourseId(id)
      setChoosing(false)
      setErrors((x) => ({ ...x, course: undefined }))
    },
    onField: (field: 'realName' | 'idNumber' | 'phone', value: string) => {
      setWorker((w) => ({ ...w, [field]: field === 'idNumber' ? value.toUpperCase() : value }))
      setErrors((x) => ({ ...x, [field]: undefined }))
    },
    onToggleGroup: (g: string) => setWorker((w) => ({ ...w, groups: w.groups.includes(g) ? w.groups.filter((x) => x !== g) : [...w.groups, g] })),
    onMethod: (m: 'sms' | 'signature') => {
      if (m === 'sms' && !online) {
        toast('没有网络，发不了验证码，请用手写签名')
        return
      }
      setMethod(m)
    },
    onSendCode: async () => {
      if (countdown > 0 || !online) return
      if (!/^1[3-9]\d{9}$/.test(worker.phone)) {
        setErrors((x) => ({ ...x, phone: '请先填写正确的手机号' }))
        return
      }
      try {
        const r = await sendConsentCode(worker.phone)
        setCountdown(r.resendAfterSeconds)
        setCodeHint(r.devCode ? `开发环境验证码：${r.devCode}` : '验证码已发到务工人员手机，请他念给你听')
      } catch (err) {
        toast(messageOf(err))
      }
    },
    onCode: setCode,
    onSubmit: submit
  }
}
