/** Notices: region targeting, tags, paging, unread markers, public detail, subscriptions, bad input. */
import { loginAs, useTestServer } from './helpers'
import { SEED_NOTICES } from '../../server/notices/seed'
import { noticeReaches } from '../../src/domain/notice'

const server = useTestServer()

const feedIds = async (query: string, token?: string) => {
  const res = await server.get(`/api/v1/notices${query}`, { token })
  expect(res.status).toBe(200)
  return (res.body.items as { id: string }[]).map((n) => n.id)
}

/** The reference: seeded notices reaching `region`, newest first. */
const expected = (region: string, tag?: string) =>
  [...SEED_NOTICES]
    .filter((n) => noticeReaches(n.regions, region) && (!tag || n.tags.includes(tag)))
    .sort((a, b) => (a.publishedOn === b.publishedOn ? (a.id < b.id ? 1 : -1) : a.publishedOn < b.publishedOn ? 1 : -1))
    .map((n) => n.id)

describe('feed', () => {
  test('region targeting: a 阳泉 reader sees national, Shanxi, 阳泉 and own-county notices, never 上海 ones; newest first', async () => {
    const yuxian = await feedIds('?region=140322')
    expect(yuxian).toEqual(expected('140322'))
    expect(yuxian).toEqual(expect.arrayContaining(['ntc_policy55', 'ntc_shanxi208', 'ntc_yangquan22', 'ntc_yuxian2611']))
    expect(yuxian).not.toContain('ntc_shanghai70')
    expect(yuxian).not.toContain('ntc_pudong2610')
    expect(yuxian).not.toContain('ntc_yqcq2611') // 城区, another county of 阳泉
    const pudong = await feedIds('?region=310115')
    expect(pudong).toEqual(expected('310115'))
    expect(pudong).toEqual(expect.arrayContaining(['ntc_shanghai70', 'ntc_pudong2610', 'ntc_policy55']))
    expect(pudong).not.toContain('ntc_yangquan22')
    // a city-level reader (阳泉市) sees city-wide notices, not one county's
    expect(await feedIds('?region=1403')).toEqual(expected('1403'))
  })

  test('tag filter', async () => {
    const living = await feedIds('?region=140922&tag=subsidy:living')
    expect(living).toEqual(expected('140922', 'subsidy:living'))
    expect(living).toContain('ntc_xinzhou2609')
    expect(living).not.toContain('ntc_shanxi208')
  })

  test('no region and nobody logged in: every notice; logged in with a home region: that region', async () => {
    expect((await feedIds('?limit=50')).length).toBe(SEED_NOTICES.length)
    const token = await loginAs(server, 'feed-home')
    const version = (await server.get('/api/v1/privacy')).body.version
    await server.post('/api/v1/me/consent', { version }, { token })
    await server.put('/api/v1/me/profile', { homeRegion: '310115' }, { token })
    const res = await server.get('/api/v1/notices', { token })
    expect(res.body.region).toEqual({ code: '310115', name: expect.stringContaining('浦东') })
    expect(res.body.items.map((n: { id: string }) => n.id)).toEqual(expected('310115'))
    expect(res.headers['cache-control']).toBe('no-store')
  })

  test('cursor pages walk the feed exactly once; a cursor from another query is refused', async () => {
    const all = await feedIds('?region=140322&limit=50')
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const res: { status: number; body: any } = await server.get(`/api/v1/notices?region=140322&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
      expect(res.status).toBe(200)
      seen.push(...res.body.items.map((n: { id: string }) => n.id))
      cursor = res.body.nextCursor
    } while (cursor)
    expect(seen).toEqual(all)
    const first = await server.get('/api/v1/notices?region=140322&limit=2')
    const other = await server.get(`/api/v1/notices?region=310115&limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`)
    expect(other.status).toBe(400)
    expect(other.body.message).toMatch(/翻页/)
  })

  test('bad input → 400 in Chinese', async () => {
    for (const q of ['?region=99', '?region=14030', '?tag=subsidy:cash', '?limit=0', '?limit=51', '?cursor=abc', '?foo=1']) {
      const res = await server.get(`/api/v1/notices${q}`)
      expect(res.status).toBe(400)
      expect(res.body.code).toBe('VALIDATION_FAILED')
      expect(res.body.message).toMatch(/[\u4e00-\u9fff]/)
    }
  })
})

describe('detail and unread markers', () => {
  test('public without login (a shared link); a stale token is simply anonymous', async () => {
    const res = await server.get('/api/v1/notices/ntc_policy55')
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ id: 'ntc_policy55', docNumber: '人社厅发〔2023〕55号', publishedAt: '2023-12-29', status: 'published', unread: null, regionLabel: '全国' })
    expect(Array.from(res.body.summary as string).length).toBeLessThanOrEqual(80)
    expect(res.body.body).toMatch(/第九条/)
    const stale = await server.get('/api/v1/notices/ntc_policy55', { token: 'x'.repeat(43) })
    expect(stale.status).toBe(200)
    expect((await server.get('/api/v1/notices/ntc_nothere')).status).toBe(404)
    expect((await server.get('/api/v1/notices/bad id')).status).toBe(400)
  })

  test('every seeded summary is ≤ 80 字 and every seeded source policy carries its document number and date', () => {
    for (const n of SEED_NOTICES) expect(Array.from(n.summary).length).toBeLessThanOrEqual(80)
    const docs = Object.fromEntries(SEED_NOTICES.map((n) => [n.docNumber, n.publishedOn]))
    expect(docs['人社厅发〔2023〕55号']).toBe('2023-12-29')
    expect(docs['阳人社函〔2024〕22号']).toBe('2024-02-06')
    expect(docs['沪人社职〔2024〕70号']).toBe('2024-02-27')
    expect(docs['晋人社办函〔2020〕208号']).toMatch(/^2020-/)
    expect(SEED_NOTICES.find((n) => n.id === 'ntc_liaoning0119')?.publishedOn).toBe('2024-01-19')
  })

  test('unread until opened; the count follows', async () => {
    const token = await loginAs(server, 'reader')
    const before = await server.get('/api/v1/notices?region=140322', { token })
    expect(before.body.items.every((n: { unread: boolean }) => n.unread === true)).toBe(true)
    expect(before.body.unreadCount).toBe(before.body.items.length)
    const open = await server.get('/api/v1/notices/ntc_yuxian2611', { token })
    expect(open.body.unread).toBe(false)
    expect(open.headers['cache-control']).toBe('no-store')
    const after = await server.get('/api/v1/notices?region=140322', { token })
    expect(after.body.items.find((n: { id: string }) => n.id === 'ntc_yuxian2611').unread).toBe(false)
    expect(after.body.unreadCount).toBe(before.body.unreadCount - 1)
    // another reader's markers are their own
    const other = await loginAs(server, 'reader-2')
    expect((await server.get('/api/v1/notices?region=140322', { token: other })).body.unreadCount).toBe(before.body.unreadCount)
  })
})

describe('subscriptions', () => {
  test('create (same one twice → one), list, delete; another user\'s is a 404; login needed', async () => {
    const token = await loginAs(server, 'sub-owner')
    const a = await server.post('/api/v1/me/subscriptions', { region: '140322', tags: ['subsidy:training'] }, { token })
    expect(a.status).toBe(201)
    expect(a.body).toMatchObject({ region: '140322', regionLabel: '盂县', tags: ['subsidy:training'] })
    const again = await server.post('/api/v1/me/subscriptions', { region: '140322', tags: ['subsidy:training'] }, { token })
    expect(again.status).toBe(200)
    expect(again.body.id).toBe(a.body.id)
    const list = await server.get('/api/v1/me/subscriptions', { token })
    expect(list.body.items).toHaveLength(1)
    expect(list.headers['cache-control']).toBe('no-store')
    const intruder = await loginAs(server, 'sub-intruder')
    expect((await server.delete(`/api/v1/me/subscriptions/${a.body.id}`, { token: intruder })).status).toBe(404)
    expect((await server.delete(`/api/v1/me/subscriptions/${a.body.id}`, { token })).status).toBe(200)
    expect((await server.get('/api/v1/me/subscriptions', { token })).body.items).toHaveLength(0)
    expect((await server.post('/api/v1/me/subscriptions', { region: '140322', tags: [] })).status).toBe(401)
    const audited = await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE object_id = $1`, [a.body.id])
    expect(audited[0].n).toBe(2)
  })

  test('bad input → 400, nothing stored', async () => {
    const token = await loginAs(server, 'sub-bad')
    for (const body of [{ region: '99', tags: [] }, { region: '1403', tags: ['nope'] }, { region: '1403' }, { region: '1403', tags: [], extra: 1 }]) {
      const res = await server.post('/api/v1/me/subscriptions', body, { token })
      expect(res.status).toBe(400)
      expect(res.body.message).toMatch(/[\u4e00-\u9fff]/)
    }
    expect((await server.get('/api/v1/me/subscriptions', { token })).body.items).toHaveLength(0)
  })
})
