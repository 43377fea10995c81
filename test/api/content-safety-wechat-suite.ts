/**
 * The REAL ContentSafety adapter (WeChat msgSecCheck v2 / mediaCheckAsync v2) against a fake WeChat server
 * started here (test/api/fake-wechat.ts) — shared by the PGlite and the PostgreSQL test files: text pass and
 * risky, the stable token cached and renewed after 42001, photos 待检测 until WeChat's signed push (hidden
 * from reviewers meanwhile), pass → evidence, risky → hidden from everyone and the owner told, the push's
 * signature and replay checks, concurrent repeats of one push applied once, and WeChat down (text fails
 * closed with 503 + Retry-After; a photo waits and is submitted again by the sweep).
 */
import { realContentSafety, type ContentSafetyConfig } from '../../server/adapters/content-safety'
import { jpegWithMetadata, login, setIdentity, startCertServer, upload, type CertServer } from './cert-support'
import { loginPhone } from './cert-review-suite'
import { startFakeWechat, pushSignature, type FakeWechat } from './fake-wechat'
import { validIdNumber } from './helpers'

const APP = { appId: 'wxTESTAPP', secret: 'TESTSECRET', pushToken: 'push-token-for-tests' }
const HAS_CHINESE = /[\u4e00-\u9fff]/

/** `databaseUrl`: a PostgreSQL address, or a function giving it once the caller's beforeAll made the database. */
export function wechatSafetySuite(engine: string, databaseUrl?: string | (() => string), afterClose?: () => Promise<void>) {
  let s: CertServer
  let fake: FakeWechat
  const T: Record<string, string> = {}
  let n = 0
  const idem = () => ({ 'idempotency-key': `safety-${engine}-${Date.now()}-${n++}` })
  const num = (serial: string) => `S0101${'14'}000123${s.today.slice(2, 4)}5${serial}`
  const count = async (sql: string, args: unknown[] = []) => Number((await s.db.query<{ n: string | number }>(sql, args))[0].n)
  const notice = (over: Record<string, unknown> = {}) => ({
    title: '盂县春季电工培训报名',
    summary: '3 月开班，晚上上课，农村转移劳动力可以免费学。',
    body: '一、课程：电工（初级）。\n二、时间：3 月起每周一三五晚上。',
    issuer: '盂县人力资源和社会保障局',
    docNumber: '',
    regions: ['140322'],
    tags: [],
    ...over
  })

  beforeAll(async () => {
    fake = await startFakeWechat({ ...APP, callbackUrl: () => `${s.base}/api/v1/safety/wechat` })
    const config: ContentSafetyConfig = {
      adapter: realContentSafety({ appId: APP.appId, secret: APP.secret, fallbackOpenid: 'o_service_fallback', apiBase: fake.base }),
      pushToken: APP.pushToken,
      publicBaseUrl: null
    }
    s = await startCertServer({ databaseUrl: typeof databaseUrl === 'function' ? databaseUrl() : databaseUrl, contentSafety: config })
    // the address WeChat fetches photos from: this server (known once it listens)
    config.publicBaseUrl = s.base
    T.admin = await loginPhone(s, '13800000003')
    T.reviewer = await loginPhone(s, '13800000001')
  })
  afterAll(async () => {
    await s?.close()
    await fake?.close()
    // only once the server (and its job worker) is closed: e.g. drop the caller's database
    await afterClose?.()
  })

  /** A WeChat-login worker (openid dev_<name>) in 阳泉市城区 with one uploaded photo, not yet used. */
  async function workerWithPhoto(name: string, realName: string, first17: string) {
    const login_ = `${engine}-${name}-${Date.now()}`
    const token = await login(s, login_)
    await setIdentity(s, token, realName, validIdNumber(first17))
    const prof = await s.req('PUT', '/api/v1/me/profile', { token, json: { homeRegion: '140302', groups: ['rural_migrant'], employmentStatus: 'employed' } })
    if (prof.status !== 200) throw new Error(`profile ${prof.status}`)
    const up = await upload(s, token, await jpegWithMetadata())
    expect(up.status).toBe(201)
    return { token, openid: `dev_${login_}`, photo: up.body.id as string, upload: up.body }
  }

  async function addCertificate(token: string, photo: string, serial: string) {
    const r = await s.req('POST', '/api/v1/me/certificates', {
      token,
      headers: idem(),
      json: { kind: 'skill_level', number: num(serial), occupationCode: '4-10-01-05', level: '5', issuedOn: s.today, issuer: '阳泉市职业技能鉴定中心', photos: [photo] }
    })
    expect(r.status).toBe(201)
    return r.body as { id: string; photoChecks: { id: string; safety: string }[] }
  }

  const traceOf = (photo: string) => {
    const m = fake.media.filter((x) => x.media_url.includes(`/api/v1/safety/media/${photo}?`))
    return m[m.length - 1]
  }
  const readFile = (token: string, id: string) => s.req('GET', `/api/v1/files/${id}`, { token })

  test('text: WeChat says pass → stored; risky → 422 CONTENT_UNSAFE naming the field, nothing stored; v2 with scene and an openid', async () => {
    const before = await count('SELECT count(*) AS n FROM notices')
    const risky = await s.req('POST', '/api/v1/admin/notices', { token: T.admin, json: notice({ body: '正文里有违规词，需要改掉。' }) })
    expect(risky.status).toBe(422)
    expect(risky.body).toMatchObject({ code: 'CONTENT_UNSAFE', field: 'body' })
    expect(risky.body.message).toContain('正文')
    expect(risky.body.message).toMatch(HAS_CHINESE)
    expect(await count('SELECT count(*) AS n FROM notices')).toBe(before)
    const ok = await s.req('POST', '/api/v1/admin/notices', { token: T.admin, json: notice({ title: `${engine} 通知（检测通过）` }) })
    expect(ok.status).toBe(201)
    expect(await count('SELECT count(*) AS n FROM notices')).toBe(before + 1)
    // what WeChat received: each field on its own, version 2, scene 3 (论坛), the service openid for an SMS login
    const sent = fake.texts.filter((t) => t.content === `${engine} 通知（检测通过）`)
    expect(sent).toEqual([{ content: `${engine} 通知（检测通过）`, version: 2, scene: 3, openid: 'o_service_fallback' }])
  })

  test('token: the stable token is fetched once and cached; an expired one (42001) is renewed with force_refresh and the call succeeds', async () => {
    const before = fake.tokenCalls.length
    expect(before).toBeGreaterThanOrEqual(1)
    for (const t of ['缓存一', '缓存二']) expect((await s.req('POST', '/api/v1/admin/notices', { token: T.admin, json: notice({ title: `${engine}${t}` }) })).status).toBe(201)
    expect(fake.tokenCalls.length).toBe(before)
    fake.expireToken()
    const after = await s.req('POST', '/api/v1/admin/notices', { token: T.admin, json: notice({ title: `${engine}令牌过期后` }) })
    expect(after.status).toBe(201)
    expect(fake.tokenCalls.slice(before)).toEqual([{ force: true }])
    expect(fake.texts.some((t) => t.content === `${engine}令牌过期后`)).toBe(true)
  })

  test('photo: 待检测 until WeChat pushes pass — the owner sees it, reviewers do not; then it is evidence', async () => {
    const w = await workerWithPhoto('pass', '赵春燕', '14030219880303002')
    expect(w.upload.safety).toBe('pending')
    const sub = traceOf(w.photo)
    expect(sub).toMatchObject({ media_type: 2, version: 2, scene: 1, openid: w.openid })
    expect(sub.media_url.startsWith(`${s.base}/api/v1/safety/media/${w.photo}?e=`)).toBe(true)
    const cert = await addCertificate(w.token, w.photo, '000901')
    expect(cert.photoChecks).toEqual([{ id: w.photo, safety: 'pending' }])
    // pending: the owner may look at their own photo; the reviewer of the region gets no evidence and no file
    expect((await readFile(w.token, w.photo)).status).toBe(200)
    const pending = await s.req('GET', `/api/v1/review/certificates/${cert.id}`, { token: T.reviewer })
    expect(pending.status).toBe(200)
    expect(pending.body).toMatchObject({ photoFileIds: [], photosWithheld: 1 })
    expect((await readFile(T.reviewer, w.photo)).status).toBe(404)
    // a forged or tampered photo address gives nothing
    expect((await fetch(sub.media_url.replace(/s=[^&]+/, 's=forged'))).status).toBe(404)

    const pushed = await fake.push(sub.traceId, 'pass')
    expect(pushed).toMatchObject({ photoStatus: 200, photoType: 'image/jpeg', pushStatus: 200, pushBody: 'success' })
    expect((await s.req('GET', `/api/v1/me/certificates/${cert.id}`, { token: w.token })).body.photoChecks).toEqual([{ id: w.photo, safety: 'passed' }])
    const passed = await s.req('GET', `/api/v1/review/certificates/${cert.id}`, { token: T.reviewer })
    expect(passed.body).toMatchObject({ photoFileIds: [w.photo], photosWithheld: 0 })
    expect((await readFile(T.reviewer, w.photo)).status).toBe(200)
    // the signed address served only while the check was pending
    expect((await fetch(sub.media_url)).status).toBe(404)
  })

  test('photo: WeChat says risky → hidden from everyone (owner 410 with the reason), reviewers never see it, the owner is told to retake it', async () => {
    const w = await workerWithPhoto('risky', '钱秋菊', '14030219900404002')
    const cert = await addCertificate(w.token, w.photo, '000902')
    const pushed = await fake.push(traceOf(w.photo).traceId, 'risky')
    expect(pushed.pushBody).toBe('success')
    const own = await readFile(w.token, w.photo)
    expect(own.status).toBe(410)
    expect(own.body.code).toBe('PHOTO_REFUSED')
    expect(own.body.message).toContain('重新拍')
    expect((await readFile(T.reviewer, w.photo)).status).toBe(404)
    expect((await s.req('GET', `/api/v1/review/certificates/${cert.id}`, { token: T.reviewer })).body).toMatchObject({ photoFileIds: [], photosWithheld: 1 })
    expect((await s.req('GET', `/api/v1/me/certificates/${cert.id}`, { token: w.token })).body.photoChecks).toEqual([{ id: w.photo, safety: 'refused' }])
    const inbox = (await s.req('GET', '/api/v1/me/inbox?limit=50', { token: w.token })).body.items as { kind: string; title: string; body: string; link: string | null; refId: string | null }[]
    const told = inbox.filter((m) => m.kind === 'photo_refused')
    expect(told).toHaveLength(1)
    expect(told[0]).toMatchObject({ title: '证书照片需要重拍', refId: cert.id, link: `/subpackages/certificates/detail/index?id=${cert.id}` })
    expect(told[0].body).toContain('重新拍照')
    // a late 'pass' for the same trace changes nothing
    await fake.push(traceOf(w.photo).traceId, 'pass').catch(() => undefined)
    expect((await readFile(w.token, w.photo)).status).toBe(410)
  })

  test('the push: a wrong signature or an old timestamp → 403, nothing changes; the URL check echoes echostr; five concurrent repeats apply once', async () => {
    const w = await workerWithPhoto('push', '孙冬梅', '14030219920505002')
    const trace = traceOf(w.photo).traceId
    expect((await fake.push(trace, 'risky', { token: 'not-the-token' })).pushStatus).toBe(403)
    expect((await fake.push(trace, 'risky', { timestamp: Math.floor(Date.now() / 1000) - 3600 })).pushStatus).toBe(403)
    expect((await readFile(w.token, w.photo)).status).toBe(200)
    const ts = String(Math.floor(Date.now() / 1000))
    const echo = await fetch(`${s.base}/api/v1/safety/wechat?signature=${pushSignature(APP.pushToken, ts, 'abc')}&timestamp=${ts}&nonce=abc&echostr=hello123`)
    expect([echo.status, await echo.text()]).toEqual([200, 'hello123'])
    expect((await fetch(`${s.base}/api/v1/safety/wechat?signature=bad&timestamp=${ts}&nonce=abc&echostr=hello123`)).status).toBe(403)

    const results = await Promise.all(Array.from({ length: 5 }, () => fake.push(trace, 'risky')))
    expect(results.map((r) => r.pushBody)).toEqual(Array(5).fill('success'))
    expect(await count(`SELECT count(*) AS n FROM audit_log WHERE action = 'file.safety' AND object_id = $1`, [w.photo])).toBe(1)
    const inbox = (await s.req('GET', '/api/v1/me/inbox?limit=50', { token: w.token })).body.items as { kind: string }[]
    expect(inbox.filter((m) => m.kind === 'photo_refused')).toHaveLength(1)
  })

  test('a verdict that overtakes its submission (pushed before WeChat answered with the trace id) still applies', async () => {
    fake.pushFirst = 'risky'
    const w = await workerWithPhoto('early', '周晚霞', '14030219940707002')
    expect(traceOf(w.photo)).toBeDefined()
    const own = await readFile(w.token, w.photo)
    expect(own.status).toBe(410)
    expect(await count('SELECT count(*) AS n FROM content_safety_early_verdicts WHERE trace_id = $1', [traceOf(w.photo).traceId])).toBe(0)
    const inbox = (await s.req('GET', '/api/v1/me/inbox?limit=50', { token: w.token })).body.items as { kind: string }[]
    expect(inbox.filter((m) => m.kind === 'photo_refused')).toHaveLength(1)
  })

  test('WeChat down: text fails closed (503, Retry-After, nothing stored); a photo waits 待检测 and the sweep submits it when WeChat is back', async () => {
    fake.down = true
    try {
      const before = await count('SELECT count(*) AS n FROM notices')
      const r = await s.req('POST', '/api/v1/admin/notices', { token: T.admin, json: notice({ title: `${engine}断网时` }) })
      expect(r.status).toBe(503)
      expect(r.body.code).toBe('CONTENT_CHECK_UNAVAILABLE')
      expect(r.body.message).toMatch(HAS_CHINESE)
      expect(r.headers.get('retry-after')).toBe('30')
      expect(await count('SELECT count(*) AS n FROM notices')).toBe(before)

      const w = await workerWithPhoto('down', '李夏荷', '14030219930606002')
      expect(w.upload.safety).toBe('pending')
      expect(traceOf(w.photo)).toBeUndefined()
      const cert = await addCertificate(w.token, w.photo, '000903')
      expect((await s.req('GET', `/api/v1/review/certificates/${cert.id}`, { token: T.reviewer })).body.photosWithheld).toBe(1)
      fake.down = false
      // the due-work sweep (every minute) submits it again once the minute's grace after the failed attempt is over
      await s.app.safety.sweep(new Date())
      expect(traceOf(w.photo)).toBeUndefined()
      expect(await s.app.safety.sweep(new Date(Date.now() + 61_000))).toBeGreaterThanOrEqual(1)
      const sub = traceOf(w.photo)
      expect(sub).toBeDefined()
      expect((await fake.push(sub.traceId, 'pass')).pushBody).toBe('success')
      expect((await s.req('GET', `/api/v1/review/certificates/${cert.id}`, { token: T.reviewer })).body).toMatchObject({ photoFileIds: [w.photo], photosWithheld: 0 })
    } finally {
      fake.down = false
    }
  })
}
