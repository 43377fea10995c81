/**
 * Integrity of the money path on a real server — shared by integrity.test.ts (PGlite) and
 * integrity-postgres.test.ts (PostgreSQL): nobody decides their own or a related party's claim or certificate
 * (403 at every step, audited, shown as disabled decisions); objections limited per address and per phone
 * (429 + Retry-After), 异议核查中 through the development clock and resolution both ways; each risk rule
 * firing on a constructed case and not on a clean one, a flagged claim needing a written reason, the
 * 风险隐患清单; decision replay with an Idempotency-Key; the audit hash chain verified, then broken by SQL.
 */
import { PRIVACY_NOTICE_VERSION } from '../../src/domain/profile'
import { daysBetween } from '../../src/domain/claim-rules'
import { verifyAuditChain } from '../../server/integrity/audit-chain'
import { audit } from '../../server/platform/audit'
import { runAdmin } from '../../server/roles/cli'
import { loginAs, validIdNumber, type TestServer } from './helpers'
import { DEMO, loginByPhone, newKey } from './claims-support'
import { jpegWithMetadata } from './cert-support'

const CARD = '6222021234567890128'

export function integritySuite(engine: 'pglite' | 'postgres', start: () => Promise<TestServer>, databaseUrl?: () => string) {
  let s: TestServer
  const T: Record<string, string> = {}
  const C: Record<string, string> = {}
  const U: Record<string, string> = {}

  const submit = (token: string, body: object) => s.post('/api/v1/claims', body, { token, headers: { 'idempotency-key': newKey() } })
  const decide = (token: string, id: string, body: object, key?: string) =>
    s.post(`/api/v1/review/claims/${id}/transitions`, body, { token, headers: key ? { 'idempotency-key': key } : undefined })
  const clock = (days: number) => s.post('/api/v1/dev/clock', { days })
  const count = async (sql: string, args: unknown[] = []) => Number((await s.db.query<{ n: string | number }>(sql, args))[0].n)
  const refusals = () => count(`SELECT count(*) AS n FROM audit_log WHERE action = 'integrity.conflict_refused'`)
  const setState = (id: string, state: string) => s.db.query('UPDATE claims SET state = $2 WHERE id = $1', [id, state])
  const userOf = async (token: string) => (await s.get('/api/v1/me', { token })).body.id as string

  /** Consent, real name + ID (+ contact phone), registry certificates; returns the first usable certificate. */
  async function becomeWorker(token: string, realName: string, idNumber: string, extra: Record<string, unknown> = {}) {
    expect((await s.post('/api/v1/me/consent', { version: PRIVACY_NOTICE_VERSION }, { token })).status).toBe(200)
    const p = await s.put('/api/v1/me/profile', { realName, idNumber, homeRegion: '140302', groups: ['rural_migrant'], employmentStatus: 'employed', ...extra }, { token })
    expect(p.status).toBe(200)
    const l = await s.post('/api/v1/me/certificates/lookup', undefined, { token })
    expect(l.status).toBe(200)
    return l.body.items as { id: string; level: string | null; occupationName: string; issuedOn: string }[]
  }

  /** A 公示 item + an objection for a claim, written directly (steps that need one on a claim in any state). */
  async function objectionOn(claimId: string): Promise<string> {
    const ann = `ann_t${claimId.slice(4, 14)}`
    await s.db.query(
      `INSERT INTO announcements (id, region_code, office, start_date, end_date, published_by, created_at) VALUES ($1, '140302', '测试', $2, $2, 'test', now()) ON CONFLICT DO NOTHING`,
      [ann, s.today]
    )
    const item = `ani_t${claimId.slice(4, 14)}`
    await s.db.query(
      `INSERT INTO announcement_items (id, announcement_id, claim_id, name_masked, occupation_name, level_label, kind_label, amount_yuan) VALUES ($1, $2, $3, '某*', '育婴员', '四级', '评价补贴', 1) ON CONFLICT DO NOTHING`,
      [item, ann, claimId]
    )
    const id = `obj_t${claimId.slice(4, 14)}${Math.floor(Math.random() * 1e6)}`
    await s.db.query(`INSERT INTO objections (id, item_id, claim_id, content, contact_enc, contact_masked, created_at) VALUES ($1, $2, $3, '测试异议内容', 'x', '139****0000', now())`, [id, item, claimId])
    return id
  }

  beforeAll(async () => {
    s = await start()
    await clock(0)
    T.r1 = await loginByPhone(s, '13800000001')
    T.r2 = await loginByPhone(s, '13800000004')
    T.sh = await loginByPhone(s, '13800000005')
    T.admin = await loginByPhone(s, '13800000003')
    // a third 阳泉 reviewer (复核 after another's 初审)
    T.r3 = await loginByPhone(s, '13800000019')
    U.r3 = await userOf(T.r3)
    await s.db.query(`INSERT INTO user_roles (user_id, role, region_prefix, granted_by) VALUES ($1, 'reviewer', '1403', 'test')`, [U.r3])
    U.r1 = await userOf(T.r1)
    U.r2 = await userOf(T.r2)

    // reviewer 1 is also a worker (王秀英) with a bank card …
    const own = await becomeWorker(T.r1, DEMO.realName, DEMO.idNumber)
    expect((await s.put('/api/v1/me/payout-account', { type: 'bank_card', bankName: '中国工商银行', accountNumber: CARD }, { token: T.r1 })).status).toBe(200)
    // … 周强 uses the same card; 张桂兰 gives reviewer 2's phone as her contact number
    T.zhou = await loginAs(s, `${engine}-zhou`)
    const zhou = await becomeWorker(T.zhou, '周强', validIdNumber('14031119950811003'))
    expect((await s.put('/api/v1/me/payout-account', { type: 'bank_card', bankName: '中国工商银行', accountNumber: CARD }, { token: T.zhou })).status).toBe(200)
    T.zhang = await loginAs(s, `${engine}-zhang`)
    const zhang = await becomeWorker(T.zhang, '张桂兰', validIdNumber('14030319700921002'), { phone: '13800000004' })
    // 李建国 changed his ID number a moment ago (from a mistyped one)
    T.li = await loginAs(s, `${engine}-li`)
    await becomeWorker(T.li, '李建国', validIdNumber('14030219850612013'))
    const li = await becomeWorker(T.li, '李建国', validIdNumber('14030219850612003'))
    // 吴艳: nothing unusual (the clean case)
    T.wu = await loginAs(s, `${engine}-wu`)
    const wu = await becomeWorker(T.wu, '吴艳', validIdNumber('14030219831120004'))

    const sub = async (key: string, token: string, certId: string) => {
      const r = await submit(token, { kind: 'evaluation', certificateId: certId })
      expect([key, r.status, r.text.slice(0, 200)]).toEqual([key, 201, expect.any(String)])
      C[key] = r.body.id
    }
    await sub('own', T.r1, own.find((c) => c.level === '4')!.id)
    await sub('zhou', T.zhou, zhou[0].id)
    await sub('zhang', T.zhang, zhang[0].id)
    await sub('li', T.li, li.find((c) => c.level === '3')!.id)
    await sub('wu', T.wu, wu[0].id)
  })
  afterAll(async () => {
    await s?.db.query('UPDATE dev_clock SET offset_days = 0 WHERE id = 1').catch(() => undefined)
    await s?.close()
  })

  describe('conflict of interest', () => {
    const cases = () => [
      { who: T.r1, claim: C.own, code: 'OWN_CLAIM', what: '本人' },
      { who: T.r2, claim: C.zhang, code: 'RELATED_PARTY', what: '同一手机号' },
      { who: T.r1, claim: C.zhou, code: 'RELATED_PARTY', what: '同一收款账户' }
    ]

    test('the review detail carries the conflict and shows every decision disabled with its reason', async () => {
      for (const c of cases()) {
        const d = await s.get(`/api/v1/review/claims/${c.claim}`, { token: c.who })
        expect(d.status).toBe(200)
        expect(d.body.conflict).toMatchObject({ code: c.code })
        expect(d.body.conflict.message).toMatch(/不能由你办理/)
        if (c.code === 'RELATED_PARTY') expect(d.body.conflict.message).toContain(c.what)
        expect(d.body.decisions.length).toBeGreaterThan(0)
        for (const x of d.body.decisions) expect(x).toMatchObject({ allowed: false, refusal: d.body.conflict.message })
      }
      // another reviewer: no conflict
      expect((await s.get(`/api/v1/review/claims/${C.own}`, { token: T.r2 })).body.conflict).toBeNull()
    })

    test('every step → 403 OWN_CLAIM / RELATED_PARTY in Chinese, nothing changed, each attempt audited', async () => {
      const steps: { state: string; call: (token: string, id: string) => Promise<{ status: number; body: any }> }[] = [
        { state: 'submitted', call: (t, id) => decide(t, id, { to: 'accepted' }) },
        { state: 'submitted', call: (t, id) => decide(t, id, { to: 'rejected', reason: '材料不全' }) },
        { state: 'accepted', call: (t, id) => decide(t, id, { to: 'first_review', reason: '已核实无误' }) },
        { state: 'first_review', call: (t, id) => decide(t, id, { to: 'second_review', reason: '已核实无误' }) },
        { state: 'second_review', call: (t, id) => s.post('/api/v1/review/announcements', { claimIds: [id] }, { token: t }) },
        { state: 'awaiting_payment', call: (t, id) => decide(t, id, { to: 'paid' }) },
        { state: 'awaiting_payment', call: (t, id) => decide(t, id, { to: 'payment_failed', reason: '账户异常' }) },
        {
          state: 'objection_review',
          call: async (t, id) => s.post(`/api/v1/review/objections/${await objectionOn(id)}/resolve`, { upheld: false, reason: '经核实异议不成立' }, { token: t })
        }
      ]
      for (const c of cases()) {
        for (const step of steps) {
          await setState(c.claim, step.state)
          const before = await refusals()
          const events = await count('SELECT count(*) AS n FROM claim_events WHERE claim_id = $1', [c.claim])
          const r = await step.call(c.who, c.claim)
          expect([step.state, r.status, r.body.code]).toEqual([step.state, 403, c.code])
          expect(r.body.message).toMatch(/[\u4e00-\u9fff]/)
          const [row] = await s.db.query<{ state: string }>('SELECT state FROM claims WHERE id = $1', [c.claim])
          expect(row.state).toBe(step.state)
          expect(await count('SELECT count(*) AS n FROM claim_events WHERE claim_id = $1', [c.claim])).toBe(events)
          expect(await refusals()).toBe(before + 1)
        }
        await setState(c.claim, 'submitted')
      }
      await s.db.query(`UPDATE objections SET status = 'dismissed' WHERE id LIKE 'obj_t%'`)
      const [a] = await s.db.query<{ actor: string; reason: string }>(
        `SELECT actor, reason FROM audit_log WHERE action = 'integrity.conflict_refused' AND object_id = $1 ORDER BY id DESC LIMIT 1`,
        [C.zhou]
      )
      expect(a).toMatchObject({ actor: U.r1, reason: expect.stringContaining('RELATED_PARTY (payout_account)') })
    })

    test('证书人工核验: a certificate of someone sharing the reviewer’s phone → disabled with the reason, 403 RELATED_PARTY, audited', async () => {
      const form = new FormData()
      form.append('file', new Blob([new Uint8Array(await jpegWithMetadata(400, 300))], { type: 'image/jpeg' }), 'cert.jpg')
      const up = await fetch(`${s.base}/api/v1/uploads`, { method: 'POST', headers: { authorization: `Bearer ${T.zhang}` }, body: form })
      expect(up.status).toBe(201)
      const photo = (await up.json()).id
      const add = await s.post(
        '/api/v1/me/certificates',
        { kind: 'skill_level', number: `S010114000123${s.today.slice(2, 4)}5000777`, occupationCode: '4-10-01-05', level: '5', issuedOn: s.today, issuer: '阳泉市职业技能鉴定中心', photos: [photo] },
        { token: T.zhang, headers: { 'idempotency-key': newKey() } }
      )
      expect(add.status).toBe(201)
      const view = await s.get(`/api/v1/review/certificates/${add.body.id}`, { token: T.r2 })
      expect(view.body).toMatchObject({ canDecide: false, refusal: expect.stringContaining('同一手机号') })
      const before = await refusals()
      const r = await s.post(`/api/v1/review/certificates/${add.body.id}/decisions`, { to: 'verified' }, { token: T.r2 })
      expect([r.status, r.body.code]).toEqual([403, 'RELATED_PARTY'])
      expect(await refusals()).toBe(before + 1)
      expect((await s.get(`/api/v1/review/certificates/${add.body.id}`, { token: T.r1 })).body.canDecide).toBe(true)
    })
  })

  describe('风险隐患清单', () => {
    const codes = async (id: string, token = T.r3) => ((await s.get(`/api/v1/review/claims/${id}`, { token })).body.riskFlags as any[]).map((f) => f.code).sort()

    test('each rule fires on its constructed case at submission, with its source; none on the clean claim', async () => {
      expect(await codes(C.zhou)).toEqual(['related_to_reviewer', 'shared_payout_account'])
      expect(await codes(C.zhang)).toEqual(['related_to_reviewer', 'shared_phone'])
      expect(await codes(C.li)).toEqual(['identity_changed_recently'])
      // reviewer 1 and 周强 share the card: reviewer 1's own claim carries it too
      expect(await codes(C.own)).toEqual(['related_to_reviewer', 'shared_payout_account'])
      expect(await codes(C.wu)).toEqual([])
      const flags = (await s.get(`/api/v1/review/claims/${C.zhou}`, { token: T.r3 })).body.riskFlags
      for (const f of flags) {
        expect(f.message).toMatch(/[\u4e00-\u9fff]/)
        expect(f.source.document).toMatch(/人社厅发〔2023〕55号|沪人社职〔2024〕70号/)
      }
      // no personal number in the wording
      expect(JSON.stringify(flags)).not.toContain(CARD)
    })

    test('institution_burst fires at 初审 on a constructed burst; a flagged claim passes 初审 / 复核 only with a written reason (422 RISK_REASON_REQUIRED)', async () => {
      // five other trainees of one institution claimed this week; it usually has none
      const [tmpl] = await s.db.query<{ user_id: string }>('SELECT user_id FROM claims WHERE id = $1', [C.wu])
      for (let i = 0; i < 5; i++) {
        await s.db.query(
          `INSERT INTO claims (id, user_id, kind, state, occupation_name, office_region, verdicts, payout_type, idempotency_key, request_fingerprint, submitted_on, created_at, updated_at, institution_id)
           VALUES ($1, $2, 'training', 'withdrawn', '育婴员', '140302', '[]', 'social_security_card', $1, 'x', $3, now(), now(), 'ins_burst')`,
          [`clm_burst${engine.slice(0, 2)}${i}`, tmpl.user_id, s.today]
        )
      }
      await s.db.query(`UPDATE claims SET institution_id = 'ins_burst' WHERE id = $1`, [C.li])
      expect((await decide(T.r2, C.li, { to: 'accepted' })).status).toBe(200)
      const noReason = await decide(T.r2, C.li, { to: 'first_review' })
      expect([noReason.status, noReason.body.code, noReason.body.field]).toEqual([422, 'RISK_REASON_REQUIRED', 'reason'])
      expect(noReason.body.message).toMatch(/风险提示/)
      expect(await codes(C.li)).toEqual(['identity_changed_recently', 'institution_burst'])
      const detail = (await s.get(`/api/v1/review/claims/${C.li}`, { token: T.r2 })).body
      expect(detail.state).toBe('accepted')
      expect(detail.decisions.find((d: any) => d.to === 'first_review')).toMatchObject({ needsReason: true, allowed: true })
      const ok = await decide(T.r2, C.li, { to: 'first_review', reason: '已电话核实身份证号更正原因，并抽查该机构签到表' })
      expect(ok.status).toBe(200)
      expect(ok.body.timeline.at(-1).reason).toContain('抽查该机构签到表')
      expect((await decide(T.r3, C.li, { to: 'second_review' })).body.code).toBe('RISK_REASON_REQUIRED')
      expect((await decide(T.r3, C.li, { to: 'second_review', reason: '复核材料一致' })).status).toBe(200)
      // the clean claim: no flags, no reason needed
      expect((await decide(T.r2, C.wu, { to: 'accepted' })).status).toBe(200)
      expect((await decide(T.r2, C.wu, { to: 'first_review' })).status).toBe(200)
      expect(await codes(C.wu)).toEqual([])
      expect((await decide(T.r3, C.wu, { to: 'second_review' })).status).toBe(200)
    })

    test('GET /review/risks: the region’s open flags, counts per rule, newest first, linking to claims; admin sees all; others refused', async () => {
      const r = await s.get('/api/v1/review/risks', { token: T.r3 })
      expect(r.status).toBe(200)
      expect(r.headers['cache-control']).toBe('no-store')
      const counts = Object.fromEntries(r.body.counts.map((c: any) => [c.code, c.count]))
      expect(counts).toEqual({ shared_payout_account: 2, shared_phone: 1, identity_changed_recently: 1, institution_burst: 1, related_to_reviewer: 3 })
      const times = r.body.items.map((i: any) => i.flaggedAt)
      expect([...times].sort().reverse()).toEqual(times)
      expect(r.body.items.find((i: any) => i.code === 'institution_burst')).toMatchObject({ claimId: C.li, link: expect.stringContaining(C.li), claimStateLabel: '复核通过' })
      expect((await s.get('/api/v1/review/risks?code=shared_phone', { token: T.r3 })).body.items.map((i: any) => i.claimId)).toEqual([C.zhang])
      expect((await s.get('/api/v1/review/risks', { token: T.sh })).body.items).toEqual([])
      expect((await s.get('/api/v1/review/risks', { token: T.admin })).body.items.length).toBe(r.body.items.length)
      expect((await s.get('/api/v1/review/risks', { token: T.wu })).status).toBe(403)
      expect((await s.get('/api/v1/review/risks?code=nonsense', { token: T.r3 })).status).toBe(400)
    })
  })

  describe('objections and 异议核查中', () => {
    let ann: string
    const items: Record<string, string> = {}
    const object = (item: string, phone: string) =>
      s.post(`/api/v1/public/announcements/${ann}/objections`, { itemId: item, content: '此人没有参加培训，请核实', contactPhone: phone })

    test('publish 公示 of the two claims that passed 复核', async () => {
      const a = await s.post('/api/v1/review/announcements', { claimIds: [C.li, C.wu] }, { token: T.r3 })
      expect(a.status).toBe(201)
      ann = a.body.id
      const [li, wu] = await s.db.query<{ id: string; claim_id: string }>('SELECT id, claim_id FROM announcement_items WHERE announcement_id = $1 ORDER BY claim_id = $2 DESC', [ann, C.li])
      items.li = li.id
      items.wu = wu.id
    })

    test('per address: 3 per 公示 item per day, then 429 with Retry-After in Chinese; per phone 3 per item; 20 per address a day', async () => {
      for (const phone of ['13900000001', '13900000002', '13900000003']) expect((await object(items.wu, phone)).status).toBe(201)
      const fourth = await object(items.wu, '13900000004')
      expect(fourth.status).toBe(429)
      expect(fourth.body).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringMatching(/每天最多提出 3 次/) })
      const wait = Number(fourth.headers['retry-after'])
      expect(wait).toBeGreaterThan(86_000)
      expect(wait).toBeLessThanOrEqual(86_400)
      expect(await count('SELECT count(*) AS n FROM objections WHERE item_id = $1', [items.wu])).toBe(3)
      // the limits live in the database: the rows this address sent count, whichever instance took them
      const [mine] = await s.db.query<{ sender_hash: string; contact_hash: string }>('SELECT sender_hash, contact_hash FROM objections WHERE item_id = $1 LIMIT 1', [items.wu])
      // per phone: three from other addresses with one phone on the 李建国 item → a fourth from here is refused
      for (let i = 0; i < 3; i++) {
        await s.db.query(
          `INSERT INTO objections (id, item_id, claim_id, content, contact_enc, contact_masked, created_at, sender_hash, contact_hash) VALUES ($1, $2, $3, '别处来的异议', 'x', '139****0001', now(), $4, $5)`,
          [`obj_other${engine.slice(0, 2)}${i}`, items.li, C.li, `other-address-${i}`, mine.contact_hash]
        )
      }
      // mine.contact_hash is one of 1390000000{1,2,3}: find which
      const phones = ['13900000001', '13900000002', '13900000003']
      let refused = 0
      for (const p of phones) {
        const r = await object(items.li, p)
        if (r.status === 429) {
          refused++
          expect(r.body.message).toMatch(/联系电话/)
          expect(Number(r.headers['retry-after'])).toBeGreaterThan(0)
        } else expect(r.status).toBe(201)
      }
      expect(refused).toBe(1)
      // 20 per address per day over every item
      for (let i = 0; i < 20; i++) {
        await s.db.query(
          `INSERT INTO objections (id, item_id, claim_id, content, contact_enc, contact_masked, created_at, sender_hash, contact_hash, status) VALUES ($1, $2, $3, '同一地址的异议', 'x', '139****0009', now() - interval '1 hour', $4, 'p', 'dismissed')`,
          [`obj_flood${engine.slice(0, 2)}${i}`, items.li, C.li, mine.sender_hash]
        )
      }
      const flood = await object(items.li, '13900000009')
      expect([flood.status, flood.body.message]).toEqual([429, expect.stringMatching(/每天最多 20 次/)])
      expect(Number(flood.headers['retry-after'])).toBeGreaterThan(0)
    })

    test('公示 ends through the development clock: open objections → 异议核查中 (explained to the worker, working days); resolve both ways', async () => {
      const end = (await s.get('/api/v1/public/announcements?region=1403')).body.items.find((x: any) => x.id === ann).endDate
      const today = (await clock(0)).body.today
      const swept = await clock(daysBetween(today, end) + 1)
      expect(swept.body.swept.announcementsEnded).toBe(2)
      for (const [token, id] of [[T.wu, C.wu], [T.li, C.li]]) {
        const mine = (await s.get(`/api/v1/claims/${id}`, { token })).body
        expect(mine).toMatchObject({ state: 'objection_review', stateLabel: '异议核查中' })
        expect(mine.nextStep).toMatch(/10 个工作日/)
        expect(mine.deadline).toMatch(/^\d{4}-\d{2}-\d{2}$/)
      }
      // the 异议核查 queue: open ones, masked; the 初审 reviewer may not resolve
      const q = await s.get('/api/v1/review/objections?status=open', { token: T.r2 })
      expect(q.status).toBe(200)
      const wuObjections = q.body.items.filter((o: any) => o.claimId === C.wu)
      expect(wuObjections).toHaveLength(3)
      expect(wuObjections[0]).toMatchObject({ canResolve: false, refusal: expect.stringContaining('初审'), contactMasked: expect.stringMatching(/^139\*{4}\d{4}$/), applicantMasked: '吴*' })
      expect(q.text).not.toContain('13900000001')
      const byFirst = await s.post(`/api/v1/review/objections/${wuObjections[0].id}/resolve`, { upheld: true, reason: '经核实未参加培训' }, { token: T.r2 })
      expect([byFirst.status, byFirst.body.code]).toEqual([403, 'SAME_REVIEWER'])
      expect((await s.post(`/api/v1/review/objections/${wuObjections[0].id}/resolve`, { upheld: true, reason: '短' }, { token: T.r3 })).status).toBe(400)

      // 吴艳: not upheld, one by one — 待拨付 only when none is left open
      const receipts = wuObjections.map((o: any) => o.id)
      for (const [i, id] of receipts.entries()) {
        const r = await s.post(`/api/v1/review/objections/${id}/resolve`, { upheld: false, reason: '已核实培训签到与考试记录' }, { token: T.r3 })
        expect([r.status, r.body.status]).toEqual([200, 'dismissed'])
        const state = (await s.get(`/api/v1/claims/${C.wu}`, { token: T.wu })).body.state
        expect(state).toBe(i < receipts.length - 1 ? 'objection_review' : 'awaiting_payment')
      }
      // the objector's receipt: the outcome, de-identified
      const out = await s.get(`/api/v1/public/objections/${receipts[0]}`)
      expect(out.status).toBe(200)
      expect(out.body).toMatchObject({ status: 'dismissed', statusLabel: '异议不成立', itemMasked: expect.stringContaining('吴*') })
      expect(out.text).not.toMatch(/1[3-9][0-9]{9}/)
      expect(out.text).not.toContain(C.wu)
      expect((await s.get('/api/v1/public/objections/obj_nothere')).status).toBe(404)

      // 李建国: one upheld → 驳回 citing it; the others settled with it; the worker may appeal
      const liOpen = (await s.get('/api/v1/review/objections?status=open', { token: T.r3 })).body.items.filter((o: any) => o.claimId === C.li)
      expect(liOpen.length).toBeGreaterThan(1)
      const up = await s.post(`/api/v1/review/objections/${liOpen[0].id}/resolve`, { upheld: true, reason: '培训机构签到表无此人' }, { token: T.r1 })
      expect([up.status, up.body.status]).toEqual([200, 'upheld'])
      const li = (await s.get(`/api/v1/claims/${C.li}`, { token: T.li })).body
      expect(li).toMatchObject({ state: 'rejected', canAppeal: true })
      expect(li.timeline.at(-1)).toMatchObject({ state: 'rejected', actorRole: 'reviewer', reason: expect.stringContaining('公示异议经核实成立：培训机构签到表无此人') })
      expect(await count(`SELECT count(*) AS n FROM objections WHERE claim_id = $1 AND status = 'open'`, [C.li])).toBe(0)
      expect((await s.get(`/api/v1/public/objections/${liOpen[0].id}`)).body.outcome).toMatch(/驳回/)
      // resolved already → 409
      expect((await s.post(`/api/v1/review/objections/${liOpen[0].id}/resolve`, { upheld: false, reason: '再核查一次' }, { token: T.r3 })).status).toBe(409)
      // a 上海 reviewer: 404
      expect((await s.post(`/api/v1/review/objections/${liOpen[1].id}/resolve`, { upheld: false, reason: '再核查一次' }, { token: T.sh })).status).toBe(404)
    })
  })

  describe('decisions with an Idempotency-Key', () => {
    test('a replay with the same key gets the first answer, not 409; another body with the key → 422', async () => {
      const key = newKey()
      const first = await decide(T.r2, C.zhou, { to: 'accepted' }, key)
      expect(first.status).toBe(200)
      const again = await decide(T.r2, C.zhou, { to: 'accepted' }, key)
      expect(again.status).toBe(200)
      expect(again.body).toEqual(first.body)
      expect((await decide(T.r2, C.zhou, { to: 'accepted' })).status).toBe(409)
      expect((await decide(T.r2, C.zhou, { to: 'rejected', reason: '换一个决定' }, key)).body.code).toBe('IDEMPOTENCY_KEY_REUSED')
      expect(await count(`SELECT count(*) AS n FROM claim_events WHERE claim_id = $1 AND to_state = 'accepted'`, [C.zhou])).toBe(1)
      // concurrent replays of one key: one decision, every answer the same
      const k2 = newKey()
      const all = await Promise.all([0, 1, 2].map(() => decide(T.r2, C.zhou, { to: 'rejected', reason: '材料不实' }, k2)))
      expect(all.map((r) => r.status)).toEqual([200, 200, 200])
      expect(new Set(all.map((r) => JSON.stringify(r.body))).size).toBe(1)
      expect(await count(`SELECT count(*) AS n FROM claim_events WHERE claim_id = $1 AND to_state = 'rejected'`, [C.zhou])).toBe(1)
      expect((await decide(T.r2, C.zhou, { to: 'accepted' }, 'short')).status).toBe(400)
    })
  })

  describe('tamper-evident audit trail', () => {
    test('concurrent appends never fork the chain; audit-verify passes, then names the row changed or deleted by SQL', async () => {
      await Promise.all(Array.from({ length: 40 }, (_, i) => audit(s.db, { actor: 'test', action: 'dev.clock', objectType: 'clock', objectId: 'race', reason: `append ${i}` })))
      const ok = await verifyAuditChain(s.db, 50)
      expect(ok).toMatchObject({ ok: true, firstBreak: null })
      expect(ok.rows).toBeGreaterThan(60)
      const lines: string[] = []
      if (databaseUrl) expect(await runAdmin(['audit-verify'], { DATABASE_URL: databaseUrl() }, (l) => lines.push(l))).toBe(0)

      const [victim] = await s.db.query<{ id: string; reason: string }>(`SELECT id::text AS id, reason FROM audit_log WHERE object_id = 'race' ORDER BY id LIMIT 1 OFFSET 10`)
      // outside the app: the append-only trigger switched off by someone with the table's rights
      await s.db.exec(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`)
      await s.db.query(`UPDATE audit_log SET reason = 'rewritten' WHERE id = $1`, [victim.id])
      const changed = await verifyAuditChain(s.db, 50)
      expect(changed).toMatchObject({ ok: false, firstBreak: { kind: 'changed', id: victim.id } })
      expect(changed.firstBreak!.message).toContain(`第 ${victim.id} 行`)
      if (databaseUrl) {
        lines.length = 0
        expect(await runAdmin(['audit-verify'], { DATABASE_URL: databaseUrl() }, (l) => lines.push(l))).toBe(1)
        expect(lines.join('\n')).toContain(`first broken row: ${victim.id} (changed)`)
      }
      await s.db.query(`UPDATE audit_log SET reason = $2 WHERE id = $1`, [victim.id, victim.reason])
      expect((await verifyAuditChain(s.db)).ok).toBe(true)

      // the next row of the deleted row's chain no longer links
      const [gone] = await s.db.query<{ id: string; next: string }>(
        `SELECT id::text AS id, (SELECT min(id) FROM audit_log b WHERE b.id > a.id AND b.chain = a.chain)::text AS next FROM audit_log a
         WHERE object_id = 'race' AND EXISTS (SELECT 1 FROM audit_log c WHERE c.id > a.id AND c.chain = a.chain) ORDER BY id LIMIT 1 OFFSET 5`
      )
      await s.db.query(`DELETE FROM audit_log WHERE id = $1`, [gone.id])
      expect(await verifyAuditChain(s.db)).toMatchObject({ ok: false, firstBreak: { kind: 'unlinked', id: gone.next } })
      await s.db.exec(`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`)
      // the app cannot do it: the trigger refuses
      await expect(s.db.query(`UPDATE audit_log SET reason = 'x' WHERE id = $1`, [victim.id])).rejects.toThrow(/append-only/)
    })
  })
}
