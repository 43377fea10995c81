/**
 * 已开课 / 名额已满 after an offline sign-up: the staff member moves the same worker to another course on the
 * consent the worker already gave (method 'prior', the refused item's key). The server links the new sign-up
 * to that consent, enrolls exactly once, and refuses a reuse for another worker, another staff member's
 * item, or an item whose refusal was not about the course.
 */
import { addDaysIso, openCourse, startTestServer, type TestServer } from './helpers'
import { signaturePng, staffLogin, walkIn } from './staff-helpers'

let server: TestServer
let a: { token: string; stationId: string }
let b: { token: string; stationId: string }
const run = Math.floor(Math.random() * 1e6)

beforeAll(async () => {
  server = await startTestServer()
  a = await staffLogin(server, '13800000002')
  b = await staffLogin(server, '13800000006')
})
afterAll(async () => server?.close())

const signup = (token: string, items: unknown[]) => server.post('/api/v1/staff/signups', { items }, { token })

test('a course that started before submit: the next course on the same consent, linked, one enrollment', async () => {
  const started = await openCourse(server.db, server.today, { seats: 10, skip: 11 })
  const next = await openCourse(server.db, server.today, { seats: 10, skip: 12, startInDays: 5 })
  const sig = await server.post('/api/v1/staff/consents/signature', { idempotencyKey: `reuse-sig-${run}`, image: await signaturePng(3) }, { token: a.token })
  expect(sig.status).toBe(201)
  // the course starts between the phone's last sync and the submit
  await server.db.query('UPDATE courses SET start_date = $2 WHERE id = $1', [started, addDaysIso(server.today, 0)])
  const worker = walkIn(run, 1)
  const first = await signup(a.token, [{ idempotencyKey: `reuse-1-${run}`, courseId: started, worker, consent: { method: 'signature', uploadId: sig.body.uploadId } }])
  expect(first.body.items[0]).toMatchObject({ outcome: 'invalid', code: 'COURSE_STARTED', message: '这门课已经开课，不能再报名' })

  // another worker cannot ride on it; nor can another staff member
  const other = await signup(a.token, [{ idempotencyKey: `reuse-x-${run}`, courseId: next, worker: walkIn(run, 2), consent: { method: 'prior', signupKey: `reuse-1-${run}` } }])
  expect(other.body.items[0]).toMatchObject({ outcome: 'invalid', code: 'CONSENT_OTHER_WORKER', field: 'consent' })
  const foreign = await signup(b.token, [{ idempotencyKey: `reuse-y-${run}`, courseId: next, worker, consent: { method: 'prior', signupKey: `reuse-1-${run}` } }])
  expect(foreign.body.items[0]).toMatchObject({ outcome: 'invalid', code: 'CONSENT_NOT_FOUND' })

  const again = await signup(a.token, [{ idempotencyKey: `reuse-2-${run}`, courseId: next, worker, consent: { method: 'prior', signupKey: `reuse-1-${run}` } }])
  expect(again.status).toBe(200)
  expect(again.body.items[0]).toMatchObject({ outcome: 'enrolled' })
  // replay: the same answer, still one enrollment
  const replay = await signup(a.token, [{ idempotencyKey: `reuse-2-${run}`, courseId: next, worker, consent: { method: 'prior', signupKey: `reuse-1-${run}` } }])
  expect(replay.body.items[0]).toEqual(again.body.items[0])

  const rows = await server.db.query<{ idempotency_key: string; consent_id: string; consent_from_key: string | null; consent_method: string }>(
    `SELECT idempotency_key, consent_id, consent_from_key, consent_method FROM station_signups WHERE idempotency_key IN ($1, $2) ORDER BY created_at`,
    [`reuse-1-${run}`, `reuse-2-${run}`]
  )
  expect(rows).toHaveLength(2)
  expect(rows[1].consent_id).toBe(rows[0].consent_id)
  expect(rows[1]).toMatchObject({ consent_from_key: `reuse-1-${run}`, consent_method: 'signature' })
  expect(rows[0].consent_from_key).toBeNull()
  const consents = await server.db.query('SELECT id FROM staff_consents WHERE id = $1', [rows[0].consent_id])
  expect(consents).toHaveLength(1)
  const enrolled = await server.db.query(
    `SELECT e.id FROM enrollments e JOIN station_signups s ON s.worker_user_id = e.user_id WHERE s.idempotency_key = $1 AND e.course_id IN ($2, $3)`,
    [`reuse-2-${run}`, started, next]
  )
  expect(enrolled).toHaveLength(1)
  const audit = await server.db.query(`SELECT 1 FROM audit_log WHERE action = 'staff.consent.reuse' AND reason LIKE $1`, [`%reuse-1-${run}%`])
  expect(audit).toHaveLength(1)

  // the station's list for the day shows the worker's final sign-up as 已报名
  const list = await server.get(`/api/v1/staff/signups?date=${server.today}`, { token: a.token })
  expect(list.body.items.filter((i: { courseId: string; outcome: string }) => i.courseId === next && i.outcome === 'enrolled')).toHaveLength(1)
})

test('an item refused for the worker\'s details (no consent recorded) cannot lend its consent', async () => {
  const course = await openCourse(server.db, server.today, { seats: 10, skip: 13 })
  const bad = await signup(a.token, [{ idempotencyKey: `reuse-bad-${run}`, courseId: course, worker: { ...walkIn(run, 3), phone: '123' }, consent: { method: 'sms', code: '000000' } }])
  expect(bad.body.items[0].outcome).toBe('invalid')
  const r = await signup(a.token, [{ idempotencyKey: `reuse-bad2-${run}`, courseId: course, worker: walkIn(run, 3), consent: { method: 'prior', signupKey: `reuse-bad-${run}` } }])
  expect(r.body.items[0]).toMatchObject({ outcome: 'invalid', code: 'CONSENT_NOT_FOUND' })
  const malformed = await signup(a.token, [{ idempotencyKey: `reuse-m-${run}`, courseId: course, worker: walkIn(run, 4), consent: { method: 'prior', signupKey: 'x' } }])
  expect(malformed.status).toBe(400)
})
