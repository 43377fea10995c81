/**
 * Notices in the inbox, computed on read, both engines: a reader's feed merges their own messages (claims) with
 * the notices their subscriptions reach and the notes of those withdrawn, newest first; one-at-a-time pages walk
 * every entry once; read marks by id (a notice, a withdrawal note, a message) and "all" move the unread count;
 * opening a notice marks its entry read; an id of an entry the reader does not have marks nothing; a notice
 * published before a subscription was made stays out of that subscriber's inbox.
 */
import { loginAs, startTestServer, type TestServer } from './helpers'
import { describePostgres, freshDatabase } from '../support/postgres'
import { deliverToInbox } from '../../server/inbox'

async function loginByPhone(s: TestServer, phone: string): Promise<string> {
  const sent = await s.post('/api/v1/auth/sms/send', { phone })
  const res = await s.post('/api/v1/auth/sms/verify', { phone, code: sent.body.devCode })
  if (res.status !== 200) throw new Error(`login ${phone} → ${res.status}`)
  return res.body.token
}

const NOTICE = {
  summary: '3 月开班，晚上上课，农村转移劳动力可以免费学，考证后能领补贴。',
  body: '一、课程：电工（初级）。\n二、时间：3 月起每周一三五晚上。',
  issuer: '盂县人力资源和社会保障局',
  docNumber: '',
  regions: ['140322'],
  tags: ['subsidy:training']
}

type Item = { id: string; kind: string; title: string; refId: string | null; readAt: string | null; createdAt: string }

function inboxSuite(engine: string, databaseUrl: () => string | undefined) {
  let s: TestServer
  let reviewer: string
  beforeAll(async () => {
    s = await startTestServer({ databaseUrl: databaseUrl() })
    reviewer = await loginByPhone(s, '13800000001') // 阳泉 reviewer
  })
  afterAll(async () => s?.close())

  const publish = async (title: string) => {
    const res = await s.post('/api/v1/admin/notices', { ...NOTICE, title }, { token: reviewer })
    expect(res.status).toBe(201)
    return res.body.id as string
  }
  const inbox = async (token: string, query = 'limit=50') => (await s.get(`/api/v1/me/inbox?${query}`, { token })).body as { items: Item[]; unreadCount: number; nextCursor: string | null }
  const markRead = (token: string, body: object) => s.post('/api/v1/me/inbox/read', body, { token })

  test(`${engine}: messages and notices in one feed, paged once each, read marks by id, by opening, and all`, async () => {
    const reader = await loginAs(s, `inbox-reader-${engine}`)
    const readerId = (await s.get('/api/v1/me', { token: reader })).body.id as string
    expect((await s.post('/api/v1/me/subscriptions', { region: '140322', tags: [] }, { token: reader })).status).toBe(201)
    const early = await deliverToInbox(s.db, readerId, { kind: 'claim_state', title: '职业技能评价补贴：已提交', body: '申请已提交。' }, new Date(Date.now() - 3_600_000))
    const a = await publish(`${engine} 通知甲`)
    const b = await publish(`${engine} 通知乙`)
    const late = await deliverToInbox(s.db, readerId, { kind: 'claim_state', title: '职业技能评价补贴：已受理', body: '经办机构已受理。' }, new Date())
    expect((await s.post(`/api/v1/admin/notices/${a}/withdraw`, { reason: '时间调整' }, { token: reviewer })).status).toBe(200)
    const note = `ntw_${a.slice(4)}`

    const all = await inbox(reader)
    expect(all.items.map((m) => m.id)).toEqual([note, late, b, a, early])
    expect(all.items.map((m) => m.kind)).toEqual(['notice_withdrawn', 'claim_state', 'notice', 'notice', 'claim_state'])
    expect(all.items[0]).toMatchObject({ refId: a, title: `通知已撤回：${engine} 通知甲` })
    expect(all.items[2]).toMatchObject({ refId: b, title: `新政策：${engine} 通知乙`, readAt: null })
    expect(all.unreadCount).toBe(5)

    // one entry a page: every entry once, in the same order, whichever source it comes from
    const walked: string[] = []
    let cursor: string | null = null
    do {
      const page = await inbox(reader, `limit=1${cursor ? `&cursor=${cursor}` : ''}`)
      walked.push(...page.items.map((m) => m.id))
      cursor = page.nextCursor
    } while (cursor && walked.length < 10)
    expect(walked).toEqual([note, late, b, a, early])

    // read marks by id: the withdrawal note, a message
    expect((await markRead(reader, { ids: [note, early] })).body.unreadCount).toBe(3)
    // opening the notice marks its entry read
    expect((await s.get(`/api/v1/notices/${b}`, { token: reader })).status).toBe(200)
    const after = await inbox(reader)
    expect(after.unreadCount).toBe(2)
    expect(after.items.filter((m) => m.readAt === null).map((m) => m.id)).toEqual([late, a])
    expect((await inbox(reader, 'limit=50&unreadOnly=true')).items.map((m) => m.id)).toEqual([late, a])

    // everything read; a new notice is the one unread entry
    expect((await markRead(reader, { all: true })).body.unreadCount).toBe(0)
    const c = await publish(`${engine} 通知丙`)
    const now = await inbox(reader)
    expect(now.unreadCount).toBe(1)
    expect(now.items[0]).toMatchObject({ id: c, readAt: null })

    // another reader: not reached by these notices (上海) — marking their ids marks nothing for them
    const other = await loginAs(s, `inbox-other-${engine}`)
    const otherId = (await s.get('/api/v1/me', { token: other })).body.id as string
    expect((await s.post('/api/v1/me/subscriptions', { region: '31', tags: [] }, { token: other })).status).toBe(201)
    expect((await markRead(other, { ids: [c, note] })).body.unreadCount).toBe(0)
    expect((await s.db.query<{ n: number }>('SELECT count(*)::int AS n FROM notice_reads WHERE user_id = $1', [otherId]))[0].n).toBe(0)
    expect((await inbox(other)).items).toEqual([])

    // a subscription made after a notice: that notice is not in the new subscriber's inbox, the next one is
    const late2 = await loginAs(s, `inbox-late-${engine}`)
    expect((await s.post('/api/v1/me/subscriptions', { region: '140322', tags: [] }, { token: late2 })).status).toBe(201)
    expect((await inbox(late2)).items).toEqual([])
    const d = await publish(`${engine} 通知丁`)
    expect((await inbox(late2)).items.map((m) => m.id)).toEqual([d])
    // an id that is no inbox entry at all is refused by the contract
    expect((await markRead(reader, { ids: ['xyz_1'] })).status).toBe(400)
  })
}

describe('notices in the inbox on PGlite', () => inboxSuite('pglite', () => undefined))

let pg: { url: string; drop: () => Promise<void> } | undefined
describePostgres('notices in the inbox on PostgreSQL', () => {
  beforeAll(async () => {
    pg = await freshDatabase('zsb_notice_inbox')
  })
  afterAll(async () => pg?.drop())
  describe('on a fresh database', () => inboxSuite('postgres', () => pg?.url))
})
