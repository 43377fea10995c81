/**
 * 内容安全 with the development adapter on a real server (PGlite): every route that takes text others will
 * read refuses 「内容安全测试」 with 422 CONTENT_UNSAFE, a plain Chinese message naming the field to change,
 * and changes nothing — notice publish / edit / withdraw (incl. the staff-typed 发布单位 and 文号 the share
 * poster prints), 公示异议, 申诉, 补正说明; and an uploaded photo goes through 待检测 to 已通过 on its own.
 * The real adapter (WeChat) is tested against a fake WeChat server in content-safety-wechat.test.ts.
 */
import { startTestServer, type TestServer } from './helpers'
import { DEMO, idOf, loginByPhone, newKey, workerWithCertificates } from './claims-support'
import { jpegWithMetadata } from './cert-support'
import { contentSafetyFromEnv } from '../../server/adapters/content-safety'

const MARK = '内容安全测试'
const HAS_CHINESE = /[\u4e00-\u9fff]/

let server: TestServer
const T: Record<string, string> = {}
const C: Record<string, string> = {}
beforeAll(async () => {
  server = await startTestServer()
  T.admin = await loginByPhone(server, '13800000003')
  T.reviewerA = await loginByPhone(server, '13800000001')
  T.reviewerB = await loginByPhone(server, '13800000004')
  const wang = await workerWithCertificates(server, 'safety-wang', DEMO)
  T.wang = wang.token
  C.wangCert = wang.certs.find((c) => c.occupationName === '育婴员' && c.level === '4')!.id
  T.li = (await workerWithCertificates(server, 'safety-li', { realName: '李建国', idNumber: idOf('14030219850612003') })).token
})
afterAll(async () => server?.close())

const count = async (sql: string, args: unknown[] = []) => Number((await server.db.query<{ n: string | number }>(sql, args))[0].n)
const submit = (token: string, body: object) => server.post('/api/v1/claims', body, { token, headers: { 'idempotency-key': newKey() } })
const decide = async (token: string, id: string, body: object) => {
  const r = await server.post(`/api/v1/review/claims/${id}/transitions`, body, { token })
  if (r.status !== 200) throw new Error(`decide ${JSON.stringify(body)} → ${r.status} ${r.text}`)
  return r
}
function expectRefused(r: { status: number; body: any }, field: string, label: string) {
  expect(r.status).toBe(422)
  expect(r.body).toMatchObject({ code: 'CONTENT_UNSAFE', field })
  expect(r.body.message).toMatch(HAS_CHINESE)
  // says what to change
  expect(r.body.message).toContain(label)
  expect(r.body.message).toContain('修改')
}

const notice = (over: Record<string, unknown> = {}) => ({
  title: '平定县电工培训报名',
  summary: '4 月开班，周末上课，考证后能领补贴。',
  body: '一、课程：电工（初级）。\n二、时间：4 月起每周六日。',
  issuer: '平定县人力资源和社会保障局',
  docNumber: '平人社〔2026〕3号',
  regions: ['140321'],
  tags: [],
  ...over
})

describe('notices (public, shareable as a poster)', () => {
  test('publish: 「内容安全测试」 in any field the notice or its poster shows → 422 naming that field; no notice, no audit row', async () => {
    const notices = await count('SELECT count(*) AS n FROM notices')
    const audits = await count(`SELECT count(*) AS n FROM audit_log WHERE action = 'notice.create'`)
    const fields: [string, string, string][] = [
      ['title', '标题', `标题${MARK}`],
      ['summary', '通俗摘要', `摘要里写了${MARK}`],
      ['body', '正文', `${'很长的正文。'.repeat(500)}${MARK}`],
      ['issuer', '发布单位', `${MARK}办公室`],
      ['docNumber', '文号', `${MARK}〔2026〕1号`]
    ]
    for (const [field, label, text] of fields) expectRefused(await server.post('/api/v1/admin/notices', notice({ [field]: text }), { token: T.admin }), field, label)
    expect(await count('SELECT count(*) AS n FROM notices')).toBe(notices)
    expect(await count(`SELECT count(*) AS n FROM audit_log WHERE action = 'notice.create'`)).toBe(audits)
    const ok = await server.post('/api/v1/admin/notices', notice(), { token: T.admin })
    expect(ok.status).toBe(201)
    C.notice = ok.body.id
  })

  test('edit and withdraw: refused text leaves the published notice exactly as it was', async () => {
    const before = (await server.get(`/api/v1/notices/${C.notice}`)).body
    expectRefused(await server.put(`/api/v1/admin/notices/${C.notice}`, notice({ body: `改过的正文：${MARK}` }), { token: T.admin }), 'body', '正文')
    expectRefused(await server.post(`/api/v1/admin/notices/${C.notice}/withdraw`, { reason: `撤回：${MARK}` }, { token: T.admin }), 'reason', '撤回原因')
    const after = (await server.get(`/api/v1/notices/${C.notice}`)).body
    expect(after).toEqual(before)
    expect(after.status).toBe('published')
  })
})

describe('claims: 公示异议, 补正说明, 申诉', () => {
  test('公示异议 (anonymous): refused → 422, no objection stored; a plain one is accepted', async () => {
    const sub = await submit(T.wang, { kind: 'evaluation', certificateId: C.wangCert })
    expect(sub.status).toBe(201)
    const id = sub.body.id as string
    await decide(T.reviewerA, id, { to: 'accepted' })
    await decide(T.reviewerA, id, { to: 'first_review' })
    await decide(T.reviewerB, id, { to: 'second_review' })
    const ann = await server.post('/api/v1/review/announcements', { claimIds: [id] }, { token: T.reviewerB })
    expect(ann.status).toBe(201)
    const url = `/api/v1/public/announcements/${ann.body.id}/objections`
    const before = await count('SELECT count(*) AS n FROM objections')
    expectRefused(await server.post(url, { itemId: ann.body.items[0].id, content: `此人有问题，${MARK}`, contactPhone: '13912345678' }), 'content', '异议内容')
    expect(await count('SELECT count(*) AS n FROM objections')).toBe(before)
    expect((await server.post(url, { itemId: ann.body.items[0].id, content: '此人未参加培训，请核实', contactPhone: '13912345678' })).status).toBe(201)
    expect(await count('SELECT count(*) AS n FROM objections')).toBe(before + 1)
  })

  test('补正说明 and 申诉: refused → 422 and the claim stays where it was; plain text moves it', async () => {
    const certs = (await server.get('/api/v1/me/certificates', { token: T.li })).body.items as { id: string; level: string | null }[]
    const sub = await submit(T.li, { kind: 'evaluation', certificateId: certs.find((c) => c.level === '3')!.id })
    expect(sub.status).toBe(201)
    const id = sub.body.id as string
    await decide(T.reviewerA, id, { to: 'accepted' })
    await decide(T.reviewerA, id, { to: 'needs_supplement', items: ['劳动合同复印件'] })
    const state = async () => (await server.get(`/api/v1/claims/${id}`, { token: T.li })).body as { state: string; timeline: unknown[] }
    const before = await state()
    expectRefused(await server.post(`/api/v1/claims/${id}/supplement`, { note: `补充说明：${MARK}` }, { token: T.li }), 'note', '补正说明')
    expect(await state()).toEqual(before)
    expect(await count('SELECT count(*) AS n FROM claim_supplements WHERE claim_id = $1', [id])).toBe(0)
    expect((await server.post(`/api/v1/claims/${id}/supplement`, { note: '劳动合同已在窗口交了' }, { token: T.li })).status).toBe(200)

    await decide(T.reviewerA, id, { to: 'rejected', reason: '劳动合同与申请人不符' })
    const rejected = await state()
    expect(rejected.state).toBe('rejected')
    expectRefused(await server.post(`/api/v1/claims/${id}/appeal`, { reason: `我要申诉：${MARK}` }, { token: T.li }), 'reason', '申诉理由')
    const still = await server.get(`/api/v1/claims/${id}`, { token: T.li })
    expect(still.body).toEqual(rejected)
    // the one appeal is still there to use
    expect(still.body.canAppeal).toBe(true)
    const ok = await server.post(`/api/v1/claims/${id}/appeal`, { reason: '合同是本人签的，请再看一次' }, { token: T.li })
    expect(ok.status).toBe(200)
    expect(ok.body.state).toBe('accepted')
  })

  test('someone else’s claim is a 404 before anything about the text is said', async () => {
    const mine = (await server.get('/api/v1/me/claims', { token: T.li })).body.items[0].id as string
    const r = await server.post(`/api/v1/claims/${mine}/appeal`, { reason: MARK }, { token: T.wang })
    expect(r.status).toBe(404)
  })
})

describe('photos (development adapter)', () => {
  test('an upload answers 待检测; the development verdict (pass) arrives on its own and the certificate shows 已通过', async () => {
    const form = new FormData()
    form.append('file', new Blob([new Uint8Array(await jpegWithMetadata(640, 480))], { type: 'image/jpeg' }), 'cert.jpg')
    const up = await fetch(`${server.base}/api/v1/uploads`, { method: 'POST', headers: { authorization: `Bearer ${T.wang}` }, body: form })
    expect(up.status).toBe(201)
    const body = (await up.json()) as { id: string; safety: string }
    expect(body.safety).toBe('pending')
    // the verdict comes through the same asynchronous path as WeChat's push: wait on the state, not on time
    const deadline = Date.now() + 10_000
    let safety = ''
    while (Date.now() < deadline) {
      safety = (await server.db.query<{ safety: string }>('SELECT safety FROM files WHERE id = $1', [body.id]))[0].safety
      if (safety !== 'pending') break
      await new Promise((r) => setTimeout(r, 50))
    }
    expect(safety).toBe('passed')
    expect(await count(`SELECT count(*) AS n FROM audit_log WHERE action = 'file.safety' AND object_id = $1`, [body.id])).toBe(1)
  })
})

describe('adapter choice', () => {
  test('dev outside production; real in production, refusing to start without what WeChat needs', () => {
    expect(contentSafetyFromEnv({}).adapter.kind).toBe('dev')
    expect(() => contentSafetyFromEnv({ NODE_ENV: 'production', WX_APPID: 'wx1', WX_SECRET: 's' })).toThrow(/WX_PUSH_TOKEN, PUBLIC_BASE_URL, WX_SAFETY_OPENID/)
    const env = { WX_APPID: 'wx1', WX_SECRET: 's', WX_PUSH_TOKEN: 't', PUBLIC_BASE_URL: 'https://api.example.cn/', WX_SAFETY_OPENID: 'o1' }
    const real = contentSafetyFromEnv({ NODE_ENV: 'production', ...env })
    expect([real.adapter.kind, real.publicBaseUrl, real.pushToken]).toEqual(['real', 'https://api.example.cn', 't'])
    expect(contentSafetyFromEnv({ NODE_ENV: 'production', CONTENT_SAFETY_ADAPTER: 'dev' }).adapter.kind).toBe('dev')
    expect(contentSafetyFromEnv({ CONTENT_SAFETY_ADAPTER: 'real', ...env }).adapter.kind).toBe('real')
  })
})
