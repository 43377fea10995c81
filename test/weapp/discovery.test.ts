/**
 * The compiled mini program (dist/weapp), run headless with wx.request wired to a live server:
 * a first launch asks for nothing until the worker taps 用我的位置, then our privacy sheet answers
 * WeChat's onNeedPrivacyAuthorization; home shows the nearest subsidised courses; a course opens.
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

/** A first launch: privacy not agreed, no scope granted. */
const newHost = (location?: { latitude: number; longitude: number }) =>
  new WeappHost({ distDir: DIST, apiBase: server.url, location })
/** A worker who agreed to the privacy guide and allowed location in an earlier run. */
const returningHost = (location = PEOPLES_SQUARE) =>
  new WeappHost({ distDir: DIST, apiBase: server.url, location, privacyAgreed: true, authSetting: { 'scope.userLocation': true } })

test('first launch: no location or privacy popup before a tap; 用我的位置 → our privacy sheet → 同意 → nearest courses', async () => {
  const host = newHost(PEOPLES_SQUARE)
  const home = await host.launch()
  await host.settle()
  // nothing asked on open: WeChat would show its popups before the worker did anything
  expect(host.calls.filter((c) => c.api === 'getLocation' || c.api === 'requirePrivacyAuthorize')).toEqual([])
  expect(host.privacy.asked).toEqual([])
  expect(home.text()).toContain('点「用我的位置」找附近的课程')
  // the app registered its privacy listener at launch
  expect(host.calls.some((c) => c.api === 'onNeedPrivacyAuthorization')).toBe(true)

  await home.tapId('use-location')
  // WeChat asked the app (onNeedPrivacyAuthorization fired) and our sheet is showing; location still waits
  expect(host.privacy.asked).toEqual(['requirePrivacyAuthorize'])
  expect(host.privacy.events).toEqual(['exposureAuthorization'])
  await home.waitForId('privacy-sheet')
  expect(home.text()).toContain('《用户隐私保护指引》')
  expect(host.calls.some((c) => c.api === 'getLocation')).toBe(false)
  await home.tapId('privacy-contract')
  expect(host.calls.some((c) => c.api === 'openPrivacyContract')).toBe(true)

  await home.tapId('privacy-agree')
  await host.settle()
  expect(host.privacy.events).toEqual(['exposureAuthorization', 'agree'])
  expect(host.privacy.agreed).toBe(true)
  expect(home.has('privacy-sheet')).toBe(false)
  expect(host.calls.filter((c) => c.api === 'getLocation')).toHaveLength(1)

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

test('不同意 on the privacy sheet: no location asked, the region choice stays open', async () => {
  const host = newHost(PEOPLES_SQUARE)
  const home = await host.launch()
  await host.settle()
  await home.tapId('use-location')
  await home.waitForId('privacy-sheet')
  await home.tapId('privacy-disagree')
  await host.settle()
  expect(host.privacy.events).toEqual(['exposureAuthorization', 'disagree'])
  expect(host.privacy.agreed).toBe(false)
  expect(host.calls.some((c) => c.api === 'getLocation')).toBe(false)
  expect(home.has('privacy-sheet')).toBe(false)
  expect(home.text()).toContain('请选择你所在的城市或区县')
})

test('returning worker (agreed, location allowed): nearby list on open; a course opens with its detail, 转发 and 朋友圈', async () => {
  const host = returningHost()
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
  expect(host.privacy.asked).toEqual([])

  // sharing: to a chat and to 朋友圈 (the timeline opens the page with only its query)
  const page = host.currentPage
  expect(await page.call('onShareAppMessage', {})).toMatchObject({ path: expect.stringContaining(`id=${course.id}`) })
  expect(await page.call('onShareTimeline')).toEqual({ title: expect.stringContaining(detail.title), query: `id=${course.id}` })
  // the sign-up subpackage is preloaded from the course page
  expect(host.appJson.preloadRule?.['pages/course/index']).toEqual({ network: 'all', packages: ['subpackages/signup'] })
})

test('location refused after agreeing to privacy: the app falls back to choosing a city, and nothing breaks', async () => {
  const host = newHost(undefined)
  const home = await host.launch()
  await host.settle()
  await home.tapId('use-location')
  await home.waitForId('privacy-sheet')
  await home.tapId('privacy-agree')
  await host.settle()
  expect(host.calls.some((c) => c.api === 'getLocation')).toBe(true)
  expect(home.text()).toContain('没有得到位置权限，请选择你所在的城市或区县')
  expect(host.requests.every((r) => r.status < 500)).toBe(true)
})

test('course list: first screen within the setData budget, more on reaching the bottom, pull to refresh', async () => {
  const host = returningHost()
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
