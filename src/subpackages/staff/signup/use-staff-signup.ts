/**
 * 现场报名: course (joinable ones only, as of the last sync; remembered for the next worker), the worker's
 * details, consent (SMS code read out by the worker, or a signature on screen), then into the queue. The key
 * is made when 提交 is tapped (by the queue); an edit of a refused item (?edit=<key>) resubmits it under a new
 * key — on the consent already recorded when only the course was refused and the worker is the same.
 * The unfinished form (worker, course, signature) is kept until submitted or discarded.
 */
import { useEffect, useMemo, useRef, useState } from 'react'
import type { SignaturePadProps } from '../../../components/signature-pad'
import type { SignupFormProps, WorkerDraft } from '../../../components/staff-views'
import type { Station } from '../../../contract/staff'
import { checkWalkInWorker, clockInChina, isJoinable, joinableCourses } from '../../../domain/staff-signup'
import { todayInChina } from '../../../domain/format'
import { listCourses } from '../../../services/api/courses'
import { sendConsentCode } from '../../../services/api/staff'
import { messageOf } from '../../../services/http/errors'
import { confirm, getPageParams, goBack, toast, useOnHide } from '../../../services/platform'
import { removeSignatureImage, saveSignatureImage } from '../../../services/platform/signature-store'
import { canSwitchCourse, type SignupDraft } from '../../../store/staff-queue'
import { attachSignature, type SignatureSurface } from '../../../services/platform/signature'
import { staffQueue, syncEngine, useQueue, useSyncStatus } from '../runtime'
import { useFocusFirstError } from '../../../pages/shared/use-focus-error'

const EMPTY: WorkerDraft = { realName: '', idNumber: '', phone: '', groups: [] }
/** One pad per form: each form page has its own canvas id (H5 keeps earlier pages in the document, hidden). */
let pads = 0
/** Said when the phone cannot save: the form keeps everything, nothing was queued. */
export const STORAGE_FULL = '手机存储空间不够，这条报名没有存上。表单内容还在，请先联网提交已存的报名或清理手机空间，再点提交'

export function useStaffSignup(station: Station | null) {
  const focusError = useFocusFirstError()
  const [editKey] = useState(() => getPageParams().edit ?? null)
  const editing = useMemo(() => (editKey ? (staffQueue.getState().items.find((i) => i.key === editKey) ?? null) : null), [editKey])
  // the form left unfinished (this same form: a new sign-up, or the same refused item)
  const [draft] = useState(() => {
    const d = staffQueue.getState().draft
    return d && d.editKey === editKey ? d : null
  })
  const [canvasId] = useState(() => `signature-canvas-${++pads}`)
  const allCourses = useQueue((s) => s.courses)
  const syncedAt = useQueue((s) => s.coursesSyncedAt)
  const lastCourseId = useQueue((s) => s.lastCourseId)
  const { online } = useSyncStatus()
  const today = todayInChina()
  const courses = useMemo(() => joinableCourses(allCourses, today), [allCourses, today])
  const closedCourse = !!editing && canSwitchCourse(editing)
  const [courseId, setCourseId] = useState<string | null>(draft?.courseId ?? (closedCourse ? null : (editing?.course.id ?? lastCourseId)))
  const [choosing, setChoosing] = useState(editing?.status === 'course_full' || closedCourse || !courseId)
  const [coursesNote, setCoursesNote] = useState<string | null>(null)
  const [worker, setWorker] = useState<WorkerDraft>(draft ? draft.worker : editing ? { ...editing.worker, groups: [...editing.worker.groups] } : EMPTY)
  // only the course was refused: the worker's recorded consent holds while the worker stays the same person
  const priorConsent = closedCourse && editing.worker.idNumber === worker.idNumber.replace(/\s+/g, '').toUpperCase() && editing.worker.realName === worker.realName.trim()
  const [errors, setErrors] = useState<SignupFormProps['errors']>(editing?.field ? { [editing.field === 'consent' ? 'consent' : editing.field]: editing.message } : {})
  const [method, setMethod] = useState<'sms' | 'signature'>(online ? 'sms' : 'signature')
  const [code, setCode] = useState('')
  const [codeHint, setCodeHint] = useState<string | null>(null)
  const [countdown, setCountdown] = useState(0)
  const [sigEmpty, setSigEmpty] = useState(true)
  const surface = useRef<SignatureSurface | null>(null)
  const signatureDraft = useRef<string | null>(draft?.signature ?? null)
  const [submitting, setSubmitting] = useState(false)

  // courses near the station with their seats; the list is kept on the phone for offline sign-ups
  useEffect(() => {
    if (!station) return
    listCourses({ lat: station.lat, lng: station.lng, radiusKm: 50, hasSeats: true, limit: 50 }).then(
      (page) => {
        try {
        staffQueue
          .getState()
          .setCourses(
            page.items.map((c) => ({ id: c.id, title: c.title, startDate: c.startDate, seatsLeft: c.seatsLeft, occupationCode: c.occupationCode, occupationName: c.occupationName })),
            Date.now()
          )
        } catch {
          // storage full: the list is still used from memory
        }
        setCoursesNote(null)
      },
      () => setCoursesNote(staffQueue.getState().courses.length > 0 ? null : '没有网络，也没有保存过课程列表，请联网后再选课程')
    )
  }, [station])

  // the unfinished form is kept (leaving the page, closing the app) until submitted or discarded
  const keepDraft = () => {
    const sig = surface.current?.toDataUrl() ?? signatureDraft.current
    signatureDraft.current = sig
    const blank = !worker.realName && !worker.idNumber && !worker.phone && worker.groups.length === 0 && !sig
    try {
      staffQueue.getState().saveDraft(blank && !editKey ? null : { editKey, courseId, worker, signature: sig, savedAt: Date.now() })
    } catch {
      // storage full: the form stays on screen; submitting says so
    }
  }
  const keepRef = useRef(keepDraft)
  keepRef.current = keepDraft
  useEffect(() => {
    const t = setTimeout(() => keepRef.current(), 400)
    return () => clearTimeout(t)
  }, [worker, courseId])
  useEffect(() => () => keepRef.current(), [])
  useOnHide(() => keepRef.current())

  useEffect(() => {
    if (countdown <= 0) return
    const t = setTimeout(() => setCountdown((n) => n - 1), 1000)
    return () => clearTimeout(t)
  }, [countdown])

  useEffect(() => {
    if (!online && method === 'sms') setMethod('signature')
  }, [online, method])

  // the canvas exists only while 手写签名 is chosen (and no earlier consent is reused)
  const padShown = method === 'signature' && !priorConsent
  useEffect(() => {
    if (!padShown) return
    let alive = true
    void attachSignature(
      canvasId,
      (empty) => setSigEmpty(empty),
      () => keepRef.current()
    ).then((s) => {
      if (!alive) return s?.detach()
      surface.current = s
      if (s && signatureDraft.current) void s.restore(signatureDraft.current)
    })
    return () => {
      alive = false
      if (surface.current) signatureDraft.current = surface.current.toDataUrl() ?? signatureDraft.current
      surface.current?.detach()
      surface.current = null
      setSigEmpty(true)
    }
  }, [padShown, canvasId])

  const signature: SignaturePadProps = {
    canvasId,
    empty: sigEmpty,
    onTouch: (kind, e) => surface.current?.handle(kind, e),
    onClear: () => {
      surface.current?.clear()
      signatureDraft.current = null
      keepRef.current()
    }
  }

  // the chosen course as the phone knows it; started or full since the last sync → said before submit
  const chosen = allCourses.find((c) => c.id === courseId) ?? (editing && editing.course.id === courseId ? editing.course : null)
  const courseFlag = chosen && !isJoinable(chosen, today) ? (chosen.startDate && chosen.startDate <= today ? `这门课 ${chosen.startDate} 已经开课，不能再报名，请换一门` : '这门课上次同步时已没有名额，请换一门') : null

  /** Re-arms the form for the next worker: one pad, cleared; the course stays */
  const reset = () => {
    setWorker(EMPTY)
    setCode('')
    setCodeHint(null)
    setErrors({})
    surface.current?.clear()
    signatureDraft.current = null
    try {
      staffQueue.getState().saveDraft(null)
    } catch {
      // storage full: the old draft is replaced on the next successful write
    }
  }

  const submit = async () => {
    if (submitting) return
    const e: SignupFormProps['errors'] = {}
    const course = chosen
    if (!course) e.course = '请选择课程'
    else if (courseFlag) e.course = courseFlag
    const problem = checkWalkInWorker(worker, todayInChina())
    if (problem) e[problem.field] = problem.message
    let consent: { method: 'sms'; code: string } | { method: 'signature'; image: string } | { method: 'prior'; signupKey: string } | null = null
    if (priorConsent && editing) {
      consent = { method: 'prior', signupKey: editing.consent.method === 'prior' ? editing.consent.signupKey : editing.key }
    } else if (method === 'sms') {
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
    setSubmitting(true)
    try {
      // the signature goes apart from the queue (its own file / key), so no storage key grows with the day
      let queued: SignupDraft['consent'] = consent
      let ref: string | null = null
      if (consent.method === 'signature') {
        ref = await saveSignatureImage(`${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`, consent.image)
        queued = { method: 'signature', imageRef: ref }
      }
      const item = { course, worker, consent: queued }
      try {
        if (editing) staffQueue.getState().resubmit(editing.key, item)
        else staffQueue.getState().enqueue(item)
      } catch (err) {
        if (ref) removeSignatureImage(ref)
        throw err
      }
      staffQueue.getState().pickCourse(course.id)
      void syncEngine.run()
      toast(online ? '已提交，正在发送' : '已存在手机里，联网后自动提交', 'success')
      if (editing) {
        staffQueue.getState().saveDraft(null)
        goBack()
      } else reset()
    } catch {
      // nothing queued and nothing cleared: the staff member sees why and can try again
      setErrors((x) => ({ ...x, consent: STORAGE_FULL }))
      toast('手机存储空间不够，没有存上')
    } finally {
      setSubmitting(false)
    }
  }

  return {
    editing: !!editing,
    courses,
    syncedAt: syncedAt ? clockInChina(syncedAt) : null,
    courseFlag,
    chosenCourse: chosen,
    priorConsent,
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
    onSubmit: () => void submit(),
    onDiscard: async () => {
      if (!(await confirm('清空这张表', '填写的信息和签名都会清掉，确定清空吗？', '清空', '留着'))) return
      reset()
      if (editing) goBack()
    }
  }
}
