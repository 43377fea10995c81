/**
 * The reviewer workbench: reviewer role checked (the server checks again on every call), queue for the
 * reviewer's region with filters, one claim in detail with its photos, decisions with reasons, batch 公示.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import type { ReviewClaim, ReviewClaimSummary } from '../../../contract'
import type { Loadable } from '../../../components/async'
import type { PendingDecision, QueueFilter, WorkbenchProps } from '../../../components/review-workbench'
import { CLAIM_KINDS, CLAIM_STATES } from '../../../domain/claim-state'
import { publishAnnouncement, reviewClaim, reviewQueue, transitionClaim } from '../../../services/api/claims'
import { certificateReviewQueue } from '../../../services/api/certificates'
import { messageOf } from '../../../services/http/errors'
import { getPageParams, go } from '../../../services/platform'
import { loadPrivateImage, releasePrivateImage } from '../../../services/platform/private-image'
import { useGate } from '../../../hooks/use-gate'
import { enterReviewer } from '../enter-reviewer'
import { currentToken } from '../../../store/session'

/** The states a reviewer filters by (the ones that wait for a reviewer, plus those worth looking up). */
const FILTER_STATES = ['submitted', 'accepted', 'first_review', 'second_review', 'announced', 'objection_review', 'awaiting_payment', 'payment_failed', 'needs_supplement', 'rejected', 'paid']

export function itemsOf(text: string): string[] {
  return text
    .split(/[\n；;]/)
    .map((s) => s.trim())
    .filter(Boolean)
}

export function useWorkbench() {
  const entry = useGate({ role: 'reviewer', enter: enterReviewer })
  const { status: gate, message: gateMessage, retry } = entry
  const reviewer = entry.who ?? ''
  const [filter, setFilter] = useState<QueueFilter>({ state: '', kind: '', overdueOnly: false })
  const [queue, setQueue] = useState<Loadable<ReviewClaimSummary[]>>({ status: 'loading' })
  const [selectedId, setSelectedId] = useState<string | null>(null)
  const [checked, setChecked] = useState<string[]>([])
  const [detail, setDetail] = useState<Loadable<ReviewClaim> | { status: 'idle' }>({ status: 'idle' })
  const [photos, setPhotos] = useState<Record<string, string>>({})
  const [pending, setPending] = useState<PendingDecision | null>(null)
  const [reason, setReason] = useState('')
  const [items, setItems] = useState('')
  const [deadline, setDeadline] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const queueSeq = useRef(0)

  const loadQueue = useCallback(async () => {
    const n = ++queueSeq.current
    setQueue((q) => (q.status === 'ready' ? q : { status: 'loading' }))
    try {
      const res = await reviewQueue({ state: filter.state || undefined, kind: filter.kind || undefined, overdue: filter.overdueOnly })
      if (n !== queueSeq.current) return
      setQueue({ status: 'ready', data: res.items })
      const publishable = new Set(res.items.filter((c) => c.state === 'second_review').map((c) => c.id))
      setChecked((cs) => cs.filter((id) => publishable.has(id)))
    } catch (e) {
      if (n === queueSeq.current) setQueue({ status: 'error', message: messageOf(e) })
    }
  }, [filter])

  useEffect(() => {
    if (gate === 'ready') void loadQueue()
  }, [gate, loadQueue])

  // 待人工核验 certificates of the region: a count on the link to 证书人工核验
  const [certificatesPending, setCertificatesPending] = useState<number | null>(null)
  useEffect(() => {
    if (gate === 'ready') certificateReviewQueue().then((q) => setCertificatesPending(q.pendingCount), () => undefined)
  }, [gate])

  const showDetail = (c: ReviewClaim) => {
    setDetail({ status: 'ready', data: c })
    const token = currentToken()
    const ids = [...(c.certificate?.photoFileIds ?? []), ...c.supplements.flatMap((s) => s.photoFileIds)]
    for (const id of ids) {
      if (!token) break
      void loadPrivateImage(`${typeof API_BASE === 'string' ? API_BASE : ''}/api/v1/files/${id}`, token).then(
        (src) => setPhotos((p) => ({ ...p, [id]: src })),
        () => undefined
      )
    }
  }

  // Release photo blobs when the page goes away.
  const photosRef = useRef(photos)
  photosRef.current = photos
  useEffect(() => () => Object.values(photosRef.current).forEach(releasePrivateImage), [])

  const select = async (id: string) => {
    setSelectedId(id)
    setPending(null)
    setProblem(null)
    setNotice(null)
    setDetail({ status: 'loading' })
    try {
      showDetail(await reviewClaim(id))
    } catch (e) {
      setDetail({ status: 'error', message: messageOf(e) })
    }
  }

  // opened from the 风险隐患清单 or 异议核查 with ?id=clm_…: that claim in detail
  // (once, when the gate opens: the latest select through a ref, so the effect does not rerun on each render)
  const opened = useRef(false)
  const selectRef = useRef(select)
  selectRef.current = select
  useEffect(() => {
    if (gate !== 'ready' || opened.current) return
    opened.current = true
    const wanted = getPageParams().id
    if (wanted && /^clm_[0-9a-z]{1,24}$/.test(wanted)) void selectRef.current(wanted)
  }, [gate])

  const view: WorkbenchProps = {
    reviewer,
    certificatesPending,
    onCertificates: () => go('certReview'),
    onRisks: () => go('reviewRisks'),
    onObjections: () => go('reviewObjections'),
    filter,
    stateOptions: CLAIM_STATES.filter((s) => FILTER_STATES.includes(s.code)),
    kindOptions: CLAIM_KINDS,
    queue,
    selectedId,
    checked,
    detail,
    photos,
    pending,
    reason,
    items,
    deadline,
    problem,
    busy,
    notice,
    onFilter: (patch) => setFilter((f) => ({ ...f, ...patch })),
    onRefresh: () => void loadQueue(),
    onSelect: (id) => void select(id),
    onToggleCheck: (id) => setChecked((cs) => (cs.includes(id) ? cs.filter((x) => x !== id) : [...cs, id])),
    onPublish: async () => {
      if (busy || checked.length === 0) return
      setBusy(true)
      setNotice(null)
      try {
        const a = await publishAnnouncement(checked)
        setChecked([])
        setNotice(`已发布公示 ${a.items.length} 件，公示期 ${a.startDate} 至 ${a.endDate}`)
        await loadQueue()
        if (selectedId) showDetail(await reviewClaim(selectedId))
      } catch (e) {
        setNotice(null)
        setProblem(messageOf(e))
      } finally {
        setBusy(false)
      }
    },
    onDecide: (to) => {
      if (detail.status !== 'ready') return
      const d = detail.data.decisions.find((x) => x.to === to)
      if (!d || !d.allowed) return
      setPending({ to: d.to, label: d.label, needsReason: d.needsReason, needsItems: d.needsItems })
      setReason('')
      setItems('')
      setDeadline('')
      setProblem(null)
      setNotice(null)
    },
    onReason: setReason,
    onItems: setItems,
    onDeadline: setDeadline,
    onCancel: () => {
      setPending(null)
      setProblem(null)
    },
    onConfirm: async () => {
      if (!pending || busy || detail.status !== 'ready') return
      if (pending.needsReason && !reason.trim()) return setProblem('请写明理由，申请人会看到')
      if (pending.needsItems && itemsOf(items).length === 0) return setProblem('请列出需要补正的材料，每行一项')
      if (deadline && !/^\d{4}-\d{2}-\d{2}$/.test(deadline.trim())) return setProblem('补正期限请写成 2026-12-31 这样的日期，或留空')
      setBusy(true)
      setProblem(null)
      try {
        const updated = await transitionClaim(detail.data.id, {
          to: pending.to as ReviewClaim['state'],
          ...(reason.trim() ? { reason: reason.trim() } : {}),
          ...(pending.needsItems ? { items: itemsOf(items) } : {}),
          ...(pending.needsItems && deadline.trim() ? { deadline: deadline.trim() } : {})
        })
        setNotice(`已${pending.label}：现在是「${updated.stateLabel}」`)
        setPending(null)
        showDetail(updated)
        void loadQueue()
      } catch (e) {
        setProblem(messageOf(e))
      } finally {
        setBusy(false)
      }
    }
  }

  return { gate, gateMessage, view, onLogin: entry.onLogin, onHome: entry.onHome, onRetry: retry }
}
