/**
 * 立即报名 → logged in? → consented? → profile complete? (ask only what is missing) → confirmation
 * sheet with the eligibility preview → POST /enrollments with one Idempotency-Key per screen.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import type { CourseDetail, Profile, ProfileUpdate } from '../../../contract'
import type { ProfileDraft, ProfileFormProps } from '../../../components/profile-form'
import { eligibilityFor, type EligibilityItem } from '../../../domain/eligibility'
import { occupationByCode, type WorkerGroup } from '../../../domain/catalog'
import { checkIdCard } from '../../../domain/id-card'
import { isMobilePhone } from '../../../domain/masking'
import { isPlausibleRealName, type EmploymentStatus, type SignupField } from '../../../domain/profile'
import { formatDate, todayInChina } from '../../../domain/format'
import { getCourse } from '../../../services/api/courses'
import { createEnrollment } from '../../../services/api/enrollments'
import { getMe, getProfile, updateProfile } from '../../../services/api/me'
import { useSettings } from '../../../store/settings'
import { ApiError, NetworkError, messageOf } from '../../../services/http/errors'
import { isUnauthenticated } from '../../../services/http/authed'
import {
  SHARE_WITH_BUTTON,
  addToCalendar,
  getPageParams,
  go,
  scrollToTop,
  setPageTitle,
  shareWithFamily,
  useOnShow,
  useSharePage,
  type ShareContent
} from '../../../services/platform'
import { calendarEventFor } from '../../../domain/calendar'
import { newIdempotencyKey } from '../../../domain/idempotency-key'
import { useSession } from '../../../store/session'
import { currentReferral } from '../../../store/referral'
import { useSendOnce, useSignIn } from '../../../hooks/use-gate'
import { useFocusFirstError } from '../../../pages/shared/use-focus-error'
import { useSubscribeTemplates } from '../../../pages/shared/use-subscribe-templates'
import { requestSubscribe } from '../../../services/platform/subscribe'

export type ConfirmStep =
  | { kind: 'loading' }
  | { kind: 'needLogin' }
  | { kind: 'needConsent' }
  | { kind: 'error'; message: string }
  | { kind: 'profile' }
  | { kind: 'sheet' }
  /** 报名成功: the outcome stays on screen with what happens next */
  | { kind: 'done'; enrollmentId: string }

type Errors = ProfileFormProps['errors']

const EMPTY_DRAFT: ProfileDraft = { realName: '', idNumber: '', phone: '', groups: [], employmentStatus: null }

export function previewFor(course: CourseDetail, profile: Profile): EligibilityItem[] {
  const employed = profile.employmentStatus === null ? null : profile.employmentStatus !== 'unemployed'
  const shortageOccupation = occupationByCode(course.occupationCode)?.shortage ?? false
  return eligibilityFor({ ...course, shortageOccupation }, { groups: profile.groups, employed, insuredLocally: profile.insuredLocally, paid: [] })
}

/** Instant checks with the domain's own messages. */
export function checkDraft(missing: readonly SignupField[], d: ProfileDraft): Errors {
  const errors: Errors = {}
  if (missing.includes('realName') && !isPlausibleRealName(d.realName.trim())) errors.realName = '请填写身份证上的真实姓名（汉字）'
  if (missing.includes('idNumber')) {
    const check = checkIdCard(d.idNumber, todayInChina())
    if (!check.ok) errors.idNumber = check.message
  }
  if (missing.includes('phone') && !isMobilePhone(d.phone)) errors.phone = '请填写正确的11位手机号'
  if (missing.includes('groups') && d.groups.length === 0) errors.groups = '请至少选择一项人员类别'
  return errors
}

export function useConfirm() {
  const [courseId] = useState(() => getPageParams().courseId ?? '')
  const [step, setStep] = useState<ConfirmStep>({ kind: 'loading' })
  const signIn = useSignIn()
  // 报名成功 replaces the form the worker scrolled down to submit: open it at its ✓ and 接下来怎么做
  useEffect(() => {
    if (step.kind === 'done') scrollToTop()
  }, [step.kind])
  const [course, setCourse] = useState<CourseDetail | null>(null)
  const [profile, setProfile] = useState<Profile | null>(null)
  const [draft, setDraft] = useState<ProfileDraft>(EMPTY_DRAFT)
  const [errors, setErrors] = useState<Errors>({})
  const [saving, setSaving] = useState(false)
  const [submitting, setSubmitting] = useState(false)
  const [refusal, setRefusal] = useState<{ message: string; showMine: boolean } | null>(null)
  const keyRef = useRef<string | null>(null)
  const sendOnce = useSendOnce()
  const focusError = useFocusFirstError()
  const stepRef = useRef<ConfirmStep>(step)
  const templates = useSubscribeTemplates()
  // 开课提醒 the day before the start: WeChat shows its dialog only when asked synchronously from the tap that
  // signs up; the sign-up goes ahead whatever the worker answers (the inbox gets the reminder either way)
  const askCourseStart = () => void requestSubscribe(templates.courseStart ? [templates.courseStart] : [])
  stepRef.current = step

  const showProfileOrSheet = (p: Profile) => {
    setProfile(p)
    useSettings.getState().noteBirthDate(p.birthDate) // 60+: PageShell offers 关怀模式 once
    if (p.missingForSignup.length > 0) setStep({ kind: 'profile' })
    else {
      // One Idempotency-Key per confirmation screen; an unanswered earlier attempt's key is reused.
      if (!keyRef.current) keyRef.current = useSession.getState().pendingEnrollments[courseId] ?? newIdempotencyKey()
      setStep({ kind: 'sheet' })
    }
  }

  const run = useCallback(async () => {
    if (!courseId) {
      setStep({ kind: 'error', message: '没有找到要报名的课程，请从课程详情进入' })
      return
    }
    setStep({ kind: 'loading' })
    try {
      if (!(await signIn.session())) {
        setStep({ kind: 'needLogin' })
        return
      }
      const me = await getMe()
      if (!me.consent) {
        setStep({ kind: 'needConsent' })
        sendOnce('privacy')
        return
      }
      const [c, p] = await Promise.all([course ? Promise.resolve(course) : getCourse(courseId), getProfile()])
      setCourse(c)
      showProfileOrSheet(p)
    } catch (e) {
      if (isUnauthenticated(e)) {
        setStep({ kind: 'needLogin' })
        sendOnce('login')
      } else setStep({ kind: 'error', message: messageOf(e) })
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [courseId])

  // Runs whenever this page is shown: on open and on coming back from the login or privacy page.
  // Never on store changes — this page may be hidden under the login page then, and navigating
  // from a hidden page pushes onto the wrong stack entry.
  useOnShow(() => {
    // Back on a finished sign-up (e.g. from 我的报名): the outcome stays, nothing is asked again.
    if (stepRef.current.kind !== 'done') void run()
  })

  // 告诉家人 sends the course page (weapp: the native share card; H5: the phone's share sheet or the link).
  const share: ShareContent | null = course ? { title: `我报名了「${course.title}」`, path: `/pages/course/index?id=${encodeURIComponent(course.id)}` } : null
  useSharePage(share)

  const onSave = async () => {
    if (!profile || saving) return
    // 保存并报名 signs up right after saving, so this tap asks too
    if (Object.keys(checkDraft(profile.missingForSignup, draft)).length === 0) askCourseStart()
    const missing = profile.missingForSignup
    const found = checkDraft(missing, draft)
    setErrors(found)
    if (Object.keys(found).length > 0) return focusError()
    const update: ProfileUpdate = {}
    if (missing.includes('realName')) update.realName = draft.realName.trim()
    if (missing.includes('idNumber')) update.idNumber = draft.idNumber.replace(/\s+/g, '').toUpperCase()
    if (missing.includes('phone')) update.phone = draft.phone
    if (missing.includes('groups')) update.groups = draft.groups as WorkerGroup[]
    if (draft.employmentStatus) update.employmentStatus = draft.employmentStatus as EmploymentStatus
    setSaving(true)
    let saved: Profile
    try {
      saved = await updateProfile(update)
    } catch (e) {
      const field = e instanceof ApiError ? e.field : undefined
      const known = field && ['realName', 'idNumber', 'phone', 'groups', 'employmentStatus'].includes(field)
      setErrors({ [known ? (field as keyof Errors) : 'form']: messageOf(e) })
      return focusError()
    } finally {
      setSaving(false)
    }
    showProfileOrSheet(saved)
    // The course is on this screen and the button said 保存并报名: no second confirmation tap.
    // A refusal (full, started, already signed up) shows on the confirmation sheet.
    if (saved.missingForSignup.length === 0) await enroll()
  }

  const enroll = async () => {
    if (submitting || !course) return
    const key = keyRef.current ?? (keyRef.current = newIdempotencyKey())
    const session = useSession.getState()
    session.rememberAttempt(course.id, key)
    setSubmitting(true)
    setRefusal(null)
    try {
      const enrollment = await createEnrollment(course.id, key, currentReferral())
      useSession.getState().forgetAttempt(course.id)
      setStep({ kind: 'done', enrollmentId: enrollment.id })
      setPageTitle('报名成功')
    } catch (e) {
      const unanswered = e instanceof NetworkError || (e instanceof ApiError && (e.status >= 500 || e.status === 429))
      if (!unanswered && !isUnauthenticated(e)) {
        // A definite answer: the next attempt is a new sign-up with a new key.
        useSession.getState().forgetAttempt(course.id)
        keyRef.current = newIdempotencyKey()
      }
      if (isUnauthenticated(e)) {
        setStep({ kind: 'needLogin' })
        go('login')
      }
      setRefusal({ message: messageOf(e), showMine: e instanceof ApiError && e.code === 'ALREADY_ENROLLED' })
    } finally {
      setSubmitting(false)
    }
  }

  return {
    step,
    course,
    missing: profile?.missingForSignup ?? [],
    draft,
    errors,
    saving,
    submitting,
    refusal,
    items: course && profile ? previewFor(course, profile) : [],
    onChange: (patch: Partial<ProfileDraft>) => {
      setDraft((d) => ({ ...d, ...patch }))
      // Instant feedback for the ID number as it is typed (once it is long enough to judge).
      if (patch.idNumber !== undefined) {
        const v = patch.idNumber.replace(/\s+/g, '')
        const check = v.length >= 18 ? checkIdCard(v, todayInChina()) : null
        setErrors((x) => ({ ...x, idNumber: check && !check.ok ? check.message : undefined }))
      }
    },
    onToggleGroup: (code: string) =>
      setDraft((d) => ({ ...d, groups: d.groups.includes(code) ? d.groups.filter((g) => g !== code) : [...d.groups, code] })),
    onSave,
    onConfirm: () => {
      if (submitting || !course) return
      askCourseStart()
      void enroll()
    },
    submitText: '保存并报名',
    courseBrief: course ? { title: course.title, when: `${formatDate(course.startDate)} 开课，${course.scheduleText}`, address: course.address } : null,
    phoneMasked: profile?.phoneMasked ?? null,
    today: todayInChina(),
    shareWithButton: SHARE_WITH_BUTTON,
    onCalendar: () => {
      if (course && step.kind === 'done') void addToCalendar(calendarEventFor(course), step.enrollmentId)
    },
    onShare: () => {
      if (share && course) shareWithFamily(share, `我报名了「${course.title}」，${course.startDate} 开课，地点：${course.address}`)
    },
    onMine: () => go('mine'),
    onLogin: () => go('login'),
    onPrivacy: () => go('privacy'),
    onRetry: () => void run()
  }
}
