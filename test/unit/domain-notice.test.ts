/** Notices domain: region targeting, office scope, tags, and the poster's text wrapping and QR code. */
import { NATIONWIDE, isNoticeTag, noticeReaches, noticeTagLabel, officeCoversTargets, regionPrefix, targetsReaching } from '../../src/domain/notice'
import { qrModules, wrapText } from '../../src/subpackages/notices/poster/draw-poster'

describe('region targeting', () => {
  test.each([
    ['140322', ['000000', '14', '1403', '140322']],
    ['140300', ['000000', '14', '1403']],
    ['1403', ['000000', '14', '1403']],
    ['310000', ['000000', '31']],
    ['000000', ['000000']]
  ])('%s is reached by %j', (region, targets) => {
    expect(targetsReaching(region)).toEqual(targets)
  })

  test.each([
    [['000000'], '310115', true],
    [['31'], '310115', true],
    [['31'], '140322', false],
    [['1403'], '140322', true],
    [['140302'], '140322', false],
    [['140322'], '1403', false],
    [['140300'], '140322', true],
    [['2101', '1409'], '140921', true]
  ])('notice for %j reaches %s: %s', (targets, region, reaches) => {
    expect(noticeReaches(targets, region)).toBe(reaches)
  })

  test('prefixes drop trailing 00 pairs', () => {
    expect(regionPrefix('140300')).toBe('1403')
    expect(regionPrefix('310000')).toBe('31')
    expect(regionPrefix('140322')).toBe('140322')
    expect(regionPrefix(NATIONWIDE)).toBe(NATIONWIDE)
  })
})

describe('office scope', () => {
  test.each([
    ['1403', ['1403'], true],
    ['1403', ['140322', '140302'], true],
    ['1403', ['14'], false],
    ['1403', ['000000'], false],
    ['1403', ['1403', '31'], false],
    ['31', ['310115'], true],
    ['1403', [], false]
  ])('a reviewer for %s may target %j: %s', (prefix, targets, ok) => {
    expect(officeCoversTargets(prefix, targets)).toBe(ok)
  })
})

test('tags: codes and plain labels', () => {
  expect(isNoticeTag('subsidy:living')).toBe(true)
  expect(isNoticeTag('group:rural_migrant')).toBe(true)
  expect(isNoticeTag('trade:eldercare')).toBe(true)
  expect(isNoticeTag('subsidy:cash')).toBe(false)
  expect(noticeTagLabel('subsidy:living')).toBe('生活费补贴')
  expect(noticeTagLabel('group:poverty_alleviated')).toBe('脱贫劳动力')
})

describe('poster', () => {
  const em = { measureText: (t: string) => ({ width: Array.from(t).length * 10 }) }
  test('wraps Chinese text by width and marks a cut with …', () => {
    expect(wrapText(em, '一二三四五六七八九十', 40, 5)).toEqual(['一二三四', '五六七八', '九十'])
    const cut = wrapText(em, '一二三四五六七八九十', 40, 2)
    expect(cut).toEqual(['一二三四', '五六七…'])
  })
  test('QR code: a square with the three finder patterns', () => {
    const m = qrModules('https://example.cn/subpackages/notices/detail/index?id=ntc_policy55')
    const n = m.length
    expect(n).toBeGreaterThanOrEqual(25)
    expect(m.every((row) => row.length === n)).toBe(true)
    // finder pattern corners: dark 7×7 outline at three corners
    for (const [r, c] of [[0, 0], [0, n - 7], [n - 7, 0]]) {
      expect(m[r][c] && m[r + 6][c + 6] && m[r + 3][c + 3]).toBe(true)
      expect(m[r + 1][c + 1]).toBe(false)
    }
  })
})
