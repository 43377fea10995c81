import { FEW_RESULTS, widenOffers, widerRegion } from '../../src/domain/search-widen'

describe('widerRegion', () => {
  test.each([
    ['140302', '140300', '扩大到全市'], // 阳泉市城区 → 阳泉市
    ['140300', '140000', '扩大到全省'], // 阳泉市 → 山西省
    ['310112', '310000', '扩大到全市'], // 上海市闵行区 → 上海市 (直辖市)
    ['210102', '210100', '扩大到全市']
  ])('%s → %s', (code, wider, label) => {
    expect(widerRegion(code)).toEqual({ code: wider, label })
  })
  test('nothing wider than a province', () => {
    expect(widerRegion('140000')).toBeNull()
    expect(widerRegion('31')).toBeNull()
  })
})

describe('widenOffers', () => {
  const base = { filters: {}, keyword: '', hasMore: false }
  test('enough results or a further page: no offers', () => {
    expect(widenOffers({ ...base, anchor: 'near', count: FEW_RESULTS })).toEqual([])
    expect(widenOffers({ ...base, anchor: 'near', count: 0, hasMore: true })).toEqual([])
  })
  test('near: the next radius step, up to 500 km', () => {
    expect(widenOffers({ ...base, anchor: 'near', count: 0 })[0]).toEqual({ kind: 'radius', radiusKm: 100, label: '扩大到100公里' })
    expect(widenOffers({ ...base, anchor: 'near', radiusKm: 200, count: 1 })[0]).toMatchObject({ radiusKm: 500 })
    expect(widenOffers({ ...base, anchor: 'near', radiusKm: 500, count: 1 })).toEqual([])
  })
  test('region: the parent area', () => {
    expect(widenOffers({ ...base, anchor: 'region', regionCode: '140302', count: 2 })).toEqual([{ kind: 'region', regionCode: '140300', label: '扩大到全市' }])
  })
  test('each filter and the keyword can be dropped, in words', () => {
    const offers = widenOffers({ anchor: 'other', count: 0, hasMore: false, keyword: '电工', filters: { category: 'electrical_welding', subsidizedOnly: true, startsWithinDays: 7 } })
    expect(offers.map((o) => o.label)).toEqual(['去掉搜索词“电工”', '去掉“7天内开课”', '去掉“只看有补贴”', '去掉“电工/焊工”'])
    expect(offers.map((o) => (o.kind === 'drop' ? o.filter : null))).toEqual(['keyword', 'startsWithinDays', 'subsidizedOnly', 'category'])
  })
})
