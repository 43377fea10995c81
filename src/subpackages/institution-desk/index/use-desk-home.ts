/** 机构工作台: the institution's courses (seats left, started or not) and the evaluation batches it marks. */
import { useCallback, useEffect, useState } from 'react'
import type { Loadable } from '../../../components/async'
import type { DeskHomeProps } from '../../../components/training-views'
import { formatDate } from '../../../domain/format'
import type { EvaluationBatch, InstitutionCourse, InstitutionEvaluation } from '../../../contract'
import { institutionCourses, institutionEvaluations } from '../../../services/api/institution-desk'
import { messageOf } from '../../../services/http/errors'
import { go } from '../../../services/platform'
import { useDeskGate } from '../use-desk-gate'

export const evaluationTitle = (e: EvaluationBatch) => `${e.occupationName} · ${e.levelLabel}`

export function useDeskHome() {
  const gate = useDeskGate()
  const [data, setData] = useState<Loadable<{ courses: InstitutionCourse[]; evaluations: InstitutionEvaluation[] }>>({ status: 'loading' })
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
      lines: [`${formatDate(c.startDate)} 至 ${formatDate(c.endDate)}`, `已报名 ${c.enrolled} 人 · ${c.sessions > 0 ? `共 ${c.sessions} 节课` : '线上课程，不用签到'}`],
      seatsText: c.seatsLeft > 0 ? `余 ${c.seatsLeft} 个名额` : '名额已满',
      startedText: c.started ? '已开课' : '未开课'
    })),
    evaluations: (ready?.evaluations ?? []).map((e) => ({
      id: e.id,
      title: evaluationTitle(e),
      lines: [`考试：${formatDate(e.examOn)} ${e.examTime}`, `已报名 ${e.registeredCount} 人 · 共 ${e.seatsTotal} 个名额`, e.canEnterResults ? '可以录入成绩' : '考试当天起可以录入成绩']
    })),
    onOpenCourse: (id) => go('deskCourse', { id, title: ready?.courses.find((c) => c.id === id)?.title ?? '' }),
    onOpenEvaluation: (id) => go('deskEvaluation', { id })
  }
  return { gate, data, view, onRetry: () => void load() }
}
