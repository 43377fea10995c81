/** The evaluator enters results after the exam: 合格/不合格 and a score per candidate; a pass issues the certificate. */
import { useCallback, useEffect, useState } from 'react'
import type { InstitutionEvaluation } from '../../../contract'
import type { Loadable } from '../../../components/async'
import type { EvaluationResultsProps, ResultRow } from '../../../components/training-views'
import { formatDate } from '../../../domain/format'
import { institutionEvaluation, submitResults } from '../../../services/api/institution-desk'
import { messageOf } from '../../../services/http/errors'
import { getPageParams, toast } from '../../../services/platform'
import { evaluationTitle } from '../index/use-desk-home'
import { useDeskGate } from '../use-desk-gate'

/** candidates whose result is still to be entered */
const OPEN_STATUSES = new Set(['registered'])

export function useEvaluationResults() {
  const gate = useDeskGate()
  const [params] = useState(() => getPageParams())
  const id = params.id ?? ''
  const [data, setData] = useState<Loadable<InstitutionEvaluation>>({ status: 'loading' })
  const [entry, setEntry] = useState<Record<string, { passed: boolean | null; score: string }>>({})
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState('')

  const load = useCallback(async () => {
    try {
      setData({ status: 'ready', data: await institutionEvaluation(id) })
    } catch (e) {
      setData({ status: 'error', message: messageOf(e) })
    }
  }, [id])
  useEffect(() => {
    if (gate.gate === 'ready') void load()
  }, [gate.gate, load])

  const batch = data.status === 'ready' ? data.data : null
  const rows: ResultRow[] = (batch?.candidates ?? [])
    .filter((c) => c.status !== 'cancelled')
    .map((c) => {
      const e = entry[c.registrationId] ?? { passed: null, score: '' }
      const done = OPEN_STATUSES.has(c.status)
        ? ''
        : [c.statusLabel, c.score !== null ? `${c.score} 分` : '', c.certificateNumber ? '已发证' : ''].filter(Boolean).join(' · ')
      return {
        registrationId: c.registrationId,
        name: c.nameMasked,
        masked: [c.idNumberMasked, c.phoneMasked].filter(Boolean).join(' · '),
        passed: e.passed,
        score: e.score,
        done
      }
    })
  const set = (rid: string, patch: Partial<{ passed: boolean | null; score: string }>) =>
    setEntry((old) => ({ ...old, [rid]: { ...(old[rid] ?? { passed: null, score: '' }), ...patch } }))

  const view: EvaluationResultsProps = {
    title: batch ? evaluationTitle(batch) : '认定考试',
    lines: batch
      ? [
          `考试：${formatDate(batch.examOn)} ${batch.examTime}`,
          batch.canEnterResults ? '合格的考生会自动取得证书，并收到可以申请补贴的消息。' : '考试当天起才能录入成绩。'
        ]
      : [],
    rows: batch?.canEnterResults ? rows : rows.map((r) => ({ ...r, done: r.done || '待考试' })),
    busy,
    error,
    onPassed: (rid, passed) => set(rid, { passed }),
    onScore: (rid, score) => set(rid, { score: score.replace(/\D/g, '').slice(0, 3) }),
    onSubmit: async () => {
      const pending = rows.filter((r) => !r.done)
      if (pending.some((r) => r.passed === null || r.score === '' || Number(r.score) > 100)) return setError('请为每位考生选择合格或不合格，并填写 0–100 的分数')
      setBusy(true)
      setError('')
      try {
        const res = await submitResults(
          id,
          pending.map((r) => ({ registrationId: r.registrationId, passed: r.passed === true, score: Number(r.score) }))
        )
        toast(res.issued > 0 ? `已发证 ${res.issued} 本` : '成绩已提交', 'success')
        setEntry({})
        setData({ status: 'ready', data: res.batch })
      } catch (e) {
        setError(messageOf(e))
      } finally {
        setBusy(false)
      }
    }
  }
  return { gate, data, view, onRetry: () => void load() }
}
