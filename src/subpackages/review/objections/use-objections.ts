/** 异议核查: the region's 公示 objections; each resolved with a written conclusion (the server re-checks who may). */
import { useCallback, useEffect, useRef, useState } from 'react'
import type { ObjectionQueue } from '../../../contract'
import type { Loadable } from '../../../components/async'
import type { ObjectionQueueProps } from '../../../components/integrity-views'
import { resolveObjection, reviewObjections } from '../../../services/api/claims'
import { messageOf } from '../../../services/http/errors'
import { go } from '../../../services/platform'
import { useGate } from '../../../hooks/use-gate'
import { enterReviewer } from '../enter-reviewer'

export function useObjections() {
  const entry = useGate({ role: 'reviewer', enter: enterReviewer })
  const { status: gate, message: gateMessage, retry } = entry
  const reviewer = entry.who ?? ''
  const [tab, setTab] = useState<'open' | 'done'>('open')
  const [queue, setQueue] = useState<Loadable<ObjectionQueue>>({ status: 'loading' })
  const [pending, setPending] = useState<{ id: string; upheld: boolean } | null>(null)
  const [reason, setReason] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const seq = useRef(0)
  const load = useCallback(async () => {
    const n = ++seq.current
    try {
      const res = await reviewObjections(tab === 'open' ? 'open' : undefined)
      const data = tab === 'open' ? res : { ...res, items: res.items.filter((o) => o.status !== 'open') }
      if (n === seq.current) setQueue({ status: 'ready', data })
    } catch (e) {
      if (n === seq.current) setQueue({ status: 'error', message: messageOf(e) })
    }
  }, [tab])
  useEffect(() => {
    if (gate === 'ready') void load()
  }, [gate, load])

  const view: ObjectionQueueProps = {
    reviewer,
    tab,
    queue,
    pending,
    reason,
    problem,
    notice,
    busy,
    onTab: (t) => {
      setTab(t)
      setPending(null)
    },
    onStart: (id, upheld) => {
      setPending({ id, upheld })
      setReason('')
      setProblem(null)
      setNotice(null)
    },
    onReason: setReason,
    onCancel: () => {
      setPending(null)
      setProblem(null)
    },
    onConfirm: async () => {
      if (!pending || busy) return
      if ([...reason.trim()].length < 4) return setProblem('请写明核查结论（至少4个字）')
      setBusy(true)
      setProblem(null)
      try {
        const r = await resolveObjection(pending.id, { upheld: pending.upheld, reason: reason.trim() })
        setNotice(`已核查：${r.statusLabel}，申请现在是「${r.claimStateLabel}」`)
        setPending(null)
        await load()
      } catch (e) {
        setProblem(messageOf(e))
      } finally {
        setBusy(false)
      }
    },
    onOpenClaim: (claimId) => go('review', { id: claimId }),
    onBack: () => go('review')
  }
  return { gate, gateMessage, view, onLogin: entry.onLogin, onHome: entry.onHome, onRetry: retry }
}
