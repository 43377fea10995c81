/**
 * The claim form, two screens: (1) kind → certificate / course, pre-checked by the server as soon as both
 * are chosen; (2) payout account → confirm → submit. The submit tap first asks WeChat for subscribe-message
 * permission (it must start inside the tap), then saves the payout account and submits with one
 * Idempotency-Key per form, kept until the server answers — a retry never creates a second claim.
 */
import { useCallback, useRef, useState } from 'react'
import type { ClaimBody, Enrollment, Precheck } from '../../../contract'
import type { ClaimFormProps, PayoutType } from '../../../components/claims-ui'
import { CLAIM_KINDS, type ClaimKind } from '../../../domain/claim-state'
import { getPayoutAccount, myCertificates, precheckClaim, putPayoutAccount, submitClaim, type OwnCertificate } from '../../../services/api/claims'
import { myEnrollments } from '../../../services/api/enrollments'
import { getProfile } from '../../../services/api/me'
import { isUnauthenticated } from '../../../services/http/authed'
import { ApiError, NetworkError, messageOf } from '../../../services/http/errors'
import { getPageParams, go, replace, toast } from '../../../services/platform'
import { SUBSCRIBE_SUPPORTED, requestSubscribe } from '../../../services/platform/subscribe'
import { newIdempotencyKey } from '../../../domain/idempotency-key'
import { useOnShow } from '../../../services/platform'
import { certificateBasis, certificateSubject } from '../available/use-available'
import { bankFromBin } from '../../../domain/payout'
import { useSession } from '../../../store/session'
import { bankCardProblem, cardDigits, payoutBody } from '../shared'
import { useFocusFirstError } from '../../../pages/shared/use-focus-error'

import { useSubscribeTemplates } from '../../../pages/shared/use-subscribe-templates'
import { useSignIn } from '../../../hooks/use-gate'

const KIND_HINT: Record<ClaimKind, string> = {
  training: '学完补贴课程并拿到这个工种的证书',
  skill_upgrade: '在职参保职工取得证书后申请',
  evaluation: '通过职业技能评价取得证书后申请',
  living: '脱贫、就业困难等人员在培训期间申请'
}

interface Facts {
  certs: OwnCertificate[]
  enrollments: Enrollment[]
  realName: string | null
}

export function subjectsFor(kind: ClaimKind | null, facts: Facts): { id: string; label: string; hint?: string }[] {
  if (!kind) return []
  if (kind === 'training') return facts.enrollments.filter((e) => e.status === 'completed').map((e) => ({ id: e.id, label: e.course.title, hint: `${e.course.occupationName} · ${e.course.endDate} 结业` }))
  if (kind === 'living') return facts.enrollments.filter((e) => e.status === 'in_training').map((e) => ({ id: e.id, label: e.course.title, hint: '培训中' }))
  return facts.certs.filter((c) => c.verification !== 'rejected').map((c) => ({ id: c.id, label: certificateSubject(c), hint: certificateBasis(c) }))
}

export function bodyFor(kind: ClaimKind, subjectId: string, facts: Facts): ClaimBody {
  if (kind === 'training') {
    const e = facts.enrollments.find((x) => x.id === subjectId)
    const cert = e && facts.certs.find((c) => c.occupationName === e.course.occupationName && c.verification !== 'rejected')
    return { kind, enrollmentId: subjectId, ...(cert ? { certificateId: cert.id } : {}) }
  }
  if (kind === 'living') return { kind, enrollmentId: subjectId }
  return { kind, certificateId: subjectId }
}

export function useApply() {
  const focusError = useFocusFirstError()
  const [params] = useState(() => getPageParams())
  // claim updates and the 补正 deadline reminder, with the ids from the server's config
  const templates = useSubscribeTemplates()
  const claimTemplateIds = [templates.claimState, templates.claimReminder].filter((id): id is string => !!id)
  const [status, setStatus] = useState<'loading' | 'needLogin' | 'error' | 'ready'>('loading')
  const [loadError, setLoadError] = useState<string | null>(null)
  const [facts, setFacts] = useState<Facts>({ certs: [], enrollments: [], realName: null })
  const [screen, setScreen] = useState<1 | 2>(1)
  const [kind, setKind] = useState<ClaimKind | null>(null)
  const [subjectId, setSubjectId] = useState<string | null>(null)
  const [check, setCheck] = useState<Precheck | null>(null)
  const [checking, setChecking] = useState(false)
  const [payoutType, setPayoutType] = useState<PayoutType>('social_security_card')
  const payoutByOwner = useSession((st) => !!st.actingFor)
  const [bankName, setBankName] = useState('')
  const [accountNumber, setAccountNumber] = useState('')
  const [accountError, setAccountError] = useState<string | null>(null)
  const [submitting, setSubmitting] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const keyRef = useRef<string | null>(null)
  const seq = useRef(0)
  const signIn = useSignIn()

  const runCheck = async (k: ClaimKind, s: string, f: Facts) => {
    const n = ++seq.current
    setChecking(true)
    setCheck(null)
    setProblem(null)
    try {
      const result = await precheckClaim(bodyFor(k, s, f))
      if (n === seq.current) setCheck(result)
    } catch (e) {
      if (n === seq.current) setProblem(messageOf(e))
    } finally {
      if (n === seq.current) setChecking(false)
    }
  }

  const load = useCallback(async () => {
    try {
      if (!(await signIn.session())) return setStatus('needLogin')
      const [certs, enrollments, profile, payout] = await Promise.all([
        myCertificates().catch(() => ({ items: [] as OwnCertificate[] })),
        myEnrollments(),
        getProfile(),
        useSession.getState().actingFor ? Promise.resolve(null) : getPayoutAccount().catch(() => null)
      ])
      const f: Facts = { certs: certs.items, enrollments: enrollments.items, realName: profile.realName }
      setFacts(f)
      if (payout?.type === 'bank_card') {
        setPayoutType('bank_card')
        setBankName(payout.bankName ?? '')
      }
      setStatus('ready')
      // Coming from 我能领的补贴: kind and certificate/course already chosen — check at once.
      const k = CLAIM_KINDS.find((x) => x.code === params.kind)?.code ?? null
      const s = params.certificateId && k !== 'training' ? params.certificateId : params.enrollmentId ?? null
      if (k && !kind) {
        setKind(k)
        if (s) {
          setSubjectId(s)
          void runCheck(k, s, f)
        }
      }
    } catch (e) {
      if (isUnauthenticated(e)) {
        setStatus('needLogin')
        signIn.ended()
      } else {
        setLoadError(messageOf(e))
        setStatus('error')
      }
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  useOnShow(() => {
    if (status !== 'ready') void load()
  })

  const onSubmit = () => {
    if (submitting || !kind || !subjectId) return
    // WeChat shows the permission dialog only when asked synchronously from the tap.
    const asked = requestSubscribe(claimTemplateIds)
    // acting for the worker: the payout account is theirs alone to set; the claim uses the one they saved
    const acting = !!useSession.getState().actingFor
    const payout = payoutBody(payoutType, accountNumber, bankName)
    if (!acting && 'problem' in payout) {
      setAccountError(payout.problem)
      focusError()
      return
    }
    const key = keyRef.current ?? (keyRef.current = newIdempotencyKey())
    setSubmitting(true)
    setProblem(null)
    void (async () => {
      try {
        await asked
        if (!acting && 'body' in payout) await putPayoutAccount(payout.body)
        const claim = await submitClaim(bodyFor(kind, subjectId, facts), key)
        keyRef.current = null
        toast('申请已提交', 'success')
        replace('claimDetail', { id: claim.id })
      } catch (e) {
        const unanswered = e instanceof NetworkError || (e instanceof ApiError && (e.status >= 500 || e.status === 429))
        // A definite refusal: the next try is a new submission. Unanswered: keep the key, so a retry cannot double.
        if (!unanswered) keyRef.current = null
        if (isUnauthenticated(e)) go('login')
        if (e instanceof ApiError && e.status === 422 && e.code === 'PRECHECK_FAILED') {
          setScreen(1)
          void runCheck(kind, subjectId, facts)
        }
        if (e instanceof ApiError && e.field === 'accountNumber') setAccountError(messageOf(e))
        else setProblem(messageOf(e))
        focusError()
      } finally {
        setSubmitting(false)
      }
    })()
  }

  const form: ClaimFormProps = {
    screen,
    kinds: CLAIM_KINDS.map((k) => ({ code: k.code, label: k.label, hint: KIND_HINT[k.code] })),
    kind,
    subjects: subjectsFor(kind, facts),
    subjectTitle: kind === 'training' || kind === 'living' ? '选择培训课程' : '选择证书',
    subjectId,
    checking,
    verdicts: check?.verdicts ?? null,
    precheckOk: !!check?.ok,
    amountYuan: check?.amountYuan ?? null,
    office: check?.office?.name ?? null,
    payoutType,
    payoutByOwner,
    bankName,
    accountNumber,
    accountError,
    realName: facts.realName,
    submitting,
    problem,
    subscribeHint: SUBSCRIBE_SUPPORTED && claimTemplateIds.length > 0,
    onKind: (code) => {
      setKind(code as ClaimKind)
      setSubjectId(null)
      setCheck(null)
      seq.current++
      setChecking(false)
    },
    onSubject: (id) => {
      if (!kind) return
      setSubjectId(id)
      void runCheck(kind, id, facts)
    },
    onNext: () => {
      if (check?.ok) setScreen(2)
    },
    onBack: () => setScreen(1),
    onPayoutType: (t) => {
      setPayoutType(t)
      setAccountError(null)
    },
    onBankName: setBankName,
    onAccountNumber: (v) => {
      const digits = cardDigits(v)
      setAccountNumber(digits)
      // The bank is known from the card's first six digits where possible: one field less to type.
      const bank = bankFromBin(digits)
      if (bank) setBankName(bank)
      // Judge only once it is long enough; say nothing while the worker is still typing.
      setAccountError(digits.length >= 16 ? bankCardProblem(digits) : null)
    },
    onSubmit
  }

  return { status, loadError, form, onLogin: () => go('login'), onRetry: () => void load() }
}
