/**
 * 亲情代办 on the server, run on both engines (proxies.test.ts on PGlite, proxies-postgres.test.ts on PostgreSQL):
 * invitation and consent, acceptance by the invited phone only, acting with X-Act-For (the worker's sign-up and
 * claim, the actor recorded and shown), every worker-alone route refused, removal effective on the next request,
 * the limit of 8, erasure ending every relationship, and a relative of one worker unable to reach another.
 */
import { loginSession } from '../support/api'
import { routes } from '../../src/contract'
import { actingRouteKeys } from '../../server/proxies'
import { login, pngImage, setIdentity, startCertServer, upload, type CertServer } from './cert-support'
import { idOf } from './claims-support'
import { freshDatabase } from '../support/postgres'
import { validIdNumber } from './helpers'
import { signaturePng } from './staff-helpers'
import { createFieldCrypto, loadDataKey } from '../../server/crypto'

let keyN = 0
const key = () => `px-key-${Date.now()}-${++keyN}`
let phoneN = 0
/** A phone number unique to this run (SMS limits are per phone). */
const newPhone = () => `139${String((Date.now() % 100_000) * 100 + (++phoneN % 100)).padStart(8, '0')}`

/** The route's URL with a well-formed id of the right kind (crs_…, enr_…), from its params schema. */
function urlOf(r: { url: string; params?: unknown }): string {
  const pattern = (r.params as { properties?: { id?: { pattern?: string } } } | undefined)?.properties?.id?.pattern
  const prefix = pattern ? /^\^([a-z]+)_/.exec(pattern)?.[1] : undefined
  return r.url.replace(':id', `${prefix ?? 'zzz'}_1`)
}

export function proxiesSuite(databaseUrl?: string): void {
  let s: CertServer
  let drop: (() => Promise<void>) | undefined
  beforeAll(async () => {
    let url = databaseUrl
    if (url) ({ url, drop } = await freshDatabase('zsb_proxies'))
    s = await startCertServer({ databaseUrl: url })
  })
  afterAll(async () => {
    await s?.close()
    await drop?.()
  })

  const count = async (sql: string, params: unknown[]) => (await s.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params))[0].n

  async function smsLogin(phone: string): Promise<{ token: string; id: string }> {
    const v = await loginSession(s, { phone })
    const version = (await s.req('GET', '/api/v1/privacy')).body.version
    await s.req('POST', '/api/v1/me/consent', { token: v.token, json: { version } })
    return { token: v.token, id: v.me.id }
  }

  /** A worker (王秀英) with a complete profile and the registry's certificates. */
  async function mother(name: string): Promise<{ token: string; id: string }> {
    const token = await login(s, `${name}-${Date.now()}`)
    const me = await s.req('GET', '/api/v1/me', { token })
    await setIdentity(s, token, '王秀英', '140302197803150021')
    const p = await s.req('PUT', '/api/v1/me/profile', {
      token,
      json: { phone: '13912345678', groups: ['rural_migrant'], homeRegion: '140302', employmentStatus: 'employed' }
    })
    expect(p.status).toBe(200)
    return { token, id: me.body.id }
  }

  /** A daughter: her own account (SMS login with the invited phone), a profile saying she is a woman. */
  async function daughter(phone: string) {
    const d = await smsLogin(phone)
    await setIdentity(s, d.token, '李小红', idOf('14030219990101002'))
    return d
  }

  async function linked(name: string) {
    const m = await mother(name)
    const phone = newPhone()
    const inv = await s.req('POST', '/api/v1/me/proxies', { token: m.token, json: { phone, relation: 'child' } })
    expect(inv.status).toBe(201)
    const d = await daughter(phone)
    const acc = await s.req('POST', '/api/v1/proxies/accept', { token: d.token, json: { code: inv.body.code } })
    expect(acc.status).toBe(200)
    return { m, d, phone, proxyId: inv.body.id as string, as: { 'x-act-for': m.id } }
  }

  async function openCourse(offset = 0): Promise<string> {
    const [c] = await s.db.query<{ id: string }>(
      `SELECT id FROM courses WHERE seats_left > 5 AND start_date > $1::date + 3 ORDER BY start_date, id LIMIT 1 OFFSET $2`,
      [s.today, offset]
    )
    return c.id
  }

  test('invitation: 201 with a 6-digit code for 24 h, stored hashed; consent recorded; both inboxes; listed masked; no-store', async () => {
    const m = await mother('invite')
    const phone = newPhone()
    // the relative already has an account: they get an inbox message at once
    const d = await smsLogin(phone)
    const before = Date.now()
    const inv = await s.req('POST', '/api/v1/me/proxies', { token: m.token, json: { phone, relation: 'child' } })
    expect(inv.status).toBe(201)
    expect(inv.headers.get('cache-control')).toBe('no-store')
    expect(inv.body).toEqual({ id: expect.stringMatching(/^prx_/), code: expect.stringMatching(/^[0-9]{6}$/), expiresAt: expect.any(String) })
    const ttl = new Date(inv.body.expiresAt).getTime() - before
    expect(ttl).toBeGreaterThan(24 * 3_600_000 - 60_000)
    expect(ttl).toBeLessThanOrEqual(24 * 3_600_000 + 60_000)
    const [row] = await s.db.query<Record<string, unknown>>('SELECT * FROM proxies WHERE id = $1', [inv.body.id])
    expect(JSON.stringify(row)).not.toContain(inv.body.code)
    expect(JSON.stringify(row)).not.toContain(phone)
    expect(row).toMatchObject({ principal_id: m.id, status: 'pending', relation: 'child', consent_version: expect.stringMatching(/^proxy-/), consent_method: 'worker' })
    expect(row.consent_text).toContain('替我报名')
    expect(row.consent_text).toContain('修改收款账户')
    expect(row.consented_at).toBeTruthy()
    expect(await count(`audit_log WHERE actor = $1 AND action = 'proxy.invite' AND object_id = $2`, [m.id, inv.body.id])).toBe(1)
    const mi = (await s.req('GET', '/api/v1/me/inbox', { token: m.token })).body.items
    expect(mi[0].title).toBe('你邀请了亲属代办')
    expect(mi[0].body).toContain(`${phone.slice(0, 3)}****${phone.slice(-4)}`)
    const di = (await s.req('GET', '/api/v1/me/inbox', { token: d.token })).body.items
    expect(di[0].title).toBe('王*英 邀请你替他/她办理')
    const list = await s.req('GET', '/api/v1/me/proxies', { token: m.token })
    expect(list.headers.get('cache-control')).toBe('no-store')
    expect(list.body).toEqual({
      max: 8,
      items: [
        expect.objectContaining({ id: inv.body.id, relation: 'child', relationLabel: '子女', status: 'pending', phoneMasked: `${phone.slice(0, 3)}****${phone.slice(-4)}`, lastActAt: null })
      ]
    })
    expect(list.bytes.toString('utf8')).not.toContain(phone)
    // bad input: 400 in Chinese, nothing stored
    const bad = await s.req('POST', '/api/v1/me/proxies', { token: m.token, json: { phone: '12345', relation: 'child' } })
    expect(bad.status).toBe(400)
    expect(bad.body.message).toMatch(/手机号/)
    const badRel = await s.req('POST', '/api/v1/me/proxies', { token: m.token, json: { phone: newPhone(), relation: 'friend' } })
    expect(badRel.status).toBe(400)
    expect(await count('proxies WHERE principal_id = $1', [m.id])).toBe(1)
  })

  test('only the invited phone can accept; a wrong code is refused; accepting links both and tells both', async () => {
    const m = await mother('accept')
    const phone = newPhone()
    const inv = await s.req('POST', '/api/v1/me/proxies', { token: m.token, json: { phone, relation: 'child' } })
    // another phone with the right code
    const stranger = await smsLogin(newPhone())
    const wrongPhone = await s.req('POST', '/api/v1/proxies/accept', { token: stranger.token, json: { code: inv.body.code } })
    expect(wrongPhone.status).toBe(400)
    expect(wrongPhone.body.code).toBe('PROXY_CODE_INVALID')
    // a WeChat account without a phone is told to log in with the invited phone
    const noPhone = await login(s, `nophone-${Date.now()}`)
    expect((await s.req('POST', '/api/v1/proxies/accept', { token: noPhone, json: { code: inv.body.code } })).body.code).toBe('PROXY_NEED_PHONE')
    const d = await daughter(phone)
    const wrongCode = String((Number(inv.body.code) + 1) % 1_000_000).padStart(6, '0')
    expect((await s.req('POST', '/api/v1/proxies/accept', { token: d.token, json: { code: wrongCode } })).status).toBe(400)
    const ok = await s.req('POST', '/api/v1/proxies/accept', { token: d.token, json: { code: inv.body.code } })
    expect(ok.status).toBe(200)
    expect(ok.body).toEqual({ principal: { id: m.id, maskedName: '王*英' } })
    // used once
    expect((await s.req('POST', '/api/v1/proxies/accept', { token: d.token, json: { code: inv.body.code } })).status).toBe(400)
    const principals = await s.req('GET', '/api/v1/me/principals', { token: d.token })
    expect(principals.body.items).toEqual([expect.objectContaining({ id: m.id, maskedName: '王*英', proxyId: inv.body.id, relationLabel: '女儿' })])
    expect((await s.req('GET', '/api/v1/me/principals', { token: stranger.token })).body.items).toEqual([])
    const list = (await s.req('GET', '/api/v1/me/proxies', { token: m.token })).body.items
    expect(list).toEqual([expect.objectContaining({ id: inv.body.id, status: 'active', relationLabel: '女儿' })])
    expect((await s.req('GET', '/api/v1/me/inbox', { token: m.token })).body.items[0].title).toBe('亲属已接受代办')
    expect((await s.req('GET', '/api/v1/me/inbox', { token: d.token })).body.items[0].title).toBe('你现在可以替 王*英 办理')
  })

  test('a WeChat-only relative binds the invited phone in place (SMS code, audited) and then accepts', async () => {
    const m = await mother('bind')
    const phone = newPhone()
    const inv = await s.req('POST', '/api/v1/me/proxies', { token: m.token, json: { phone, relation: 'child' } })
    const wx = await login(s, `bind-wx-${Date.now()}`)
    const wxId = (await s.req('GET', '/api/v1/me', { token: wx })).body.id as string
    const stuck = await s.req('POST', '/api/v1/proxies/accept', { token: wx, json: { code: inv.body.code } })
    expect(stuck.status).toBe(400)
    expect(stuck.body.code).toBe('PROXY_NEED_PHONE')
    expect(stuck.body.message).toContain('绑定')
    // not without signing in, nor with a malformed number
    expect((await s.req('POST', '/api/v1/me/phone/code', { json: { phone } })).status).toBe(401)
    expect((await s.req('POST', '/api/v1/me/phone/code', { token: wx, json: { phone: '12345' } })).status).toBe(400)
    const sent = await s.req('POST', '/api/v1/me/phone/code', { token: wx, json: { phone } })
    expect(sent.status).toBe(200)
    expect(sent.headers.get('cache-control')).toBe('no-store')
    expect(sent.body.devCode).toMatch(/^\d{6}$/)
    // the resend limit is the login one (per phone)
    expect((await s.req('POST', '/api/v1/me/phone/code', { token: wx, json: { phone } })).status).toBe(429)
    // a login code for the phone cannot bind, and a wrong code changes nothing
    const wrong = String((Number(sent.body.devCode) + 1) % 1_000_000).padStart(6, '0')
    const bad = await s.req('POST', '/api/v1/me/phone', { token: wx, json: { phone, code: wrong } })
    expect(bad.status).toBe(400)
    expect(bad.body.code).toBe('SMS_CODE_INVALID')
    expect((await s.req('GET', '/api/v1/me', { token: wx })).body.phoneMasked).toBeNull()
    const bound = await s.req('POST', '/api/v1/me/phone', { token: wx, json: { phone, code: sent.body.devCode } })
    expect(bound.status).toBe(200)
    expect(bound.body).toEqual(expect.objectContaining({ id: wxId, loginMethod: 'wechat', phoneMasked: `${phone.slice(0, 3)}****${phone.slice(7)}` }))
    expect(await count(`audit_log WHERE action = 'user.bind_phone' AND actor = $1 AND object_id = $1`, [wxId])).toBe(1)
    // the code is used up, and a second binding is refused
    expect((await s.req('POST', '/api/v1/me/phone', { token: wx, json: { phone, code: sent.body.devCode } })).body.code).toBe('PHONE_ALREADY_BOUND')
    expect((await s.req('POST', '/api/v1/me/phone/code', { token: wx, json: { phone: newPhone() } })).body.code).toBe('PHONE_ALREADY_BOUND')
    // continue where they were: the same invitation code now works
    const ok = await s.req('POST', '/api/v1/proxies/accept', { token: wx, json: { code: inv.body.code } })
    expect(ok.status).toBe(200)
    expect(ok.body.principal.id).toBe(m.id)
    // signing in later by SMS with that phone reaches the same account (the phone's hash is on it)
    const hash = createFieldCrypto(loadDataKey({})).hmac('phone', phone)
    expect((await s.db.query<{ id: string }>('SELECT id FROM users WHERE phone_hash = $1', [hash])).map((r) => r.id)).toEqual([wxId])
  })

  test('binding a phone that already has an account is refused (409 PHONE_TAKEN), before and after the code', async () => {
    const phone = newPhone()
    const owner = await smsLogin(phone)
    const wx = await login(s, `taken-wx-${Date.now()}`)
    const r = await s.req('POST', '/api/v1/me/phone/code', { token: wx, json: { phone } })
    expect(r.status).toBe(409)
    expect(r.body.code).toBe('PHONE_TAKEN')
    // a code the owner asked for (login purpose) cannot be used to take the phone either
    const phone2 = newPhone()
    const wx2 = await login(s, `taken-wx2-${Date.now()}`)
    const sent = await s.req('POST', '/api/v1/me/phone/code', { token: wx2, json: { phone: phone2 } })
    const other = await loginSession(s, { phone: newPhone() })
    await s.db.query('UPDATE users SET phone_hash = $2 WHERE id = $1', [other.me.id, createFieldCrypto(loadDataKey({})).hmac('phone', phone2)])
    const late = await s.req('POST', '/api/v1/me/phone', { token: wx2, json: { phone: phone2, code: sent.body.devCode } })
    expect(late.status).toBe(409)
    expect(late.body.code).toBe('PHONE_TAKEN')
    expect((await s.req('GET', '/api/v1/me', { token: wx2 })).body.phoneMasked).toBeNull()
    expect((await s.req('GET', '/api/v1/me', { token: owner.token })).body.phoneMasked).not.toBeNull()
  })

  test('five wrong codes end the invitation; an expired code is refused', async () => {
    const m = await mother('burn')
    const phone = newPhone()
    const inv = await s.req('POST', '/api/v1/me/proxies', { token: m.token, json: { phone, relation: 'spouse' } })
    const d = await smsLogin(phone)
    const wrong = String((Number(inv.body.code) + 7) % 1_000_000).padStart(6, '0')
    for (let i = 0; i < 5; i++) expect((await s.req('POST', '/api/v1/proxies/accept', { token: d.token, json: { code: wrong } })).status).toBe(400)
    expect((await s.req('POST', '/api/v1/proxies/accept', { token: d.token, json: { code: inv.body.code } })).status).toBe(400)
    const again = await s.req('POST', '/api/v1/me/proxies', { token: m.token, json: { phone, relation: 'spouse' } })
    expect(again.status).toBe(201)
    await s.db.query(`UPDATE proxies SET code_expires_at = now() - interval '1 minute' WHERE id = $1`, [again.body.id])
    expect((await s.req('POST', '/api/v1/proxies/accept', { token: d.token, json: { code: again.body.code } })).body.code).toBe('PROXY_CODE_INVALID')
  })

  test('a sign-up and a claim made by the relative land on the worker, the actor recorded and shown to the worker', async () => {
    const { m, d, phone, proxyId, as } = await linked('acting')
    const masked = `${phone.slice(0, 3)}****${phone.slice(-4)}`
    const courseId = await openCourse()
    const elig = await s.req('GET', `/api/v1/courses/${courseId}/eligibility`, { token: d.token, headers: as })
    expect(elig.status).toBe(200)
    expect(elig.body.missingForSignup).toEqual([])
    const e = await s.req('POST', '/api/v1/enrollments', { token: d.token, json: { courseId }, headers: { ...as, 'idempotency-key': key() } })
    expect(e.status).toBe(201)
    const [enr] = await s.db.query<{ user_id: string; acted_by: string }>('SELECT user_id, acted_by FROM enrollments WHERE id = $1', [e.body.id])
    expect(enr).toEqual({ user_id: m.id, acted_by: d.id })
    expect(await count(`audit_log WHERE actor = $1 AND action = 'enrollment.create' AND object_id = $2`, [d.id, e.body.id])).toBe(1)
    // the daughter's own account has no enrollment
    expect((await s.req('GET', '/api/v1/me/enrollments', { token: d.token })).body.items).toEqual([])

    const l = await s.req('POST', '/api/v1/me/certificates/lookup', { token: d.token, headers: as })
    expect(l.status).toBe(200)
    const cert = l.body.items.find((c: { occupationCode: string; level: string }) => c.occupationCode === '4-10-01-02' && c.level === '4')
    const pre = await s.req('POST', '/api/v1/claims/precheck', { token: d.token, json: { kind: 'evaluation', certificateId: cert.id }, headers: as })
    expect(pre.status).toBe(200)
    const c = await s.req('POST', '/api/v1/claims', { token: d.token, json: { kind: 'evaluation', certificateId: cert.id }, headers: { ...as, 'idempotency-key': key() } })
    expect(c.status).toBe(201)
    const [claim] = await s.db.query<{ user_id: string; acted_by: string }>('SELECT user_id, acted_by FROM claims WHERE id = $1', [c.body.id])
    expect(claim).toEqual({ user_id: m.id, acted_by: d.id })

    const text = `由 女儿 ${masked} 代办`
    const mine = (await s.req('GET', '/api/v1/me/enrollments', { token: m.token })).body.items
    expect(mine).toEqual([expect.objectContaining({ id: e.body.id, actedBy: { relationLabel: '女儿', phoneMasked: masked, text } })])
    const claims = (await s.req('GET', '/api/v1/me/claims', { token: m.token })).body.items
    expect(claims).toEqual([expect.objectContaining({ id: c.body.id, actedBy: expect.objectContaining({ text }) })])
    const act = await s.req('GET', '/api/v1/me/proxies/activity', { token: m.token })
    expect(act.headers.get('cache-control')).toBe('no-store')
    expect(act.body.items.map((i: { action: string; actedBy: string; objectId: string | null }) => [i.action, i.actedBy, i.objectId])).toEqual([
      ['提交补贴申请', text, c.body.id],
      ['一键查询证书', text, null],
      ['报名', text, e.body.id]
    ])
    const list = (await s.req('GET', '/api/v1/me/proxies', { token: m.token })).body.items
    expect(list.find((p: { id: string }) => p.id === proxyId).lastActAt).not.toBeNull()
    // the relative sees the worker's personal numbers masked, like everyone else
    const profile = await s.req('GET', '/api/v1/me/profile', { token: d.token, headers: as })
    expect(profile.status).toBe(200)
    expect(profile.bytes.toString('utf8')).not.toContain('140302197803150021')
    expect(JSON.stringify(profile.body)).not.toContain('140302197803150021')
    // the worker's own sign-up carries no actor
    const own = await s.req('POST', '/api/v1/enrollments', { token: m.token, json: { courseId: await openCourse(40) }, headers: { 'idempotency-key': key() } })
    expect(own.status).toBe(201)
    expect(own.body.actedBy).toBeUndefined()
  })

  test('every worker-alone route is 403 PROXY_FORBIDDEN when acting; every signed-in route off the list is refused (deny by default)', async () => {
    const { m, d, proxyId, as } = await linked('forbidden')
    const named: Array<[string, string, unknown?]> = [
      ['PUT', '/api/v1/me/payout-account', { type: 'bank_card', accountNumber: '6222021234567890128' }],
      ['GET', '/api/v1/me/payout-account'],
      ['POST', '/api/v1/me/profile/reveal-id'],
      ['GET', '/api/v1/me/data-export'],
      ['DELETE', '/api/v1/me/consent'],
      ['DELETE', '/api/v1/me'],
      ['POST', '/api/v1/me/proxies', { phone: '13900000000', relation: 'child' }],
      ['GET', '/api/v1/me/proxies'],
      ['DELETE', `/api/v1/me/proxies/${proxyId}`],
      ['PUT', '/api/v1/me/profile', { realName: '李小红' }]
    ]
    for (const [method, url, json] of named) {
      const r = await s.req(method, url, { token: d.token, json, headers: as })
      expect([method, url, r.status, r.body?.code]).toEqual([method, url, 403, 'PROXY_FORBIDDEN'])
      expect(r.body.message).toMatch(/本人/)
    }
    // the whole contract: a signed-in route not on the acting list refuses the header, whatever the body
    const allowed = new Set(actingRouteKeys())
    let refused = 0
    for (const r of Object.values(routes) as Array<{ method: string; url: string; auth?: boolean }>) {
      if (!r.auth || allowed.has(`${r.method} ${r.url}`)) continue
      const url = urlOf(r)
      const res = await s.req(r.method, url, { token: d.token, headers: as, json: r.method === 'GET' || r.method === 'DELETE' ? undefined : {} })
      expect([r.method, r.url, res.status, res.body?.code]).toEqual([r.method, r.url, 403, 'PROXY_FORBIDDEN'])
      refused++
    }
    expect(refused).toBeGreaterThan(20)
    // nothing changed for the worker
    expect(await count(`audit_log WHERE actor = $1 AND action IN ('user.delete', 'consent.withdraw', 'profile.reveal_id', 'user.export')`, [m.id])).toBe(0)
    expect((await s.req('GET', '/api/v1/me', { token: m.token })).status).toBe(200)
    expect(await count(`payout_accounts WHERE user_id = $1`, [m.id])).toBe(0)
  })

  test('revoking: the relative’s next request is 403; an ended relationship reads nothing; the relative can also leave', async () => {
    const { m, d, proxyId, as } = await linked('revoke')
    expect((await s.req('GET', '/api/v1/me/enrollments', { token: d.token, headers: as })).status).toBe(200)
    const del = await s.req('DELETE', `/api/v1/me/proxies/${proxyId}`, { token: m.token })
    expect(del.status).toBe(200)
    const next = await s.req('GET', '/api/v1/me/enrollments', { token: d.token, headers: as })
    expect([next.status, next.body.code]).toEqual([403, 'PROXY_ENDED'])
    expect(next.body.message).toBe('对方已结束代办授权，你不能再替对方办理')
    // every route a relative may use reads nothing once ended
    const byKey = new Map((Object.values(routes) as Array<{ method: string; url: string }>).map((r) => [`${r.method} ${r.url}`, r]))
    for (const k of actingRouteKeys()) {
      const [method] = k.split(' ')
      const url = urlOf(byKey.get(k)!)
      const r = await s.req(method, url, { token: d.token, headers: as, json: method === 'GET' ? undefined : {} })
      // a body-less POST may fail validation first (400); it never answers with data
      expect([k, r.status === 403 || r.status === 400 || r.status === 404]).toEqual([k, true])
      if (method === 'GET') expect([k, r.status, r.body?.code]).toEqual([k, 403, 'PROXY_ENDED'])
    }
    expect((await s.req('GET', '/api/v1/me/principals', { token: d.token })).body.items).toEqual([])
    expect((await s.req('GET', '/api/v1/me/inbox', { token: d.token })).body.items[0].title).toBe('代办授权已结束')
    expect((await s.req('DELETE', `/api/v1/me/proxies/${proxyId}`, { token: m.token })).status).toBe(404)

    const two = await linked('leave')
    const leave = await s.req('DELETE', `/api/v1/me/proxies/${two.proxyId}`, { token: two.d.token })
    expect(leave.status).toBe(200)
    expect((await s.req('GET', '/api/v1/me/proxies', { token: two.m.token })).body.items).toEqual([])
    expect((await s.req('GET', '/api/v1/me/inbox', { token: two.m.token })).body.items[0].title).toBe('亲属不再替你办理')
    expect((await s.req('GET', '/api/v1/me/claims', { token: two.d.token, headers: two.as })).status).toBe(403)
  })

  test('at most 8 relatives, pending invitations included: the ninth is 409; removing one makes room', async () => {
    const m = await mother('limit')
    const ids: string[] = []
    for (let i = 0; i < 8; i++) {
      const r = await s.req('POST', '/api/v1/me/proxies', { token: m.token, json: { phone: newPhone(), relation: 'relative' } })
      expect(r.status).toBe(201)
      ids.push(r.body.id)
    }
    const ninth = await s.req('POST', '/api/v1/me/proxies', { token: m.token, json: { phone: newPhone(), relation: 'relative' } })
    expect([ninth.status, ninth.body.code]).toEqual([409, 'PROXY_LIMIT'])
    expect(ninth.body.message).toContain('8')
    expect((await s.req('GET', '/api/v1/me/proxies', { token: m.token })).body.items).toHaveLength(8)
    expect((await s.req('DELETE', `/api/v1/me/proxies/${ids[0]}`, { token: m.token })).status).toBe(200)
    expect((await s.req('POST', '/api/v1/me/proxies', { token: m.token, json: { phone: newPhone(), relation: 'village_helper' } })).status).toBe(201)
  })

  test('IDOR: a relative of A cannot act for B, nor reach B’s objects through A; a stranger cannot remove the link', async () => {
    const a = await linked('idor-a')
    const b = await mother('idor-b')
    const bEnr = await s.req('POST', '/api/v1/enrollments', { token: b.token, json: { courseId: await openCourse(10) }, headers: { 'idempotency-key': key() } })
    expect(bEnr.status).toBe(201)
    for (const url of ['/api/v1/me/enrollments', '/api/v1/me/claims', '/api/v1/me/inbox', '/api/v1/me/certificates', '/api/v1/me/profile']) {
      const r = await s.req('GET', url, { token: a.d.token, headers: { 'x-act-for': b.id } })
      expect([url, r.status, r.body.code]).toEqual([url, 403, 'PROXY_ENDED'])
    }
    const cancel = await s.req('POST', `/api/v1/enrollments/${bEnr.body.id}/cancel`, { token: a.d.token, headers: a.as })
    expect(cancel.status).toBe(404)
    const cancelB = await s.req('POST', `/api/v1/enrollments/${bEnr.body.id}/cancel`, { token: a.d.token, headers: { 'x-act-for': b.id } })
    expect(cancelB.status).toBe(403)
    // a malformed header is refused, not ignored
    expect((await s.req('GET', '/api/v1/me/enrollments', { token: a.d.token, headers: { 'x-act-for': "usr_1' OR 1=1" } })).status).toBe(403)
    // acting for oneself is no relationship
    expect((await s.req('GET', '/api/v1/me/enrollments', { token: a.d.token, headers: { 'x-act-for': a.d.id } })).status).toBe(403)
    // B cannot remove A's relative
    expect((await s.req('DELETE', `/api/v1/me/proxies/${a.proxyId}`, { token: b.token })).status).toBe(404)
    expect((await s.req('GET', '/api/v1/me/enrollments', { token: a.d.token, headers: a.as })).status).toBe(200)
    // no login: still 401
    expect((await s.req('GET', '/api/v1/me/enrollments', { headers: a.as })).status).toBe(401)
  })

  test('IDOR matrix: through A, every object route on the acting list refuses B’s real objects (404), and nothing of B changes', async () => {
    const a = await linked('matrix-a')
    const b = await mother('matrix-b')
    // B's own objects: a sign-up, a certificate with a photo, a claim, an inbox message
    const bEnr = await s.req('POST', '/api/v1/enrollments', { token: b.token, json: { courseId: await openCourse(12) }, headers: { 'idempotency-key': key() } })
    expect(bEnr.status).toBe(201)
    const bCerts = (await s.req('POST', '/api/v1/me/certificates/lookup', { token: b.token })).body.items as Array<{ id: string; occupationCode: string; level: string }>
    const bCert = bCerts.find((c) => c.occupationCode === '4-10-01-02' && c.level === '4')!
    const bClaim = await s.req('POST', '/api/v1/claims', { token: b.token, json: { kind: 'evaluation', certificateId: bCert.id }, headers: { 'idempotency-key': key() } })
    expect(bClaim.status).toBe(201)
    const bMsg = ((await s.req('GET', '/api/v1/me/inbox', { token: b.token })).body.items as Array<{ id: string; read: boolean }>)[0]
    const up = await upload(s, b.token, await pngImage())
    expect(up.status).toBe(201)
    const bFile = up.body.id as string
    const matrix: Array<[string, string, unknown?]> = [
      ['GET', `/api/v1/me/certificates/${bCert.id}`],
      ['GET', `/api/v1/claims/${bClaim.body.id}`],
      ['POST', `/api/v1/enrollments/${bEnr.body.id}/cancel`],
      ['POST', `/api/v1/claims/${bClaim.body.id}/supplement`, { note: '补充说明' }],
      ['GET', `/api/v1/files/${bFile}`]
    ]
    for (const [method, url, json] of matrix) {
      const r = await s.req(method, url, { token: a.d.token, headers: { ...a.as, 'idempotency-key': key() }, json })
      // acting for A: B's object is "not found" (never 200, never B's data)
      expect([method, url, r.status]).toEqual([method, url, 404])
      expect(r.bytes.toString('utf8')).not.toContain(b.id)
      // acting for B without a relationship: refused before anything is read
      const rb = await s.req(method, url, { token: a.d.token, headers: { 'x-act-for': b.id, 'idempotency-key': key() }, json })
      expect([method, url, rb.status, rb.body?.code]).toEqual([method, url, 403, 'PROXY_ENDED'])
    }
    // B's message cannot be marked read through A
    const mark = await s.req('POST', '/api/v1/me/inbox/read', { token: a.d.token, headers: a.as, json: { ids: [bMsg.id] } })
    expect(mark.status).toBeLessThan(500)
    const after = ((await s.req('GET', '/api/v1/me/inbox', { token: b.token })).body.items as Array<{ id: string; read: boolean }>).find((m) => m.id === bMsg.id)
    expect(after?.read).toBe(bMsg.read)
    // nothing of B changed
    const [enr] = await s.db.query<{ status: string }>('SELECT status FROM enrollments WHERE id = $1', [bEnr.body.id])
    expect(enr.status).not.toBe('cancelled')
    const [claim] = await s.db.query<{ state: string; acted_by: string | null }>('SELECT state, acted_by FROM claims WHERE id = $1', [bClaim.body.id])
    expect(claim).toEqual({ state: 'submitted', acted_by: null })
    expect(await count('proxy_acts WHERE principal_id = $1', [b.id])).toBe(0)
  })

  test('deleting the account or withdrawing consent ends every relationship in the same transaction, audited', async () => {
    const del = await linked('erase-delete')
    const pendingPhone = newPhone()
    expect((await s.req('POST', '/api/v1/me/proxies', { token: del.m.token, json: { phone: pendingPhone, relation: 'sibling' } })).status).toBe(201)
    expect((await s.req('DELETE', '/api/v1/me', { token: del.m.token })).status).toBe(200)
    expect(await count(`proxies WHERE principal_id = $1 AND status <> 'ended'`, [del.m.id])).toBe(0)
    const [erased] = await s.db.query<{ reason: string }>(`SELECT reason FROM audit_log WHERE actor = $1 AND action = 'user.erase' AND reason LIKE 'delete · proxies%'`, [del.m.id])
    expect(erased.reason).toBe('delete · proxies: 2 proxies ended')
    expect((await s.req('GET', '/api/v1/me/enrollments', { token: del.d.token, headers: del.as })).status).toBe(403)
    expect((await s.req('GET', '/api/v1/me/principals', { token: del.d.token })).body.items).toEqual([])

    const w = await linked('erase-withdraw')
    expect((await s.req('DELETE', '/api/v1/me/consent', { token: w.m.token })).status).toBe(200)
    expect(await count(`proxies WHERE principal_id = $1 AND status <> 'ended'`, [w.m.id])).toBe(0)
    expect((await s.req('GET', '/api/v1/me/claims', { token: w.d.token, headers: w.as })).body.code).toBe('PROXY_ENDED')

    // the relative deleting their own account ends their side too
    const r = await linked('erase-relative')
    expect((await s.req('DELETE', '/api/v1/me', { token: r.d.token })).status).toBe(200)
    expect((await s.req('GET', '/api/v1/me/proxies', { token: r.m.token })).body.items).toEqual([])
  })

  describe('set up at a station for a worker without a phone (staff consent path)', () => {
    const run = Date.now() % 10_000
    let workerN = 0
    /** A worker with no phone: a unique valid ID for this run. */
    const noPhoneWorker = () => {
      const n = ++workerN
      return { realName: '赵桂兰', idNumber: validIdNumber(`1403021950${String(1 + (n % 12)).padStart(2, '0')}${String(1 + (run % 28)).padStart(2, '0')}${String(run % 1000).padStart(3, '0')}`), groups: ['rural_migrant'] }
    }
    let staff: string
    beforeAll(async () => {
      staff = (await smsLogin('13800000002')).token
      expect((await s.req('GET', '/api/v1/staff/me', { token: staff })).status).toBe(200)
    })

    async function smsConsent(phone: string): Promise<string> {
      const sent = await s.req('POST', '/api/v1/staff/consents/sms', { token: staff, json: { phone } })
      expect(sent.status).toBe(200)
      return sent.body.devCode
    }

    test('SMS code to the relative’s phone: worker account without a login phone, the relative’s phone as contact, consent recorded, the relative accepts and acts', async () => {
      const phone = newPhone()
      const worker = noPhoneWorker()
      const code = await smsConsent(phone)
      const body = { idempotencyKey: key(), worker, relative: { phone, relation: 'child' }, consent: { method: 'sms', code } }
      const r = await s.req('POST', '/api/v1/staff/proxies', { token: staff, json: body })
      expect(r.status).toBe(201)
      expect(r.headers.get('cache-control')).toBe('no-store')
      const masked = `${phone.slice(0, 3)}****${phone.slice(-4)}`
      expect(r.body).toEqual({
        id: expect.stringMatching(/^prx_/),
        code: expect.stringMatching(/^[0-9]{6}$/),
        expiresAt: expect.any(String),
        worker: { id: expect.stringMatching(/^usr_/), maskedName: '赵*兰' },
        relationLabel: '子女',
        relativePhoneMasked: masked,
        consentMethod: 'staff_sms'
      })
      const workerId = r.body.worker.id as string
      // the worker's account has no login phone: the relative's phone logs in as the relative, never as the worker
      const [u] = await s.db.query<{ phone_hash: string | null; phone_enc: string | null }>('SELECT phone_hash, phone_enc FROM users WHERE id = $1', [workerId])
      expect(u).toEqual({ phone_hash: null, phone_enc: null })
      // consent recorded like the worker's own invitation, plus how and where it was given
      const [row] = await s.db.query<Record<string, unknown>>('SELECT * FROM proxies WHERE id = $1', [r.body.id])
      expect(row).toMatchObject({ principal_id: workerId, status: 'pending', consent_method: 'staff_sms', consent_version: expect.stringMatching(/^proxy-/), staff_user_id: expect.stringMatching(/^usr_/) })
      expect(row.station_id).toBeTruthy()
      expect(row.consent_text).toContain('替我报名')
      expect(JSON.stringify(row)).not.toContain(r.body.code)
      const [sc] = await s.db.query<{ method: string; worker_user_id: string }>('SELECT method, worker_user_id FROM staff_consents WHERE id = $1', [row.staff_consent_id])
      expect(sc).toEqual({ method: 'sms', worker_user_id: workerId })
      expect(await count(`audit_log WHERE actor = $1 AND action = 'proxy.invite' AND object_id = $2 AND reason LIKE '%staff_sms%'`, [row.staff_user_id, r.body.id])).toBe(1)
      expect(await count(`audit_log WHERE actor = $1 AND action = 'staff.consent' AND object_id = $2 AND reason LIKE '%for proxy'`, [row.staff_user_id, workerId])).toBe(1)
      // the code also went to the relative's phone
      const outbox = await s.db.query<{ text: string }>('SELECT text FROM sms_outbox WHERE phone_hash = $1 ORDER BY id DESC LIMIT 1', [await hashPhone(phone)])
      expect(outbox[0].text).toContain(r.body.code)
      // a retry with the same key answers the same; the same key for other details is refused
      const again = await s.req('POST', '/api/v1/staff/proxies', { token: staff, json: body })
      expect([again.status, again.body.id, again.body.code]).toEqual([201, r.body.id, r.body.code])
      const other = await s.req('POST', '/api/v1/staff/proxies', { token: staff, json: { ...body, relative: { phone: newPhone(), relation: 'child' } } })
      expect([other.status, other.body.code]).toEqual([409, 'IDEMPOTENCY_KEY_REUSED'])
      expect(await count('proxies WHERE principal_id = $1', [workerId])).toBe(1)

      // the relative logs in with that phone (a minute later: one SMS a minute per phone) and accepts, then acts
      await s.db.query(`UPDATE sms_codes SET created_at = created_at - interval '2 minutes' WHERE phone_hash = $1`, [await hashPhone(phone)])
      const d = await daughter(phone)
      const acc = await s.req('POST', '/api/v1/proxies/accept', { token: d.token, json: { code: r.body.code } })
      expect(acc.status).toBe(200)
      expect(acc.body.principal).toEqual({ id: workerId, maskedName: '赵*兰' })
      const as = { 'x-act-for': workerId }
      // the relative's phone is the worker's contact (masked like everyone sees it)
      const profile = await s.req('GET', '/api/v1/me/profile', { token: d.token, headers: as })
      expect(profile.status).toBe(200)
      expect(JSON.stringify(profile.body)).toContain(masked)
      const e = await s.req('POST', '/api/v1/enrollments', { token: d.token, json: { courseId: await openCourse(3) }, headers: { ...as, 'idempotency-key': key() } })
      expect(e.status).toBe(201)
      const [enr] = await s.db.query<{ user_id: string; acted_by: string }>('SELECT user_id, acted_by FROM enrollments WHERE id = $1', [e.body.id])
      expect(enr).toEqual({ user_id: workerId, acted_by: d.id })
      const inbox = (await s.req('GET', '/api/v1/me/inbox', { token: d.token, headers: as })).body.items.map((i: { title: string }) => i.title)
      expect(inbox).toContain('服务站为你设置了亲属代办')
      // a replay after acceptance issues nothing new
      expect((await s.req('POST', '/api/v1/staff/proxies', { token: staff, json: body })).status).toBe(409)
    })

    test('handwritten signature; the worker’s own basic phone takes the SMS code instead of the relative’s', async () => {
      const sig = await s.req('POST', '/api/v1/staff/consents/signature', { token: staff, json: { idempotencyKey: key(), image: await signaturePng(3) } })
      expect(sig.status).toBe(201)
      const phone = newPhone()
      const r = await s.req('POST', '/api/v1/staff/proxies', {
        token: staff,
        json: { idempotencyKey: key(), worker: noPhoneWorker(), relative: { phone, relation: 'village_helper' }, consent: { method: 'signature', uploadId: sig.body.uploadId } }
      })
      expect(r.status).toBe(201)
      expect(r.body.consentMethod).toBe('staff_signature')
      expect(r.body.relationLabel).toBe('村/社区帮办员')
      const [row] = await s.db.query<{ consent_method: string; staff_consent_id: string }>('SELECT consent_method, staff_consent_id FROM proxies WHERE id = $1', [r.body.id])
      const [sc] = await s.db.query<{ signature_id: string }>('SELECT signature_id FROM staff_consents WHERE id = $1', [row.staff_consent_id])
      expect(sc.signature_id).toBe(sig.body.uploadId)

      // a worker with a basic phone of their own: the code sent to the relative's phone is not the worker's consent
      const own = newPhone()
      const rel = newPhone()
      const relCode = await smsConsent(rel)
      const w = { ...noPhoneWorker(), phone: own }
      const wrong = await s.req('POST', '/api/v1/staff/proxies', { token: staff, json: { idempotencyKey: key(), worker: w, relative: { phone: rel, relation: 'spouse' }, consent: { method: 'sms', code: relCode } } })
      expect([wrong.status, wrong.body.code]).toEqual([400, 'SMS_CODE_INVALID'])
      const ownCode = await smsConsent(own)
      const ok = await s.req('POST', '/api/v1/staff/proxies', { token: staff, json: { idempotencyKey: key(), worker: w, relative: { phone: rel, relation: 'spouse' }, consent: { method: 'sms', code: ownCode } } })
      expect(ok.status).toBe(201)
      // that worker keeps their own phone as their login
      const [u] = await s.db.query<{ phone_hash: string | null }>('SELECT phone_hash FROM users WHERE id = $1', [ok.body.worker.id])
      expect(u.phone_hash).toBe(await hashPhone(own))
    })

    test('refused: not station staff (403), a wrong code or missing signature (400, nothing stored), bad details (400), the relative’s phone as the worker’s own', async () => {
      const phone = newPhone()
      const worker = noPhoneWorker()
      const body = (consent: unknown, extra: Record<string, unknown> = {}) => ({ idempotencyKey: key(), worker, relative: { phone, relation: 'child' }, consent, ...extra })
      const plain = await mother('not-staff')
      const notStaff = await s.req('POST', '/api/v1/staff/proxies', { token: plain.token, json: body({ method: 'sms', code: '123456' }) })
      expect(notStaff.status).toBe(403)
      expect((await s.req('POST', '/api/v1/staff/proxies', { json: body({ method: 'sms', code: '123456' }) })).status).toBe(401)
      const code = await smsConsent(phone)
      const wrongCode = String((Number(code) + 1) % 1_000_000).padStart(6, '0')
      const wrong = await s.req('POST', '/api/v1/staff/proxies', { token: staff, json: body({ method: 'sms', code: wrongCode }) })
      expect([wrong.status, wrong.body.code]).toEqual([400, 'SMS_CODE_INVALID'])
      const noSig = await s.req('POST', '/api/v1/staff/proxies', { token: staff, json: body({ method: 'signature', uploadId: 'sig_nothere' }) })
      expect([noSig.status, noSig.body.code]).toEqual([400, 'SIGNATURE_MISSING'])
      const badId = await s.req('POST', '/api/v1/staff/proxies', { token: staff, json: { ...body({ method: 'sms', code }), worker: { ...worker, idNumber: '140302195001010000' } } })
      expect(badId.status).toBe(400)
      expect(badId.body.message).toMatch(/身份证|校验/)
      const same = await s.req('POST', '/api/v1/staff/proxies', { token: staff, json: { ...body({ method: 'sms', code }), worker: { ...worker, phone } } })
      expect([same.status, same.body.code]).toEqual([400, 'PROXY_SELF'])
      const [{ n }] = await s.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM proxies p JOIN profiles f ON f.user_id = p.principal_id WHERE f.id_hash IS NOT NULL AND p.phone_hash = $1`,
        [await hashPhone(phone)]
      )
      expect(n).toBe(0)
      // the code was not used up by the refusals: it still sets it up
      expect((await s.req('POST', '/api/v1/staff/proxies', { token: staff, json: body({ method: 'sms', code }) })).status).toBe(201)
    })
  })

  /** The server's HMAC of a phone (as users.phone_hash and sms_outbox store it), with the tests' DATA_KEY. */
  async function hashPhone(phone: string): Promise<string> {
    return createFieldCrypto(loadDataKey({})).hmac('phone', phone)
  }
}
