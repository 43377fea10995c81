import fc from 'fast-check'
import { coarsen, distanceKm, formatDistance } from '../../src/domain/geo'
import { daysUntil, formatDate, formatYuan, startsInText, todayInChina } from '../../src/domain/format'

describe('distanceKm', () => {
  test('known distances', () => {
    // 上海人民广场 → 沈阳市中心 ≈ 1190 km
    expect(distanceKm({ lat: 31.2304, lng: 121.4737 }, { lat: 41.8057, lng: 123.4315 })).toBeGreaterThan(1150)
    expect(distanceKm({ lat: 31.2304, lng: 121.4737 }, { lat: 41.8057, lng: 123.4315 })).toBeLessThan(1200)
    // one degree of latitude ≈ 111.2 km
    expect(distanceKm({ lat: 37, lng: 113 }, { lat: 38, lng: 113 })).toBeCloseTo(111.2, 0)
    expect(distanceKm({ lat: 37, lng: 113 }, { lat: 37, lng: 113 })).toBe(0)
  })

  test('symmetric and non-negative', () => {
    const point = fc.record({ lat: fc.double({ min: -89, max: 89, noNaN: true }), lng: fc.double({ min: -179, max: 179, noNaN: true }) })
    fc.assert(
      fc.property(point, point, (a, b) => {
        const d = distanceKm(a, b)
        return d >= 0 && Math.abs(d - distanceKm(b, a)) < 1e-9
      })
    )
  })
})

describe('formatDistance', () => {
  test.each([
    [0, '10 米'],
    [0.004, '10 米'],
    [0.35, '350 米'],
    [0.999, '1.0 公里'],
    [0.9949, '990 米'],
    [1, '1.0 公里'],
    [1.24, '1.2 公里'],
    [9.96, '10 公里'],
    [9.94, '9.9 公里'],
    [12.4, '12 公里'],
    [123.6, '124 公里'],
    [-1, ''],
    [Number.NaN, '']
  ])('%p km → %p', (km, text) => {
    expect(formatDistance(km)).toBe(text)
  })
})

test('coarsen keeps ~100 m precision', () => {
  expect(coarsen({ lat: 31.230416, lng: 121.473701 })).toEqual({ lat: 31.23, lng: 121.474 })
  fc.assert(
    fc.property(fc.double({ min: -89, max: 89, noNaN: true }), fc.double({ min: -179, max: 179, noNaN: true }), (lat, lng) => {
      return distanceKm({ lat, lng }, coarsen({ lat, lng })) < 0.08
    })
  )
})

describe('money and dates', () => {
  test('formatYuan', () => {
    expect(formatYuan(1500)).toBe('1500元')
    expect(formatYuan(0, true)).toBe('免费')
    expect(formatYuan(0)).toBe('0元')
    expect(formatYuan(12000)).toBe('12000元')
    // what toLocaleString('en-US') without its commas gave: up to 3 decimals, no grouping, no float noise
    expect(formatYuan(1950.5)).toBe('1950.5元')
    expect(formatYuan(0.1 + 0.2)).toBe('0.3元')
    expect(formatYuan(1234567.891)).toBe('1234567.891元')
    expect(formatYuan(-300)).toBe('-300元')
  })

  test('China date regardless of device time zone', () => {
    // 2026-11-22 20:00 UTC is already 11-23 in China
    expect(todayInChina(new Date('2026-11-22T20:00:00Z'))).toBe('2026-11-23')
    expect(todayInChina(new Date('2026-11-22T15:59:00Z'))).toBe('2026-11-22')
  })

  test('formatDate and startsInText relative to today', () => {
    expect(formatDate('2026-12-05', '2026-11-23')).toBe('12月5日')
    expect(formatDate('2027-01-05', '2026-11-23')).toBe('2027年1月5日')
    expect(daysUntil('2026-12-01', '2026-11-23')).toBe(8)
    expect(startsInText('2026-11-26', '2026-11-23')).toBe('3天后开课')
    expect(startsInText('2026-11-23', '2026-11-23')).toBe('今天开课')
    expect(startsInText('2026-11-01', '2026-11-23')).toBe('已开课')
  })
})

describe('openCoursesFirst (home nearby list)', () => {
  const { openCoursesFirst } = require('../../src/domain/catalog') as typeof import('../../src/domain/catalog')
  it('puts full and started courses after the open ones, keeping distance order within each', () => {
    const c = (id: string, startDate: string, seatsLeft: number) => ({ id, startDate, seatsLeft })
    const list = [c('started', '2026-11-20', 5), c('full', '2026-12-10', 0), c('a', '2026-12-01', 3), c('today', '2026-11-23', 9), c('b', '2027-01-01', 1)]
    expect(openCoursesFirst(list, '2026-11-23').map((x) => x.id)).toEqual(['a', 'b', 'started', 'full', 'today'])
    expect(list[0].id).toBe('started') // not mutated
  })
})

test('formatBeijingTime: the consent instant in Beijing time, the date included', () => {
  const { formatBeijingTime } = require('../../src/domain/format') as typeof import('../../src/domain/format')
  expect(formatBeijingTime('2026-12-07T17:20:00.000Z')).toBe('2026年12月8日 01:20')
  expect(formatBeijingTime('2026-12-07T03:05:00+08:00')).toBe('2026年12月7日 03:05')
})
