/**
 * 证书人工核验: reviewer role checked (the server checks role and region again on every call), the region's
 * queue, one certificate with its photos, and the decision with a reason the worker can act on.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import type { CertReview, CertReviewSummary } from '../../../contract'
import type { Loadable } from '../../../components/async'
import type { CertReviewProps, CertReviewTab } from '../../../components/cert-review-view'
import { certificateReview, certificateReviewQueue, decideCertificate } from '../../../services/api/certificates'
import { messageOf } from '../../../services/http/errors'
import { go, revealField } from '../../../services/platform'
import { loadPrivateImage, releasePrivateImage } from '../../../services/platform/private-image'
import { CERT_REJECTION_REASONS } from '../../../domain/certificate'
import { useGate } from '../../../hooks/use-gate'
import { enterReviewer } from '../enter-reviewer'
import { currentToken } from '../../../store/session'


export function useCertReview() {
  const entry = useGate({ role: 'reviewer', enter: enterReviewer })
  const { status: gate, message: gateMessage, retry } = entry
  const reviewer = entry.who ?? ''
  const [tab, setTab] = useState<CertReviewTab>('pending')
  const [queue, setQueue] = useState<Loadable<{ items: CertReviewSummary[]; pendingCount: number }>>({ status: 'loading' })
  const [detail, setDetail] = useState<Loadable<CertReview>>({ status: 'idle' })
  const [photos, setPhotos] = useState<Record<string, string>>({})
  const [pending, setPending] = useState<'verified' | 'rejected' | null>(null)
  const [reason, setReason] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const seq = useRef(0)

  const loadQueue = useCallback(async () => {
    const n = ++seq.current
    try {
      const res = await certificateReviewQueue(tab)
      if (n === seq.current) setQueue({ status: 'ready', data: res })
    } catch (e) {
      if (n === seq.current) setQueue({ status: 'error', message: messageOf(e) })
    }
  }, [tab])

  useEffect(() => {
    if (gate === 'ready') void loadQueue()
  }, [gate, loadQueue])

  const photosRef = useRef(photos)
  photosRef.current = photos
  useEffect(() => () => Object.values(photosRef.current).forEach(releasePrivateImage), [])

  const show = (c: CertReview) => {
    setDetail({ status: 'ready', data: c })
    const token = currentToken()
    for (const id of c.photoFileIds) {
      if (!token || photosRef.current[id]) continue
      void loadPrivateImage(`${typeof API_BASE === 'string' ? API_BASE : ''}/api/v1/files/${id}`, token).then(
        (src) => setPhotos((p) => ({ ...p, [id]: src })),
        () => undefined
      )
    }
  }

  const view: CertReviewProps = {
    reviewer,
    tab,
    queue,
    detail,
    photos,
    pending,
    reason,
    reasons: CERT_REJECTION_REASONS,
    problem,
    notice,
    busy,
    onTab: (t) => {
      setNotice(null)
      setQueue({ status: 'loading' })
      setTab(t)
    },
    onOpen: async (id) => {
      setPending(null)
      setProblem(null)
      setNotice(null)
      setDetail({ status: 'loading' })
      try {
        show(await certificateReview(id))
      } catch (e) {
        setDetail({ status: 'error', message: messageOf(e) })
      }
    },
    onBack: () => {
      setDetail({ status: 'idle' })
      setPending(null)
      void loadQueue()
    },
    onDecide: (to) => {
      setPending(to)
      setReason('')
      setProblem(null)
    },
    onReason: (v) => {
      setReason(v)
      setProblem(null)
    },
    onCancel: () => {
      setPending(null)
      setProblem(null)
    },
    onClaims: () => go('review'),
    onConfirm: async () => {
      if (!pending || busy || detail.status !== 'ready') return
      const why = reason.trim()
      if (pending === 'rejected' && [...why].length < 4) return setProblem('请写明不通过的原因（至少4个字），申请人要照着去做')
      setBusy(true)
      setProblem(null)
      try {
        const updated = await decideCertificate(detail.data.id, { to: pending, ...(why ? { reason: why } : {}) })
        setPending(null)
        setNotice(updated.verification === 'verified' ? '已核验通过，申请人会收到消息，现在可以用这本证书申领补贴。' : '已记录核验不通过，申请人会收到原因。')
        show(updated)
        // the outcome line is at the top: bring it into view (the confirm button was further down)
        revealField('decision-notice')
      } catch (e) {
        setProblem(messageOf(e))
      } finally {
        setBusy(false)
      }
    }
  }

  return { gate, gateMessage, view, onLogin: entry.onLogin, onHome: entry.onHome, onRetry: retry }
}
