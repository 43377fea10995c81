/**
 * Station staff routes on the real server: roles, consent (SMS code / signature), per-item outcomes and
 * replay, the station boundary (another station's sign-up is a 404), the list and its CSV export, the
 * worker's SMS, and the station QR referral on self sign-up.
 */
import { openCourse, readyWorker, startTestServer, HAS_CHINESE, type TestServer } from './helpers'
import { signaturePng, smsLogin, staffLogin, walkIn } from './staff-helpers'

let server: TestServer
let a: { token: string; stationId: string }
let b: { token: string; stationId: string }
const run = Math.floor(Math.random() * 1e6)
let courseId: string
let smallCourse: string

beforeAll(async () => {
  server = await startTestServer()
  a = await staffLogin(server, '13800000002')
  b = await staffLogin(server, '13800000006')
  courseId = await openCourse(server.db, server.today, { seats: 30, skip: 3 })
  smallCourse = await openCourse(server.db, server.today, { seats: 1, skip: 4, schedule: ['weekend'], startInDays: 100 })
})
afterAll(async () => server?.close())

const signup = (token: string, items: unknown[]) => server.post('/api/v1/staff/signups', { items }, { token })
const outbox = async (phone: string) => (await server.get(`/api/v1/dev/sms-outbox?phone=${phone}`)).body.items as { text: string }[]

test('staff see their station; a worker account gets 403 on every staff route; no token is 401', async () => {
  const me = await server.get('/api/v1/staff/me', { token: a.token })
  expect(me.status).toBe(200)
  expect(me.body.station).toMatchObject({ id: a.stationId, regionCode: '140302' })
  expect(me.body.referralPath).toContain(`station=${a.stationId}`)
  expect(me.headers['cache-control']).toBe('no-store')
  const worker = await readyWorker(server, `w${run}`, 1)
  const calls = [
    server.get('/api/v1/staff/me', { token: worker }),
    server.post('/api/v1/staff/consents/sms', { phone: '13912345678' }, { token: worker }),
    server.post('/api/v1/staff/consents/signature', { idempotencyKey: 'k-worker-1', image: await signaturePng() }, { token: worker }),
    signup(worker, [{ idempotencyKey: 'k-worker-2', courseId, worker: walkIn(run, 900), consent: { method: 'sms', code: '123456' } }]),
    server.get('/api/v1/staff/signups', { token: worker }),
    server.get('/api/v1/staff/signups/export', { token: worker })
  ]
  for (const r of await Promise.all(calls)) {
    expect(r.status).toBe(403)
    expect(r.body.code).toBe('FORBIDDEN')
    expect(r.body.message).toMatch(HAS_CHINESE)
  }
  expect((await server.get('/api/v1/staff/me')).status).toBe(401)
})

test('SMS consent: a wrong code is refused (信息有误, nothing enrolled); the right one enrolls, and a replay returns the first outcome', async () => {
  const w = walkIn(run, 1)
  const sent = await server.post('/api/v1/staff/consents/sms', { phone: w.phone }, { token: a.token })
  expect(sent.status).toBe(200)
  expect(sent.body.devCode).toMatch(/^\d{6}$/)
  expect((await outbox(w.phone))[0].text).toContain('服务站工作人员正在帮你报名')
  const wrong = String((Number(sent.body.devCode) + 1) % 1_000_000).padStart(6, '0')
  const refused = await signup(a.token, [{ idempotencyKey: `sms-wrong-${run}`, courseId, worker: w, consent: { method: 'sms', code: wrong } }])
  expect(refused.status).toBe(200)
  expect(refused.body.items[0]).toMatchObject({ outcome: 'invalid', code: 'SMS_CODE_INVALID' })
  expect(refused.body.items[0].message).toMatch(HAS_CHINESE)
  const item = { idempotencyKey: `sms-ok-${run}`, courseId, worker: w, consent: { method: 'sms', code: sent.body.devCode } }
  const ok = await signup(a.token, [item])
  expect(ok.body.items[0]).toMatchObject({ outcome: 'enrolled', idempotencyKey: item.idempotencyKey })
  const again = await signup(a.token, [item])
  expect(again.body.items[0]).toEqual(ok.body.items[0])
  const rows = await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM enrollments WHERE id = $1 AND station_id = $2 AND source = $3', [
    ok.body.items[0].enrollmentId,
    a.stationId,
    'station'
  ])
  expect(rows[0].n).toBe(1)
  // the worker's SMS: once, who / where / which course / how to cancel
  const texts = (await outbox(w.phone)).map((m) => m.text).filter((t) => t.includes('已为你报名'))
  expect(texts).toHaveLength(1)
  expect(texts[0]).toMatch(/阳泉|城区/)
  expect(texts[0]).toContain('取消')
})

test('signature consent: no image → refused; junk bytes → 400; same key → same upload; enrolls', async () => {
  const w = walkIn(run, 2)
  const missing = await signup(a.token, [{ idempotencyKey: `sig-missing-${run}`, courseId, worker: w, consent: { method: 'signature', uploadId: 'sig_doesnotexist' } }])
  expect(missing.body.items[0]).toMatchObject({ outcome: 'invalid', code: 'SIGNATURE_MISSING' })
  const junk = await server.post('/api/v1/staff/consents/signature', { idempotencyKey: `junk-${run}`, image: 'data:image/png;base64,aGVsbG8gd29ybGQ=' }, { token: a.token })
  expect(junk.status).toBe(400)
  expect(junk.body.code).toBe('SIGNATURE_INVALID')
  const image = await signaturePng(3)
  const up1 = await server.post('/api/v1/staff/consents/signature', { idempotencyKey: `sig-${run}`, image }, { token: a.token })
  const up2 = await server.post('/api/v1/staff/consents/signature', { idempotencyKey: `sig-${run}`, image }, { token: a.token })
  expect(up1.status).toBe(201)
  expect(up2.body.uploadId).toBe(up1.body.uploadId)
  // another station's staff cannot use this signature
  const foreign = await signup(b.token, [{ idempotencyKey: `sig-foreign-${run}`, courseId, worker: w, consent: { method: 'signature', uploadId: up1.body.uploadId } }])
  expect(foreign.body.items[0]).toMatchObject({ outcome: 'invalid', code: 'SIGNATURE_MISSING' })
  const ok = await signup(a.token, [{ idempotencyKey: `sig-ok-${run}`, courseId, worker: w, consent: { method: 'signature', uploadId: up1.body.uploadId } }])
  expect(ok.body.items[0].outcome).toBe('enrolled')
  const [consent] = await server.db.query<{ method: string; staff_user_id: string; signature_id: string }>(
    `SELECT c.method, c.staff_user_id, c.signature_id FROM station_signups s JOIN staff_consents c ON c.id = s.consent_id WHERE s.enrollment_id = $1`,
    [ok.body.items[0].enrollmentId]
  )
  expect(consent).toMatchObject({ method: 'signature', signature_id: up1.body.uploadId })
})

test('one batch, every outcome: enrolled, already enrolled, course full, bad ID (with its field); duplicate keys in one batch', async () => {
  const sig = (await server.post('/api/v1/staff/consents/signature', { idempotencyKey: `sig-batch-${run}`, image: await signaturePng(5) }, { token: a.token })).body.uploadId
  const consent = { method: 'signature', uploadId: sig }
  const w1 = walkIn(run, 10)
  const w2 = walkIn(run, 11)
  const res = await signup(a.token, [
    { idempotencyKey: `b1-${run}`, courseId: smallCourse, worker: w1, consent },
    { idempotencyKey: `b2-${run}`, courseId: smallCourse, worker: w1, consent },
    { idempotencyKey: `b3-${run}`, courseId: smallCourse, worker: w2, consent },
    { idempotencyKey: `b4-${run}`, courseId, worker: { ...walkIn(run, 12), idNumber: '140302197803150022' }, consent },
    { idempotencyKey: `b4-${run}`, courseId, worker: walkIn(run, 13), consent },
    { idempotencyKey: `b5-${run}`, courseId: 'crs_nosuchcourse', worker: walkIn(run, 14), consent }
  ])
  expect(res.status).toBe(200)
  expect(res.body.items.map((i: { outcome: string }) => i.outcome)).toEqual(['enrolled', 'already_enrolled', 'course_full', 'invalid', 'invalid', 'invalid'])
  expect(res.body.items[3]).toMatchObject({ field: 'idNumber' })
  expect(res.body.items[3].message).toContain('校验位')
  expect(res.body.items[4].code).toBe('DUPLICATE_KEY_IN_BATCH')
  expect(res.body.items[5].code).toBe('COURSE_NOT_FOUND')
  // the same key for a different worker is not a replay
  const reused = await signup(a.token, [{ idempotencyKey: `b1-${run}`, courseId: smallCourse, worker: w2, consent }])
  expect(reused.body.items[0]).toMatchObject({ outcome: 'invalid', code: 'IDEMPOTENCY_KEY_REUSED' })
  expect((await server.db.query<{ seats_left: number }>('SELECT seats_left FROM courses WHERE id = $1', [smallCourse]))[0].seats_left).toBe(0)
})

test('bad batches are a 400 in Chinese and change nothing', async () => {
  const before = (await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM station_signups'))[0].n
  const item = (k: string) => ({ idempotencyKey: k, courseId, worker: walkIn(run, 20), consent: { method: 'sms', code: '123456' } })
  for (const body of [
    { items: [] },
    { items: Array.from({ length: 51 }, (_, i) => item(`too-many-${run}-${i}`)) },
    { items: [{ ...item(`x-${run}`), consent: { method: 'signature' } }] },
    { items: [{ ...item(`short`) }] },
    { items: [item(`extra-${run}`)], extra: 1 }
  ]) {
    const r = await server.post('/api/v1/staff/signups', body, { token: a.token })
    expect(r.status).toBe(400)
    expect(r.body.message).toMatch(HAS_CHINESE)
  }
  expect((await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM station_signups'))[0].n).toBe(before)
})

test('the station list (per outcome, per course, by name), export as CSV with BOM; another station sees none of it (404)', async () => {
  const list = await server.get(`/api/v1/staff/signups?date=${server.today}`, { token: a.token })
  expect(list.status).toBe(200)
  expect(list.headers['cache-control']).toBe('no-store')
  expect(list.body.counts.enrolled).toBeGreaterThanOrEqual(3)
  expect(list.body.counts.course_full).toBeGreaterThanOrEqual(1)
  expect(list.body.courses.length).toBeGreaterThanOrEqual(2)
  expect(list.text).not.toMatch(/14\d{4}(19|20)\d{10}/)
  expect(list.body.items[0].idNumberMasked).toMatch(/^14\d\d\*+\d{3}[\dX]$/)
  // the course's title (from the catalogue; a made-up course id reads 课程已下架) and who signed up (accounts: the
  // staff phone, masked) on every row
  const titles = new Map(
    (await server.db.query<{ id: string; title: string }>('SELECT id, title FROM courses WHERE id = ANY($1::text[])', [list.body.items.map((i: { courseId: string }) => i.courseId)])).map(
      (c) => [c.id, c.title]
    )
  )
  for (const item of list.body.items) {
    expect({ id: item.id, title: item.courseTitle, staff: item.staffPhoneMasked }).toEqual({ id: item.id, title: titles.get(item.courseId) ?? '（课程已下架）', staff: '138****0002' })
  }
  expect(list.body.courses.map((c: { title: string }) => c.title).sort()).toEqual(
    [...new Set<string>(list.body.items.map((i: { courseId: string }) => i.courseId))].map((id) => titles.get(id) ?? '（课程已下架）').sort()
  )
  expect(list.body.items.some((i: { courseTitle: string }) => i.courseTitle === '（课程已下架）')).toBe(true)
  const byName = await server.get(`/api/v1/staff/signups?date=${server.today}&q=${encodeURIComponent('小二')}`, { token: a.token })
  expect(byName.body.items.length).toBe(list.body.items.length)
  const none = await server.get(`/api/v1/staff/signups?date=${server.today}&q=${encodeURIComponent('不存在的人')}`, { token: a.token })
  expect(none.body.items).toHaveLength(0)
  const bad = await server.get('/api/v1/staff/signups?date=2026-02-31', { token: a.token })
  expect(bad.status).toBe(400)

  const one = list.body.items[0]
  expect((await server.get(`/api/v1/staff/signups/${one.id}`, { token: a.token })).status).toBe(200)
  const other = await server.get(`/api/v1/staff/signups/${one.id}`, { token: b.token })
  expect(other.status).toBe(404)
  expect(other.body.code).toBe('SIGNUP_NOT_FOUND')
  const otherList = await server.get(`/api/v1/staff/signups?date=${server.today}`, { token: b.token })
  expect(otherList.body.items.find((i: { id: string }) => i.id === one.id)).toBeUndefined()

  const csv = await fetch(`${server.base}/api/v1/staff/signups/export?date=${server.today}`, { headers: { authorization: `Bearer ${a.token}` } })
  expect(csv.status).toBe(200)
  expect(csv.headers.get('content-type')).toContain('text/csv')
  expect(csv.headers.get('cache-control')).toBe('no-store')
  const bytes = Buffer.from(await csv.arrayBuffer())
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
  const text = bytes.toString('utf8')
  expect(text).toContain('姓名,身份证号')
  expect(text.split('\r\n').filter(Boolean)).toHaveLength(list.body.items.length + 1)
  const otherCsv = await (await fetch(`${server.base}/api/v1/staff/signups/export?date=${server.today}`, { headers: { authorization: `Bearer ${b.token}` } })).text()
  expect(otherCsv.split('\r\n').filter(Boolean)).toHaveLength(otherList.body.items.length + 1)
  expect(otherList.body.items.length).toBeLessThan(list.body.items.length)
})

test('the walk-in worker logs in with their phone and finds the sign-up in 我的报名', async () => {
  const w = walkIn(run, 30)
  const sig = (await server.post('/api/v1/staff/consents/signature', { idempotencyKey: `sig-walk-${run}`, image: await signaturePng(7) }, { token: a.token })).body.uploadId
  const r = await signup(a.token, [{ idempotencyKey: `walk-${run}`, courseId, worker: w, consent: { method: 'signature', uploadId: sig } }])
  expect(r.body.items[0].outcome).toBe('enrolled')
  const token = await smsLogin(server, w.phone)
  const mine = await server.get('/api/v1/me/enrollments', { token })
  expect(mine.body.items.map((e: { id: string }) => e.id)).toContain(r.body.items[0].enrollmentId)
})

test('station QR referral: a self sign-up through the station counts for it; an unknown station is ignored', async () => {
  const station = await server.get(`/api/v1/stations/${a.stationId}`)
  expect(station.status).toBe(200)
  expect(station.body.name).toMatch(HAS_CHINESE)
  expect((await server.get('/api/v1/stations/stn_nosuch')).status).toBe(404)
  const token = await readyWorker(server, `ref${run}`, 7)
  const r = await server.post('/api/v1/enrollments', { courseId, stationId: a.stationId }, { token, headers: { 'idempotency-key': `ref-${run}-1` } })
  expect(r.status).toBe(201)
  const [row] = await server.db.query<{ station_id: string; source: string }>('SELECT station_id, source FROM enrollments WHERE id = $1', [r.body.id])
  expect(row).toEqual({ station_id: a.stationId, source: 'self' })
  const other = await openCourse(server.db, server.today, { seats: 5, skip: 9, schedule: ['weekday_day'], startInDays: 200 })
  const r2 = await server.post('/api/v1/enrollments', { courseId: other, stationId: 'stn_nosuch' }, { token, headers: { 'idempotency-key': `ref-${run}-2` } })
  expect(r2.status).toBe(201)
})
