/**
 * Two API processes on one PostgreSQL behave like one (DESIGN §5 scale-out): requests alternate
 * between them and see the same SMS limits (per phone, per IP, wrong-code attempts), the same sessions and the
 * same idempotent results; housekeeping runs once across both. X-Forwarded-For changes nothing without
 * TRUST_PROXY (the per-IP limit cannot be dodged by a header).
 */
import { randomBytes } from 'node:crypto'
import { Client } from 'pg'
import { startServer, type RunningServer } from '../support/server'
import { describePostgres, freshDatabase } from '../support/postgres'
import { call, readyWorkerAt } from '../support/http-client'
import { addDaysIso } from './helpers'
import { todayInChina } from '../../src/domain/format'
import { SMS_MAX_PER_IP_PER_HOUR, SMS_MAX_WRONG_ATTEMPTS } from '../../server/accounts/auth'

describePostgres('two instances on one PostgreSQL', () => {
  let db: { url: string; drop: () => Promise<void> }
  let a: RunningServer
  let b: RunningServer
  let turn = 0
  /** alternates A, B, A, B … */
  const next = () => (turn++ % 2 === 0 ? a : b).url

  beforeAll(async () => {
    db = await freshDatabase('zsb_two')
    // one key for both: phone numbers are looked up by HMAC, so the instances must agree on it
    const env = { DATABASE_URL: db.url, DATA_KEY: randomBytes(32).toString('base64'), SEED_COURSES: '300', LOG_LEVEL: 'info' }
    a = await startServer(env, 180_000)
    b = await startServer(env, 180_000)
  }, 400_000)
  afterAll(async () => {
    await a?.stop()
    await b?.stop()
    await db?.drop()
  })

  test('SMS resend window and daily state are shared', async () => {
    const phone = '13700000001'
    const first = await call(a.url, 'POST', '/api/v1/auth/sms/send', { body: { phone } })
    expect(first.status).toBe(200)
    const second = await call(b.url, 'POST', '/api/v1/auth/sms/send', { body: { phone } })
    expect(second.status).toBe(429)
    expect(second.body.code).toBe('SMS_TOO_FREQUENT')
  })

  test('wrong-code attempts count across instances; the code burns after the limit', async () => {
    const phone = '13700000002'
    const sent = await call(b.url, 'POST', '/api/v1/auth/sms/send', { body: { phone } })
    const good = sent.body.devCode as string
    const bad = good === '000000' ? '111111' : '000000'
    const answers: number[] = []
    for (let i = 0; i < SMS_MAX_WRONG_ATTEMPTS; i++) answers.push((await call(next(), 'POST', '/api/v1/auth/sms/verify', { body: { phone, code: bad } })).status)
    expect(answers).toEqual([...Array(SMS_MAX_WRONG_ATTEMPTS - 1).fill(400), 429])
    const late = await call(next(), 'POST', '/api/v1/auth/sms/verify', { body: { phone, code: good } })
    expect(late.status).toBe(400)
    expect(late.body.code).toBe('SMS_CODE_INVALID')
  })

  test('the per-IP limit is shared, and X-Forwarded-For does not dodge it without TRUST_PROXY', async () => {
    // two sends already came from this address in the tests above
    let used = 2
    let last = { status: 0, body: {} as any }
    while (used < SMS_MAX_PER_IP_PER_HOUR) {
      last = await call(next(), 'POST', '/api/v1/auth/sms/send', {
        body: { phone: `1370000${String(100 + used).padStart(4, '0')}` },
        headers: { 'x-forwarded-for': `10.0.0.${used}` }
      })
      expect(last.status).toBe(200)
      used++
    }
    for (const base of [a.url, b.url]) {
      const over = await call(base, 'POST', '/api/v1/auth/sms/send', { body: { phone: `137000${String(9000 + turn++).padStart(5, '0')}` }, headers: { 'x-forwarded-for': '203.0.113.7' } })
      expect(over.status).toBe(429)
      expect(over.body.code).toBe('SMS_IP_LIMIT')
    }
  })

  test('a session made on one instance works on the other; the same Idempotency-Key gives the same result on both', async () => {
    const token = await readyWorkerAt(a.url, 'two-inst', 7)
    expect((await call(b.url, 'GET', '/api/v1/me', { token })).status).toBe(200)
    const pg = new Client({ connectionString: db.url })
    await pg.connect()
    const today = todayInChina()
    const [{ id: courseId }] = (await pg.query('SELECT id FROM courses ORDER BY id LIMIT 1')).rows
    await pg.query('UPDATE courses SET seats_total = 5, seats_left = 5, start_date = $2, end_date = $3, allow_late_join = false WHERE id = $1', [
      courseId,
      addDaysIso(today, 10),
      addDaysIso(today, 30)
    ])
    const key = `two-instances-${Date.now()}`
    const answers = await Promise.all(
      [a, b, a, b].map((s) => call(s.url, 'POST', '/api/v1/enrollments', { token, body: { courseId }, headers: { 'idempotency-key': key } }))
    )
    expect(answers.map((x) => x.status)).toEqual([201, 201, 201, 201])
    for (const x of answers) expect(x.body).toEqual(answers[0].body)
    const other = await call(b.url, 'POST', '/api/v1/enrollments', { token, body: { courseId }, headers: { 'idempotency-key': `${key}-2` } })
    expect(other.status).toBe(409)
    const [{ n, seats }] = (
      await pg.query('SELECT (SELECT count(*)::int FROM enrollments WHERE course_id = $1) AS n, (SELECT seats_left FROM courses WHERE id = $1) AS seats', [courseId])
    ).rows
    await pg.end()
    expect(n).toBe(1)
    expect(seats).toBe(4)
    // logout on one instance ends the session on both
    expect((await call(b.url, 'POST', '/api/v1/auth/logout', { token })).status).toBe(200)
    expect((await call(a.url, 'GET', '/api/v1/me', { token })).status).toBe(401)
  })

  test('housekeeping ran once across the two instances', async () => {
    const runs = (a.output() + b.output()).split('housekeeping purged expired rows').length - 1
    expect(runs).toBe(1)
  })
})
