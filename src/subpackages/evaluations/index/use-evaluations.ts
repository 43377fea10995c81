/**
 * 职业技能等级认定 for the worker's 工种: the 工种 and region come from the course the worker finished (opened from its
 * detail) or else from the worker's own sign-ups. Sign-up carries an Idempotency-Key kept per batch, so a retry
 * after a lost answer is the same sign-up.
 */
import { useCallback, useRef, useState } from 'react'
import type { BatchRow, EvaluationsViewProps, RegistrationRow } from '../../../components/training-views'
import { labelOf, SKILL_LEVELS } from '../../../domain/catalog'
import { formatDate } from '../../../domain/format'
import { evaluationParams } from '../../../domain/evaluation'
import { newIdempotencyKey } from '../../../domain/idempotency-key'
import { ensureSession } from '../../../services/api/auth'
import { myEnrollments } from '../../../services/api/enrollments'
import { listEvaluations, myRegistrations, registerForEvaluation, type EvaluationBatch, type MyRegistration } from '../../../services/api/evaluations'
import { isUnauthenticated } from '../../../services/http/authed'
import { messageOf } from '../../../services/http/errors'
import { getPageParams, go, toast, useOnShow } from '../../../services/platform'

type State =
  | { status: 'loading' }
  | { status: 'needLogin' }
  | { status: 'error'; message: string }
  | { status: 'ready'; batches: EvaluationBatch[]; registrations: MyRegistration[]; occupationText: string }

interface Wanted {
  occupation: string
  region: string
  name: string
}

const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '')

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

function batchTitle(b: EvaluationBatch): string {
  const name = str(b.occupationName) || b.occupationCode
  return `${name} · ${labelOf(SKILL_LEVELS, String(b.level))}`
}

function batchLines(b: EvaluationBatch): string[] {
  const lines = [`考试日期：${formatDate(b.examOn)}`]
  const place = str(b.place) || str(b.address)
  if (place) lines.push(`地点：${place}`)
  const evaluator = str(b.evaluatorName) || str((b.evaluator as { name?: unknown } | undefined)?.name)
  if (evaluator) lines.push(`评价机构：${evaluator}`)
  return lines
}

const REGISTRATION_STATUS: Record<string, string> = { registered: '已报名', passed: '已通过', failed: '未通过', cancelled: '已取消' }

function registrationRow(r: MyRegistration): RegistrationRow {
  const batch = (r.evaluation ?? r.batch ?? r) as EvaluationBatch
  const status = str(r.status)
  return {
    id: r.id,
    title: batch.occupationCode ? batchTitle(batch) : '认定考试',
    lines: batch.examOn ? batchLines(batch) : [],
    status: REGISTRATION_STATUS[status] ?? (status || '已报名')
  }
}

const registrationBatchId = (r: MyRegistration) => str(r.evaluationId) || str((r.evaluation as { id?: unknown } | undefined)?.id)

export function useEvaluations() {
  const [params] = useState(() => getPageParams())
  const [state, setState] = useState<State>({ status: 'loading' })
  const [busyId, setBusyId] = useState('')
  const keys = useRef<Record<string, string>>({})
  const loginSent = useRef(false)

  const load = useCallback(async () => {
    try {
      if (!(await ensureSession())) {
        setState({ status: 'needLogin' })
        if (!loginSent.current) {
          loginSent.current = true
          go('login')
        }
        return
      }
      const wanted = await wantedOccupations(params)
      const [lists, mine] = await Promise.all([Promise.all(wanted.map((w) => listEvaluations(w.region, w.occupation))), myRegistrations()])
      const batches = lists.flatMap((l) => l.items)
      setState({ status: 'ready', batches, registrations: mine.items, occupationText: wanted.map((w) => w.name).filter(Boolean).join('、') })
    } catch (e) {
      setState(isUnauthenticated(e) ? { status: 'needLogin' } : { status: 'error', message: messageOf(e) })
    }
  }, [params])

  useOnShow(() => void load())

  const ready = state.status === 'ready' ? state : null
  const registeredIds = new Set((ready?.registrations ?? []).filter((r) => str(r.status) !== 'cancelled').map(registrationBatchId))
  const batches: BatchRow[] = (ready?.batches ?? []).map((b) => ({
    id: b.id,
    title: batchTitle(b),
    lines: batchLines(b),
    seatsText: b.seatsLeft > 0 ? `余 ${b.seatsLeft} 个名额` : '名额已满',
    full: b.seatsLeft <= 0,
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
        await load()
      } catch (e) {
        toast(messageOf(e))
        await load()
      } finally {
        setBusyId('')
      }
    },
    onFindCourses: () => go('courses')
  }
  return { state, view, onLogin: () => go('login'), onRetry: () => void load() }
}
