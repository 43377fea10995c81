import { useEffect, useMemo, useRef, useState } from 'react'
import { OCCUPATIONS } from '../../../domain/catalog'
import { checkCertificate, kindHasLevel, type CertKind, type CertLevel } from '../../../domain/certificate'
import { todayInChina } from '../../../domain/format'
import { addCertificate, photoSrc, startUpload, UploadCancelled } from '../../../services/api/certificates'
import { ApiError, messageOf } from '../../../services/http/errors'
import { compressPhoto, pickPhoto, type LocalPhoto } from '../../../services/platform/media'
import { go, replace, toast } from '../../../services/platform'
import { useCertificateDraft } from '../draft'
import type { PhotoSlot } from '../views'
import { useFocusFirstError } from '../../../pages/shared/use-focus-error'
import { useSignIn } from '../../../hooks/use-gate'

export const MAX_PHOTOS = 3

interface Running {
  photo: LocalPhoto
  cancel(): void
}

export function useAddCertificate() {
  const focusError = useFocusFirstError()
  const signIn = useSignIn('action')
  const { draft, update, reset } = useCertificateDraft()
  const today = todayInChina()
  const [slots, setSlots] = useState<PhotoSlot[]>(() => draft.photos.map((id) => ({ key: id, state: 'done' as const, id, preview: null })))
  const running = useRef(new Map<string, Running>())
  const [submitting, setSubmitting] = useState(false)
  const [submitError, setSubmitError] = useState<string | null>(null)
  const [touched, setTouched] = useState(false)

  // photos kept in the draft: show them again (they are private, loaded with the session)
  useEffect(() => {
    for (const id of draft.photos) {
      photoSrc(id).then(
        (src) => setSlots((ss) => ss.map((s) => (s.key === id && s.state === 'done' ? { ...s, preview: src } : s))),
        () => {
          // gone on the server (deleted, or another account): drop it from the draft
          setSlots((ss) => ss.filter((s) => s.key !== id))
          update({ photos: useCertificateDraft.getState().draft.photos.filter((p) => p !== id) })
        }
      )
    }
    const map = running.current
    return () => map.forEach((r) => r.cancel())
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  const check = useMemo(
    () => (draft.number.trim() ? checkCertificate({ kind: draft.kind, number: draft.number, level: draft.level, issuedOn: draft.issuedOn || null }, today) : null),
    [draft.kind, draft.number, draft.level, draft.issuedOn, today]
  )
  const numberIssue = check?.issues.find((i) => i.field === 'number')
  const levelIssue = check?.issues.find((i) => i.field === 'level' && (draft.level || touched))
  const dateIssue = check?.issues.find((i) => i.field === 'issuedOn')
  const parsedHint = check?.parsed && !numberIssue ? describeParsed(check.parsed) : null

  const setPhotos = () => {
    // the draft keeps what is uploaded, in slot order
    setSlots((ss) => {
      update({ photos: ss.flatMap((s) => (s.state === 'done' ? [s.id] : [])) })
      return ss
    })
  }

  const upload = (key: string, photo: LocalPhoto) => {
    setSlots((ss) => ss.map((s) => (s.key === key ? { key, state: 'uploading', preview: photo.path, percent: 0 } : s)))
    const task = startUpload(photo, ({ sent, total }) => {
      const percent = total > 0 ? Math.min(99, Math.floor((sent / total) * 100)) : 0
      setSlots((ss) => ss.map((s) => (s.key === key && s.state === 'uploading' ? { ...s, percent } : s)))
    })
    running.current.set(key, { photo, cancel: task.cancel })
    task.done.then(
      (u) => {
        running.current.delete(key)
        setSlots((ss) => ss.map((s) => (s.key === key ? { key, state: 'done', id: u.id, preview: photo.path } : s)))
        setPhotos()
      },
      (e: unknown) => {
        const message = e instanceof UploadCancelled ? '已取消上传' : messageOf(e)
        setSlots((ss) => ss.map((s) => (s.key === key ? { key, state: 'failed', preview: photo.path, message } : s)))
        // keep the photo so 重试 sends it again without choosing it again
        running.current.set(key, { photo, cancel: () => undefined })
      }
    )
  }

  const onPick = async (source: 'camera' | 'album') => {
    // photos are personal data: logged in and consented first
    const me = await signIn.session().catch(() => null)
    if (!me) return
    if (!me.consent) return go('privacy')
    try {
      const picked = await pickPhoto(source)
      if (!picked) return
      const photo = await compressPhoto(picked)
      const key = `p${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`
      setSlots((ss) => [...ss, { key, state: 'uploading', preview: photo.path, percent: 0 }])
      upload(key, photo)
    } catch (e) {
      toast(messageOf(e) === '请求没有成功，请稍后再试' ? '没能打开相机或相册，请检查权限后再试' : messageOf(e))
    }
  }

  const missing = (): string | null => {
    if (!draft.number.trim()) return '请填写证书编号'
    if (numberIssue) return numberIssue.message
    if (!draft.occupationCode) return '请选择工种'
    if (kindHasLevel(draft.kind) && !draft.level) return '请选择证书上的等级'
    if (levelIssue && levelIssue.severity === 'error') return levelIssue.message
    if (!draft.issuedOn) return '请选择发证日期'
    if (dateIssue && dateIssue.severity === 'error') return dateIssue.message
    if (draft.issuer.trim().length < 2) return '请填写发证机构（证书上盖章的单位）'
    if (slots.some((s) => s.state === 'uploading')) return '照片还在上传，请稍等'
    if (!slots.some((s) => s.state === 'done')) return '请至少拍一张证书照片'
    return null
  }

  const onSubmit = async () => {
    setTouched(true)
    const problem = missing()
    if (problem) {
      setSubmitError(problem)
      focusError()
      return
    }
    setSubmitting(true)
    setSubmitError(null)
    try {
      const cert = await addCertificate(
        {
          kind: draft.kind,
          number: draft.number.trim(),
          occupationCode: draft.occupationCode,
          level: kindHasLevel(draft.kind) ? draft.level : null,
          issuedOn: draft.issuedOn,
          issuer: draft.issuer.trim(),
          photos: slots.flatMap((s) => (s.state === 'done' ? [s.id] : []))
        },
        draft.submitKey
      )
      reset()
      toast(cert.verification === 'verified' ? '已添加，联网核验通过' : '已添加，等待人工核验', 'success')
      replace('certDetail', { id: cert.id })
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) go('login')
      else if (e instanceof ApiError && e.code === 'CONSENT_REQUIRED') go('privacy')
      setSubmitError(messageOf(e))
      focusError()
    } finally {
      setSubmitting(false)
    }
  }

  const occupationIndex = OCCUPATIONS.findIndex((o) => o.code === draft.occupationCode)
  return {
    draft,
    today,
    slots,
    submitting,
    submitError,
    numberMessage: numberIssue ? { text: numberIssue.message, tone: 'bad' as const } : parsedHint ? { text: parsedHint, tone: 'good' as const } : null,
    levelMessage: levelIssue ? { text: levelIssue.message, tone: levelIssue.severity === 'error' ? ('bad' as const) : ('warn' as const) } : null,
    dateMessage: dateIssue ? { text: dateIssue.message, tone: dateIssue.severity === 'error' ? ('bad' as const) : ('warn' as const) } : null,
    occupationNames: OCCUPATIONS.map((o) => o.name),
    occupationIndex,
    occupationName: occupationIndex >= 0 ? OCCUPATIONS[occupationIndex].name : null,
    hasLevel: kindHasLevel(draft.kind),
    onKind: (kind: CertKind) => update({ kind, level: kindHasLevel(kind) ? draft.level : null }),
    onNumber: (number: string) => update({ number: number.toUpperCase().slice(0, 40) }),
    onOccupation: (index: number) => update({ occupationCode: OCCUPATIONS[index]?.code ?? '' }),
    onLevel: (level: CertLevel) => update({ level }),
    onIssuedOn: (issuedOn: string) => update({ issuedOn }),
    onIssuer: (issuer: string) => update({ issuer: issuer.slice(0, 60) }),
    onPick: (source: 'camera' | 'album') => void onPick(source),
    onCancelUpload: (key: string) => running.current.get(key)?.cancel(),
    onRetryUpload: (key: string) => {
      const r = running.current.get(key)
      if (r) upload(key, r.photo)
    },
    onRemovePhoto: (key: string) => {
      running.current.get(key)?.cancel()
      running.current.delete(key)
      setSlots((ss) => ss.filter((s) => s.key !== key))
      setPhotos()
    },
    onSubmit: () => void onSubmit()
  }
}

function describeParsed(p: NonNullable<ReturnType<typeof checkCertificate>['parsed']>): string | null {
  const parts: string[] = []
  if (p.provinceName) parts.push(p.provinceName)
  if (p.year) parts.push(`${p.year}年`)
  if (p.level) parts.push(p.level === '0' ? '特级技师' : `${'零一二三四五'[Number(p.level)]}级`)
  return parts.length ? `编号格式正确：${parts.join('，')}` : '编号格式正确'
}
