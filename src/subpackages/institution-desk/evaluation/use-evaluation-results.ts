/** The evaluator enters results after the exam: 合格/不合格 and a score per candidate; a pass issues the certificate. */
import { useCallback, useEffect, useState } from 'react'
import type { Loadable } from '../../../components/async'
import type { EvaluationResultsProps, ResultRow } from '../../../components/training-views'
import { formatDate } from '../../../domain/format'
import { evaluationRegistrations, institutionEvaluations, submitResults, type DeskEvaluation, type EvaluationRegistration } from '../../../services/api/institution-desk'
import { messageOf } from '../../../services/http/errors'
import { getPageParams, toast } from '../../../services/platform'
import { evaluationTitle } from '../index/use-desk-home'
import { useDeskGate } from '../use-desk-gate'

const str = (v: unknown) => (typeof v === 'string' ? v : '')
const RESULT_TEXT: Record<string, string> = { passed: '合格 · 已发证', failed: '不合格' }

export function useEvaluationResults() {
  const gate = useDeskGate()
  const [params] = useState(() => getPageParams())
  const id = params.id ?? ''
  const [data, setData] = useState<Loadable<{ batch: DeskEvaluation | null; registrations: EvaluationRegistration[] }>>({ status: 'loading' })
  const [entry, setEntry] = useState<Record<string, { passed: boolean | null; score: string }>>({})
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState('')

  const load = useCallback(async () => {
    try {
      const [batches, regs] = await Promise.all([institutionEvaluations(), evaluationRegistrations(id)])
      setData({ status: 'ready', data: { batch: batches.items.find((b) => b.id === id) ?? null, registrations: regs.items } })
    } catch (e) {
      setData({ status: 'error', message: messageOf(e) })
    }
  }, [id])
  useEffect(() => {
    if (gate.gate === 'ready') void load()
  }, [gate.gate, load])

  const ready = data.status === 'ready' ? data.data : null
  const rows: ResultRow[] = (ready?.registrations ?? []).map((r) => {
    const e = entry[r.id] ?? { passed: null, score: '' }
    const result = str(r.result) || (r.passed === true ? 'passed' : r.passed === false ? 'failed' : '')
    return {
      registrationId: r.id,
      name: str(r.name) || '考生',
      masked: [str(r.idNumberMasked) || str(r.idMasked), str(r.phoneMasked)].filter(Boolean).join(' · '),
      passed: e.passed,
      score: e.score,
      done: RESULT_TEXT[result] ?? ''
    }
  })
  const set = (rid: string, patch: Partial<{ passed: boolean | null; score: string }>) =>
    setEntry((old) => ({ ...old, [rid]: { ...(old[rid] ?? { passed: null, score: '' }), ...patch } }))

  const view: EvaluationResultsProps = {
    title: ready?.batch ? evaluationTitle(ready.batch) : '认定考试',
    lines: ready?.batch ? [`考试日期：${formatDate(ready.batch.examOn)}`, '考试结束后录入；合格的考生会自动取得证书，并收到可以申请补贴的消息。'] : [],
    rows,
    busy,
    error,
    onPassed: (rid, passed) => set(rid, { passed }),
    onScore: (rid, score) => set(rid, { score: score.replace(/\D/g, '').slice(0, 3) }),
    onSubmit: async () => {
      const pending = rows.filter((r) => !r.done)
      const results = pending.map((r) => ({ registrationId: r.registrationId, passed: r.passed === true, score: Number(r.score) }))
      if (pending.some((r) => r.passed === null || r.score === '' || Number(r.score) > 100)) return setError('请为每位考生选择合格或不合格，并填写 0–100 的分数')
      setBusy(true)
      setError('')
      try {
        await submitResults(id, results)
        toast('成绩已提交', 'success')
        setEntry({})
        await load()
      } catch (e) {
        setError(messageOf(e))
      } finally {
        setBusy(false)
      }
    }
  }
  return { gate, data, view, onRetry: () => void load() }
}
