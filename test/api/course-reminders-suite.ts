/**
 * 开课提醒 on a real server, shared by the PGlite and PostgreSQL tests: sign up, move the dev clock to the
 * day before the course starts, sweep; exactly one inbox reminder and one course_start subscribe message per
 * enrollment however often the sweep runs; a cancelled enrollment gets nothing.
 */
import { daysBetween } from '../../src/domain/claim-rules'
import { addDaysIso, openCourse, readyWorker, type TestServer } from './helpers'

let keyN = 0
const newKey = () => `crs-rem-${Date.now().toString(36)}-${++keyN}`

export interface ReminderFixture {
  token: string
  enrollmentId: string
  courseId: string
  title: string
}

export async function signUp(server: TestServer, token: string, courseId: string): Promise<string> {
  const res = await server.post('/api/v1/enrollments', { courseId }, { token, headers: { 'idempotency-key': newKey() } })
  if (res.status !== 200 && res.status !== 201) throw new Error(`sign-up → ${res.status} ${res.text}`)
  return res.body.id as string
}

export const reminderInbox = async (server: TestServer, token: string) =>
  ((await server.get('/api/v1/me/inbox?limit=50', { token })).body.items as { kind: string; title: string; body: string; link: string | null }[]).filter(
    (m) => m.kind === 'course_start'
  )

export const courseStartNotifications = async (server: TestServer, token: string) =>
  ((await server.get('/api/v1/dev/notifications', { token })).body.items as { template: string; data: Record<string, string>; page: string | null }[]).filter(
    (n) => n.template === 'course_start'
  )

/**
 * Two workers sign up for a course starting in `startIn` days of the (shared) dev clock, the second cancels;
 * returns the clock's today and what the test needs.
 */
export async function prepare(server: TestServer, names: [string, string], opts: { skip: number; n: number; startIn?: number }) {
  const today = (await server.post('/api/v1/dev/clock', { days: 0 })).body.today as string
  const startIn = opts.startIn ?? 3
  const courseId = await openCourse(server.db, today, { startInDays: startIn, skip: opts.skip, schedule: ['evening'] })
  const [{ title }] = await server.db.query<{ title: string }>('SELECT title FROM courses WHERE id = $1', [courseId])
  const kept = await readyWorker(server, names[0], opts.n)
  const gone = await readyWorker(server, names[1], opts.n + 1)
  const keptId = await signUp(server, kept, courseId)
  const goneId = await signUp(server, gone, courseId)
  const cancel = await server.post(`/api/v1/enrollments/${goneId}/cancel`, undefined, { token: gone })
  if (cancel.status !== 200) throw new Error(`cancel → ${cancel.status} ${cancel.text}`)
  return { today, courseId, title, start: addDaysIso(today, startIn), kept: { token: kept, enrollmentId: keptId }, gone: { token: gone, enrollmentId: goneId } }
}

/** Days the dev clock must move so that its today is the day before `start`. */
export async function daysToEve(server: TestServer, start: string): Promise<number> {
  const today = (await server.post('/api/v1/dev/clock', { days: 0 })).body.today as string
  return daysBetween(today, addDaysIso(start, -1))
}
