/**
 * 职业技能等级认定 for the worker's 工种: the 工种 and region come from the course the worker finished (opened from its
 * detail) or else from the worker's own sign-ups. Sign-up carries an Idempotency-Key kept per batch, so a retry
 * after a lost answer is the same sign-up.
 */
import { useRef, useState } from 'react'
import type { EvaluationBatch, EvaluationRegistration } from '../../../contract'
import type { BatchRow, EvaluationsViewProps, RegistrationRow } from '../../../components/training-views'
import { formatDate, formatYuan } from '../../../domain/format'
import { evaluationParams } from '../../../domain/evaluation'
import { newIdempotencyKey } from '../../../domain/idempotency-key'
import { myEnrollments } from '../../../services/api/enrollments'
import { cancelEvaluation, listEvaluations, myEvaluations, registerForEvaluation } from '../../../services/api/evaluations'
import { messageOf } from '../../../services/http/errors'
import { confirm, getPageParams, go, toast } from '../../../services/platform'
import { useSignedIn } from '../../../hooks/use-gate'

interface Found {
  batches: EvaluationBatch[]
  registrations: EvaluationRegistration[]
  occupationText: string
}

interface Wanted {
  occupation: string
  region: string
  name: string
}

/** Which 工种 to look for: the page's own (from a course detail), else those of the worker's sign-ups, finished ones first. */
async function wantedOccupations(params: Record<string, string>): Promise<Wanted[]> {
  if (params.occupation) return [{ occupation: params.occupation, region: params.region ?? '', name: params.name ?? '' }]
  const list = await myEnrollments()
  const ranked = [...list.items].filter((e) => e.status !== 'cancelled').sort((a, b) => Number(b.status === 'completed') - Number(a.status === 'completed'))
  const seen = new Set<string>()
  const out: Wanted[] = []
  for (const e of ranked) {
    if (seen.has(e.course.occupationCode)) continue
    seen.add(e.course.occupationCode)
    const p = evaluationParams(e.course)
    out.push({ occupation: p.occupation, region: p.region, name: p.name })
  }
  return out
}

const batchTitle = (b: EvaluationBatch) => `${b.occupationName} · ${b.levelLabel}`

function batchLines(b: EvaluationBatch): string[] {
  return [
    `考试：${formatDate(b.examOn)} ${b.examTime}`,
    `地点：${b.address}`,
    `评价机构：${b.evaluator.name}`,
    `考试费：${formatYuan(b.feeYuan, true)}`
  ]
}

function registrationRow(r: EvaluationRegistration): RegistrationRow {
  const lines = [`考试：${formatDate(r.batch.examOn)} ${r.batch.examTime}`, `地点：${r.batch.address}`]
  if (r.score !== null) lines.push(`成绩：${r.score} 分`)
  if (r.certificateNumber) lines.push(`证书编号：${r.certificateNumber}`)
  lines.push(r.nextStep)
  return { id: r.id, title: batchTitle(r.batch), lines, status: r.statusLabel, canCancel: r.canCancel }
}

export function useEvaluations() {
  const [params] = useState(() => getPageParams())
  const [busyId, setBusyId] = useState('')
  const keys = useRef<Record<string, string>>({})
  const { state, reload: load, onLogin, onRetry } = useSignedIn<Found>(async () => {
    const wanted = await wantedOccupations(params)
    const [lists, mine] = await Promise.all([Promise.all(wanted.map((w) => listEvaluations(w.region, w.occupation))), myEvaluations()])
    const batches = lists.flatMap((l) => l.items)
    return { batches, registrations: mine.items, occupationText: wanted.map((w) => w.name).filter(Boolean).join('、') }
  })

  const ready = state.status === 'ready' ? state.data : null
  const registeredIds = new Set((ready?.registrations ?? []).filter((r) => r.status !== 'cancelled').map((r) => r.batch.id))
  const batches: BatchRow[] = (ready?.batches ?? []).map((b) => ({
    id: b.id,
    title: batchTitle(b),
    lines: batchLines(b),
    seatsText: !b.open ? '报名已截止' : b.seatsLeft > 0 ? `余 ${b.seatsLeft} 个名额` : '名额已满',
    full: !b.open || b.seatsLeft <= 0,
    registered: registeredIds.has(b.id)
  }))

  const view: EvaluationsViewProps = {
    occupationText: ready?.occupationText ?? '',
    batches,
    registrations: (ready?.registrations ?? []).map(registrationRow),
    busyId,
    onRegister: async (id) => {
      if (busyId) return
      setBusyId(id)
      keys.current[id] ??= newIdempotencyKey()
      try {
        await registerForEvaluation(id, keys.current[id])
        toast('报名成功', 'success')
      } catch (e) {
        toast(messageOf(e))
      } finally {
        setBusyId('')
      }
      await load()
    },
    onCancel: async (id) => {
      if (!(await confirm('取消考试报名', '确定取消这次认定考试的报名吗？名额会让给别人。', '确认取消', '保留报名'))) return
      try {
        await cancelEvaluation(id)
        toast('已取消报名', 'success')
      } catch (e) {
        toast(messageOf(e))
      }
      await load()
    },
    onFindCourses: () => go('courses')
  }
  return { state, view, onLogin, onRetry }
}
