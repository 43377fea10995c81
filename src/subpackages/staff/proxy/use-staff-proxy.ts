/**
 * 亲属代办登记: a worker without a phone of their own, the relative who will act for them (their phone becomes
 * the worker's contact), the worker's consent at the station (SMS code to the worker's own basic phone, else to
 * the relative's, or a signature on screen), then the invitation code to hand over. Online only: the code comes
 * from the server. One request key per form, kept until it succeeds, so a retry after a timeout sets up nothing twice.
 */
import { useEffect, useRef, useState } from 'react'
import type { SignaturePadProps } from '../../../components/signature-pad'
import type { StaffProxyFormProps } from '../../../components/staff-views/proxy-setup'
import type { StaffProxySetup, StaffProxySetupBody } from '../../../contract/proxies'
import { checkWalkInWorker } from '../../../domain/staff-signup'
import { isMobilePhone } from '../../../domain/masking'
import type { ProxyRelation } from '../../../domain/proxy'
import { todayInChina } from '../../../domain/format'
import { sendConsentCode, setupProxyAtStation, uploadSignature } from '../../../services/api/staff'
import { messageOf } from '../../../services/http/errors'
import { go, scrollToTop, toast } from '../../../services/platform'
import { attachSignature, type SignatureSurface } from '../../../services/platform/signature'
import { useFocusFirstError } from '../../../pages/shared/use-focus-error'

const EMPTY_WORKER = { realName: '', idNumber: '', phone: '', groups: [] as string[] }
const newKey = () => `prx-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`
let pads = 0

export function useStaffProxy(): StaffProxyFormProps {
  const focusError = useFocusFirstError()
  const [worker, setWorker] = useState(EMPTY_WORKER)
  const [hasPhone, setHasPhone] = useState(false)
  const [relative, setRelative] = useState<{ phone: string; relation: ProxyRelation }>({ phone: '', relation: 'child' })
  const [errors, setErrors] = useState<StaffProxyFormProps['errors']>({})
  const [method, setMethod] = useState<'sms' | 'signature'>('sms')
  const [code, setCode] = useState('')
  const [codeHint, setCodeHint] = useState<string | null>(null)
  const [countdown, setCountdown] = useState(0)
  const [submitting, setSubmitting] = useState(false)
  const [result, setResult] = useState<StaffProxySetup | null>(null)
  const [canvasId] = useState(() => `proxy-signature-${++pads}`)
  const [sigEmpty, setSigEmpty] = useState(true)
  const surface = useRef<SignatureSurface | null>(null)
  const key = useRef(newKey())

  useEffect(() => {
    if (countdown <= 0) return
    const t = setTimeout(() => setCountdown((n) => n - 1), 1000)
    return () => clearTimeout(t)
  }, [countdown])

  const padShown = method === 'signature' && !result
  useEffect(() => {
    if (!padShown) return
    let alive = true
    void attachSignature(canvasId, (empty) => setSigEmpty(empty)).then((s) => {
      if (!alive) return s?.detach()
      surface.current = s
    })
    return () => {
      alive = false
      surface.current?.detach()
      surface.current = null
      setSigEmpty(true)
    }
  }, [padShown, canvasId])

  const signature: SignaturePadProps = {
    canvasId,
    empty: sigEmpty,
    onTouch: (kind, e) => surface.current?.handle(kind, e),
    onClear: () => surface.current?.clear()
  }

  /** Where the worker's consent code goes: their own basic phone, else the relative's (the contact). */
  const consentPhone = hasPhone ? worker.phone.trim() : relative.phone.trim()
  // any change to what is being agreed makes it a new request
  const changed = () => {
    key.current = newKey()
  }

  const submit = async () => {
    if (submitting) return
    const e: StaffProxyFormProps['errors'] = {}
    // without a phone of their own the worker's phone is not asked: any well-formed number stands in for the check
    const problem = checkWalkInWorker({ ...worker, phone: hasPhone ? worker.phone : '13000000000' }, todayInChina())
    if (problem) e[problem.field] = problem.message
    if (!isMobilePhone(relative.phone.trim())) e.relativePhone = '亲属的手机号应为11位数字，以1开头'
    else if (hasPhone && worker.phone.trim() === relative.phone.trim()) e.relativePhone = '亲属的手机号不能和务工人员本人的一样'
    let image: string | null = null
    if (method === 'sms') {
      if (!/^\d{6}$/.test(code)) e.consent = '请填写务工人员同意后念出的6位验证码'
    } else {
      image = surface.current?.toDataUrl() ?? null
      if (!image) e.consent = '请务工人员先签名'
    }
    setErrors(e)
    if (Object.keys(e).length > 0) {
      toast(Object.values(e)[0] ?? '请检查填写的内容')
      focusError()
      return
    }
    setSubmitting(true)
    try {
      const consent = image ? { method: 'signature' as const, uploadId: (await uploadSignature(`${key.current}-sig`, image)).uploadId } : { method: 'sms' as const, code }
      const r = await setupProxyAtStation({
        idempotencyKey: key.current,
        worker: { realName: worker.realName.trim(), idNumber: worker.idNumber.replace(/\s+/g, '').toUpperCase(), groups: worker.groups as StaffProxySetupBody['worker']['groups'], ...(hasPhone ? { phone: worker.phone.trim() } : {}) },
        relative: { phone: relative.phone.trim(), relation: relative.relation },
        consent
      })
      setResult(r)
      // the code to read out is at the top of the page that replaces the form
      scrollToTop()
    } catch (err) {
      const message = messageOf(err)
      const field = (err as { field?: string }).field
      const at: keyof StaffProxyFormProps['errors'] =
        field === 'code' || field === 'consent' ? 'consent' : field === 'relative.phone' ? 'relativePhone' : field?.startsWith('worker.') ? (field.slice(7) as 'realName') : 'consent'
      setErrors({ [at]: message })
      toast(message)
    } finally {
      setSubmitting(false)
    }
  }

  const reset = () => {
    setWorker(EMPTY_WORKER)
    setHasPhone(false)
    setRelative({ phone: '', relation: 'child' })
    setErrors({})
    setCode('')
    setCodeHint(null)
    setResult(null)
    key.current = newKey()
    scrollToTop()
  }

  return {
    worker,
    hasPhone,
    relative,
    errors,
    method,
    code,
    codeHint,
    countdown,
    signature,
    submitting,
    result,
    onField: (field, value) => {
      changed()
      if (field === 'relativePhone') setRelative((r) => ({ ...r, phone: value }))
      else setWorker((w) => ({ ...w, [field]: field === 'idNumber' ? value.toUpperCase() : value }))
      setErrors((x) => ({ ...x, [field]: undefined }))
    },
    onToggleGroup: (g) => {
      changed()
      setWorker((w) => ({ ...w, groups: w.groups.includes(g) ? w.groups.filter((x) => x !== g) : [...w.groups, g] }))
      setErrors((x) => ({ ...x, groups: undefined }))
    },
    onHasPhone: (v) => {
      changed()
      setHasPhone(v)
    },
    onRelation: (r) => {
      changed()
      setRelative((x) => ({ ...x, relation: r }))
    },
    onMethod: (m) => {
      changed()
      setMethod(m)
    },
    onSendCode: async () => {
      if (countdown > 0) return
      if (!isMobilePhone(consentPhone)) {
        setErrors((x) => (hasPhone ? { ...x, phone: '请先填写务工人员的手机号' } : { ...x, relativePhone: '请先填写亲属的手机号' }))
        return
      }
      try {
        const r = await sendConsentCode(consentPhone)
        setCountdown(r.resendAfterSeconds)
        setCodeHint(r.devCode ? `开发环境验证码：${r.devCode}` : hasPhone ? '验证码已发到务工人员手机，请他念给你听' : '验证码已发到亲属手机，务工人员同意后请念给你听')
      } catch (err) {
        toast(messageOf(err))
      }
    },
    onCode: (v) => {
      changed()
      setCode(v)
      setErrors((x) => ({ ...x, consent: undefined }))
    },
    onSubmit: () => void submit(),
    onNext: reset,
    onDone: () => go('staff')
  }
}
