/** 我的证书 on a real server: registry import, hand-added certificates, ownership, public checks and their limits. */
import { DEMO, jpegWithMetadata, login, setIdentity, startCertServer, upload, type CertServer } from './cert-support'
import { RATE_LIMITS } from '../../server/certificates/public'
import { UNREGISTERED_EXAMPLES } from '../../server/certificates/seed'
import { validIdNumber } from './helpers'

const HAS_CHINESE = /[\u4e00-\u9fff]/
let s: CertServer
beforeAll(async () => {
  s = await startCertServer()
})
afterAll(async () => s?.close())

const addDays = (iso: string, d: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + d * 86_400_000).toISOString().slice(0, 10)
let key = 0
const idem = () => ({ 'idempotency-key': `test-key-${Date.now()}-${key++}` })

describe('一键查询 (registry import)', () => {
  test('the demo identity gets its three certificates as 已联网核验; a second lookup adds none', async () => {
    const token = await login(s, 'demo-import')
    await setIdentity(s, token, DEMO.realName, DEMO.idNumber)
    const first = await s.req('POST', '/api/v1/me/certificates/lookup', { token })
    expect(first.status).toBe(200)
    expect(first.headers.get('cache-control')).toBe('private, no-store')
    expect(first.body).toMatchObject({ found: 3, imported: 3 })
    const items = first.body.items as any[]
    expect(items.map((c) => [c.occupationName, c.level, c.issuedOn, c.source, c.verification])).toEqual([
      ['育婴员', '4', addDays(s.today, -90), 'registry', 'verified'],
      ['育婴员', '5', addDays(s.today, -200), 'registry', 'verified'],
      ['家政服务员', '5', addDays(s.today, -400), 'registry', 'verified']
    ])
    for (const c of items) {
      expect(c.kind).toBe('skill_level')
      expect(c.number).toMatch(/^S\d{21}$/)
      expect(c.canDelete).toBe(false)
      expect(c.occupationCode).toMatch(/^\d-\d{2}-\d{2}-\d{2}$/)
    }
    const second = await s.req('POST', '/api/v1/me/certificates/lookup', { token })
    expect(second.body).toMatchObject({ found: 3, imported: 0 })
    expect((await s.req('GET', '/api/v1/me/certificates', { token })).body.items).toHaveLength(3)
    // concurrent lookups still leave three
    await Promise.all([1, 2, 3].map(() => s.req('POST', '/api/v1/me/certificates/lookup', { token })))
    expect((await s.req('GET', '/api/v1/me/certificates', { token })).body.items).toHaveLength(3)
    const audit = await s.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'certificate.import' AND actor = $1`, [items[0] && (await s.req('GET', '/api/v1/me', { token })).body.id])
    expect(audit[0].n).toBe(3)
  })

  test('without a real name and ID number: 409 in Chinese; a different identity finds nothing', async () => {
    const token = await login(s, 'no-identity')
    const r = await s.req('POST', '/api/v1/me/certificates/lookup', { token })
    expect(r.status).toBe(409)
    expect(r.body.code).toBe('PROFILE_INCOMPLETE')
    expect(r.body.message).toMatch(HAS_CHINESE)
    // right ID, wrong name: the registry matches both
    await setIdentity(s, token, '王秀兰', DEMO.idNumber)
    const none = await s.req('POST', '/api/v1/me/certificates/lookup', { token })
    expect(none.body).toMatchObject({ found: 0, imported: 0, items: [] })
  })

  test('not logged in → 401', async () => {
    expect((await s.req('POST', '/api/v1/me/certificates/lookup')).status).toBe(401)
    expect((await s.req('GET', '/api/v1/me/certificates')).status).toBe(401)
  })
})

/** 职业技能等级证书 number issued this year: S · 0101 · province · 000123 · yy · level · 000321 */
const num = (province: string, level: string) => `S0101${province}000123${s.today.slice(2, 4)}${level}000321`

describe('adding a certificate by hand', () => {
  const body = (photos: string[], over: Record<string, unknown> = {}) => ({
    kind: 'skill_level',
    number: num('14', '5'),
    occupationCode: '4-10-01-05',
    level: '5',
    issuedOn: s.today,
    issuer: '阳泉市职业技能鉴定中心',
    photos,
    ...over
  })

  test('valid → 201 待人工核验 with its photo; same Idempotency-Key → same certificate; duplicate number → 409', async () => {
    const token = await login(s, 'hand-add')
    const up = await upload(s, token, await jpegWithMetadata())
    expect(up.status).toBe(201)
    const headers = idem()
    const r = await s.req('POST', '/api/v1/me/certificates', { token, json: body([up.body.id]), headers })
    expect(r.status).toBe(201)
    expect(r.body).toMatchObject({ source: 'upload', verification: 'pending', photos: [up.body.id], canDelete: true, occupationName: '养老护理员' })
    const again = await s.req('POST', '/api/v1/me/certificates', { token, json: body([up.body.id]), headers })
    expect(again.status).toBe(201)
    expect(again.body.id).toBe(r.body.id)
    const dup = await s.req('POST', '/api/v1/me/certificates', { token, json: body([up.body.id]), headers: idem() })
    expect(dup.status).toBe(409)
    expect(dup.body.message).toBe('这本证书已经在你的证书里了')
    const reused = await s.req('POST', '/api/v1/me/certificates', { token, json: body([up.body.id], { issuer: '别的机构' }), headers })
    expect(reused.status).toBe(422)
    expect((await s.req('GET', '/api/v1/me/certificates', { token })).body.items).toHaveLength(1)
  })

  test.each([
    [{ number: 'X0101140001232450003' }, 'number', '第一位应为Y'],
    [{ number: 'S01019900012324500032' }, 'number', '应为21位数字，现在是20位'],
    [{ number: () => num('99', '5') }, 'number', '省份代码“99”不存在'],
    [{ number: () => num('14', '7') }, 'number', '第16位是等级，应为1到5，现在是7'],
    [{ level: '4' }, 'level', '证书编号显示是五级，和你选的四级不一样'],
    [{ occupationCode: '9-99-99-99' }, 'occupationCode', '没有找到这个工种'],
    [{ issuedOn: '2099-01-01' }, 'issuedOn', '发证日期不能晚于今天'],
    [{ issuedOn: '2024-02-30' }, 'issuedOn', '发证日期不正确'],
    [{ photos: [] }, 'photos', '证书照片'],
    [{ photos: ['fil_doesnotexist'] }, 'photos', '重新上传'],
    [{ kind: 'diploma' }, 'kind', '不是可选的值']
  ])('bad input %j → 400 on %s, nothing stored', async (over, field, message) => {
    const token = await login(s, `bad-${field}-${key++}`)
    const up = await upload(s, token, await jpegWithMetadata())
    const resolved = Object.fromEntries(Object.entries(over).map(([k, v]) => [k, typeof v === 'function' ? (v as () => string)() : v]))
    const r = await s.req('POST', '/api/v1/me/certificates', { token, json: body([up.body.id], resolved), headers: idem() })
    expect(r.status).toBe(400)
    expect(r.body.field).toBe(field)
    expect(r.body.message).toContain(message)
    expect((await s.req('GET', '/api/v1/me/certificates', { token })).body.items).toEqual([])
  })

  test('missing Idempotency-Key → 400', async () => {
    const token = await login(s, 'no-key')
    const r = await s.req('POST', '/api/v1/me/certificates', { token, json: body(['fil_x']) })
    expect(r.status).toBe(400)
    expect(r.body.code).toBe('IDEMPOTENCY_KEY_REQUIRED')
  })

  test('a number the registry knows for this holder → 已联网核验; a later lookup adds no duplicate', async () => {
    const demo = await login(s, 'demo-by-hand')
    await setIdentity(s, demo, DEMO.realName, DEMO.idNumber)
    const [rec] = await s.db.query<{ number: string; issued_days_ago: number }>(
      `SELECT number, issued_days_ago FROM dev_certificate_registry WHERE holder_name = '王秀英' AND occupation_name = '家政服务员'`
    )
    const up = await upload(s, demo, await jpegWithMetadata())
    const r = await s.req('POST', '/api/v1/me/certificates', {
      token: demo,
      json: { kind: 'skill_level', number: rec.number, occupationCode: '4-10-01-06', level: '5', issuedOn: addDays(s.today, -rec.issued_days_ago), issuer: '阳泉市城区巾帼家政职业培训学校', photos: [up.body.id] },
      headers: idem()
    })
    expect(r.status).toBe(201)
    expect(r.body.verification).toBe('verified')
    const look = await s.req('POST', '/api/v1/me/certificates/lookup', { token: demo })
    expect(look.body).toMatchObject({ found: 3, imported: 2 })
    expect(look.body.items).toHaveLength(3)
    // someone else typing the same number is not verified
    const other = await login(s, 'other-types-demo-number')
    await setIdentity(s, other, '李四', validIdNumber('14030219900101555'))
    const up2 = await upload(s, other, await jpegWithMetadata())
    const r2 = await s.req('POST', '/api/v1/me/certificates', {
      token: other,
      json: { kind: 'skill_level', number: rec.number, occupationCode: '4-10-01-06', level: '5', issuedOn: addDays(s.today, -rec.issued_days_ago), issuer: '阳泉市城区巾帼家政职业培训学校', photos: [up2.body.id] },
      headers: idem()
    })
    expect(r2.status).toBe(201)
    expect(r2.body.verification).toBe('pending')
  })
})

describe('ownership and delete', () => {
  test("worker B cannot read, delete or use worker A's certificate or photo (404)", async () => {
    const a = await login(s, 'owner-a')
    const b = await login(s, 'owner-b')
    const up = await upload(s, a, await jpegWithMetadata())
    const cert = await s.req('POST', '/api/v1/me/certificates', {
      token: a,
      json: { kind: 'training', number: 'PX2024000777', occupationCode: '4-10-01-06', issuedOn: addDays(s.today, -10), issuer: '阳泉市公共实训基地', photos: [up.body.id] },
      headers: idem()
    })
    expect(cert.status).toBe(201)
    expect(cert.body.level).toBeNull()
    const id = cert.body.id
    expect((await s.req('GET', `/api/v1/me/certificates/${id}`, { token: a })).status).toBe(200)
    const rb = await s.req('GET', `/api/v1/me/certificates/${id}`, { token: b })
    expect(rb.status).toBe(404)
    expect((await s.req('GET', `/api/v1/files/${up.body.id}`, { token: b })).status).toBe(404)
    expect((await s.req('DELETE', `/api/v1/me/certificates/${id}`, { token: b })).status).toBe(404)
    // B cannot attach A's photo to B's own certificate
    const steal = await s.req('POST', '/api/v1/me/certificates', {
      token: b,
      json: { kind: 'training', number: 'PX2024000778', occupationCode: '4-10-01-06', issuedOn: s.today, issuer: '阳泉市公共实训基地', photos: [up.body.id] },
      headers: idem()
    })
    expect(steal.status).toBe(400)
    expect((await s.req('GET', '/api/v1/me/certificates/crt_nonexistent', { token: a })).status).toBe(404)
    expect((await s.req('GET', '/api/v1/me/certificates/../../etc', { token: a })).status).toBe(404)

    // A deletes it: the certificate and its photo are gone
    const del = await s.req('DELETE', `/api/v1/me/certificates/${id}`, { token: a })
    expect(del.status).toBe(200)
    expect((await s.req('GET', `/api/v1/me/certificates/${id}`, { token: a })).status).toBe(404)
    expect((await s.req('GET', `/api/v1/files/${up.body.id}`, { token: a })).status).toBe(404)
  })

  test('a registry certificate cannot be deleted (409)', async () => {
    const token = await login(s, 'demo-delete')
    await setIdentity(s, token, DEMO.realName, DEMO.idNumber)
    const look = await s.req('POST', '/api/v1/me/certificates/lookup', { token })
    const r = await s.req('DELETE', `/api/v1/me/certificates/${look.body.items[0].id}`, { token })
    expect(r.status).toBe(409)
    expect(r.body.message).toBe('联网核验的证书不能删除')
  })
})

describe('public checks (no login)', () => {
  test('证书真伪查询 finds the demo certificate with the masked name and no ID number; wrong name → not found', async () => {
    const [rec] = await s.db.query<{ number: string }>(`SELECT number FROM dev_certificate_registry WHERE holder_name = '王秀英' AND level = '4'`)
    const headers = { 'x-forwarded-for': '1.1.1.1' }
    const r = await s.req('GET', `/api/v1/public/certificates/verify?number=${rec.number}&name=${encodeURIComponent('王秀英')}`, { headers })
    expect(r.status).toBe(200)
    expect(r.headers.get('cache-control')).toBe('no-store')
    expect(r.body.found).toBe(true)
    expect(r.body.certificate).toMatchObject({ holderMasked: '王*英', occupationName: '育婴员', level: '4', kind: 'skill_level' })
    const text = JSON.stringify(r.body)
    expect(text).not.toContain('王秀英')
    expect(text).not.toContain(DEMO.idNumber)
    expect(text).not.toContain('1403021978')
    const wrong = await s.req('GET', `/api/v1/public/certificates/verify?number=${rec.number}&name=${encodeURIComponent('王秀')}`)
    expect(wrong.body).toMatchObject({ found: false })
    expect(wrong.body.certificate).toBeUndefined()
    expect(wrong.body.message).toMatch(HAS_CHINESE)
  })

  test('bad input → 400 in Chinese', async () => {
    const r = await s.req('GET', '/api/v1/public/certificates/verify?number=S123')
    expect(r.status).toBe(400)
    expect(r.body.message).toBe('缺少持证人姓名')
    expect((await s.req('GET', '/api/v1/public/institutions/verify?q=a')).status).toBe(400)
  })

  test('机构备案查询: 已备案, 已注销 and unregistered names, with the 包过 warning', async () => {
    const filed = await s.db.query<{ name: string; credit_code: string }>(`SELECT name, credit_code FROM institution_filings WHERE status = 'filed' ORDER BY name LIMIT 1`)
    const byName = await s.req('GET', `/api/v1/public/institutions/verify?q=${encodeURIComponent(filed[0].name)}`)
    expect(byName.status).toBe(200)
    expect(byName.body.items[0]).toMatchObject({ name: filed[0].name, status: 'filed', statusLabel: '已备案' })
    expect(byName.body.scamWarning).toContain('包过')
    expect(byName.body.scamWarning).toContain('12333')
    const byCode = await s.req('GET', `/api/v1/public/institutions/verify?q=${filed[0].credit_code.toLowerCase()}`)
    expect(byCode.body.items).toHaveLength(1)
    const cancelled = await s.req('GET', `/api/v1/public/institutions/verify?q=${encodeURIComponent('速通职业技能培训学校')}`)
    expect(cancelled.body.items[0]).toMatchObject({ status: 'cancelled', statusLabel: '已注销' })
    expect(cancelled.body.items[0].cancelledOn).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    for (const name of UNREGISTERED_EXAMPLES) {
      const none = await s.req('GET', `/api/v1/public/institutions/verify?q=${encodeURIComponent(name)}`)
      expect(none.body.items).toEqual([])
      expect(none.body.message).toContain('没有在人社部门备案')
    }
    // LIKE wildcards are literal
    expect((await s.req('GET', `/api/v1/public/institutions/verify?q=${encodeURIComponent('%%')}`)).body.items).toEqual([])
  })

  test('the certificate check refuses after the limit with 429 in Chinese; counted in the database', async () => {
    const url = `/api/v1/public/certificates/verify?number=S000000000000000000000&name=${encodeURIComponent('某某')}`
    await s.db.query(`DELETE FROM rate_limit_hits WHERE bucket = 'certificateVerify'`)
    const statuses: number[] = []
    for (let i = 0; i < RATE_LIMITS.certificateVerify.limit + 2; i++) statuses.push((await s.req('GET', url)).status)
    expect(statuses.slice(0, RATE_LIMITS.certificateVerify.limit).every((x) => x === 200)).toBe(true)
    const last = await s.req('GET', url)
    expect(last.status).toBe(429)
    expect(last.body).toEqual({ code: 'RATE_LIMITED', message: '查询太频繁了，请过10分钟再试' })
    const rows = await s.db.query<{ hits: number; client_key: string }>(`SELECT hits, client_key FROM rate_limit_hits WHERE bucket = 'certificateVerify'`)
    expect(rows[0].hits).toBeGreaterThan(RATE_LIMITS.certificateVerify.limit)
    expect(rows[0].client_key).not.toContain('127.0.0.1')
  })
})
