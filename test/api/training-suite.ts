/**
 * The training lifecycle on a real server, shared by the PGlite and PostgreSQL tests: the institution role,
 * its courses, 花名册 and class sessions, rotating check-in codes, check-in, 补签, 结业 and the 职业培训补贴 pre-check.
 */
import { grantRole } from '../../server/roles'
import { isWorkingDay } from '../../src/domain/working-days'
import { loginByPhone as smsLogin } from './claims-support'
import { DEMO } from '../support/api'
import { addDaysIso, HAS_CHINESE, loginAs, readyWorker, type TestServer } from './helpers'

export const DEMO_INSTITUTION_PHONE = DEMO.institutionStaff

/** One SMS login per phone and server (the SMS adapter refuses a second code within a minute). */
const tokens = new WeakMap<TestServer, Map<string, string>>()
async function loginByPhone(server: TestServer, phone: string): Promise<string> {
  const mine = tokens.get(server) ?? new Map<string, string>()
  tokens.set(server, mine)
  const token = mine.get(phone) ?? (await smsLogin(server, phone))
  mine.set(phone, token)
  return token
}

/** The demo institution's id and a session token of its staff. */
export async function institutionStaff(server: TestServer): Promise<{ token: string; institutionId: string }> {
  const token = await loginByPhone(server, DEMO_INSTITUTION_PHONE)
  const me = await server.get('/api/v1/institution/me', { token })
  if (me.status !== 200) throw new Error(`institution/me → ${me.status} ${me.text}`)
  return { token, institutionId: me.body.institution.id }
}

export function roleSuite(get: () => TestServer) {
  test('the demo account works for the 阳泉 institution with the most upcoming courses; /institution/me names it, no-store', async () => {
    const server = get()
    const { token, institutionId } = await institutionStaff(server)
    const [busiest] = await server.db.query<{ institution_id: string; name: string }>(
      `SELECT c.institution_id, i.name FROM courses c JOIN institutions i ON i.id = c.institution_id
       WHERE c.region_path @> ARRAY['140300'] AND c.start_date > $1::date
       GROUP BY c.institution_id, i.name ORDER BY count(*) DESC, c.institution_id LIMIT 1`,
      [server.today]
    )
    expect(institutionId).toBe(busiest.institution_id)
    const me = await server.get('/api/v1/institution/me', { token })
    expect(me.body).toEqual({ institution: { id: busiest.institution_id, name: busiest.name } })
    expect(me.headers['cache-control']).toBe('no-store')
    const roles = (await server.get('/api/v1/me', { token })).body.roles
    expect(roles).toEqual([expect.objectContaining({ role: 'institution_staff', institutionId, institutionName: busiest.name })])
  })

  test('workers, station staff, reviewers and admins get 403 in plain Chinese; no session 401', async () => {
    const server = get()
    const tokens = [await loginAs(server, 'ins-plain-worker'), ...(await Promise.all([DEMO.stationStaff, DEMO.reviewer, DEMO.admin].map((p) => loginByPhone(server, p))))]
    for (const token of tokens) {
      const res = await server.get('/api/v1/institution/me', { token })
      expect(res.status).toBe(403)
      expect(res.body).toEqual({ code: 'FORBIDDEN', message: '只有培训机构的工作人员可以做这件事' })
    }
    expect((await server.get('/api/v1/institution/me')).status).toBe(401)
  })
}

let keyN = 0
const idem = () => ({ 'idempotency-key': `trn-${process.pid}-${Date.now().toString(36)}-${++keyN}` })
const at = (iso: string, deltaMs: number) => new Date(Date.parse(iso) + deltaMs).toISOString()

export async function signUp(server: TestServer, token: string, courseId: string): Promise<string> {
  const res = await server.post('/api/v1/enrollments', { courseId }, { token, headers: idem() })
  if (res.status !== 201 && res.status !== 200) throw new Error(`sign-up → ${res.status} ${res.text}`)
  return res.body.id
}

/** Rewrites a course of `institutionId` (the n-th by id) to the given schedule, starting tomorrow (of the dev clock). */
export async function shapeCourse(
  server: TestServer,
  institutionId: string,
  n: number,
  o: { schedule: string[]; mode?: string; lengthDays?: number; seats?: number }
): Promise<{ id: string; startDate: string; endDate: string }> {
  const today = (await server.post('/api/v1/dev/clock', { days: 0 })).body.today as string
  const [row] = await server.db.query<{ id: string }>('SELECT id FROM courses WHERE institution_id = $1 ORDER BY id OFFSET $2 LIMIT 1', [institutionId, n])
  if (!row) throw new Error(`institution ${institutionId} has no course #${n}`)
  const startDate = addDaysIso(today, 1)
  const endDate = addDaysIso(startDate, o.lengthDays ?? 13)
  await server.db.query(
    `UPDATE courses SET mode = $2, schedule = $3, start_date = $4, end_date = $5, seats_total = $6, seats_left = $6, allow_late_join = false WHERE id = $1`,
    [row.id, o.mode ?? 'offline', o.schedule, startDate, endDate, o.seats ?? 40]
  )
  return { id: row.id, startDate, endDate }
}

interface Session {
  id: string
  startsAt: string
  endsAt: string
  slot: string
  attended: number
  open: boolean
}

/**
 * The whole lifecycle in order on one server (the dev clock only moves forward): sessions from schedules,
 * check-in codes, check-in, 补签, the roster, 结业 and the 职业培训补贴 pre-check, with the role and IDOR matrix.
 */
export function lifecycleSuite(get: () => TestServer) {
  let server: TestServer
  let staff: { token: string; institutionId: string }
  let evening: { id: string; startDate: string; endDate: string }
  let sessions: Session[]
  const w: Record<'a' | 'b' | 'd' | 'e' | 'outsider', { token: string; enrollmentId?: string }> = {} as never
  let otherCourse: string
  let otherToken: string

  beforeAll(async () => {
    server = get()
    staff = await institutionStaff(server)
    evening = await shapeCourse(server, staff.institutionId, 0, { schedule: ['evening'] })
    let n = 300
    for (const k of ['a', 'b', 'd', 'e', 'outsider'] as const) w[k] = { token: await readyWorker(server, `trn-${k}-${n}`, n++) }
    for (const k of ['a', 'b', 'd', 'e'] as const) w[k].enrollmentId = await signUp(server, w[k].token, evening.id)
    // another institution and its staff, for the IDOR matrix
    const [other] = await server.db.query<{ id: string; institution_id: string }>(
      'SELECT id, institution_id FROM courses WHERE institution_id <> $1 ORDER BY id LIMIT 1',
      [staff.institutionId]
    )
    otherCourse = other.id
    const granted = await runGrant(server, '13900007777', other.institution_id)
    otherToken = granted
  })

  const list = async (courseId: string, token = staff.token) => (await server.get(`/api/v1/institution/courses/${courseId}/sessions`, { token })).body.items as Session[]

  test('class sessions come from the schedule: evenings on working days 19:00–21:00, weekends 09:00–12:00, online none', async () => {
    sessions = await list(evening.id)
    expect(sessions.length).toBeGreaterThanOrEqual(5)
    for (const s of sessions) {
      expect(s).toMatchObject({ id: expect.stringMatching(/^ses_[0-9a-z]+$/), slot: 'evening', attended: 0, open: false })
      // China time 19:00–21:00 is 11:00–13:00 UTC
      expect(s.startsAt).toMatch(/T11:00:00\.000Z$/)
      expect(s.endsAt).toMatch(/T13:00:00\.000Z$/)
      const day = new Date(Date.parse(s.startsAt) + 8 * 3600_000).toISOString().slice(0, 10)
      expect(day >= evening.startDate && day <= evening.endDate).toBe(true)
      expect(isWorkingDay(day)).toBe(true)
    }
    expect(sessions.map((s) => s.startsAt)).toEqual([...sessions.map((s) => s.startsAt)].sort())
    const weekend = await shapeCourse(server, staff.institutionId, 1, { schedule: ['weekend'], lengthDays: 20 })
    const ws = await list(weekend.id)
    expect(ws.length).toBeGreaterThanOrEqual(4)
    for (const s of ws) {
      expect(s.startsAt).toMatch(/T01:00:00\.000Z$/)
      expect([0, 6]).toContain(new Date(Date.parse(s.startsAt) + 8 * 3600_000).getUTCDay())
    }
    // the schedule changes: the sessions follow (none attended yet, so none kept)
    await server.db.query(`UPDATE courses SET schedule = '{evening,weekend}' WHERE id = $1`, [weekend.id])
    const both = await list(weekend.id)
    expect(both.filter((s) => s.slot === 'weekend').map((s) => s.id)).toEqual(ws.map((s) => s.id))
    expect(both.some((s) => s.slot === 'evening')).toBe(true)
    const online = await shapeCourse(server, staff.institutionId, 2, { schedule: ['evening'], mode: 'online' })
    expect(await list(online.id)).toEqual([])
    // the course list: seatsLeft and started
    const courses = await server.get('/api/v1/institution/courses', { token: staff.token })
    expect(courses.status).toBe(200)
    expect(courses.headers['cache-control']).toBe('no-store')
    const mine = courses.body.items.find((c: { id: string }) => c.id === evening.id)
    expect(mine).toMatchObject({ seatsTotal: 40, seatsLeft: 36, started: false, enrolled: 4, sessions: sessions.length })
    const [{ n }] = await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM courses WHERE institution_id = $1', [staff.institutionId])
    expect(courses.body.items).toHaveLength(n)
  })

  test('check-in codes: only in the window; 6 digits rotating every 30 s, the previous accepted, older → CODE_EXPIRED', async () => {
    const first = sessions[0]
    const early = await server.post(`/api/v1/institution/sessions/${first.id}/checkin-code`, undefined, { token: staff.token })
    expect(early.status).toBe(422)
    expect(early.body).toEqual({ code: 'SESSION_NOT_OPEN', message: '现在不是这节课的签到时间（开课前 30 分钟到下课）' })
    // stand 20 minutes before the start, at the beginning of a 30-second step
    const target = Math.ceil((Date.parse(first.startsAt) - 20 * 60_000) / 30_000) * 30_000 + 1000
    const moved = await server.post('/api/v1/dev/clock', { to: new Date(target).toISOString() })
    expect(moved.status).toBe(200)
    expect(Math.abs(Date.parse(moved.body.now) - target)).toBeLessThan(5000)
    const c1 = await server.post(`/api/v1/institution/sessions/${first.id}/checkin-code`, undefined, { token: staff.token })
    expect(c1.status).toBe(200)
    expect(c1.headers['cache-control']).toBe('no-store')
    expect(c1.body.code).toMatch(/^[0-9]{6}$/)
    expect(c1.body.qrText).toBe(`zsb-checkin:${first.id}:${c1.body.code}`)
    expect(Date.parse(c1.body.expiresAt) - target).toBeGreaterThan(0)
    expect(Date.parse(c1.body.expiresAt) - target).toBeLessThanOrEqual(30_000)
    // asking again within the step gives the same code
    expect((await server.post(`/api/v1/institution/sessions/${first.id}/checkin-code`, undefined, { token: staff.token })).body.code).toBe(c1.body.code)

    // a typed code: checked in, 已签到 1/N; again: the same check-in, nothing doubled
    const ok = await server.post('/api/v1/attendance/checkins', { code: c1.body.code }, { token: w.a.token })
    expect(ok.status).toBe(200)
    expect(ok.body).toMatchObject({ sessionId: first.id, courseId: evening.id, already: false, attendance: { attended: 1, total: sessions.length } })
    const again = await server.post('/api/v1/attendance/checkins', { code: c1.body.code }, { token: w.a.token })
    expect(again.status).toBe(200)
    expect(again.body).toMatchObject({ sessionId: first.id, already: true, checkedInAt: ok.body.checkedInAt, attendance: { attended: 1 } })
    const [{ n }] = await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM attendance WHERE session_id = $1', [first.id])
    expect(n).toBe(1)
    // 我的报名 shows it
    const mine = (await server.get('/api/v1/me/enrollments', { token: w.a.token })).body.items.find((e: { id: string }) => e.id === w.a.enrollmentId)
    expect(mine.attendance).toEqual({ attended: 1, total: sessions.length, rate: Math.round((1 / sessions.length) * 1000) / 1000 })
    expect(mine.status).toBe('in_training')

    // not enrolled → refused; a wrong code → CODE_WRONG
    const outsider = await server.post('/api/v1/attendance/checkins', { code: c1.body.code }, { token: w.outsider.token })
    expect(outsider.status).toBe(403)
    expect(outsider.body).toEqual({ code: 'NOT_ENROLLED', message: '你没有报名这门课，不能签到' })
    const wrongCode = String((Number(c1.body.code) + 1) % 1_000_000).padStart(6, '0')
    const wrong = await server.post('/api/v1/attendance/checkins', { code: wrongCode }, { token: w.b.token })
    expect(wrong.status).toBe(422)
    expect(wrong.body.code).toBe('CODE_WRONG')

    // the next step: a new code; the previous one is still accepted (scanned QR text, far from the venue → flagged)
    await server.post('/api/v1/dev/clock', { to: new Date(target + 30_000).toISOString() })
    const c2 = await server.post(`/api/v1/institution/sessions/${first.id}/checkin-code`, undefined, { token: staff.token })
    expect(c2.body.code).not.toBe(c1.body.code)
    const far = await server.post('/api/v1/attendance/checkins', { code: c1.body.qrText, lat: 39.9, lng: 116.4 }, { token: w.b.token })
    expect(far.status).toBe(200)
    expect(far.body.sessionId).toBe(first.id)
    const [dist] = await server.db.query<{ distance_m: number; far: boolean }>('SELECT distance_m, far FROM attendance WHERE session_id = $1 AND enrollment_id = $2', [first.id, w.b.enrollmentId])
    expect(dist.far).toBe(true)
    expect(dist.distance_m).toBeGreaterThan(100_000)

    // two steps later the first code has expired
    await server.post('/api/v1/dev/clock', { to: new Date(target + 60_000).toISOString() })
    const expired = await server.post('/api/v1/attendance/checkins', { code: c1.body.code }, { token: w.d.token })
    expect(expired.status).toBe(422)
    expect(expired.body).toEqual({ code: 'CODE_EXPIRED', message: '签到码已过期，请输入屏幕上最新的签到码', field: 'code' })
    const c3 = await server.post(`/api/v1/institution/sessions/${first.id}/checkin-code`, undefined, { token: staff.token })
    const near = await server.post('/api/v1/attendance/checkins', { code: c3.body.code }, { token: w.d.token })
    expect(near.status).toBe(200)
    // the session list counts them
    expect((await list(evening.id)).find((s) => s.id === first.id)).toMatchObject({ attended: 3, open: true })
  })

  test('a relative present in class checks in for the worker (X-Act-For), recorded as acted by them', async () => {
    const me = (await server.get('/api/v1/me', { token: w.e.token })).body
    const phone = '13900008888'
    const inv = await server.post('/api/v1/me/proxies', { phone, relation: 'child' }, { token: w.e.token })
    expect(inv.status).toBe(201)
    const relative = await loginByPhone(server, phone)
    const version = (await server.get('/api/v1/privacy')).body.version
    await server.post('/api/v1/me/consent', { version }, { token: relative })
    expect((await server.post('/api/v1/proxies/accept', { code: inv.body.code }, { token: relative })).status).toBe(200)
    const code = (await server.post(`/api/v1/institution/sessions/${sessions[0].id}/checkin-code`, undefined, { token: staff.token })).body.code
    // the relative is not enrolled: for themselves it is refused, for the worker it counts
    expect((await server.post('/api/v1/attendance/checkins', { code }, { token: relative })).status).toBe(403)
    const res = await server.post('/api/v1/attendance/checkins', { code }, { token: relative, headers: { 'x-act-for': me.id } })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ sessionId: sessions[0].id, attendance: { attended: 1 } })
    const [row] = await server.db.query<{ user_id: string; acted_by: string | null }>('SELECT user_id, acted_by FROM attendance WHERE session_id = $1 AND enrollment_id = $2', [
      sessions[0].id,
      w.e.enrollmentId
    ])
    expect(row.user_id).toBe(me.id)
    expect(row.acted_by).toBe((await server.get('/api/v1/me', { token: relative })).body.id)
    const acts = (await server.get('/api/v1/me/proxies/activity', { token: w.e.token })).body
    expect(JSON.stringify(acts)).toContain('签到')
  })

  test('我的课次: a worker lists today’s and the coming sessions of their own enrollments with their check-in state; nobody else’s', async () => {
    const res = await server.get('/api/v1/me/sessions', { token: w.a.token })
    expect(res.status).toBe(200)
    expect(res.headers['cache-control']).toBe('no-store')
    const { items, from, to } = res.body as { items: Array<Record<string, unknown> & { id: string; courseId: string; startsAt: string; endsAt: string }>; from: string; to: string }
    // from today 00:00 China time, two weeks ahead
    expect(new Date(Date.parse(from) + 8 * 3600_000).toISOString().slice(11, 19)).toBe('00:00:00')
    expect(Date.parse(to) - Date.parse(from)).toBe(14 * 86_400_000)
    const mine = items.filter((i) => i.courseId === evening.id)
    const inWindow = sessions.filter((s) => Date.parse(s.endsAt) > Date.parse(from) && Date.parse(s.startsAt) < Date.parse(to))
    expect(mine.map((i) => i.id)).toEqual(inWindow.map((s) => s.id))
    expect(items.every((i) => Date.parse(i.endsAt) > Date.parse(from) && Date.parse(i.startsAt) < Date.parse(to))).toBe(true)
    expect([...items].sort((x, y) => x.startsAt.localeCompare(y.startsAt)).map((i) => i.id)).toEqual(items.map((i) => i.id))
    const [own] = await server.db.query<{ at: Date }>('SELECT at FROM attendance WHERE session_id = $1 AND enrollment_id = $2', [sessions[0].id, w.a.enrollmentId])
    expect(mine[0]).toEqual({
      id: sessions[0].id,
      courseId: evening.id,
      courseTitle: expect.stringMatching(HAS_CHINESE),
      institutionName: expect.stringMatching(HAS_CHINESE),
      startsAt: sessions[0].startsAt,
      endsAt: sessions[0].endsAt,
      slot: 'evening',
      open: true,
      ended: false,
      checkedInAt: new Date(own.at).toISOString(),
      method: 'checkin'
    })
    expect(mine.slice(1).every((i) => i.checkedInAt === null && i.method === null && i.open === false && i.ended === false)).toBe(true)
    // someone enrolled but not checked in sees the same session open and not yet checked in
    const bList = (await server.get('/api/v1/me/sessions', { token: w.b.token })).body.items as typeof items
    expect(bList.find((i) => i.id === sessions[0].id)).toMatchObject({ open: true, checkedInAt: expect.any(String) })
    // a worker not enrolled sees none of this course; no session, no list
    const outsider = (await server.get('/api/v1/me/sessions', { token: w.outsider.token })).body.items as typeof items
    expect(outsider.some((i) => i.courseId === evening.id)).toBe(false)
    expect((await server.get('/api/v1/me/sessions')).status).toBe(401)
    // the relative acting for the worker sees the worker's sessions (as on 我的报名), their own account none
    const me = (await server.get('/api/v1/me', { token: w.e.token })).body
    const relative = await loginByPhone(server, '13900008888')
    const acting = await server.get('/api/v1/me/sessions', { token: relative, headers: { 'x-act-for': me.id } })
    expect(acting.status).toBe(200)
    expect((acting.body.items as typeof items).find((i) => i.id === sessions[0].id)).toMatchObject({ checkedInAt: expect.any(String), method: 'checkin' })
    expect(((await server.get('/api/v1/me/sessions', { token: relative })).body.items as typeof items).some((i) => i.courseId === evening.id)).toBe(false)
  })

  test('bad input: 4xx { code, message } in plain Chinese, nothing recorded', async () => {
    const before = (await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM attendance'))[0].n
    for (const body of [{ code: 'abc' }, { code: '12345' }, {}, { code: '123456', extra: 1 }, { code: '123456', lat: 91, lng: 0 }, { code: '123456', lat: 30 }]) {
      const res = await server.post('/api/v1/attendance/checkins', body, { token: w.e.token })
      expect(res.status).toBe(400)
      expect(res.body.message).toMatch(HAS_CHINESE)
    }
    expect((await server.post('/api/v1/attendance/checkins', { code: '123456' })).status).toBe(401)
    expect((await server.post('/api/v1/institution/sessions/not-a-session/checkin-code', undefined, { token: staff.token })).status).toBe(400)
    const missing = await server.post('/api/v1/institution/sessions/ses_0000000000/checkin-code', undefined, { token: staff.token })
    expect(missing.status).toBe(404)
    expect(missing.body.code).toBe('SESSION_NOT_FOUND')
    const badReason = await server.post(`/api/v1/institution/sessions/${sessions[0].id}/attendance`, { enrollmentId: w.e.enrollmentId, reason: ' ' }, { token: staff.token })
    expect(badReason.status).toBe(400)
    expect((await server.post('/api/v1/dev/clock', { to: '2000-01-01T00:00:00Z' })).body.code).toBe('CLOCK_BACKWARDS')
    expect((await server.post('/api/v1/dev/clock', { days: 1, to: '2099-01-01T00:00:00Z' })).status).toBe(400)
    expect((await server.post('/api/v1/dev/clock', { to: 'tomorrow' })).status).toBe(400)
    expect((await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM attendance'))[0].n).toBe(before)
  })

  test('roles and IDOR: another institution gets 404 on our course, session and enrollment; workers, station staff and reviewers 403', async () => {
    const first = sessions[0]
    const paths: [string, string, unknown?][] = [
      ['GET', `/api/v1/institution/courses/${evening.id}/roster`],
      ['GET', `/api/v1/institution/courses/${evening.id}/sessions`],
      ['POST', `/api/v1/institution/sessions/${first.id}/checkin-code`],
      ['POST', `/api/v1/institution/sessions/${first.id}/attendance`, { enrollmentId: w.e.enrollmentId, reason: '身体不适请假' }],
      ['POST', `/api/v1/institution/enrollments/${w.a.enrollmentId}/complete`]
    ]
    const call = (m: string, p: string, b: unknown, token: string) => (m === 'GET' ? server.get(p, { token }) : server.post(p, b, { token }))
    for (const [m, p, b] of paths) {
      const res = await call(m, p, b, otherToken)
      expect(res.status).toBe(404)
      expect(res.body.message).toMatch(HAS_CHINESE)
    }
    // and ours on theirs
    expect((await server.get(`/api/v1/institution/courses/${otherCourse}/roster`, { token: staff.token })).status).toBe(404)
    expect((await server.get(`/api/v1/institution/courses/${otherCourse}/sessions`, { token: staff.token })).status).toBe(404)
    const others = [w.a.token, ...(await Promise.all([DEMO.stationStaff, DEMO.reviewer, DEMO.shanghaiStationStaff].map((p) => loginByPhone(server, p))))]
    for (const token of others) {
      for (const [m, p, b] of [...paths, ['GET', '/api/v1/institution/courses'] as [string, string]]) {
        const res = await call(m, p, b, token)
        expect(res.status).toBe(403)
        expect(res.body.code).toBe('FORBIDDEN')
      }
    }
    expect((await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM attendance WHERE method = 'manual'`))[0].n).toBe(0)
  })

  test('the roster: masked names and numbers, attendance and far check-ins per worker; no-store', async () => {
    const res = await server.get(`/api/v1/institution/courses/${evening.id}/roster`, { token: staff.token })
    expect(res.status).toBe(200)
    expect(res.headers['cache-control']).toBe('no-store')
    expect(res.body).toMatchObject({ courseId: evening.id, threshold: 0.8, thresholdSource: { document: '地方规定' } })
    expect(res.body.items).toHaveLength(4)
    const byId = new Map(res.body.items.map((i: { enrollmentId: string }) => [i.enrollmentId, i]))
    expect(byId.get(w.a.enrollmentId)).toMatchObject({ maskedName: '张*', status: 'in_training', attendance: { attended: 1 }, farCheckins: 0, canComplete: false })
    expect(byId.get(w.b.enrollmentId)).toMatchObject({ farCheckins: 1, attendance: { attended: 1 } })
    expect(byId.get(w.e.enrollmentId)).toMatchObject({ status: 'in_training', attendance: { attended: 1 } })
    for (const i of res.body.items) {
      expect(i.idNumberMasked).toMatch(/^1403\*+[0-9X]{4}$/)
      expect(i.phoneMasked).toMatch(/^138\*{4}[0-9]{4}$/)
    }
    expect(res.text).not.toMatch(/1403021990010[0-9]{4}/)
    expect(res.text).not.toContain('张三')
  })

  test('补签 with a reason, audited; not before the session starts; 结业 refused below 80 % naming the missing sessions, allowed at 80 %', async () => {
    const last = sessions[sessions.length - 1]
    const future = await server.post(`/api/v1/institution/sessions/${last.id}/attendance`, { enrollmentId: w.e.enrollmentId, reason: '身体不适请假' }, { token: staff.token })
    expect(future.status).toBe(422)
    expect(future.body.code).toBe('SESSION_NOT_STARTED')
    // after the course: every session has started
    await server.post('/api/v1/dev/clock', { to: at(last.endsAt, 3600_000) })
    const total = sessions.length
    const needed = Math.ceil(0.8 * total - 1e-9)
    // A: 补签 for all sessions but the one checked in
    for (const s of sessions.slice(1)) {
      const r = await server.post(`/api/v1/institution/sessions/${s.id}/attendance`, { enrollmentId: w.a.enrollmentId, reason: '设备故障，现场点名确认出勤' }, { token: staff.token })
      expect(r.status).toBe(200)
      expect(r.body.method).toBe('manual')
    }
    // marking a session the worker checked in to changes nothing
    const dup = await server.post(`/api/v1/institution/sessions/${sessions[0].id}/attendance`, { enrollmentId: w.a.enrollmentId, reason: '重复补签' }, { token: staff.token })
    expect(dup.body).toMatchObject({ method: 'checkin', attendance: { attended: total, total } })
    const audits = await server.db.query<{ actor: string; reason: string }>(`SELECT actor, reason FROM audit_log WHERE action = 'attendance.manual' AND object_id = $1`, [w.a.enrollmentId])
    expect(audits).toHaveLength(total - 1)
    expect(audits[0].reason).toContain('设备故障，现场点名确认出勤')

    // E: one short of the threshold → refused, naming how many are missing; one more → allowed
    for (const s of sessions.slice(0, needed - 1)) {
      await server.post(`/api/v1/institution/sessions/${s.id}/attendance`, { enrollmentId: w.e.enrollmentId, reason: '请假后补课' }, { token: staff.token })
    }
    const low = await server.post(`/api/v1/institution/enrollments/${w.e.enrollmentId}/complete`, undefined, { token: staff.token })
    expect(low.status).toBe(422)
    expect(low.body).toEqual({ code: 'ATTENDANCE_TOO_LOW', message: `出勤不够，还差 1 次课才能结业（已签到 ${needed - 1}/${total} 次，需要达到 80%）` })
    const d = await server.post(`/api/v1/institution/enrollments/${w.d.enrollmentId}/complete`, undefined, { token: staff.token })
    expect(d.status).toBe(422)
    expect(d.body.message).toContain(`还差 ${needed - 1} 次课`)
    await server.post(`/api/v1/institution/sessions/${sessions[needed - 1].id}/attendance`, { enrollmentId: w.e.enrollmentId, reason: '请假后补课' }, { token: staff.token })
    const done = await server.post(`/api/v1/institution/enrollments/${w.e.enrollmentId}/complete`, undefined, { token: staff.token })
    expect(done.status).toBe(200)
    expect(done.body).toMatchObject({ enrollmentId: w.e.enrollmentId, status: 'completed', attendance: { attended: needed, total } })
    // completing again answers the same, audited once
    expect((await server.post(`/api/v1/institution/enrollments/${w.e.enrollmentId}/complete`, undefined, { token: staff.token })).body.completedAt).toBe(done.body.completedAt)
    const a = await server.post(`/api/v1/institution/enrollments/${w.a.enrollmentId}/complete`, undefined, { token: staff.token })
    expect(a.status).toBe(200)
    const completions = await server.db.query<{ actor: string }>(`SELECT actor FROM audit_log WHERE action = 'enrollment.complete' AND object_id = ANY($1::text[])`, [[w.a.enrollmentId, w.e.enrollmentId]])
    expect(completions).toHaveLength(2)
    const mine = (await server.get('/api/v1/me/enrollments', { token: w.e.token })).body.items[0]
    expect(mine).toMatchObject({ status: 'completed', completedAt: done.body.completedAt, attendance: { attended: needed, total } })
    // a completed worker can no longer be marked
    const after = await server.post(`/api/v1/institution/sessions/${sessions[total - 1].id}/attendance`, { enrollmentId: w.e.enrollmentId, reason: '请假后补课' }, { token: staff.token })
    expect(after.status).toBe(422)
  })

  test('online courses: 结业 weighs the study hours the institution recorded (audited) against the course’s 学时 at the same threshold', async () => {
    const online = await shapeCourse(server, staff.institutionId, 4, { schedule: ['evening'], mode: 'online' })
    const [{ total_hours: totalHours }] = await server.db.query<{ total_hours: number }>('SELECT total_hours FROM courses WHERE id = $1', [online.id])
    const learner = await readyWorker(server, 'trn-online-340', 340)
    const enrollmentId = await signUp(server, learner, online.id)
    const complete = () => server.post(`/api/v1/institution/enrollments/${enrollmentId}/complete`, undefined, { token: staff.token })
    const record = (body: unknown, token = staff.token, id = enrollmentId) => server.post(`/api/v1/institution/enrollments/${id}/study-hours`, body, { token })
    // no sessions to attend, and no hours yet: refused, saying what to do
    const missing = await complete()
    expect(missing.status).toBe(422)
    expect(missing.body).toEqual({ code: 'STUDY_HOURS_MISSING', message: '这是线上课程，结业前请先录入学员在学习平台上的学习学时' })
    // bad input, the wrong course kind, other institutions and other roles: refused, nothing stored
    for (const body of [{ hours: -1, note: '学习平台导出' }, { hours: 10 }, { hours: 10, note: ' ' }, { hours: totalHours + 1, note: '学习平台导出' }, { hours: 10, note: '学习平台导出', x: 1 }]) {
      const r = await record(body)
      expect(r.status).toBe(400)
      expect(r.body.message).toMatch(HAS_CHINESE)
    }
    expect((await record({ hours: 10, note: '学习平台导出' }, staff.token, w.d.enrollmentId!)).body.code).toBe('NOT_ONLINE_COURSE')
    expect((await record({ hours: 10, note: '学习平台导出' }, otherToken)).status).toBe(404)
    expect((await record({ hours: 10, note: '学习平台导出' }, learner)).status).toBe(403)
    expect((await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM online_study_hours WHERE enrollment_id = $1', [enrollmentId]))[0].n).toBe(0)
    // below the threshold: recorded, but 结业 refused with what is missing
    const half = Math.floor(totalHours * 0.5)
    const low = await record({ hours: half, note: '学习平台导出 第一次' })
    expect(low.status).toBe(200)
    expect(low.headers['cache-control']).toBe('no-store')
    expect(low.body).toMatchObject({ enrollmentId, hours: half, requiredHours: totalHours, threshold: 0.8 })
    const roster = (await server.get(`/api/v1/institution/courses/${online.id}/roster`, { token: staff.token })).body.items as Array<{ enrollmentId: string; canComplete: boolean }>
    expect(roster.find((r) => r.enrollmentId === enrollmentId)?.canComplete).toBe(false)
    const tooLow = await complete()
    expect(tooLow.status).toBe(422)
    expect(tooLow.body.code).toBe('STUDY_HOURS_TOO_LOW')
    expect(tooLow.body.message).toContain(`已学 ${half}/${totalHours} 学时，需要达到 80%`)
    // the platform's later figure reaches 80 %: 结业, audited with what it was measured on
    const enough = Math.ceil(totalHours * 0.8)
    expect((await record({ hours: enough, note: '学习平台导出 第二次' })).status).toBe(200)
    const roster2 = (await server.get(`/api/v1/institution/courses/${online.id}/roster`, { token: staff.token })).body.items as Array<{ enrollmentId: string; canComplete: boolean }>
    expect(roster2.find((r) => r.enrollmentId === enrollmentId)?.canComplete).toBe(true)
    const done = await complete()
    expect(done.status).toBe(200)
    expect(done.body).toMatchObject({ enrollmentId, status: 'completed' })
    const audits = await server.db.query<{ action: string; reason: string }>(
      `SELECT action, reason FROM audit_log WHERE object_id = $1 AND action IN ('study_hours.record', 'enrollment.complete') ORDER BY id`,
      [enrollmentId]
    )
    expect(audits.map((a) => a.action)).toEqual(['study_hours.record', 'study_hours.record', 'enrollment.complete'])
    expect(audits[1].reason).toBe(`${half} → ${enough} of ${totalHours} hours: 学习平台导出 第二次`)
    expect(audits[2].reason).toContain(`online study ${enough}/${totalHours} hours`)
    // once 已结业 the figure is closed
    expect((await record({ hours: totalHours, note: '学习平台导出' })).body.code).toBe('ENROLLMENT_NOT_ACTIVE')
  })

  test('职业培训补贴 pre-check requires 已结业 and cites it', async () => {
    const pre = async (token: string, enrollmentId: string) => {
      const res = await server.post('/api/v1/claims/precheck', { kind: 'training', enrollmentId }, { token })
      expect(res.status).toBe(200)
      return res.body.verdicts.find((v: { rule: string }) => v.rule === 'course_finished')
    }
    const done = await pre(w.a.token, w.a.enrollmentId!)
    expect(done).toMatchObject({ status: 'pass', source: { document: '人社厅发〔2023〕55号', clause: '第十条' } })
    expect(done.message).toMatch(/^培训机构已确认结业（[0-9]{4}-[0-9]{2}-[0-9]{2}）$/)
    // D's course has ended too, but D was not marked 已结业
    const notDone = await pre(w.d.token, w.d.enrollmentId!)
    expect(notDone.status).toBe('fail')
    expect(notDone.message).toContain('还没有结业')
  })

  test('我的数据: the export lists the check-ins with the distance (never a position); deleting the account clears the distance, keeps the record', async () => {
    const x = await server.get('/api/v1/me/data-export', { token: w.b.token })
    expect(x.status).toBe(200)
    expect(x.body.attendance).toEqual([expect.objectContaining({ sessionId: sessions[0].id, courseId: evening.id, method: 'checkin', far: true, distanceM: expect.any(Number) })])
    expect(x.body.enrollments[0].attendance).toMatchObject({ attended: 1, total: sessions.length })
    expect(x.body.whatIsStored.map((i: { key: string }) => i.key)).toContain('attendance')
    expect(x.text).not.toContain('116.4')
    expect((await server.delete('/api/v1/me', { token: w.b.token })).status).toBe(200)
    const rows = await server.db.query<{ distance_m: number | null; far: boolean }>('SELECT distance_m, far FROM attendance WHERE enrollment_id = $1', [w.b.enrollmentId])
    expect(rows).toEqual([{ distance_m: null, far: true }])
  })
}

async function runGrant(server: TestServer, phone: string, institutionId: string): Promise<string> {
  const token = await loginByPhone(server, phone)
  const userId = (await server.get('/api/v1/me', { token })).body.id as string
  await server.db.transaction((tx) => grantRole(tx, { userId, role: 'institution_staff', institutionId, grantedBy: 'test' }))
  return token
}
