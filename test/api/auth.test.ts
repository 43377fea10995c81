/** Login (WeChat dev adapter, SMS), SMS limits, logout, consent, privacy notice, DELETE /me. */
import { PRIVACY_NOTICE_VERSION } from '../../src/domain/profile'
import { adaptersFromEnv, realWechatAdapter } from '../../server/adapters'
import { loginAs, readyWorker, openCourse, startTestServer, type TestServer } from './helpers'

let server: TestServer
beforeAll(async () => {
  server = await startTestServer()
})
afterAll(async () => server?.close())

const ip = '127.0.0.1'

describe('WeChat login (dev adapter)', () => {
  test('the same code name gives the same user; a different one another user', async () => {
    const a1 = await server.post('/api/v1/auth/wechat', { code: 'dev:alice' })
    const a2 = await server.post('/api/v1/auth/wechat', { code: 'dev:alice' })
    const b = await server.post('/api/v1/auth/wechat', { code: 'dev:bob' })
    expect(a1.status).toBe(200)
    expect(a1.body.me.id).toMatch(/^usr_/)
    expect(a1.body.me.id).toBe(a2.body.me.id)
    expect(a1.body.token).not.toBe(a2.body.token)
    expect(b.body.me.id).not.toBe(a1.body.me.id)
    expect(a1.body.me).toEqual({ id: a1.body.me.id, loginMethod: 'wechat', phoneMasked: null, consent: null, hasProfile: false, roles: [] })
    expect(Date.parse(a1.body.expiresAt)).toBeGreaterThan(Date.now() + 29 * 86_400_000)
    const me = await server.get('/api/v1/me', { token: a1.body.token })
    expect(me.status).toBe(200)
    expect(me.body.id).toBe(a1.body.me.id)
  })

  test('an invalid code is a clear 401, no user created', async () => {
    const [{ n: before }] = await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM users')
    const res = await server.post('/api/v1/auth/wechat', { code: 'invalid' })
    expect(res.status).toBe(401)
    expect(res.body.code).toBe('WECHAT_CODE_INVALID')
    expect(res.body.message).toMatch(/微信登录已失效/)
    const [{ n: after }] = await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM users')
    expect(after).toBe(before)
    expect((await server.post('/api/v1/auth/wechat', { code: '' })).status).toBe(400)
  })

  test('the raw token is never stored, only its hash', async () => {
    const token = await loginAs(server, 'hashcheck')
    const rows = await server.db.query('SELECT token_hash FROM sessions WHERE token_hash = $1', [token])
    expect(rows).toHaveLength(0)
  })
})

describe('SMS login', () => {
  test('send → devCode → verify → token; the phone is masked in me', async () => {
    const phone = '13900000001'
    const send = await server.post('/api/v1/auth/sms/send', { phone })
    expect(send.status).toBe(200)
    expect(send.body.resendAfterSeconds).toBe(60)
    expect(send.body.devCode).toMatch(/^\d{6}$/)
    const verify = await server.post('/api/v1/auth/sms/verify', { phone, code: send.body.devCode })
    expect(verify.status).toBe(200)
    expect(verify.body.me.loginMethod).toBe('sms')
    expect(verify.body.me.phoneMasked).toBe('139****0001')
    expect(verify.text).not.toContain(phone)
    const me = await server.get('/api/v1/me', { token: verify.body.token })
    expect(me.body.id).toBe(verify.body.me.id)
    // phone and code are not stored in clear
    const rows = await server.db.query<Record<string, unknown>>('SELECT * FROM users WHERE id = $1', [me.body.id])
    expect(JSON.stringify(rows)).not.toContain(phone)
    const codes = await server.db.query<Record<string, unknown>>('SELECT * FROM sms_codes')
    expect(JSON.stringify(codes)).not.toContain(send.body.devCode)
  })

  test('a code works once; reuse is refused', async () => {
    const phone = '13900000002'
    const send = await server.post('/api/v1/auth/sms/send', { phone })
    expect((await server.post('/api/v1/auth/sms/verify', { phone, code: send.body.devCode })).status).toBe(200)
    const again = await server.post('/api/v1/auth/sms/verify', { phone, code: send.body.devCode })
    expect(again.status).toBe(400)
    expect(again.body).toMatchObject({ code: 'SMS_CODE_INVALID', message: '验证码不对或已过期，请重新获取' })
  })

  test('a wrong code is refused; the right one still works afterwards', async () => {
    const phone = '13900000003'
    const send = await server.post('/api/v1/auth/sms/send', { phone })
    const wrong = send.body.devCode === '000000' ? '111111' : '000000'
    const res = await server.post('/api/v1/auth/sms/verify', { phone, code: wrong })
    expect(res.status).toBe(400)
    expect(res.body.code).toBe('SMS_CODE_INVALID')
    expect((await server.post('/api/v1/auth/sms/verify', { phone, code: send.body.devCode })).status).toBe(200)
  })

  test('an expired code is refused', async () => {
    const phone = '13900000004'
    const send = await server.post('/api/v1/auth/sms/send', { phone })
    await server.db.query(`UPDATE sms_codes SET expires_at = now() - interval '1 second' WHERE used_at IS NULL`)
    const res = await server.post('/api/v1/auth/sms/verify', { phone, code: send.body.devCode })
    expect(res.status).toBe(400)
    expect(res.body.code).toBe('SMS_CODE_INVALID')
  })

  test('one code per phone per 60 s → 429', async () => {
    const phone = '13900000005'
    expect((await server.post('/api/v1/auth/sms/send', { phone })).status).toBe(200)
    const again = await server.post('/api/v1/auth/sms/send', { phone })
    expect(again.status).toBe(429)
    expect(again.body).toMatchObject({ code: 'SMS_TOO_FREQUENT', message: '验证码已发送，请60秒后再试' })
  })

  test('10 codes per phone per day → 429 SMS_DAILY_LIMIT', async () => {
    const phone = '13900000006'
    for (let i = 0; i < 10; i++) {
      const r = await server.post('/api/v1/auth/sms/send', { phone })
      expect(r.status).toBe(200)
      // move the code back in time so the 60 s rule does not apply
      await server.db.query(`UPDATE sms_codes SET created_at = created_at - interval '2 minutes' WHERE created_at > now() - interval '1 minute'`)
    }
    const res = await server.post('/api/v1/auth/sms/send', { phone })
    expect(res.status).toBe(429)
    expect(res.body.code).toBe('SMS_DAILY_LIMIT')
    expect(res.body.message).toMatch(/明天再试/)
  })

  test('20 codes per IP per hour → 429 SMS_IP_LIMIT', async () => {
    await server.db.query('DELETE FROM sms_codes')
    for (let i = 0; i < 20; i++) expect((await server.post('/api/v1/auth/sms/send', { phone: `137000000${String(i).padStart(2, '0')}` })).status).toBe(200)
    const res = await server.post('/api/v1/auth/sms/send', { phone: '13600000000' })
    expect(res.status).toBe(429)
    expect(res.body.code).toBe('SMS_IP_LIMIT')
    await server.db.query('DELETE FROM sms_codes WHERE ip = $1', [ip])
  })

  test('5 wrong attempts burn the code (429), then even the right code fails', async () => {
    await server.db.query('DELETE FROM sms_codes')
    const phone = '13900000007'
    const send = await server.post('/api/v1/auth/sms/send', { phone })
    const wrong = send.body.devCode === '000000' ? '111111' : '000000'
    for (let i = 0; i < 4; i++) expect((await server.post('/api/v1/auth/sms/verify', { phone, code: wrong })).status).toBe(400)
    const fifth = await server.post('/api/v1/auth/sms/verify', { phone, code: wrong })
    expect(fifth.status).toBe(429)
    expect(fifth.body.code).toBe('SMS_TOO_MANY_ATTEMPTS')
    expect(fifth.body.message).toMatch(/重新获取/)
    expect((await server.post('/api/v1/auth/sms/verify', { phone, code: send.body.devCode })).status).toBe(400)
  })

  test('malformed phone or code → 400', async () => {
    expect((await server.post('/api/v1/auth/sms/send', { phone: '12345' })).status).toBe(400)
    expect((await server.post('/api/v1/auth/sms/verify', { phone: '13900000001', code: 'abc' })).status).toBe(400)
  })
})

describe('sessions', () => {
  test('missing, malformed and unknown tokens → 401 请先登录', async () => {
    for (const token of [undefined, 'x', 'a'.repeat(43)]) {
      const res = await server.get('/api/v1/me', token ? { token } : {})
      expect(res.status).toBe(401)
      expect(res.body).toEqual({ code: 'UNAUTHENTICATED', message: '请先登录' })
    }
  })

  test('logout revokes the token server-side; other sessions stay', async () => {
    const t1 = await loginAs(server, 'logout')
    const t2 = await loginAs(server, 'logout')
    expect((await server.post('/api/v1/auth/logout', undefined, { token: t1 })).body).toEqual({ ok: true })
    expect((await server.get('/api/v1/me', { token: t1 })).status).toBe(401)
    expect((await server.get('/api/v1/me', { token: t2 })).status).toBe(200)
  })

  test('an expired session → 401', async () => {
    const t = await loginAs(server, 'expired')
    await server.db.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE user_id = (SELECT id FROM users WHERE wechat_openid = 'dev_expired')`)
    expect((await server.get('/api/v1/me', { token: t })).status).toBe(401)
  })
})

describe('privacy notice and consent', () => {
  test('the notice names what is collected, why, how long, who sees it, location, withdrawal', async () => {
    const res = await server.get('/api/v1/privacy')
    expect(res.status).toBe(200)
    expect(res.body.version).toBe(PRIVACY_NOTICE_VERSION)
    const all = res.body.sections.map((s: { heading: string; body: string }) => s.heading + s.body).join('\n')
    for (const word of ['姓名', '身份证号', '手机号', '人员类别', '社保', '报名记录', '审计', '培训机构', '人社', '位置', '不保存', '撤回', '注销', '相机', '相册', '日历', '剪贴板']) {
      expect(all).toContain(word)
    }
  })

  test('storing personal data needs consent to the current version; withdrawal deletes the profile', async () => {
    const token = await loginAs(server, 'consent')
    const put = await server.put('/api/v1/me/profile', { realName: '李四' }, { token })
    expect(put.status).toBe(403)
    expect(put.body).toEqual({ code: 'CONSENT_REQUIRED', message: '请先阅读并同意隐私保护指引' })
    expect((await server.get('/api/v1/me/profile', { token })).body.realName).toBeNull()
    const old = await server.post('/api/v1/me/consent', { version: '2000-01-01' }, { token })
    expect(old.status).toBe(409)
    const ok = await server.post('/api/v1/me/consent', { version: PRIVACY_NOTICE_VERSION }, { token })
    expect(ok.status).toBe(200)
    expect(ok.body.consent.version).toBe(PRIVACY_NOTICE_VERSION)
    expect((await server.put('/api/v1/me/profile', { realName: '李四' }, { token })).status).toBe(200)
    const withdrawn = await server.delete('/api/v1/me/consent', { token })
    expect(withdrawn.status).toBe(200)
    expect(withdrawn.body.consent).toBeNull()
    expect(withdrawn.body.hasProfile).toBe(false)
    expect((await server.get('/api/v1/me/profile', { token })).body.realName).toBeNull()
    expect((await server.put('/api/v1/me/profile', { realName: '李四' }, { token })).status).toBe(403)
    const actions = await server.db.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE actor = $1 ORDER BY id`,
      [ok.body.id]
    )
    // the withdrawal runs each capability's erasure (inbox, claims, certificates, notices, proxies, …), each audited
    expect(actions.map((a) => a.action)).toEqual(['user.create', 'consent.give', 'profile.update', ...Array(8).fill('user.erase'), 'consent.withdraw'])
  })
})

describe('DELETE /me', () => {
  test('anonymises the user, cancels active enrollments (seat back), revokes every session', async () => {
    const token = await readyWorker(server, 'leaver', 901)
    const other = await loginAs(server, 'leaver')
    const courseId = await openCourse(server.db, server.today, { seats: 5, skip: 3 })
    const enr = await server.post('/api/v1/enrollments', { courseId }, { token, headers: { 'idempotency-key': 'leaver-key-1' } })
    expect(enr.status).toBe(201)
    const me = (await server.get('/api/v1/me', { token })).body
    expect((await server.delete('/api/v1/me', { token })).body).toEqual({ ok: true })
    expect((await server.get('/api/v1/me', { token })).status).toBe(401)
    expect((await server.get('/api/v1/me', { token: other })).status).toBe(401)
    const [u] = await server.db.query<Record<string, unknown>>('SELECT * FROM users WHERE id = $1', [me.id])
    expect(u).toMatchObject({ wechat_openid: null, phone_hash: null, phone_enc: null })
    expect(u.deleted_at).not.toBeNull()
    expect(await server.db.query('SELECT 1 FROM profiles WHERE user_id = $1', [me.id])).toHaveLength(0)
    const [e] = await server.db.query<{ status: string }>('SELECT status FROM enrollments WHERE id = $1', [enr.body.id])
    expect(e.status).toBe('cancelled')
    const [c] = await server.db.query<{ seats_left: number }>('SELECT seats_left FROM courses WHERE id = $1', [courseId])
    expect(c.seats_left).toBe(5)
    // logging in again with the same WeChat identity makes a fresh, empty account
    const again = await server.post('/api/v1/auth/wechat', { code: 'dev:leaver' })
    expect(again.body.me.id).not.toBe(me.id)
    expect(again.body.me.hasProfile).toBe(false)
    const audit = await server.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE actor = $1 AND action = 'user.delete'`, [me.id])
    expect(audit).toHaveLength(1)
  })
})

describe('production adapters', () => {
  test('adapter selection follows NODE_ENV and the explicit overrides', () => {
    expect(() => adaptersFromEnv({ NODE_ENV: 'production' })).toThrow(/WX_APPID/)
    const prod = adaptersFromEnv({ NODE_ENV: 'production', WX_APPID: 'wx1', WX_SECRET: 's' })
    expect([prod.wechat.kind, prod.sms.kind, prod.devMode]).toEqual(['real', 'real', false])
    const mixed = adaptersFromEnv({ NODE_ENV: 'production', WECHAT_ADAPTER: 'dev', SMS_ADAPTER: 'dev' })
    expect([mixed.wechat.kind, mixed.sms.kind, mixed.devMode]).toEqual(['dev', 'dev', false])
    const dev = adaptersFromEnv({})
    expect([dev.wechat.kind, dev.sms.kind, dev.devMode]).toEqual(['dev', 'dev', true])
  })

  test('real WeChat adapter: calls jscode2session, keeps session_key server-side, maps errcode 40029 to 401', async () => {
    const calls: string[] = []
    const fakeFetch = (async (url: URL) => {
      calls.push(String(url))
      const code = url.searchParams.get('js_code')
      const body = code === 'good' ? { openid: 'o_real_1', session_key: 'SESSIONKEY' } : { errcode: 40029, errmsg: 'invalid code' }
      return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } })
    }) as unknown as typeof fetch
    const prod = await startTestServer({
      adapters: { wechat: realWechatAdapter({ appId: 'wxAPP', secret: 'SECRET', fetchImpl: fakeFetch }), sms: adaptersFromEnv({ NODE_ENV: 'production', WX_APPID: 'a', WX_SECRET: 'b' }).sms, devMode: false }
    })
    try {
      const ok = await prod.post('/api/v1/auth/wechat', { code: 'good' })
      expect(ok.status).toBe(200)
      expect(ok.text).not.toContain('SESSIONKEY')
      expect(calls[0]).toMatch(/^https:\/\/api\.weixin\.qq\.com\/sns\/jscode2session\?appid=wxAPP&secret=SECRET&js_code=good&grant_type=authorization_code$/)
      const bad = await prod.post('/api/v1/auth/wechat', { code: 'expired' })
      expect(bad.status).toBe(401)
      expect(bad.body.code).toBe('WECHAT_CODE_INVALID')
      // SMS: production stub is not configured → clear 503, no devCode, no live code left behind
      const sms = await prod.post('/api/v1/auth/sms/send', { phone: '13911112222' })
      expect(sms.status).toBe(503)
      expect(sms.body).toEqual({ code: 'SMS_UNAVAILABLE', message: '短信服务暂时不可用，请改用微信登录或稍后再试' })
      expect(sms.text).not.toMatch(/devCode/)
      expect(await prod.db.query('SELECT 1 FROM sms_codes WHERE used_at IS NULL')).toHaveLength(0)
    } finally {
      await prod.close()
    }
  })
})

describe('with an injected clock', () => {
  test('the 60 s resend window, 5 min code expiry and 30 day sessions follow the clock', async () => {
    let now = Date.parse('2026-11-23T02:00:00Z')
    const timed = await startTestServer({ now: () => new Date(now) })
    try {
      const phone = '13955556666'
      const first = await timed.post('/api/v1/auth/sms/send', { phone })
      expect(first.status).toBe(200)
      now += 59_000
      expect((await timed.post('/api/v1/auth/sms/send', { phone })).status).toBe(429)
      now += 2_000
      const second = await timed.post('/api/v1/auth/sms/send', { phone })
      expect(second.status).toBe(200)
      // the newer code replaces the older one
      if (first.body.devCode !== second.body.devCode) {
        expect((await timed.post('/api/v1/auth/sms/verify', { phone, code: first.body.devCode })).status).toBe(400)
      }
      now += 5 * 60_000 + 1_000
      expect((await timed.post('/api/v1/auth/sms/verify', { phone, code: second.body.devCode })).body.code).toBe('SMS_CODE_INVALID')
      now += 60_000
      const third = await timed.post('/api/v1/auth/sms/send', { phone })
      const session = await timed.post('/api/v1/auth/sms/verify', { phone, code: third.body.devCode })
      expect(session.status).toBe(200)
      expect(session.body.expiresAt).toBe(new Date(now + 30 * 86_400_000).toISOString())
      now += 29 * 86_400_000
      expect((await timed.get('/api/v1/me', { token: session.body.token })).status).toBe(200)
      now += 2 * 86_400_000
      expect((await timed.get('/api/v1/me', { token: session.body.token })).status).toBe(401)
    } finally {
      await timed.close()
    }
  })
})
