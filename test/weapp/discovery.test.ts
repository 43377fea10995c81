/**
 * The compiled mini program (dist/weapp), run headless with wx.request wired to a live server:
 * home shows the nearest subsidised courses from the server; tapping one opens its detail.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { CourseDetail, CoursePage } from '../../src/contract'
import { getJson, useLiveServer } from '../support/server'
import { WeappHost } from './host'

const DIST = path.resolve(__dirname, '../../dist/weapp')
// Already at ~100 m precision, so the app's coarsening does not move it.
const PEOPLES_SQUARE = { latitude: 31.231, longitude: 121.474 }

const server = useLiveServer()

const newHost = (location?: { latitude: number; longitude: number }) =>
  new WeappHost({ distDir: DIST, apiBase: server.url, location })

test('home renders the nearest subsidised courses from the server, nearest first', async () => {
  const host = newHost(PEOPLES_SQUARE)
  const home = await host.launch()
  const nearest = await getJson<CoursePage>(
    `${server.url}/api/v1/courses?lat=${PEOPLES_SQUARE.latitude}&lng=${PEOPLES_SQUARE.longitude}&subsidizedOnly=true&limit=5`
  )
  expect(nearest.items.length).toBeGreaterThan(0)
  const text = await home.waitForText(nearest.items[0].title)
  expect(text).toContain('找课程')
  expect(text).toContain('附近的课程')
  expect(text).toMatch(/\d+(\.\d)? ?(公里|米)/)
  // the app asked the server with the location, and never without a check of the HTTP status
  expect(host.requests.some((r) => r.url.includes('/api/v1/courses') && r.url.includes('lat=') && r.status === 200)).toBe(true)
  // first screen stays inside the setData budget (DESIGN.md §5: ≤ 64 KB, no call > 256 KB)
  const homeBytes = host.setDataSizes.filter((s) => s.route === 'pages/index/index').reduce((a, s) => a + s.bytes, 0)
  expect(homeBytes).toBeLessThan(64 * 1024)
})

test('tapping a course opens its detail with the institution, distance and subsidy', async () => {
  const host = newHost(PEOPLES_SQUARE)
  const home = await host.launch()
  const nearest = await getJson<CoursePage>(
    `${server.url}/api/v1/courses?lat=${PEOPLES_SQUARE.latitude}&lng=${PEOPLES_SQUARE.longitude}&subsidizedOnly=true&limit=5`
  )
  // an in-person course: online ones (rightly) show no distance
  const course = nearest.items.find((c) => c.mode !== 'online')!
  await home.waitForText(course.title)
  await home.tapText(course.title)
  await host.settle()
  expect(host.currentPage.route).toBe('pages/course/index')
  const detail = await getJson<CourseDetail>(`${server.url}/api/v1/courses/${course.id}`)
  const text = await host.currentPage.waitForText(detail.institution.name)
  expect(text).toContain(detail.title)
  expect(text).toContain(detail.address)
  expect(text).toContain('职业培训补贴')
  expect(text).toMatch(/公里|米/)
})

test('without location permission the app falls back to choosing a city, and nothing breaks', async () => {
  const host = newHost(undefined)
  const home = await host.launch()
  await host.settle()
  const text = home.text()
  expect(text).toMatch(/选择|城市|地区/)
  expect(host.calls.some((c) => c.api === 'getLocation')).toBe(true)
  expect(host.requests.every((r) => r.status < 500)).toBe(true)
})

test('course list: first screen within the setData budget, more on reaching the bottom, pull to refresh', async () => {
  const host = newHost(PEOPLES_SQUARE)
  await host.launch('pages/courses/index')
  const list = host.currentPage
  await list.waitForText(/公里|米/)
  const firstScreen = host.setDataSizes.filter((s) => s.route === 'pages/courses/index').reduce((a, s) => a + s.bytes, 0)
  const largestCall = Math.max(...host.setDataSizes.map((s) => s.bytes))
  fs.mkdirSync(path.resolve(__dirname, '../../test-output'), { recursive: true })
  fs.writeFileSync(
    path.resolve(__dirname, '../../test-output/weapp-setdata.json'),
    JSON.stringify({ courseListFirstScreenBytes: firstScreen, largestSetDataBytes: largestCall, calls: host.setDataSizes.length }, null, 2)
  )
  expect(firstScreen).toBeLessThan(64 * 1024)
  expect(largestCall).toBeLessThan(256 * 1024)

  const cardsBefore = list.findByClass('course-card').length
  expect(cardsBefore).toBeGreaterThan(0)
  const requestsBefore = host.requests.length
  await list.call('onReachBottom')
  await host.settle()
  const cardsAfter = list.findByClass('course-card').length
  expect(cardsAfter).toBeGreaterThan(cardsBefore)
  // the next page was asked for with the server's cursor
  expect(host.requests.slice(requestsBefore).some((r) => r.url.includes('cursor='))).toBe(true)

  await list.call('onPullDownRefresh')
  await host.settle()
  expect(host.calls.some((c) => c.api === 'stopPullDownRefresh')).toBe(true)
  expect(list.findByClass('course-card').length).toBe(cardsBefore)
})
