/**
 * 职业技能等级认定 on a real server, shared by the PGlite and PostgreSQL tests: the listing, sign-up with
 * Idempotency-Key, the already-certified refusal, the seat race, cancel, 考前提醒, and the evaluator's side —
 * results after the exam → certificate in the registry → 一键查询 imports it verified → the pre-check offers
 * 职业技能评价补贴 — with roles (other roles 403, another institution's batch 404) and bad input.
 * Tests run in order on one server: the later ones move the shared development clock forward.
 */
import { addDaysIso, loginAs, readyWorker, validIdNumber, HAS_CHINESE, type TestServer } from './helpers'
import { DEMO_HOLDER } from '../../server/certificates/seed'

let keyN = 0
const newKey = () => `evl-${Date.now().toString(36)}-${++keyN}`

/** A batch of the given institution examined `inDays` from the clock's today (a test fixture, like openCourse). */
export async function fixtureBatch(
  server: TestServer,
  opts: { id: string; institutionId: string; occupationCode: string; occupationName: string; level: string; examOn: string; seats: number; regionCode?: string }
): Promise<string> {
  await server.db.query(
    `INSERT INTO evaluation_batches (id, occupation_code, occupation_name, level, exam_on, exam_time, address, region_code, seats_total, seats_left, fee_yuan, institution_id)
     VALUES ($1, $2, $3, $4, $5::date, '09:00 理论，13:30 实操', '测试考点', $6, $7, $7, 0, $8)`,
    [opts.id, opts.occupationCode, opts.occupationName, opts.level, opts.examOn, opts.regionCode ?? '140302', opts.seats, opts.institutionId]
  )
  return opts.id
}

export const clockToday = async (server: TestServer): Promise<string> => (await server.post('/api/v1/dev/clock', { days: 0 })).body.today as string

export const EVALUATOR_PHONE = '13800000007'

const evaluators = new WeakMap<TestServer, Promise<{ token: string; id: string }>>()

/** The institution the development institution account (13800000007) works for (signed in once per server: SMS codes are rate-limited). */
export function demoEvaluator(server: TestServer): Promise<{ token: string; id: string }> {
  const known = evaluators.get(server)
  if (known) return known
  const signIn = (async () => {
    const token = await smsLogin(server, EVALUATOR_PHONE)
    const me = await server.get('/api/v1/institution/me', { token })
    if (me.status !== 200) throw new Error(`institution/me → ${me.status} ${me.text}`)
    return { token, id: me.body.institution.id as string }
  })()
  evaluators.set(server, signIn)
  return signIn
}

export async function smsLogin(server: TestServer, phone: string): Promise<string> {
  const sent = await server.post('/api/v1/auth/sms/send', { phone })
  if (sent.status !== 200) throw new Error(`sms send ${phone} → ${sent.status} ${sent.text}`)
  const res = await server.post('/api/v1/auth/sms/verify', { phone, code: sent.body.devCode })
  if (res.status !== 200) throw new Error(`sms verify ${phone} → ${res.status} ${res.text}`)
  return res.body.token as string
}

const signUp = (server: TestServer, token: string, batchId: string, key = newKey()) =>
  server.post(`/api/v1/evaluations/${batchId}/registrations`, undefined, { token, headers: { 'idempotency-key': key } })

const seatsLeft = async (server: TestServer, id: string) => (await server.get(`/api/v1/evaluations/${id}`)).body.seatsLeft as number

export function evaluationWorkerTests(getServer: () => TestServer): void {
  let server: TestServer
  let today: string
  let evaluatorId: string
  beforeAll(async () => {
    server = getServer()
    today = await clockToday(server)
    evaluatorId = (await demoEvaluator(server)).id
  })

  test('listing: 阳泉 and 上海 batches, by city and 工种; the demo evaluator examines a 阳泉 batch; development carries evaluatorPhone', async () => {
    const yq = await server.get('/api/v1/evaluations?region=140302')
    expect(yq.status).toBe(200)
    expect(yq.body.items.length).toBeGreaterThanOrEqual(3)
    for (const b of yq.body.items) {
      expect(b.regionCode.startsWith('1403')).toBe(true)
      expect(b).toEqual(expect.objectContaining({ id: expect.stringMatching(/^evb_/), occupationCode: expect.any(String), level: expect.any(String), examOn: expect.any(String), seatsLeft: expect.any(Number) }))
      expect(b.examOn >= today).toBe(true)
    }
    const demo = yq.body.items.filter((b: { evaluator: { id: string } }) => b.evaluator.id === evaluatorId)
    expect(demo.length).toBeGreaterThanOrEqual(1)
    for (const b of yq.body.items) expect(b.evaluatorPhone).toBe(b.evaluator.id === evaluatorId ? EVALUATOR_PHONE : undefined)
    const sh = await server.get('/api/v1/evaluations?region=310000')
    expect(sh.body.items.length).toBeGreaterThanOrEqual(2)
    expect(sh.body.items.every((b: { regionCode: string }) => b.regionCode.startsWith('31'))).toBe(true)
    const occ = yq.body.items[0].occupationCode
    const byOcc = await server.get(`/api/v1/evaluations?occupation=${occ}`)
    expect(byOcc.body.items.length).toBeGreaterThanOrEqual(1)
    expect(byOcc.body.items.every((b: { occupationCode: string }) => b.occupationCode === occ)).toBe(true)
  })

  test('bad listing input: 400 { code, message } in Chinese', async () => {
    for (const q of ['region=abc', 'occupation=焊工', 'foo=1', 'region=1403021']) {
      const res = await server.get(`/api/v1/evaluations?${q}`)
      expect(res.status).toBe(400)
      expect(res.body.code).toEqual(expect.any(String))
      expect(res.body.message).toMatch(HAS_CHINESE)
    }
    expect((await server.get('/api/v1/evaluations/evb_nothere')).status).toBe(404)
    expect((await server.get('/api/v1/evaluations/nope')).status).toBe(400)
  })

  test('sign-up: 201 once per key (the retry replays it, one seat taken); then my list; cancel gives the seat back', async () => {
    const id = await fixtureBatch(server, { id: 'evb_t01', institutionId: evaluatorId, occupationCode: '4-10-01-06', occupationName: '家政服务员', level: '5', examOn: addDaysIso(today, 10), seats: 5 })
    const token = await readyWorker(server, 'evl-signup', 401)
    const noKey = await server.post(`/api/v1/evaluations/${id}/registrations`, undefined, { token })
    expect(noKey.status).toBe(400)
    expect(noKey.body.code).toBe('IDEMPOTENCY_KEY_REQUIRED')
    expect((await server.post(`/api/v1/evaluations/${id}/registrations`)).status).toBe(401)
    const key = newKey()
    const first = await signUp(server, token, id, key)
    expect(first.status).toBe(201)
    expect(first.headers['cache-control']).toContain('no-store')
    expect(first.body).toEqual(expect.objectContaining({ status: 'registered', statusLabel: '已报名', canCancel: true, certificateNumber: null }))
    const again = await signUp(server, token, id, key)
    expect(again.status).toBe(201)
    expect(again.body.id).toBe(first.body.id)
    expect(await seatsLeft(server, id)).toBe(4)
    const other = await signUp(server, token, id)
    expect(other.status).toBe(409)
    expect(other.body.code).toBe('ALREADY_REGISTERED')
    expect(other.body.message).toMatch(HAS_CHINESE)
    // the same key for another batch: refused, nothing taken
    const reused = await signUp(server, token, 'evb_yq01', key)
    expect(reused.status).toBe(422)
    expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED')
    const mine = await server.get('/api/v1/me/evaluations', { token })
    expect(mine.status).toBe(200)
    expect(mine.body.items.map((r: { id: string }) => r.id)).toEqual([first.body.id])
    expect(mine.body.items[0].batch.id).toBe(id)
    const cancel = await server.post(`/api/v1/me/evaluations/${first.body.id}/cancel`, undefined, { token })
    expect(cancel.status).toBe(200)
    expect(cancel.body.status).toBe('cancelled')
    expect(await seatsLeft(server, id)).toBe(5)
    const twice = await server.post(`/api/v1/me/evaluations/${first.body.id}/cancel`, undefined, { token })
    expect(twice.status).toBe(409)
    // someone else's registration is not found
    const stranger = await readyWorker(server, 'evl-stranger', 402)
    expect((await server.post(`/api/v1/me/evaluations/${first.body.id}/cancel`, undefined, { token: stranger })).status).toBe(404)
    // signed up again after cancelling
    expect((await signUp(server, token, id)).status).toBe(201)
    expect((await signUp(server, token, 'evb_nothere')).status).toBe(404)
  })

  test('sign-up needs the real name and ID number (the certificate is issued to them)', async () => {
    const token = await loginAs(server, 'evl-noprofile')
    const version = (await server.get('/api/v1/privacy')).body.version
    await server.post('/api/v1/me/consent', { version }, { token })
    const res = await signUp(server, token, 'evb_t01')
    expect(res.status).toBe(422)
    expect(res.body.code).toBe('PROFILE_INCOMPLETE')
    expect(await seatsLeft(server, 'evb_t01')).toBe(4)
  })

  test('refused when the worker already holds that level or higher of the same 工种 (their certificates)', async () => {
    const token = await loginAs(server, 'evl-holder')
    const version = (await server.get('/api/v1/privacy')).body.version
    await server.post('/api/v1/me/consent', { version }, { token })
    expect((await server.put('/api/v1/me/profile', { realName: DEMO_HOLDER.realName, idNumber: DEMO_HOLDER.idNumber, phone: '13800000431' }, { token })).status).toBe(200)
    expect((await server.post('/api/v1/me/certificates/lookup', undefined, { token })).status).toBe(200)
    // the demo holder has 育婴员 四级 and 五级
    const base = { institutionId: evaluatorId, occupationCode: '4-10-01-02', occupationName: '育婴员', examOn: addDaysIso(today, 12), seats: 10 }
    const five = await fixtureBatch(server, { ...base, id: 'evb_t05', level: '5' })
    const four = await fixtureBatch(server, { ...base, id: 'evb_t04', level: '4' })
    const three = await fixtureBatch(server, { ...base, id: 'evb_t03', level: '3' })
    for (const id of [five, four]) {
      const res = await signUp(server, token, id)
      expect(res.status).toBe(409)
      expect(res.body.code).toBe('ALREADY_CERTIFIED')
      expect(res.body.message).toContain('育婴员')
      expect(await seatsLeft(server, id)).toBe(10)
    }
    expect((await signUp(server, token, three)).status).toBe(201)
  })

  test('race: 50 workers for 30 seats → exactly 30 registered, the rest told it is full', async () => {
    const id = await fixtureBatch(server, { id: 'evb_race', institutionId: evaluatorId, occupationCode: '4-10-01-05', occupationName: '养老护理员', level: '5', examOn: addDaysIso(today, 15), seats: 30 })
    const tokens: string[] = []
    for (let i = 0; i < 50; i++) tokens.push(await readyWorker(server, `evl-race-${i}`, 500 + i))
    const results = await Promise.all(tokens.map((t) => signUp(server, t, id)))
    const statuses = results.map((r) => r.status)
    expect(statuses.filter((s) => s === 201)).toHaveLength(30)
    expect(statuses.filter((s) => s === 409)).toHaveLength(20)
    expect(results.filter((r) => r.status === 409).every((r) => r.body.code === 'EVALUATION_FULL')).toBe(true)
    expect(await seatsLeft(server, id)).toBe(0)
    const [{ n }] = await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM evaluation_registrations WHERE batch_id = $1 AND status = 'registered'`, [id])
    expect(n).toBe(30)
  }, 180_000)
}

export function evaluationReminderTests(getServer: () => TestServer): void {
  test('考前提醒: the day before the exam, one inbox message and one subscribe message, however often the sweep runs', async () => {
    const server = getServer()
    const today = await clockToday(server)
    const evaluator = await demoEvaluator(server)
    const id = await fixtureBatch(server, { id: 'evb_rem', institutionId: evaluator.id, occupationCode: '4-03-02-01', occupationName: '中式烹调师', level: '5', examOn: addDaysIso(today, 3), seats: 5 })
    const kept = await readyWorker(server, 'evl-rem-kept', 701)
    const gone = await readyWorker(server, 'evl-rem-gone', 702)
    expect((await signUp(server, kept, id)).status).toBe(201)
    const g = await signUp(server, gone, id)
    expect((await server.post(`/api/v1/me/evaluations/${g.body.id}/cancel`, undefined, { token: gone })).status).toBe(200)
    const inbox = async (token: string) =>
      ((await server.get('/api/v1/me/inbox?limit=50', { token })).body.items as { kind: string; title: string }[]).filter((m) => m.kind === 'exam_reminder')
    const pushes = async (token: string) =>
      ((await server.get('/api/v1/dev/notifications', { token })).body.items as { template: string; data: Record<string, string> }[]).filter((n) => n.template === 'exam_reminder')
    await server.post('/api/v1/dev/clock', { days: 1 })
    expect(await inbox(kept)).toEqual([])
    await server.post('/api/v1/dev/clock', { days: 1 })
    await server.app.jobs.runDueWork()
    await server.post('/api/v1/dev/clock', { days: 0 })
    const msgs = await inbox(kept)
    expect(msgs).toHaveLength(1)
    expect(msgs[0].title).toBe('明天考试：中式烹调师 五级/初级工')
    const sent = await pushes(kept)
    expect(sent).toHaveLength(1)
    expect(sent[0].data.date2).toBe(addDaysIso(today, 3))
    expect(await inbox(gone)).toEqual([])
    expect(await pushes(gone)).toEqual([])
    // sign-up and cancel close at the end of the day before the exam
    await server.post('/api/v1/dev/clock', { days: 1 })
    expect(await inbox(kept)).toHaveLength(1)
    const late = await readyWorker(server, 'evl-rem-late', 703)
    const closed = await signUp(server, late, id)
    expect(closed.status).toBe(409)
    expect(closed.body.code).toBe('REGISTRATION_CLOSED')
    const mine = (await server.get('/api/v1/me/evaluations', { token: kept })).body.items[0]
    expect(mine.canCancel).toBe(false)
    expect((await server.post(`/api/v1/me/evaluations/${mine.id}/cancel`, undefined, { token: kept })).status).toBe(409)
  })
}

/** The identity of a worker who will pass (fresh per engine run: the registry is per database). */
export const PASSING_WORKER = { realName: '赵小满', idNumber: validIdNumber('14030219920315002') }

/** A worker ready to sign up, with the given identity and 户籍地 (the office of an evaluation subsidy claim). */
async function identifiedWorker(server: TestServer, name: string, who: { realName: string; idNumber: string }, phone: string): Promise<string> {
  const token = await loginAs(server, name)
  const version = (await server.get('/api/v1/privacy')).body.version
  await server.post('/api/v1/me/consent', { version }, { token })
  const p = await server.put('/api/v1/me/profile', { ...who, phone, homeRegion: '140302', groups: ['rural_migrant'] }, { token })
  if (p.status !== 200) throw new Error(`profile → ${p.status} ${p.text}`)
  return token
}

export function evaluatorTests(getServer: () => TestServer): void {
  const T: Record<string, string> = {}
  let server: TestServer
  let batchId: string
  let examOn: string
  beforeAll(async () => {
    server = getServer()
    const today = await clockToday(server)
    const evaluator = await demoEvaluator(server)
    T.staff = evaluator.token
    T.institutionId = evaluator.id
    examOn = addDaysIso(today, 2)
    batchId = await fixtureBatch(server, { id: 'evb_res', institutionId: evaluator.id, occupationCode: '4-10-01-05', occupationName: '养老护理员', level: '4', examOn, seats: 10 })
    T.pass = await identifiedWorker(server, 'evl-pass', PASSING_WORKER, '13900000801')
    T.fail = await identifiedWorker(server, 'evl-fail', { realName: '钱多多', idNumber: validIdNumber('14030219880620004') }, '13900000802')
    T.quit = await readyWorker(server, 'evl-quit', 803)
    for (const k of ['pass', 'fail', 'quit']) {
      const r = await signUp(server, T[k], batchId)
      if (r.status !== 201) throw new Error(`sign-up ${k} → ${r.status} ${r.text}`)
      T[`${k}Reg`] = r.body.id
    }
    await server.post(`/api/v1/me/evaluations/${T.quitReg}/cancel`, undefined, { token: T.quit })
    T.station = await smsLogin(server, '13800000002')
    T.reviewer = await smsLogin(server, '13800000001')
  }, 120_000)

  test('the institution sees its batches and who registered, masked; another institution\'s batch is 404', async () => {
    const list = await server.get('/api/v1/institution/evaluations', { token: T.staff })
    expect(list.status).toBe(200)
    expect(list.headers['cache-control']).toContain('no-store')
    expect(list.body.items.every((b: { evaluator: { id: string } }) => b.evaluator.id === T.institutionId)).toBe(true)
    const one = await server.get(`/api/v1/institution/evaluations/${batchId}`, { token: T.staff })
    expect(one.status).toBe(200)
    expect(one.body.registeredCount).toBe(2)
    expect(one.body.canEnterResults).toBe(false)
    const pass = one.body.candidates.find((c: { registrationId: string }) => c.registrationId === T.passReg)
    expect(pass).toEqual(expect.objectContaining({ nameMasked: '赵*满', status: 'registered', phoneMasked: '139****0801' }))
    expect(pass.idNumberMasked).toMatch(/^1403\*{10}[0-9]{3}[0-9X]$/)
    expect(one.text).not.toContain(PASSING_WORKER.idNumber)
    expect(one.text).not.toContain(PASSING_WORKER.realName)
    const otherBatch = (await server.get('/api/v1/evaluations?region=140300')).body.items.find((b: { evaluator: { id: string } }) => b.evaluator.id !== T.institutionId)
    expect(otherBatch).toBeDefined()
    const other = await server.get(`/api/v1/institution/evaluations/${otherBatch.id}`, { token: T.staff })
    expect(other.status).toBe(404)
    expect(other.body.message).toMatch(HAS_CHINESE)
    const otherResults = await server.post(`/api/v1/institution/evaluations/${otherBatch.id}/results`, { results: [{ registrationId: T.passReg, passed: true, score: 90 }] }, { token: T.staff })
    expect(otherResults.status).toBe(404)
  })

  test('station staff, reviewers and workers get 403 on the institution routes; no session 401', async () => {
    const body = { results: [{ registrationId: T.passReg, passed: true, score: 90 }] }
    for (const token of [T.station, T.reviewer, T.pass]) {
      for (const res of [
        await server.get('/api/v1/institution/evaluations', { token }),
        await server.get(`/api/v1/institution/evaluations/${batchId}`, { token }),
        await server.post(`/api/v1/institution/evaluations/${batchId}/results`, body, { token })
      ]) {
        expect(res.status).toBe(403)
        expect(res.body.message).toMatch(HAS_CHINESE)
      }
    }
    expect((await server.get('/api/v1/institution/evaluations')).status).toBe(401)
  })

  test('bad results: 4xx { code, message } in Chinese, nothing recorded', async () => {
    const post = (body: unknown) => server.post(`/api/v1/institution/evaluations/${batchId}/results`, body, { token: T.staff })
    const cases: [unknown, number][] = [
      [{ results: [] }, 400],
      [{ results: [{ registrationId: T.passReg, passed: true, score: 101 }] }, 400],
      [{ results: [{ registrationId: T.passReg, passed: true, score: 45 }] }, 400],
      [{ results: [{ registrationId: 'x', passed: true, score: 80 }] }, 400],
      [{ results: [{ registrationId: T.passReg, passed: true, score: 80 }, { registrationId: T.passReg, passed: false, score: 30 }] }, 400],
      [{ results: [{ registrationId: T.passReg, passed: 'yes', score: 80 }], extra: 1 }, 400],
      // before the exam day
      [{ results: [{ registrationId: T.passReg, passed: true, score: 80 }] }, 409]
    ]
    for (const [body, status] of cases) {
      const res = await post(body)
      expect(res.status).toBe(status)
      expect(res.body.code).toEqual(expect.any(String))
      expect(res.body.message).toMatch(HAS_CHINESE)
    }
    const [{ n }] = await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM evaluation_registrations WHERE batch_id = $1 AND result_at IS NOT NULL`, [batchId])
    expect(n).toBe(0)
  })

  test('after the exam: a pass is issued into the registry, 一键查询 imports it verified, the pre-check offers 评价补贴', async () => {
    const today = await clockToday(server)
    await server.post('/api/v1/dev/clock', { days: Math.round((Date.parse(examOn) - Date.parse(today)) / 86_400_000) })
    const post = (body: unknown) => server.post(`/api/v1/institution/evaluations/${batchId}/results`, body, { token: T.staff })
    // an unknown registration spoils the whole request: nothing recorded
    const unknown = await post({ results: [{ registrationId: T.passReg, passed: true, score: 86 }, { registrationId: 'evr_nothere', passed: false, score: 20 }] })
    expect(unknown.status).toBe(404)
    const cancelled = await post({ results: [{ registrationId: T.quitReg, passed: true, score: 80 }] })
    expect(cancelled.status).toBe(409)
    const res = await post({ results: [{ registrationId: T.passReg, passed: true, score: 86 }, { registrationId: T.failReg, passed: false, score: 45 }] })
    expect(res.status).toBe(200)
    expect(res.body).toEqual(expect.objectContaining({ recorded: 2, issued: 1 }))
    const passed = res.body.batch.candidates.find((c: { registrationId: string }) => c.registrationId === T.passReg)
    expect(passed.status).toBe('passed')
    expect(passed.certificateNumber).toMatch(/^S[0-9]{21}$/)
    // the same results again change nothing; another result for a decided candidate is refused
    const again = await post({ results: [{ registrationId: T.passReg, passed: true, score: 86 }] })
    expect(again.body).toEqual(expect.objectContaining({ recorded: 0, issued: 0 }))
    const changed = await post({ results: [{ registrationId: T.failReg, passed: true, score: 75 }] })
    expect(changed.status).toBe(409)
    expect(changed.body.code).toBe('RESULT_EXISTS')
    const audits = await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'evaluation.result' AND object_id = ANY($1::text[])`, [[T.passReg, T.failReg]])
    expect(audits[0].n).toBe(2)

    const inbox = async (token: string) => ((await server.get('/api/v1/me/inbox?limit=50', { token })).body.items as { kind: string; title: string; body: string }[]).filter((m) => m.kind === 'evaluation_result')
    const passMsgs = await inbox(T.pass)
    expect(passMsgs).toHaveLength(1)
    expect(passMsgs[0].title).toBe('考核通过：养老护理员 四级/中级工')
    expect(passMsgs[0].body).toContain(passed.certificateNumber)
    expect((await inbox(T.fail))[0].title).toBe('考核未通过：养老护理员 四级/中级工')
    const mine = (await server.get('/api/v1/me/evaluations', { token: T.pass })).body.items[0]
    expect(mine).toEqual(expect.objectContaining({ status: 'passed', score: 86, certificateNumber: passed.certificateNumber }))

    const lookup = await server.post('/api/v1/me/certificates/lookup', undefined, { token: T.pass })
    expect(lookup.status).toBe(200)
    expect(lookup.body.imported).toBe(1)
    const cert = lookup.body.items.find((c: { number: string }) => c.number === passed.certificateNumber)
    expect(cert).toEqual(expect.objectContaining({ kind: 'skill_level', occupationCode: '4-10-01-05', level: '4', source: 'registry', verification: 'verified' }))
    const pre = await server.post('/api/v1/claims/precheck', { kind: 'evaluation', certificateId: cert.id }, { token: T.pass })
    expect(pre.status).toBe(200)
    expect(pre.body.verdicts.filter((v: { status: string }) => v.status !== 'pass')).toEqual([])
    expect(pre.body.ok).toBe(true)
    expect(pre.body.amountYuan).toEqual(expect.any(Number))
  })
}
