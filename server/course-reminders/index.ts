/**
 * 开课提醒: the day before a course starts (China date by the server's clock), every worker still enrolled gets
 * an inbox message and, through the Notifier, a subscribe message with the course_start template (WeChat
 * delivers it only if the worker accepted that template at sign-up). Part of the due-work sweep.
 *
 * Exactly once per enrollment: the message is written in the transaction that inserts the enrollment's row in
 * `course_start_reminders`; a second sweep, or another instance sweeping at the same moment, conflicts on the
 * primary key and sends nothing. The enrollment is held against cancellation in that transaction.
 */
import { addDays } from '../../src/domain/working-days'
import { activeEnrollmentsIn, lockEnrollmentIfActive } from '../accounts'
import { coursesStartingOn, type CourseStartFacts } from '../catalog'
import { deliverToInbox } from '../inbox'
import { flushNotifier, queueNotification, type Notifier } from '../adapters'
import type { Db } from '../db'
import type { Clock } from '../clock'
import type { Jobs } from '../jobs'

export interface CourseRemindersContext {
  db: Db
  clock: Clock
  jobs: Jobs
  notifier: Notifier
}

export const courseLink = (courseId: string) => `/pages/course/index?id=${courseId}`

/** 「明天开课：<课程名>，<时间>，<地点>」 */
export function courseStartText(c: CourseStartFacts): string {
  const [, m, d] = c.startDate.split('-').map(Number)
  const when = [`${m}月${d}日`, c.scheduleText].filter(Boolean).join(' ')
  return [`明天开课：${c.title}`, when, c.address].filter(Boolean).join('，')
}

/** Reminds every enrollment in a course starting the day after `today`; returns how many were reminded now. */
export async function sendCourseStartReminders(ctx: CourseRemindersContext, today: string): Promise<number> {
  const courses = await coursesStartingOn(ctx.db, addDays(today, 1))
  if (courses.length === 0) return 0
  const byId = new Map(courses.map((c) => [c.id, c]))
  const enrollments = await activeEnrollmentsIn(
    ctx.db,
    courses.map((c) => c.id)
  )
  let sent = 0
  for (const e of enrollments) {
    const course = byId.get(e.courseId)!
    const done = await ctx.db.transaction(async (tx) => {
      if (!(await lockEnrollmentIfActive(tx, e.id))) return false
      const now = ctx.clock.now()
      const claimed = await tx.query(
        'INSERT INTO course_start_reminders (enrollment_id, user_id, start_date, sent_at) VALUES ($1, $2, $3::date, $4) ON CONFLICT (enrollment_id) DO NOTHING RETURNING enrollment_id',
        [e.id, e.userId, course.startDate, now.toISOString()]
      )
      if (!claimed[0]) return false
      const text = courseStartText(course)
      await deliverToInbox(tx, e.userId, { kind: 'course_start', title: `明天开课：${course.title}`, body: text, link: courseLink(course.id), refType: 'enrollment', refId: e.id }, now)
      await queueNotification(
        tx,
        e.userId,
        { template: 'course_start', data: { thing1: course.title, date2: course.startDate, thing3: course.address || '见课程详情', thing4: course.scheduleText || '见课程详情' }, page: courseLink(course.id) },
        now
      )
      return true
    })
    if (done) sent++
  }
  return sent
}

export function registerCourseReminders(ctx: CourseRemindersContext): void {
  ctx.jobs.registerSweep('courses', async (_now, today) => {
    const courseStart = await sendCourseStartReminders(ctx, today)
    if (courseStart > 0) await flushNotifier(ctx.db, ctx.notifier, ctx.clock.now)
    return { courseStart }
  })
}
