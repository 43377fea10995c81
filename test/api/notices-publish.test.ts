/**
 * Publishing notices: who may publish where (403/404), every change audited, fan-out as a job into exactly the
 * matching subscribers' inboxes (and WeChat messages queued through the Notifier), withdrawal (out of feeds,
 * inboxes keep a note), and the read-aloud audio (a real WAV from espeak-ng, or the documented plain 503).
 */
import { login } from '../support/api'
import { loginAs, startTestServer, type TestServer } from './helpers'
import { mp3Info } from './mp3'

const loginByPhone = (s: TestServer, phone: string): Promise<string> => login(s, { phone })

let server: TestServer
let admin: string
let reviewerYq: string
let reviewerSh: string
beforeAll(async () => {
  server = await startTestServer()
  admin = await loginByPhone(server, '13800000003')
  reviewerYq = await loginByPhone(server, '13800000001')
  reviewerSh = await loginByPhone(server, '13800000005')
})
afterAll(async () => server?.close())

const notice = (over: Record<string, unknown> = {}) => ({
  title: '盂县春季电工培训报名',
  summary: '3 月开班，晚上上课，农村转移劳动力可以免费学，考证后能领补贴。',
  body: '一、课程：电工（初级）。\n二、时间：3 月起每周一三五晚上。',
  issuer: '盂县人力资源和社会保障局',
  docNumber: '',
  regions: ['140322'],
  tags: ['subsidy:training', 'group:rural_migrant'],
  ...over
})

const inboxOf = async (token: string) => (await server.get('/api/v1/me/inbox?limit=50', { token })).body.items as { kind: string; title: string; refId: string | null; body: string }[]

async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 30_000): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = await fn()
    if (ok(v) || Date.now() > end) return v
    await new Promise((r) => setTimeout(r, 250))
  }
}

describe('who may publish', () => {
  test('a worker → 403; a reviewer outside their region → 403; the admin anywhere; a reviewer inside theirs', async () => {
    const worker = await loginAs(server, 'pub-worker')
    const w = await server.post('/api/v1/admin/notices', notice(), { token: worker })
    expect(w.status).toBe(403)
    expect(w.body.message).toBe('你没有权限做这件事')
    expect((await server.post('/api/v1/admin/notices', notice())).status).toBe(401)
    const outside = await server.post('/api/v1/admin/notices', notice({ regions: ['31'] }), { token: reviewerYq })
    expect(outside.status).toBe(403)
    expect(outside.body.message).toMatch(/本辖区（阳泉市）/)
    expect((await server.post('/api/v1/admin/notices', notice({ regions: ['000000'] }), { token: reviewerYq })).status).toBe(403)
    expect((await server.post('/api/v1/admin/notices', notice({ regions: ['14'] }), { token: reviewerYq })).status).toBe(403)
    const before = await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM notices')
    const inside = await server.post('/api/v1/admin/notices', notice(), { token: reviewerYq })
    expect(inside.status).toBe(201)
    expect(inside.body).toMatchObject({ status: 'published', regions: ['140322'], regionLabel: '盂县', publishedAt: server.today })
    const national = await server.post('/api/v1/admin/notices', notice({ regions: ['000000'], title: '全国通知' }), { token: admin })
    expect(national.status).toBe(201)
    const after = await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM notices')
    expect(after[0].n).toBe(before[0].n + 2)
    const audit = await server.db.query<{ actor: string; action: string }>(`SELECT actor, action FROM audit_log WHERE object_id = $1`, [inside.body.id])
    expect(audit).toEqual([expect.objectContaining({ action: 'notice.create' })])
  })

  test('edit and withdraw: another region\'s notice is a 404 to a reviewer; each change audited', async () => {
    const created = await server.post('/api/v1/admin/notices', notice({ regions: ['310115'], title: '浦东通知' }), { token: admin })
    const id = created.body.id
    expect((await server.put(`/api/v1/admin/notices/${id}`, notice({ regions: ['310115'] }), { token: reviewerYq })).status).toBe(404)
    expect((await server.post(`/api/v1/admin/notices/${id}/withdraw`, { reason: '写错了' }, { token: reviewerYq })).status).toBe(404)
    const edited = await server.put(`/api/v1/admin/notices/${id}`, notice({ regions: ['310115'], title: '浦东通知（更正）' }), { token: reviewerSh })
    expect(edited.status).toBe(200)
    expect(edited.body.title).toBe('浦东通知（更正）')
    // moving it out of 上海 is refused and changes nothing
    const moved = await server.put(`/api/v1/admin/notices/${id}`, notice({ regions: ['1403'] }), { token: reviewerSh })
    expect(moved.status).toBe(403)
    expect((await server.get(`/api/v1/notices/${id}`)).body.regions).toEqual(['310115'])
    const list = await server.get('/api/v1/admin/notices', { token: reviewerYq })
    expect(list.body.regionPrefix).toBe('1403')
    expect(list.body.items.some((n: { id: string }) => n.id === id)).toBe(false)
    expect(list.body.items.every((n: { regions: string[] }) => n.regions.every((r) => r.startsWith('1403')))).toBe(true)
    const actions = await server.db.query<{ action: string; reason: string }>(`SELECT action, reason FROM audit_log WHERE object_id = $1 ORDER BY id`, [id])
    expect(actions.map((a) => a.action)).toEqual(['notice.create', 'notice.update'])
    expect(actions[1].reason).toMatch(/title/)
  })

  test('bad input → 400 in Chinese, nothing stored', async () => {
    const before = (await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM notices'))[0].n
    const bad = [
      notice({ summary: '字'.repeat(81) }),
      notice({ title: '' }),
      notice({ regions: [] }),
      notice({ regions: ['999999'] }),
      notice({ tags: ['subsidy:cash'] }),
      notice({ validUntil: '2000-01-01' }),
      notice({ courseIds: ['crs_nope'] }),
      notice({ extra: 1 }),
      notice({ title: '   ' })
    ]
    for (const body of bad) {
      const res = await server.post('/api/v1/admin/notices', body, { token: admin })
      expect(res.status).toBe(400)
      expect(res.body.message).toMatch(/[\u4e00-\u9fff]/)
    }
    expect((await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM notices'))[0].n).toBe(before)
  })
})

describe('same-day order', () => {
  test('two notices published the same day: the later one is first, whatever their ids; limit=1 pages walk them once each', async () => {
    const first = await server.post('/api/v1/admin/notices', notice({ regions: ['140321'], title: '平定县通知（上午）' }), { token: admin })
    await new Promise((r) => setTimeout(r, 20)) // fixed on purpose: the second notice must be published at a later instant of the same day
    const second = await server.post('/api/v1/admin/notices', notice({ regions: ['140321'], title: '平定县通知（下午）' }), { token: admin })
    expect([first.status, second.status]).toEqual([201, 201])
    expect(first.body.publishedAt).toBe(second.body.publishedAt) // same day
    // ids are random: give the later notice the smaller id, so an order by date then id would put it last
    await until(() => server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM notices WHERE id = ANY ($1) AND fanout = 'done'`, [[first.body.id, second.body.id]]), (r) => r[0].n === 2)
    const early = 'ntc_zzzzsameday1'
    const late = 'ntc_0000sameday2'
    await server.db.query('UPDATE notices SET id = $2 WHERE id = $1', [first.body.id, early])
    await server.db.query('UPDATE notices SET id = $2 WHERE id = $1', [second.body.id, late])
    const feed = await server.get('/api/v1/notices?region=140321&limit=50')
    const ids = (feed.body.items as { id: string }[]).map((n) => n.id)
    expect(ids.slice(0, 2)).toEqual([late, early])
    const walked: string[] = []
    let cursor: string | null = null
    do {
      const page: { status: number; body: { items: { id: string }[]; nextCursor: string | null } } = await server.get(`/api/v1/notices?region=140321&limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
      expect(page.status).toBe(200)
      walked.push(...(page.body.items as { id: string }[]).map((n) => n.id))
      cursor = page.body.nextCursor
    } while (cursor)
    expect(walked).toEqual(ids)
    // the workbench lists them in the same order
    const mine = (await server.get('/api/v1/admin/notices', { token: admin })).body.items.map((n: { id: string }) => n.id)
    expect(mine.indexOf(late)).toBeLessThan(mine.indexOf(early))
  })
})

describe('push', () => {
  test('publish → exactly the matching subscribers\' inboxes, once each; WeChat messages queued; withdrawal leaves a note', async () => {
    const yuxian = await loginAs(server, 'sub-yuxian') // 盂县, every tag
    const yqCity = await loginAs(server, 'sub-yq-city') // 阳泉市 level: a county notice does not reach it
    const living = await loginAs(server, 'sub-living') // 盂县 but only 生活费补贴
    const shanghai = await loginAs(server, 'sub-shanghai')
    const twice = await loginAs(server, 'sub-twice') // two matching subscriptions → one entry
    const sub = (token: string, region: string, tags: string[] = []) => server.post('/api/v1/me/subscriptions', { region, tags }, { token })
    await sub(yuxian, '140322')
    await sub(yqCity, '140300')
    await sub(living, '140322', ['subsidy:living'])
    await sub(shanghai, '31')
    await sub(twice, '140322')
    await sub(twice, '14', ['subsidy:training'])

    const t0 = Date.now()
    const res = await server.post('/api/v1/admin/notices', notice({ title: '盂县电工班开课了' }), { token: reviewerYq })
    expect(res.status).toBe(201)
    expect(Date.now() - t0).toBeLessThan(2000) // the fan-out is not in the request
    const id = res.body.id
    const got = await until(() => inboxOf(yuxian), (items) => items.some((m) => m.refId === id))
    expect(got.filter((m) => m.refId === id)).toEqual([expect.objectContaining({ kind: 'notice', title: '新政策：盂县电工班开课了' })])
    await until(() => server.db.query<{ fanout: string }>('SELECT fanout FROM notices WHERE id = $1', [id]), (r) => r[0].fanout === 'done')
    expect((await inboxOf(twice)).filter((m) => m.refId === id)).toHaveLength(1)
    for (const t of [yqCity, living, shanghai]) expect((await inboxOf(t)).some((m) => m.refId === id)).toBe(false)
    const admin1 = await server.get('/api/v1/admin/notices', { token: reviewerYq })
    expect(admin1.body.items.find((n: { id: string }) => n.id === id)).toMatchObject({ delivered: 2, fanout: 'done' })
    const queued = await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM notifier_outbox WHERE template = 'notice' AND page LIKE $1`, [`%${id}`])
    expect(queued[0].n).toBe(2)

    // withdrawal: gone from feeds, detail explains, each reader's inbox keeps the entry and gets a note
    const w = await server.post(`/api/v1/admin/notices/${id}/withdraw`, { reason: '开班时间调整，另行通知' }, { token: reviewerYq })
    expect(w.status).toBe(200)
    expect(w.body).toMatchObject({ status: 'withdrawn', withdrawReason: '开班时间调整，另行通知' })
    const feed = await server.get('/api/v1/notices?region=140322&limit=50')
    expect(feed.body.items.some((n: { id: string }) => n.id === id)).toBe(false)
    expect((await server.get(`/api/v1/notices/${id}`)).body).toMatchObject({ status: 'withdrawn', withdrawReason: '开班时间调整，另行通知' })
    const notes = await until(() => inboxOf(yuxian), (items) => items.some((m) => m.refId === id && m.kind === 'notice_withdrawn'))
    expect(notes.filter((m) => m.refId === id).map((m) => m.kind).sort()).toEqual(['notice', 'notice_withdrawn'])
    expect(notes.find((m) => m.kind === 'notice_withdrawn')?.body).toMatch(/开班时间调整/)
    expect((await inboxOf(shanghai)).some((m) => m.refId === id)).toBe(false)
    expect((await server.post(`/api/v1/admin/notices/${id}/withdraw`, { reason: '再撤一次' }, { token: reviewerYq })).status).toBe(409)
    expect((await server.put(`/api/v1/admin/notices/${id}`, notice(), { token: reviewerYq })).status).toBe(409)
    expect((await server.post(`/api/v1/admin/notices/${id}/withdraw`, { reason: '' }, { token: reviewerYq })).status).toBe(400)
    const audit = await server.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE object_id = $1 ORDER BY id`, [id])
    expect(audit.map((a) => a.action)).toEqual(['notice.create', 'notice.withdraw'])
  })
})

describe('read aloud', () => {
  test('audio route: a playable MP3 (mono, ≤ 48 kbps), cached by content, ranges for players; 404 for a missing notice', async () => {
    const res = await fetch(`${server.base}/api/v1/notices/ntc_yuxian2611/audio`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('audio/mpeg')
    const wav = Buffer.from(await res.arrayBuffer())
    const mp3 = mp3Info(wav)
    expect(mp3.mono).toBe(true)
    expect(mp3.kbps).toBeLessThanOrEqual(48)
    expect(mp3.seconds).toBeGreaterThan(5) // seconds of speech, not an empty file
    const etag = res.headers.get('etag')
    const cached = await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM notice_audio')
    expect(cached[0].n).toBeGreaterThanOrEqual(1)
    // second time from the file store: identical bytes, nothing synthesised again
    const again = Buffer.from(await (await fetch(`${server.base}/api/v1/notices/ntc_yuxian2611/audio`)).arrayBuffer())
    expect(again.equals(wav)).toBe(true)
    expect((await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM notice_audio'))[0].n).toBe(cached[0].n)
    expect((await fetch(`${server.base}/api/v1/notices/ntc_yuxian2611/audio`, { headers: { 'if-none-match': etag ?? '' } })).status).toBe(304)
    const part = await fetch(`${server.base}/api/v1/notices/ntc_yuxian2611/audio`, { headers: { range: 'bytes=0-99' } })
    expect(part.status).toBe(206)
    expect(part.headers.get('content-range')).toBe(`bytes 0-99/${wav.length}`)
    expect((await part.arrayBuffer()).byteLength).toBe(100)
    expect((await fetch(`${server.base}/api/v1/notices/ntc_nothere/audio`)).status).toBe(404)
  }, 120_000)
})

describe('read aloud: a short text (the eligibility explanation)', () => {
  test('GET /api/v1/speech: login needed, a playable MP3 cached by content, length and control characters refused, new texts limited per reader', async () => {
    const text = '你可能享受的补贴。职业培训补贴：可申请，约1000元。以上为预估，最终以人社部门审核为准。'
    const q = (t: string) => `/api/v1/speech?text=${encodeURIComponent(t)}`
    expect((await server.get(q(text))).status).toBe(401)
    const reader = await loginAs(server, 'speech-reader')
    const res = await fetch(server.base + q(text), { headers: { authorization: `Bearer ${reader}` } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('audio/mpeg')
    expect(res.headers.get('cache-control')).toBe('no-store')
    const mp3 = mp3Info(Buffer.from(await res.arrayBuffer()))
    expect(mp3.mono).toBe(true)
    expect(mp3.kbps).toBeLessThanOrEqual(48)
    expect(mp3.seconds).toBeGreaterThan(2) // seconds of speech, not an empty file
    const etag = res.headers.get('etag')
    const again = await fetch(server.base + q(text), { headers: { authorization: `Bearer ${reader}`, 'if-none-match': etag as string } })
    expect(again.status).toBe(304)
    const cached = await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM notice_audio')
    for (const bad of ['字'.repeat(401), '   ', 'a\u0001b']) {
      const r = await server.get(q(bad), { token: reader })
      expect(r.status).toBe(400)
      expect(r.body.message).toMatch(/[\u4e00-\u9fff]/)
    }
    expect((await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM notice_audio'))[0].n).toBe(cached[0].n)
    // the same text again is free; new texts: 30 per hour per reader (the first one above counted)
    const statuses: number[] = []
    for (let i = 0; i < 30; i++) statuses.push((await fetch(server.base + q(`第${i}段`), { headers: { authorization: `Bearer ${reader}` } })).status)
    expect(statuses.slice(0, 29).every((s) => s === 200)).toBe(true)
    expect(statuses[29]).toBe(429)
    const limited = await server.get(q('再来一段'), { token: reader })
    expect(limited.body).toEqual({ code: 'TOO_MANY_REQUESTS', message: '朗读次数太多了，请过一会儿再听' })
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0)
    expect((await fetch(server.base + q(text), { headers: { authorization: `Bearer ${reader}` } })).status).toBe(200)
  }, 180_000)
})

describe('read aloud without a synthesiser', () => {
  let bare: TestServer
  beforeAll(async () => {
    process.env.SPEECH_ADAPTER = 'none'
    try {
      bare = await startTestServer()
    } finally {
      delete process.env.SPEECH_ADAPTER
    }
  })
  afterAll(async () => bare?.close())
  test('503 SPEECH_UNAVAILABLE with a plain sentence', async () => {
    const res = await bare.get('/api/v1/notices/ntc_policy55/audio')
    expect(res.status).toBe(503)
    expect(res.body).toEqual({ code: 'SPEECH_UNAVAILABLE', message: '现在没法朗读这条通知，请先看文字，或请家人帮忙读一读' })
    const reader = await loginAs(bare, 'speech-bare')
    const text = await bare.get(`/api/v1/speech?text=${encodeURIComponent('职业培训补贴：可申请。')}`, { token: reader })
    expect(text.status).toBe(503)
    expect(text.body).toEqual({ code: 'SPEECH_UNAVAILABLE', message: '现在没法朗读，请先看文字，或请家人帮忙读一读' })
  })
})
