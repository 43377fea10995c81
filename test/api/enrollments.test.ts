/** Sign-up: idempotency, seats under concurrency, overlap, already enrolled, profile/consent gates, cancel, cross-user access. */
import { loginAs, openCourse, readyWorker, useTestServer } from './helpers'

const server = useTestServer()

let keySeq = 0
const key = () => `test-key-${Date.now()}-${++keySeq}`
const enroll = (token: string, courseId: string, k = key()) =>
  server.post('/api/v1/enrollments', { courseId }, { token, headers: { 'idempotency-key': k } })
const seatsLeft = async (id: string) => (await server.db.query<{ seats_left: number }>('SELECT seats_left FROM courses WHERE id = $1', [id]))[0].seats_left
const count = async (sql: string, params: unknown[]) => (await server.db.query<{ n: number }>(sql, params))[0].n

describe('create', () => {
  test('201 with course summary, nextStep and canCancel; seat taken; audited', async () => {
    const token = await readyWorker(server, 'happy', 1)
    const courseId = await openCourse(server.db, server.today, { seats: 10, skip: 0 })
    const res = await enroll(token, courseId)
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ status: 'registered', cancelledAt: null, canCancel: true, course: { id: courseId, seatsLeft: 9 } })
    expect(res.body.id).toMatch(/^enr_[0-9a-z]+$/)
    expect(res.body.nextStep).toMatch(/等待培训机构确认/)
    expect(res.body.course.description).toBeUndefined()
    expect(await seatsLeft(courseId)).toBe(9)
    expect(await count(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'enrollment.create' AND object_id = $1`, [res.body.id])).toBe(1)
    const mine = await server.get('/api/v1/me/enrollments', { token })
    expect(mine.body.items).toHaveLength(1)
    expect(mine.body.items[0]).toMatchObject({ id: res.body.id, canCancel: true, course: { id: courseId } })
  })

  test('Idempotency-Key: missing or malformed → 400; same key twice → one enrollment, identical response', async () => {
    const token = await readyWorker(server, 'idem', 2)
    const courseId = await openCourse(server.db, server.today, { seats: 10, skip: 1 })
    for (const headers of [{} as Record<string, string>, { 'idempotency-key': 'short' }, { 'idempotency-key': 'x'.repeat(65) }]) {
      const res = await server.post('/api/v1/enrollments', { courseId }, { token, headers })
      expect(res.status).toBe(400)
      expect(res.body.code).toBe('IDEMPOTENCY_KEY_REQUIRED')
    }
    const k = key()
    const first = await enroll(token, courseId, k)
    const second = await enroll(token, courseId, k)
    expect(first.status).toBe(201)
    expect(second.status).toBe(201)
    expect(second.text).toBe(first.text)
    expect(await count('SELECT count(*)::int AS n FROM enrollments WHERE course_id = $1', [courseId])).toBe(1)
    expect(await seatsLeft(courseId)).toBe(9)
    // same key, different body → 422
    const other = await openCourse(server.db, server.today, { seats: 10, skip: 2, schedule: ['weekend'], startInDays: 100 })
    const reused = await enroll(token, other, k)
    expect(reused.status).toBe(422)
    expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED')
    // a new key for the same course → already enrolled
    const dup = await enroll(token, courseId)
    expect(dup.status).toBe(409)
    expect(dup.body.code).toBe('ALREADY_ENROLLED')
    // concurrent retries with one key still make one enrollment
    const k2 = key()
    const burst = await Promise.all([1, 2, 3, 4, 5].map(() => enroll(token, other, k2)))
    expect(new Set(burst.map((r) => r.text)).size).toBe(1)
    expect(burst[0].status).toBe(201)
    expect(await count('SELECT count(*)::int AS n FROM enrollments WHERE course_id = $1', [other])).toBe(1)
  })

  test('50 concurrent sign-ups for 30 seats → exactly 30 enrollments, 20 COURSE_FULL, seats_left 0', async () => {
    const courseId = await openCourse(server.db, server.today, { seats: 30, skip: 5 })
    const tokens: string[] = []
    for (let i = 0; i < 50; i++) tokens.push(await readyWorker(server, `crowd${i}`, 100 + i))
    const results = await Promise.all(tokens.map((t) => enroll(t, courseId)))
    const created = results.filter((r) => r.status === 201)
    const full = results.filter((r) => r.status === 409 && r.body.code === 'COURSE_FULL')
    expect(created).toHaveLength(30)
    expect(full).toHaveLength(20)
    expect(full[0].body.message).toMatch(/名额已满/)
    expect(await seatsLeft(courseId)).toBe(0)
    expect(await count(`SELECT count(*)::int AS n FROM enrollments WHERE course_id = $1 AND status = 'registered'`, [courseId])).toBe(30)
    console.log(`concurrency: ${created.length} enrolled, ${full.length} COURSE_FULL, seats_left ${await seatsLeft(courseId)}`)
  }, 90_000) // 50 workers are made one by one first; beside other jest workers on 2 cores that alone can pass 30 s

  test('overlapping schedule is refused and names the other course; disjoint slots are fine', async () => {
    const token = await readyWorker(server, 'overlap', 3)
    const a = await openCourse(server.db, server.today, { skip: 20, startInDays: 30, lengthDays: 20, schedule: ['evening', 'weekend'] })
    const b = await openCourse(server.db, server.today, { skip: 21, startInDays: 40, lengthDays: 20, schedule: ['weekend'] })
    const c = await openCourse(server.db, server.today, { skip: 22, startInDays: 40, lengthDays: 20, schedule: ['weekday_day'] })
    expect((await enroll(token, a)).status).toBe(201)
    const res = await enroll(token, b)
    expect(res.status).toBe(409)
    expect(res.body.code).toBe('SCHEDULE_OVERLAP')
    const [{ title }] = await server.db.query<{ title: string }>('SELECT title FROM courses WHERE id = $1', [a])
    expect(res.body.message).toContain(title)
    expect(await seatsLeft(b)).toBe(30)
    expect((await enroll(token, c)).status).toBe(201)
  })

  test('started course → 409 COURSE_STARTED unless late join is allowed', async () => {
    const token = await readyWorker(server, 'late', 4)
    const id = await openCourse(server.db, server.today, { skip: 30, startInDays: -2, lengthDays: 30 })
    const res = await enroll(token, id)
    expect(res.status).toBe(409)
    expect(res.body.code).toBe('COURSE_STARTED')
    await server.db.query('UPDATE courses SET allow_late_join = true WHERE id = $1', [id])
    expect((await enroll(token, id)).status).toBe(201)
  })

  test('unknown course → 404; consent and a complete profile are required', async () => {
    const token = await readyWorker(server, 'gates', 5)
    expect((await enroll(token, 'crs_zzzzzz')).status).toBe(404)
    const id = await openCourse(server.db, server.today, { skip: 31 })
    const bare = await loginAs(server, 'gates-bare')
    const noConsent = await enroll(bare, id)
    expect(noConsent.status).toBe(403)
    expect(noConsent.body.code).toBe('CONSENT_REQUIRED')
    await server.post('/api/v1/me/consent', { version: (await server.get('/api/v1/privacy')).body.version }, { token: bare })
    const incomplete = await enroll(bare, id)
    expect(incomplete.status).toBe(422)
    expect(incomplete.body.code).toBe('PROFILE_INCOMPLETE')
    expect(incomplete.body.message).toBe('报名前请先补充：真实姓名、身份证号、手机号、人员类别')
    expect((await enroll(token, id)).status).toBe(201)
    expect((await server.post('/api/v1/enrollments', { courseId: id }, { headers: { 'idempotency-key': key() } })).status).toBe(401)
  })
})

describe('cancel and ownership', () => {
  test('cancel returns the seat; cannot cancel twice', async () => {
    const token = await readyWorker(server, 'cancel', 6)
    const id = await openCourse(server.db, server.today, { seats: 3, skip: 40 })
    const e = (await enroll(token, id)).body
    expect(await seatsLeft(id)).toBe(2)
    const res = await server.post(`/api/v1/enrollments/${e.id}/cancel`, undefined, { token })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ id: e.id, status: 'cancelled', canCancel: false, course: { seatsLeft: 3 } })
    expect(res.body.cancelledAt).not.toBeNull()
    expect(await seatsLeft(id)).toBe(3)
    const again = await server.post(`/api/v1/enrollments/${e.id}/cancel`, undefined, { token })
    expect(again.status).toBe(409)
    expect(again.body.code).toBe('CANNOT_CANCEL')
    expect(await seatsLeft(id)).toBe(3)
    // signing up again after cancelling is allowed
    expect((await enroll(token, id)).status).toBe(201)
  })

  test('a started course cannot be cancelled', async () => {
    const token = await readyWorker(server, 'cancel-late', 7)
    const id = await openCourse(server.db, server.today, { skip: 41 })
    const e = (await enroll(token, id)).body
    await server.db.query(`UPDATE courses SET start_date = $2::date - 1 WHERE id = $1`, [id, server.today])
    const res = await server.post(`/api/v1/enrollments/${e.id}/cancel`, undefined, { token })
    expect(res.status).toBe(409)
    expect(res.body.code).toBe('CANNOT_CANCEL')
  })

  test("user B cannot see or cancel A's enrollment: 404, nothing changes", async () => {
    const a = await readyWorker(server, 'owner-a', 8)
    const b = await readyWorker(server, 'owner-b', 9)
    const id = await openCourse(server.db, server.today, { seats: 5, skip: 42 })
    const e = (await enroll(a, id)).body
    const res = await server.post(`/api/v1/enrollments/${e.id}/cancel`, undefined, { token: b })
    expect(res.status).toBe(404)
    expect(res.body.code).toBe('ENROLLMENT_NOT_FOUND')
    // indistinguishable from an id that does not exist
    const none = await server.post('/api/v1/enrollments/enr_doesnotexist/cancel', undefined, { token: b })
    expect(none.body).toEqual(res.body)
    expect((await server.get('/api/v1/me/enrollments', { token: b })).body.items.map((x: { id: string }) => x.id)).not.toContain(e.id)
    const [row] = await server.db.query<{ status: string }>('SELECT status FROM enrollments WHERE id = $1', [e.id])
    expect(row.status).toBe('registered')
    expect(await seatsLeft(id)).toBe(4)
    // B reusing A's idempotency key gets B's own result, never A's
    const k = 'shared-key-123'
    const ra = await enroll(a, await openCourse(server.db, server.today, { skip: 43, startInDays: 200, schedule: ['weekday_day'] }), k)
    const rb = await enroll(b, id, k)
    expect(ra.status).toBe(201)
    expect(rb.status).toBe(201)
    expect(rb.body.id).not.toBe(ra.body.id)
    expect((await server.post(`/api/v1/enrollments/${e.id}/cancel`)).status).toBe(401)
  })
})
