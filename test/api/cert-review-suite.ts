/**
 * 人工核验 of hand-added certificates on a real server — shared by the PGlite and the PostgreSQL test files:
 * region scoping (another region 404, a worker 403), masked holder data, photos through the file access
 * rule, decisions audited with an inbox entry and a queued subscribe message in one transaction, idempotent
 * repeats and 409 on a second, opposite or concurrent decision, bad input → 400 in Chinese with nothing
 * changed, and what a decision means for the worker's claims.
 */
import { login as apiLogin } from '../support/api'
import { DEMO, jpegWithMetadata, login, setIdentity, upload, type CertServer } from './cert-support'
import { validIdNumber } from './helpers'

const HAS_CHINESE = /[\u4e00-\u9fff]/
let n = 0
const idem = () => ({ 'idempotency-key': `review-key-${Date.now()}-${n++}` })

export const loginPhone = (s: CertServer, phone: string): Promise<string> => apiLogin(s, { phone })

export function certificateReviewSuite(engine: string, start: () => Promise<CertServer>) {
  let s: CertServer
  const T: Record<string, string> = {}
  const num = (serial: string) => `S0101${'14'}000123${s.today.slice(2, 4)}5${serial}`

  /** A worker registered in 阳泉市城区 (140302) with one hand-added certificate (待人工核验). */
  async function workerWithHandAdded(name: string, realName: string, first17: string, serial: string, homeRegion = '140302') {
    const token = await login(s, `${engine}-${name}-${Date.now()}`)
    await setIdentity(s, token, realName, validIdNumber(first17))
    const prof = await s.req('PUT', '/api/v1/me/profile', { token, json: { homeRegion, groups: ['rural_migrant'], employmentStatus: 'employed' } })
    if (prof.status !== 200) throw new Error(`profile ${prof.status} ${JSON.stringify(prof.body)}`)
    const up = await upload(s, token, await jpegWithMetadata())
    const r = await s.req('POST', '/api/v1/me/certificates', {
      token,
      headers: idem(),
      json: { kind: 'skill_level', number: num(serial), occupationCode: '4-10-01-05', level: '5', issuedOn: s.today, issuer: '阳泉市职业技能鉴定中心', photos: [up.body.id] }
    })
    if (r.status !== 201) throw new Error(`add ${r.status} ${JSON.stringify(r.body)}`)
    expect(r.body.verification).toBe('pending')
    return { token, cert: r.body as { id: string; photos: string[] } }
  }

  const decide = (token: string, id: string, json: unknown) => s.req('POST', `/api/v1/review/certificates/${id}/decisions`, { token, json })
  const count = async (sql: string, args: unknown[]) => Number((await s.db.query<{ n: string | number }>(sql, args))[0].n)

  beforeAll(async () => {
    s = await start()
    T.yq1 = await loginPhone(s, '13800000001')
    T.yq2 = await loginPhone(s, '13800000004')
    T.sh = await loginPhone(s, '13800000005')
  })
  afterAll(async () => s?.close())

  test('queue and detail: only reviewers of the region; holder masked; photo readable through the access rule; no-store', async () => {
    const w = await workerWithHandAdded('queue', '李春花', '14030219850505002', '000401')
    // a worker is not a reviewer
    const asWorker = await s.req('GET', '/api/v1/review/certificates?limit=50', { token: w.token })
    expect(asWorker.status).toBe(403)
    expect(asWorker.body).toMatchObject({ code: 'FORBIDDEN', message: '你没有权限做这件事' })
    expect((await s.req('GET', '/api/v1/review/certificates')).status).toBe(401)

    const q = await s.req('GET', '/api/v1/review/certificates?limit=50', { token: T.yq1 })
    expect(q.status).toBe(200)
    expect(q.headers.get('cache-control')).toContain('no-store')
    const item = q.body.items.find((i: { id: string }) => i.id === w.cert.id)
    expect(item).toMatchObject({ holderMasked: '李*花', title: '养老护理员 · 五级/初级工', regionCode: '140302', photoCount: 1, verification: 'pending', verificationLabel: '待人工核验', usedByClaim: false })
    expect(q.body.pendingCount).toBeGreaterThanOrEqual(1)
    expect(JSON.stringify(q.body)).not.toContain('李春花')

    const d = await s.req('GET', `/api/v1/review/certificates/${w.cert.id}`, { token: T.yq1 })
    expect(d.status).toBe(200)
    expect(d.headers.get('cache-control')).toContain('no-store')
    expect(d.body).toMatchObject({ holderMasked: '李*花', number: num('000401'), canDecide: true, refusal: null, review: null, regionName: expect.stringContaining('城区') })
    expect(d.body.idNumberMasked).toMatch(/^1403\*+\d{3}[\dX]$/)
    expect(d.body.numberFacts.join(' ')).toContain('山西')
    expect(d.body.registryNote).toMatch(HAS_CHINESE)
    expect(JSON.stringify(d.body)).not.toContain(validIdNumber('14030219850505002'))
    const photo = await s.req('GET', `/api/v1/files/${w.cert.photos[0]}`, { token: T.yq1 })
    expect(photo.status).toBe(200)
    expect(photo.headers.get('content-type')).toBe('image/jpeg')

    // 上海's reviewer: not in the queue, the certificate and its photo are 404 (as if missing)
    const sh = await s.req('GET', '/api/v1/review/certificates?limit=50', { token: T.sh })
    expect(sh.body.items.map((i: { id: string }) => i.id)).not.toContain(w.cert.id)
    const shDetail = await s.req('GET', `/api/v1/review/certificates/${w.cert.id}`, { token: T.sh })
    expect(shDetail.status).toBe(404)
    expect(shDetail.body.message).toBe('没有找到这本证书')
    expect((await decide(T.sh, w.cert.id, { to: 'verified' })).status).toBe(404)
    expect((await s.req('GET', `/api/v1/files/${w.cert.photos[0]}`, { token: T.sh })).status).toBe(404)
    // a registry certificate never waits: not reviewable
    const demo = await login(s, `${engine}-demo-${Date.now()}`)
    await setIdentity(s, demo, DEMO.realName, DEMO.idNumber)
    const imported = (await s.req('POST', '/api/v1/me/certificates/lookup', { token: demo })).body.items
    expect((await s.req('GET', `/api/v1/review/certificates/${imported[0].id}`, { token: T.yq1 })).status).toBe(404)
  })

  test('bad input → 400 in Chinese and nothing changes', async () => {
    const w = await workerWithHandAdded('bad', '赵小满', '14030219870707003', '000402')
    for (const [body, code] of [
      [{ to: 'rejected' }, 'REASON_REQUIRED'],
      [{ to: 'rejected', reason: '  看 ' }, 'REASON_REQUIRED'],
      [{ to: 'approved' }, undefined],
      [{ to: 'verified', extra: 1 }, undefined],
      [{ to: 'rejected', reason: 'x'.repeat(201) }, undefined],
      [{ to: 'rejected', reason: '照片\u0007看不清' }, undefined]
    ] as const) {
      const r = await decide(T.yq1, w.cert.id, body)
      expect(r.status).toBe(400)
      expect(r.body.message).toMatch(HAS_CHINESE)
      if (code) expect(r.body.code).toBe(code)
    }
    expect((await s.req('GET', `/api/v1/review/certificates/not-an-id`, { token: T.yq1 })).status).toBe(400)
    expect((await s.req('GET', '/api/v1/review/certificates?status=nope', { token: T.yq1 })).status).toBe(400)
    const mine = await s.req('GET', `/api/v1/me/certificates/${w.cert.id}`, { token: w.token })
    expect(mine.body).toMatchObject({ verification: 'pending', review: null })
    expect(await count(`SELECT count(*) AS n FROM audit_log WHERE action = 'certificate.review' AND object_id = $1`, [w.cert.id])).toBe(0)
  })

  test('核验通过: audited with inbox + subscribe message in one go; repeat is idempotent, the opposite 409; the worker can then claim', async () => {
    const w = await workerWithHandAdded('verify', '周桂兰', '14030219800303004', '000403')
    const before = await s.req('POST', '/api/v1/claims/precheck', { token: w.token, json: { kind: 'evaluation', certificateId: w.cert.id } })
    expect(before.body.verdicts.find((v: { rule: string }) => v.rule === 'certificate_verified')).toMatchObject({ status: 'fail' })
    const refused = await s.req('POST', '/api/v1/claims', { token: w.token, headers: idem(), json: { kind: 'evaluation', certificateId: w.cert.id } })
    expect(refused.status).toBe(422)

    const r = await decide(T.yq1, w.cert.id, { to: 'verified' })
    expect(r.status).toBe(200)
    expect(r.headers.get('cache-control')).toContain('no-store')
    expect(r.body).toMatchObject({ verification: 'verified', verificationLabel: '人工核验通过', canDecide: false, review: { outcome: 'verified', byMe: true, office: '山西省阳泉市人力资源和社会保障局' } })
    const again = await decide(T.yq1, w.cert.id, { to: 'verified' })
    expect(again.status).toBe(200)
    const other = await decide(T.yq2, w.cert.id, { to: 'rejected', reason: '照片看不清证书编号' })
    expect(other.status).toBe(409)
    expect(other.body).toMatchObject({ code: 'CERTIFICATE_DECIDED', message: '这本证书已经核验过了（人工核验通过），不能再改' })
    expect(await count(`SELECT count(*) AS n FROM audit_log WHERE action = 'certificate.review' AND object_id = $1`, [w.cert.id])).toBe(1)
    expect(await count(`SELECT count(*) AS n FROM inbox_messages WHERE ref_id = $1 AND kind = 'certificate_review'`, [w.cert.id])).toBe(1)
    expect(await count(`SELECT count(*) AS n FROM notifier_outbox WHERE template = 'certificate_review' AND page LIKE '%' || $1`, [w.cert.id])).toBe(1)

    const inbox = await s.req('GET', '/api/v1/me/inbox', { token: w.token })
    expect(inbox.body.items[0]).toMatchObject({ title: '证书核验通过：养老护理员 · 五级/初级工', link: `/subpackages/certificates/detail/index?id=${w.cert.id}` })
    const mine = await s.req('GET', `/api/v1/me/certificates/${w.cert.id}`, { token: w.token })
    expect(mine.body).toMatchObject({ verification: 'verified', review: { outcome: 'verified', reason: null, office: '山西省阳泉市人力资源和社会保障局' } })
    // out of the pending queue, in the decided list
    const pending = await s.req('GET', '/api/v1/review/certificates?limit=50', { token: T.yq2 })
    expect(pending.body.items.map((i: { id: string }) => i.id)).not.toContain(w.cert.id)
    const decided = await s.req('GET', '/api/v1/review/certificates?status=decided&limit=50', { token: T.yq2 })
    expect(decided.body.items.find((i: { id: string }) => i.id === w.cert.id)).toMatchObject({ verificationLabel: '人工核验通过' })

    const after = await s.req('POST', '/api/v1/claims/precheck', { token: w.token, json: { kind: 'evaluation', certificateId: w.cert.id } })
    expect(after.body.verdicts.find((v: { rule: string }) => v.rule === 'certificate_verified')).toMatchObject({ status: 'pass', message: '证书已由经办机构人工核验通过' })
    const claim = await s.req('POST', '/api/v1/claims', { token: w.token, headers: idem(), json: { kind: 'evaluation', certificateId: w.cert.id } })
    expect(claim.status).toBe(201)
    expect(claim.body.state).toBe('submitted')
  })

  test('核验不通过: the reason reaches the worker; the certificate cannot back a claim; deleting it frees the number', async () => {
    const w = await workerWithHandAdded('reject', '孙玉梅', '14030219820202005', '000404')
    const reason = '照片看不清证书编号和姓名，请在光线好的地方把证书正面拍清楚，删除后重新添加'
    const r = await decide(T.yq2, w.cert.id, { to: 'rejected', reason })
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ verification: 'rejected', verificationLabel: '核验未通过', review: { outcome: 'rejected', reason } })
    expect((await decide(T.yq2, w.cert.id, { to: 'rejected', reason })).status).toBe(200)
    expect((await decide(T.yq1, w.cert.id, { to: 'verified' })).status).toBe(409)
    const mine = await s.req('GET', `/api/v1/me/certificates/${w.cert.id}`, { token: w.token })
    expect(mine.body).toMatchObject({ verification: 'rejected', canDelete: true, review: { outcome: 'rejected', reason } })
    const inbox = await s.req('GET', '/api/v1/me/inbox', { token: w.token })
    expect(inbox.body.items[0].body).toContain(reason)
    const pre = await s.req('POST', '/api/v1/claims/precheck', { token: w.token, json: { kind: 'evaluation', certificateId: w.cert.id } })
    expect(pre.body.verdicts.find((v: { rule: string }) => v.rule === 'certificate_verified')).toMatchObject({ status: 'fail', message: expect.stringContaining('没有通过') })
    const audit = await s.db.query<{ reason: string }>(`SELECT reason FROM audit_log WHERE action = 'certificate.review' AND object_id = $1`, [w.cert.id])
    expect(audit.map((a) => a.reason)).toEqual([`rejected by reviewer for 140302: ${reason}`])
    // adding the same number again first asks to delete the rejected one; after deleting, it is accepted
    const up = await upload(s, w.token, await jpegWithMetadata())
    const body = { kind: 'skill_level', number: num('000404'), occupationCode: '4-10-01-05', level: '5', issuedOn: s.today, issuer: '阳泉市职业技能鉴定中心', photos: [up.body.id] }
    const dup = await s.req('POST', '/api/v1/me/certificates', { token: w.token, headers: idem(), json: body })
    expect(dup.status).toBe(409)
    expect(dup.body.message).toBe('这本证书核验没有通过：请先在“我的证书”里删除它，再重新拍照添加')
    expect((await s.req('DELETE', `/api/v1/me/certificates/${w.cert.id}`, { token: w.token })).status).toBe(200)
    const readd = await s.req('POST', '/api/v1/me/certificates', { token: w.token, headers: idem(), json: body })
    expect(readd.status).toBe(201)
    expect(readd.body).toMatchObject({ verification: 'pending', review: null })
  })

  test('two reviewers deciding at once: one decision wins, the other is a 409, one audit row', async () => {
    const w = await workerWithHandAdded('race', '吴秋菊', '14030219830404006', '000405')
    const [a, b] = await Promise.all([decide(T.yq1, w.cert.id, { to: 'verified' }), decide(T.yq2, w.cert.id, { to: 'rejected', reason: '证书上的姓名和你的实名信息不一致' })])
    expect([a.status, b.status].sort()).toEqual([200, 409])
    expect(await count(`SELECT count(*) AS n FROM audit_log WHERE action = 'certificate.review' AND object_id = $1`, [w.cert.id])).toBe(1)
    expect(await count(`SELECT count(*) AS n FROM inbox_messages WHERE ref_id = $1`, [w.cert.id])).toBe(1)
  })

  test('a reviewer cannot decide on their own certificate', async () => {
    const version = (await s.req('GET', '/api/v1/privacy')).body.version
    await s.req('POST', '/api/v1/me/consent', { token: T.yq2, json: { version } })
    await setIdentity(s, T.yq2, '郑建国', validIdNumber('14030219750606001'))
    await s.req('PUT', '/api/v1/me/profile', { token: T.yq2, json: { homeRegion: '140302' } })
    const up = await upload(s, T.yq2, await jpegWithMetadata())
    const own = await s.req('POST', '/api/v1/me/certificates', {
      token: T.yq2,
      headers: idem(),
      json: { kind: 'skill_level', number: num('000406'), occupationCode: '4-10-01-05', level: '5', issuedOn: s.today, issuer: '阳泉市职业技能鉴定中心', photos: [up.body.id] }
    })
    expect(own.status).toBe(201)
    const view = await s.req('GET', `/api/v1/review/certificates/${own.body.id}`, { token: T.yq2 })
    expect(view.body).toMatchObject({ canDecide: false, refusal: '不能核验自己的证书，请交给另一位审核员' })
    const r = await decide(T.yq2, own.body.id, { to: 'verified' })
    expect(r.status).toBe(403)
    expect(r.body.code).toBe('OWN_CERTIFICATE')
    expect((await decide(T.yq1, own.body.id, { to: 'verified' })).status).toBe(200)
  })

  test('a claim relying on a certificate sent back to 待人工核验 cannot pass 初审 until a reviewer verifies it', async () => {
    const token = await login(s, `${engine}-claim-wait-${Date.now()}`)
    await setIdentity(s, token, DEMO.realName, DEMO.idNumber)
    await s.req('PUT', '/api/v1/me/profile', { token, json: { homeRegion: '140302', groups: ['rural_migrant'], employmentStatus: 'employed' } })
    const certs = (await s.req('POST', '/api/v1/me/certificates/lookup', { token })).body.items as { id: string; occupationName: string; level: string }[]
    const cert = certs.find((c) => c.occupationName === '育婴员' && c.level === '4')!
    const claim = await s.req('POST', '/api/v1/claims', { token, headers: idem(), json: { kind: 'evaluation', certificateId: cert.id } })
    expect(claim.status).toBe(201)
    // the worker corrects their name: the registry record no longer proves the certificate is theirs
    expect((await s.req('PUT', '/api/v1/me/profile', { token, json: { realName: '王秀瑛' } })).status).toBe(200)
    const mine = await s.req('GET', `/api/v1/me/certificates/${cert.id}`, { token })
    expect(mine.body.verification).toBe('pending')
    const q = await s.req('GET', '/api/v1/review/certificates?limit=50', { token: T.yq1 })
    expect(q.body.items.find((i: { id: string }) => i.id === cert.id)).toMatchObject({ usedByClaim: true, holderMasked: '王*瑛' })

    const t = (to: string, who = T.yq1) => s.req('POST', `/api/v1/review/claims/${claim.body.id}/transitions`, { token: who, json: { to } })
    expect((await t('accepted')).status).toBe(200)
    const view = await s.req('GET', `/api/v1/review/claims/${claim.body.id}`, { token: T.yq1 })
    expect(view.body.decisions.find((d: { to: string }) => d.to === 'first_review')).toMatchObject({ allowed: false, refusal: expect.stringContaining('待人工核验') })
    const blocked = await t('first_review')
    expect(blocked.status).toBe(409)
    expect(blocked.body.code).toBe('CERTIFICATE_NOT_VERIFIED')
    expect((await decide(T.yq2, cert.id, { to: 'verified' })).status).toBe(200)
    const inbox = await s.req('GET', '/api/v1/me/inbox', { token })
    expect(inbox.body.items.find((m: { kind: string }) => m.kind === 'certificate_review').body).toContain('补贴申请会继续审核')
    expect((await t('first_review')).status).toBe(200)
  })
}
