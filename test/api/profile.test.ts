/** Profile: validation with the domain's messages, nothing changed on a 400, masking, reveal-id, per-token isolation, logs. */
import { Writable } from 'node:stream'
import { PRIVACY_NOTICE_VERSION } from '../../src/domain/profile'
import { errorSerializer } from '../../server/app'
import { loginAs, openCourse, readyWorker, startTestServer, validIdNumber, type TestServer } from './helpers'

let server: TestServer
beforeAll(async () => {
  server = await startTestServer()
})
afterAll(async () => server?.close())

const ID = validIdNumber('11010519491231002') // a valid number (check digit computed)
const PHONE = '13812345678'

async function consentedUser(name: string): Promise<string> {
  const token = await loginAs(server, name)
  await server.post('/api/v1/me/consent', { version: PRIVACY_NOTICE_VERSION }, { token })
  return token
}

describe('profile', () => {
  test('empty profile says what sign-up still needs; an empty PUT stores nothing', async () => {
    const token = await consentedUser('empty')
    const put = await server.put('/api/v1/me/profile', {}, { token })
    expect(put.status).toBe(200)
    expect((await server.get('/api/v1/me', { token })).body.hasProfile).toBe(false)
    const res = await server.get('/api/v1/me/profile', { token })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ realName: null, idNumberMasked: null, groups: [], missingForSignup: ['realName', 'idNumber', 'phone', 'groups'] })
  })

  test('PUT merges the sent fields; ID and phone are encrypted at rest and masked in every answer', async () => {
    const token = await consentedUser('full')
    const r1 = await server.put('/api/v1/me/profile', { realName: '王小明', idNumber: ID }, { token })
    expect(r1.status).toBe(200)
    expect(r1.body).toMatchObject({
      realName: '王小明',
      idNumberMasked: `${ID.slice(0, 4)}**********${ID.slice(-4)}`,
      birthDate: '1949-12-31',
      gender: 'female',
      missingForSignup: ['phone', 'groups']
    })
    const r2 = await server.put(
      '/api/v1/me/profile',
      { phone: PHONE, groups: ['rural_migrant'], homeRegion: '140302', employmentStatus: 'employed', insuredLocally: true, wantedOccupations: ['4-01-02-01'].filter(() => false) },
      { token }
    )
    expect(r2.status).toBe(200)
    expect(r2.body).toMatchObject({ realName: '王小明', phoneMasked: '138****5678', groups: ['rural_migrant'], homeRegion: '140302', missingForSignup: [] })
    for (const res of [r1, r2, await server.get('/api/v1/me/profile', { token }), await server.get('/api/v1/me', { token })]) {
      expect(res.text).not.toContain(ID)
      expect(res.text).not.toContain(PHONE)
    }
    const rows = await server.db.query<Record<string, unknown>>('SELECT * FROM profiles')
    expect(JSON.stringify(rows)).not.toContain(ID)
    expect(JSON.stringify(rows)).not.toContain(PHONE)
  })

  test('reveal-id returns the full number to its owner only, and is audited', async () => {
    const token = await consentedUser('reveal')
    const none = await server.post('/api/v1/me/profile/reveal-id', undefined, { token })
    expect(none.status).toBe(404)
    await server.put('/api/v1/me/profile', { idNumber: ID }, { token })
    const res = await server.post('/api/v1/me/profile/reveal-id', undefined, { token })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ idNumber: ID })
    expect(res.headers['cache-control']).toBe('no-store')
    const me = (await server.get('/api/v1/me', { token })).body
    const audit = await server.db.query(`SELECT 1 FROM audit_log WHERE actor = $1 AND action = 'profile.reveal_id'`, [me.id])
    expect(audit).toHaveLength(1)
    expect((await server.post('/api/v1/me/profile/reveal-id')).status).toBe(401)
  })

  const bad: [string, Record<string, unknown>, string, string][] = [
    ['ID too short', { idNumber: '1101051949123100' }, 'idNumber', '身份证号应为18位，现在是16位，请核对'],
    ['ID birth date', { idNumber: validIdNumber('11010519491331002') }, 'idNumber', '身份证号中的出生日期（第7到14位）不正确，请核对'],
    ['ID last digit', { idNumber: ID.slice(0, 17) + (ID[17] === '0' ? '1' : '0') }, 'idNumber', '身份证号校验位不正确，请核对最后一位'],
    ['name', { realName: 'Zhang San' }, 'realName', '请填写身份证上的真实姓名'],
    ['unknown region', { homeRegion: '110101' }, 'homeRegion', '没有找到这个地区，请重新选择'],
    ['unknown occupation', { wantedOccupations: ['9-99-99-99'] }, 'wantedOccupations', '没有找到工种 9-99-99-99，请重新选择']
  ]
  test.each(bad)('%s → 400 with the exact message; nothing changes', async (_name, patch, field, message) => {
    const token = await consentedUser('validation')
    const ok = await server.put('/api/v1/me/profile', { realName: '赵六', idNumber: ID, homeRegion: '140302' }, { token })
    expect(ok.status).toBe(200)
    const before = (await server.get('/api/v1/me/profile', { token })).body
    // a valid field next to the bad one must not be saved either
    const res = await server.put('/api/v1/me/profile', { groups: ['returnee'], ...patch }, { token })
    expect(res.status).toBe(400)
    expect(res.body).toEqual({ code: 'VALIDATION_FAILED', message, field })
    expect((await server.get('/api/v1/me/profile', { token })).body).toEqual(before)
  })

  test('schema-level bad input (bad phone, unknown field, bad group) → 400, nothing changes', async () => {
    const token = await consentedUser('validation')
    const before = (await server.get('/api/v1/me/profile', { token })).body
    for (const body of [{ phone: '1234' }, { nickname: 'x' }, { groups: ['pirate'] }, { hukouType: 'moon' }]) {
      const res = await server.put('/api/v1/me/profile', body, { token })
      expect(res.status).toBe(400)
      expect(res.body.code).toBe('VALIDATION_FAILED')
    }
    expect((await server.get('/api/v1/me/profile', { token })).body).toEqual(before)
  })

  test("user B's token never sees A's data", async () => {
    const a = await consentedUser('owner-a')
    await server.put('/api/v1/me/profile', { realName: '钱七', idNumber: ID, phone: PHONE }, { token: a })
    const b = await consentedUser('owner-b')
    for (const res of [
      await server.get('/api/v1/me/profile', { token: b }),
      await server.get('/api/v1/me', { token: b }),
      await server.post('/api/v1/me/profile/reveal-id', undefined, { token: b })
    ]) {
      expect(res.text).not.toContain('钱七')
      expect(res.text).not.toContain(ID.slice(-4) + '"')
    }
    expect((await server.get('/api/v1/me/profile', { token: b })).body.realName).toBeNull()
  })

  test('eligibility uses the profile and names what is missing', async () => {
    const token = await readyWorker(server, 'elig', 77)
    const courseId = await openCourse(server.db, server.today, { skip: 11 })
    const res = await server.get(`/api/v1/courses/${courseId}/eligibility`, { token })
    expect(res.status).toBe(200)
    expect(res.body.courseId).toBe(courseId)
    expect(res.body.missingForSignup).toEqual([])
    expect(Array.isArray(res.body.items)).toBe(true)
    const fresh = await loginAs(server, 'elig-new')
    expect((await server.get(`/api/v1/courses/${courseId}/eligibility`, { token: fresh })).body.missingForSignup).toEqual(['realName', 'idNumber', 'phone', 'groups'])
    expect((await server.get('/api/v1/courses/crs_nope/eligibility', { token })).status).toBe(404)
    expect((await server.get(`/api/v1/courses/${courseId}/eligibility`)).status).toBe(401)
  })
})

describe('logs', () => {
  test('a full flow logs no ID number, phone, token or SMS code', async () => {
    const lines: string[] = []
    const stream = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk))
        cb()
      }
    })
    const logged = await startTestServer({ logger: { level: 'trace', stream } })
    try {
      const phone = '13698765432'
      const send = await logged.post('/api/v1/auth/sms/send', { phone })
      const verify = await logged.post('/api/v1/auth/sms/verify', { phone, code: send.body.devCode })
      const token = verify.body.token
      await logged.post('/api/v1/me/consent', { version: PRIVACY_NOTICE_VERSION }, { token })
      await logged.put('/api/v1/me/profile', { realName: '孙八', idNumber: ID, phone: PHONE, groups: ['returnee'] }, { token })
      await logged.put('/api/v1/me/profile', { idNumber: ID.slice(0, 17) + 'Y' }, { token })
      await logged.post('/api/v1/me/profile/reveal-id', undefined, { token })
      const courseId = await openCourse(logged.db, logged.today)
      await logged.post('/api/v1/enrollments', { courseId }, { token, headers: { 'idempotency-key': 'log-test-key' } })
      await logged.get('/api/v1/me/enrollments', { token })
      await logged.get('/api/v1/courses?lat=37.85&lng=113.58')
    } finally {
      await logged.close()
    }
    const all = lines.join('')
    expect(lines.length).toBeGreaterThan(10)
    for (const secret of [ID, ID.slice(0, 17), PHONE, '13698765432', '孙八', '37.85']) expect(all).not.toContain(secret)
    expect(all).not.toMatch(/Bearer|authorization|devCode/i)
  })
})

test('error log lines never carry the failing SQL or its parameters', () => {
  const pgError = Object.assign(new Error('column "x" does not exist'), {
    code: '42703',
    query: 'SELECT x FROM profiles WHERE phone_enc = $1',
    params: ['13812345678'],
    detail: 'Key (id_hash)=(abc) already exists.'
  })
  const logged = JSON.stringify(errorSerializer(pgError))
  expect(logged).toContain('42703')
  expect(logged).not.toContain('13812345678')
  expect(logged).not.toContain('SELECT')
  expect(logged).not.toContain('id_hash')
})
