/** 机构工作台: the institution's courses (seats left, started or not) and the evaluation batches it marks. */
import { useCallback, useEffect, useState } from 'react'
import type { Loadable } from '../../../components/async'
import type { DeskHomeProps } from '../../../components/training-views'
import { labelOf, SKILL_LEVELS } from '../../../domain/catalog'
import { formatDate } from '../../../domain/format'
import { institutionCourses, institutionEvaluations, type DeskCourse, type DeskEvaluation } from '../../../services/api/institution-desk'
import { messageOf } from '../../../services/http/errors'
import { go } from '../../../services/platform'
import { useDeskGate } from '../use-desk-gate'

const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '')

export function evaluationTitle(e: DeskEvaluation): string {
  return `${str(e.occupationName) || e.occupationCode} · ${labelOf(SKILL_LEVELS, String(e.level))}`
}

export function useDeskHome() {
  const gate = useDeskGate()
  const [data, setData] = useState<Loadable<{ courses: DeskCourse[]; evaluations: DeskEvaluation[] }>>({ status: 'loading' })
  const load = useCallback(async () => {
    try {
      const [courses, evaluations] = await Promise.all([institutionCourses(), institutionEvaluations()])
      setData({ status: 'ready', data: { courses: courses.items, evaluations: evaluations.items } })
    } catch (e) {
      setData({ status: 'error', message: messageOf(e) })
    }
  }, [])
  useEffect(() => {
    if (gate.gate === 'ready') void load()
  }, [gate.gate, load])

  const ready = data.status === 'ready' ? data.data : null
  const view: DeskHomeProps = {
    institutionName: gate.institution.name,
    courses: (ready?.courses ?? []).map((c) => ({
      id: c.id,
      title: c.title,
      lines: [`${formatDate(c.startDate)} 至 ${formatDate(c.endDate)}`],
      seatsText: c.seatsLeft > 0 ? `余 ${c.seatsLeft} 个名额` : '名额已满',
      startedText: c.started ? '已开课' : '未开课'
    })),
    evaluations: (ready?.evaluations ?? []).map((e) => ({
      id: e.id,
      title: evaluationTitle(e),
      lines: [`考试日期：${formatDate(e.examOn)}`, ...(str(e.place) ? [`地点：${str(e.place)}`] : [])]
    })),
    onOpenCourse: (id) => go('deskCourse', { id }),
    onOpenEvaluation: (id) => go('deskEvaluation', { id })
  }
  return { gate, data, view, onRetry: () => void load() }
}
