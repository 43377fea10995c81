/**
 * 我的资料 / 隐私设置 on the server, run on both engines (data-rights.test.ts on PGlite,
 * data-rights-postgres.test.ts on PostgreSQL): the data export holds everything of its owner and nothing of
 * anyone else; a name/ID change drops what was derived from the old identity; withdrawing consent and
 * deleting the account erase certificates, stored photos (rows and objects), payout accounts, subscriptions
 * (and on delete the inbox), close open claims, and leave an audit trail.
 */
import { login as apiLogin } from '../support/api'
import fs from 'node:fs'
import { deliverToInbox } from '../../server/inbox'
import { jpegWithMetadata, listFilesRecursive, login, setIdentity, startCertServer, upload, type CertServer } from './cert-support'
import { idOf } from './claims-support'
import { freshDatabase } from '../support/postgres'
import { signaturePng, walkIn } from './staff-helpers'

const smsLoginCert = (s: CertServer, phone: string): Promise<string> => apiLogin(s, { phone })

let keyN = 0
const key = () => `dr-key-${Date.now()}-${++keyN}`

interface Worker {
  token: string
  id: string
  fileId: string
  certs: Array<{ id: string; occupationCode: string; level: string | null; source: string }>
}

async function worker(s: CertServer, name: string, who: { realName: string; idNumber: string } | null): Promise<Worker> {
  const token = await login(s, `${name}-${Date.now()}`)
  const me = await s.req('GET', '/api/v1/me', { token })
  let certs: Worker['certs'] = []
  if (who) {
    await setIdentity(s, token, who.realName, who.idNumber)
    const p = await s.req('PUT', '/api/v1/me/profile', {
      token,
      json: { phone: '13912345678', groups: ['rural_migrant'], homeRegion: who.idNumber.slice(0, 6), employmentStatus: 'employed' }
    })
    expect(p.status).toBe(200)
    const l = await s.req('POST', '/api/v1/me/certificates/lookup', { token })
    expect(l.status).toBe(200)
    certs = l.body.items
  }
  const up = await upload(s, token, await jpegWithMetadata())
  expect(up.status).toBe(201)
  return { token, id: me.body.id, fileId: up.body.id, certs }
}

const count = async (s: CertServer, sql: string, params: unknown[]) => (await s.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params))[0].n

export function dataRightsSuite(databaseUrl?: string): void {
  let s: CertServer
  let drop: (() => Promise<void>) | undefined
  beforeAll(async () => {
    // PostgreSQL: a database of its own — the shared test database holds other test files' rows, sealed with
    // their servers' keys, which the station list here would have to open
    let url = databaseUrl
    if (url) ({ url, drop } = await freshDatabase('zsb_data_rights'))
    s = await startCertServer({ databaseUrl: url })
  })
  afterAll(async () => {
    await s?.close()
    await drop?.()
  })

  /** A worker with everything: enrollment, registry certificates, a photo, a bank account, a claim, a subscription, an inbox message. */
  async function fullWorker(name: string): Promise<Worker & { claimId: string; enrollmentId: string; subscriptionId: string }> {
    const w = await worker(s, name, { realName: '王秀英', idNumber: '140302197803150021' })
    const [course] = await s.db.query<{ id: string }>(
      `SELECT id FROM courses WHERE seats_left > 5 AND start_date > $1::date + 3 ORDER BY start_date, id LIMIT 1`,
      [s.today]
    )
    const e = await s.req('POST', '/api/v1/enrollments', { token: w.token, json: { courseId: course.id }, headers: { 'idempotency-key': key() } })
    expect(e.status).toBe(201)
    const acct = await s.req('PUT', '/api/v1/me/payout-account', { token: w.token, json: { type: 'bank_card', accountNumber: '6222021234567890128' } })
    expect(acct.status).toBe(200)
    const cert = w.certs.find((c) => c.occupationCode === '4-10-01-02' && c.level === '4')!
    const claim = await s.req('POST', '/api/v1/claims', { token: w.token, json: { kind: 'evaluation', certificateId: cert.id }, headers: { 'idempotency-key': key() } })
    expect(claim.status).toBe(201)
    const sub = await s.req('POST', '/api/v1/me/subscriptions', { token: w.token, json: { region: '140302', tags: [] } })
    expect(sub.status).toBe(201)
    await deliverToInbox(s.db, w.id, { kind: 'test', title: '测试消息', body: '给这位工友的消息' })
    return { ...w, claimId: claim.body.id, enrollmentId: e.body.id, subscriptionId: sub.body.id }
  }

  test('data export: everything of the owner (numbers in full), nothing of another worker; no-store; audited', async () => {
    const a = await fullWorker('export-a')
    const b = await worker(s, 'export-b', { realName: '李建国', idNumber: idOf('14030219850612003') })
    const res = await s.req('GET', '/api/v1/me/data-export', { token: a.token })
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="zsb-my-data-\d{4}-\d{2}-\d{2}\.json"$/)
    const x = res.body
    expect(x.format).toBe('zsb-data-export/1')
    expect(x.account).toMatchObject({ id: a.id, loginMethod: 'wechat', wechatLinked: true })
    expect(x.profile).toMatchObject({ realName: '王秀英', idNumber: '140302197803150021', phone: '13912345678', birthDate: '1978-03-15', gender: 'female', groups: ['rural_migrant'] })
    expect(x.consents).toHaveLength(1)
    expect(x.enrollments.map((e: { id: string }) => e.id)).toEqual([a.enrollmentId])
    expect(x.certificates.map((c: { id: string }) => c.id).sort()).toEqual(a.certs.map((c) => c.id).sort())
    expect(x.files).toEqual([expect.objectContaining({ id: a.fileId, contentType: 'image/jpeg' })])
    expect(x.claims).toHaveLength(1)
    expect(x.claims[0]).toMatchObject({ id: a.claimId, state: 'submitted', payoutAccount: { accountMasked: '**** **** **** 0128' } })
    expect(x.claims[0].timeline.length).toBeGreaterThan(0)
    expect(x.payoutAccount).toMatchObject({ type: 'bank_card', accountMasked: '6222 **** **** 0128' })
    expect(x.subscriptions.map((t: { id: string }) => t.id)).toEqual([a.subscriptionId])
    expect(x.inbox.map((m: { title: string }) => m.title)).toContain('测试消息')
    expect(x.whatIsStored.map((i: { key: string }) => i.key)).toContain('profile.idNumber')
    // the bank number never leaves in full, the other worker never appears
    const text = res.bytes.toString('utf8')
    expect(text).not.toContain('6222021234567890128')
    for (const leak of [b.id, b.fileId, '李建国', ...b.certs.map((c) => c.id)]) expect(text).not.toContain(leak)
    expect(await count(s, 'audit_log WHERE actor = $1 AND action = $2', [a.id, 'user.export'])).toBe(1)
  })

  test('data export: login needed; unknown query parameters are a 400 in Chinese', async () => {
    const none = await s.req('GET', '/api/v1/me/data-export')
    expect(none.status).toBe(401)
    expect(none.body.message).toBe('请先登录')
    const w = await worker(s, 'export-q', null)
    const bad = await s.req('GET', '/api/v1/me/data-export?userId=usr_other', { token: w.token })
    expect(bad.status).toBe(400)
    expect(bad.body.message).toMatch(/[\u4e00-\u9fa5]/)
  })

  test('correcting the profile: a bad ID number is a 400 naming the digit and changes nothing', async () => {
    const w = await worker(s, 'fix-bad', { realName: '王秀英', idNumber: '140302197803150021' })
    const before = await s.req('GET', '/api/v1/me/profile', { token: w.token })
    const bad = await s.req('PUT', '/api/v1/me/profile', { token: w.token, json: { realName: '王秀兰', idNumber: '140302197803150022' } })
    expect(bad.status).toBe(400)
    expect(bad.body).toMatchObject({ code: 'VALIDATION_FAILED', message: '身份证号校验位不正确，请核对最后一位', field: 'idNumber' })
    expect((await s.req('GET', '/api/v1/me/profile', { token: w.token })).body).toEqual(before.body)
    expect((await s.req('GET', '/api/v1/me/certificates', { token: w.token })).body.items).toHaveLength(3)
  })

  test('a new ID number is a new identity: 人员类别 asked again, registry certificates of the old one removed (used ones back to 待人工核验), audited', async () => {
    const w = await fullWorker('identity')
    const newId = idOf('14030219900101123')
    const res = await s.req('PUT', '/api/v1/me/profile', { token: w.token, json: { idNumber: newId } })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ idNumberMasked: '1403**********' + newId.slice(-4), birthDate: '1990-01-01', gender: 'male', groups: [], insuredLocally: null })
    expect(res.body.missingForSignup).toEqual(['groups'])
    const certs = (await s.req('GET', '/api/v1/me/certificates', { token: w.token })).body.items
    expect(certs).toHaveLength(1)
    expect(certs[0]).toMatchObject({ source: 'registry', verification: 'pending' })
    const [row] = await s.db.query<{ reason: string }>(`SELECT reason FROM audit_log WHERE actor = $1 AND action = 'profile.update' ORDER BY id DESC LIMIT 1`, [w.id])
    expect(row.reason).toContain('identity changed (id)')
    expect(row.reason).toContain('2 registry certificates removed, 1 back to pending')
    // the same number again is no change: nothing more is removed
    const same = await s.req('PUT', '/api/v1/me/profile', { token: w.token, json: { idNumber: newId, groups: ['rural_migrant'] } })
    expect(same.body.groups).toEqual(['rural_migrant'])
  })

  test('withdrawing consent erases certificates, photos (rows and stored objects), payout account, subscriptions; closes the open claim; keeps enrollments and inbox; audited', async () => {
    const a = await fullWorker('withdraw-a')
    const other = await worker(s, 'withdraw-other', null)
    const storedBefore = listFilesRecursive(s.filesDir!)
    const [{ storage_key: aKey }] = await s.db.query<{ storage_key: string }>('SELECT storage_key FROM files WHERE id = $1', [a.fileId])
    const [{ storage_key: otherKey }] = await s.db.query<{ storage_key: string }>('SELECT storage_key FROM files WHERE id = $1', [other.fileId])
    expect(storedBefore.some((f) => f.endsWith(aKey))).toBe(true)

    const res = await s.req('DELETE', '/api/v1/me/consent', { token: a.token })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ consent: null, hasProfile: false })

    expect(await count(s, 'certificates WHERE user_id = $1', [a.id])).toBe(0)
    expect(await count(s, 'files WHERE owner_user_id = $1', [a.id])).toBe(0)
    expect(fs.existsSync(storedBefore.find((f) => f.endsWith(aKey))!)).toBe(false)
    expect(await count(s, 'payout_accounts WHERE user_id = $1', [a.id])).toBe(0)
    expect(await count(s, 'claims WHERE user_id = $1 AND (payout_account_enc IS NOT NULL OR payout_last4 IS NOT NULL)', [a.id])).toBe(0)
    expect(await count(s, 'notice_subscriptions WHERE user_id = $1', [a.id])).toBe(0)
    expect(await count(s, 'profiles WHERE user_id = $1', [a.id])).toBe(0)
    // kept: the enrollment (fund audit), the claim as 已撤回 with a system step saying why, the inbox
    expect(await count(s, 'enrollments WHERE user_id = $1', [a.id])).toBe(1)
    const [claim] = await s.db.query<{ state: string }>('SELECT state FROM claims WHERE id = $1', [a.claimId])
    expect(claim.state).toBe('withdrawn')
    const [ev] = await s.db.query<{ actor_role: string; reason: string }>('SELECT actor_role, reason FROM claim_events WHERE claim_id = $1 ORDER BY id DESC LIMIT 1', [a.claimId])
    expect(ev).toEqual({ actor_role: 'system', reason: '申请人撤回了个人信息使用同意，申请自动撤回' })
    expect(await count(s, 'inbox_messages WHERE user_id = $1', [a.id])).toBeGreaterThan(0)
    // another worker's photo is untouched
    expect(await count(s, 'files WHERE owner_user_id = $1', [other.id])).toBe(1)
    expect(listFilesRecursive(s.filesDir!).some((f) => f.endsWith(otherKey))).toBe(true)
    // audited in the same transaction: one row per capability, and the withdrawal itself
    const audits = await s.db.query<{ action: string; reason: string }>(`SELECT action, reason FROM audit_log WHERE actor = $1 AND action IN ('user.erase', 'consent.withdraw') ORDER BY id`, [a.id])
    expect(audits.map((r) => r.reason.split(':')[0])).toEqual(['withdraw · inbox', 'withdraw · claims', 'withdraw · certificates', 'withdraw · evaluations', 'withdraw · notices', 'withdraw · staff', 'withdraw · proxies', 'withdraw · training', 'profile deleted'])
    expect(audits[2].reason).toBe('withdraw · certificates: 3 certificates, 1 files deleted')
    // the export afterwards shows what is left
    const x = (await s.req('GET', '/api/v1/me/data-export', { token: a.token })).body
    expect(x).toMatchObject({ profile: null, certificates: [], files: [], payoutAccount: null, subscriptions: [] })
    expect(x.consents[0].withdrawnAt).not.toBeNull()
  })

  test('deleting the account erases the same and the inbox, revokes the login; audited', async () => {
    const a = await fullWorker('delete-a')
    const res = await s.req('DELETE', '/api/v1/me', { token: a.token })
    expect(res.status).toBe(200)
    for (const [table, col] of [
      ['certificates', 'user_id'],
      ['files', 'owner_user_id'],
      ['payout_accounts', 'user_id'],
      ['notice_subscriptions', 'user_id'],
      ['inbox_messages', 'user_id'],
      ['profiles', 'user_id']
    ]) {
      expect([table, await count(s, `${table} WHERE ${col} = $1`, [a.id])]).toEqual([table, 0])
    }
    const [claim] = await s.db.query<{ state: string; payout_account_enc: string | null }>('SELECT state, payout_account_enc FROM claims WHERE id = $1', [a.claimId])
    expect(claim).toEqual({ state: 'withdrawn', payout_account_enc: null })
    const [enr] = await s.db.query<{ status: string }>('SELECT status FROM enrollments WHERE id = $1', [a.enrollmentId])
    expect(enr.status).toBe('cancelled')
    expect((await s.req('GET', '/api/v1/me', { token: a.token })).status).toBe(401)
    const erased = await s.db.query<{ reason: string }>(`SELECT reason FROM audit_log WHERE actor = $1 AND action = 'user.erase' ORDER BY id`, [a.id])
    expect(erased.map((r) => r.reason)).toEqual([
      expect.stringMatching(/^delete · inbox: [1-9]\d* messages deleted$/),
      expect.stringMatching(/^delete · claims: 1 payout account, 1 open claims withdrawn/),
      'delete · certificates: 3 certificates, 1 files deleted',
      'delete · evaluations: 0 open registrations cancelled, 0 deleted',
      expect.stringMatching(/^delete · notices: 1 subscriptions/),
      'delete · staff: 0 station sign-ups anonymised, 0 signatures blanked',
      'delete · proxies: 0 proxies ended',
      'delete · training: 0 check-in distances cleared'
    ])
    expect(await count(s, `audit_log WHERE actor = $1 AND action = 'user.delete'`, [a.id])).toBe(1)
  })

  test('a worker signed up at a station: the sign-up is in their export; deleting the account leaves the station an anonymous record', async () => {
    const run = Date.now() % 1_000_000
    const w = walkIn(run, 7)
    const staffToken = await smsLoginCert(s, '13800000002')
    const sig = await s.req('POST', '/api/v1/staff/consents/signature', { token: staffToken, json: { idempotencyKey: key(), image: await signaturePng(3) } })
    expect(sig.status).toBe(201)
    const [course] = await s.db.query<{ id: string }>(`SELECT id FROM courses WHERE seats_left > 5 AND start_date > $1::date + 3 ORDER BY start_date DESC, id LIMIT 1`, [s.today])
    const signed = await s.req('POST', '/api/v1/staff/signups', {
      token: staffToken,
      json: { items: [{ idempotencyKey: key(), courseId: course.id, worker: w, consent: { method: 'signature', uploadId: sig.body.uploadId } }] }
    })
    expect(signed.status).toBe(200)
    expect(signed.body.items[0].outcome).toBe('enrolled')
    // the worker later logs in with the phone the station wrote down: the same account
    const token = await smsLoginCert(s, w.phone)
    const me = (await s.req('GET', '/api/v1/me', { token })).body
    const version = (await s.req('GET', '/api/v1/privacy')).body.version
    await s.req('POST', '/api/v1/me/consent', { token, json: { version } })
    const exp = await s.req('GET', '/api/v1/me/data-export', { token })
    expect(exp.status).toBe(200)
    const [title] = await s.db.query<{ title: string }>('SELECT title FROM courses WHERE id = $1', [course.id])
    const [station] = await s.db.query<{ name: string }>('SELECT name FROM stations WHERE id = (SELECT station_id FROM station_signups WHERE worker_user_id = $1)', [me.id])
    expect(station.name).toMatch(/[\u4e00-\u9fa5]/)
    expect(exp.body.stationSignups).toEqual([
      expect.objectContaining({ courseId: course.id, courseTitle: title.title, outcome: 'enrolled', consentMethod: 'signature', stationName: station.name })
    ])
    expect((await s.req('DELETE', '/api/v1/me', { token })).status).toBe(200)
    const rows = await s.db.query<{ worker_name: string; worker_id_enc: string; outcome: string }>('SELECT worker_name, worker_id_enc, outcome FROM station_signups WHERE worker_user_id = $1', [me.id])
    expect(rows).toEqual([{ worker_name: '（已注销）', worker_id_enc: '', outcome: 'enrolled' }])
    const [img] = await s.db.query<{ n: number }>('SELECT octet_length(image)::int AS n FROM staff_signatures WHERE id = $1', [sig.body.uploadId])
    expect(img.n).toBe(0)
    // the station's day list still shows the record, without the worker's name, ID or phone
    // (q: only anonymised rows; a reused test database keeps other runs' rows, sealed with other keys)
    const list = await s.req('GET', `/api/v1/staff/signups?q=${encodeURIComponent('已注销')}`, { token: staffToken })
    expect([list.status, list.body.code]).toEqual([200, undefined])
    const item = list.body.items.find((i: { workerName: string }) => i.workerName === '（已注销）')
    expect(item).toBeDefined()
    expect(JSON.stringify(item)).not.toContain(w.idNumber.slice(-4))
    expect(JSON.stringify(item)).not.toContain(w.phone.slice(-4))
    const [erase] = await s.db.query<{ reason: string }>(`SELECT reason FROM audit_log WHERE actor = $1 AND action = 'user.erase' AND reason LIKE 'delete · staff%'`, [me.id])
    expect(erase.reason).toBe('delete · staff: 1 station sign-ups anonymised, 1 signatures blanked')
  })

  test('the privacy notice says what withdraw and delete do, from the same table as the export', async () => {
    const n = (await s.req('GET', '/api/v1/privacy')).body
    const rights = n.sections.find((x: { heading: string }) => x.heading.startsWith('你的权利')).body as string
    expect(rights).toContain('我的资料')
    expect(rights).toContain('隐私设置')
    expect(rights).toContain('下载')
    expect(rights).toContain('证书和证书照片：删除（照片文件一并删除）')
    expect(rights).toContain('站内消息：保留')
    expect(rights).toContain('站内消息：删除')
  })
}
