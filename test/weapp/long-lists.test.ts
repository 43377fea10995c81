/**
 * Long lists in the compiled mini program (WeChat limits a setData to 256 KB): the course list renders only a window of
 * cards around the viewport, so after scrolling through 300+ cards the page data stays ≤ 256 KB and no
 * single setData passes 256 KB; the institution page pages its courses instead of one big setData.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { CoursePage, InstitutionDetail } from '../../src/contract'
import { getJson, useLiveServer } from '../support/server'
import { WeappHost, type PageHandle } from './host'

const DIST = path.resolve(__dirname, '../../dist/weapp')
const PEOPLES_SQUARE = { latitude: 31.231, longitude: 121.474 }
const KB = 1024

// enough courses that more than 300 lie within the list's 50 km radius of 人民广场
const server = useLiveServer({ SEED_COURSES: '2400' })

const returningHost = () =>
  new WeappHost({ distDir: DIST, apiBase: server.url, location: PEOPLES_SQUARE, privacyAgreed: true, authSetting: { 'scope.userLocation': true } })

const pageDataBytes = (page: PageHandle) => Buffer.byteLength(JSON.stringify(page.instance.data ?? {}))
const chunkNumbers = (page: PageHandle) => page.findByClass('courses-chunk').map((n) => Number(String(n.uid).split('-').pop()))

jest.setTimeout(240_000)

const results: Record<string, unknown> = {}
afterAll(() => {
  const file = path.resolve(__dirname, '../../test-output/weapp-long-lists.json')
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, JSON.stringify(results, null, 2))
})

test('course list: scrolling through 300+ cards keeps the page data ≤ 256 KB and every setData ≤ 256 KB', async () => {
  // there really are more than 300 cards to scroll through
  let available = 0
  let cursor: string | null = null
  do {
    const page: CoursePage = await getJson<CoursePage>(
      `${server.url}/api/v1/courses?lat=${PEOPLES_SQUARE.latitude}&lng=${PEOPLES_SQUARE.longitude}&limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`
    )
    available += page.items.length
    cursor = page.nextCursor
  } while (cursor && available < 320)
  expect(available).toBeGreaterThanOrEqual(320)

  const host = returningHost()
  await host.launch('pages/courses/index')
  const list = host.currentPage
  await list.waitForText(/公里|米/)
  const firstTitle = list.textOf(list.findByClass('course-card__title')[0])

  let loaded = 10
  let maxPageData = 0
  let maxCards = 0
  const CARD = 200 // px per card, as the list estimates it (the host cannot measure layout)
  for (let step = 0; loaded < 310 && step < 60; step++) {
    // the worker scrolls to the end of what is loaded; WeChat fires onPageScroll, then onReachBottom
    await list.call('onPageScroll', { scrollTop: loaded * CARD - 400 })
    const before = host.requests.length
    await list.call('onReachBottom')
    const deadline = Date.now() + 10_000
    while (!host.requests.slice(before).some((r) => r.url.includes('/api/v1/courses') && r.status === 200) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 25))
    }
    await host.settle()
    await list.call('onPageScroll', { scrollTop: loaded * CARD - 400 })
    loaded = (Math.max(...chunkNumbers(list)) + 1) * 10
    maxPageData = Math.max(maxPageData, pageDataBytes(list))
    maxCards = Math.max(maxCards, list.findByClass('course-card').length)
  }
  expect(loaded).toBeGreaterThanOrEqual(300)
  const listCalls = host.setDataSizes.filter((s) => s.route === 'pages/courses/index')
  const largest = Math.max(...listCalls.map((s) => s.bytes))
  Object.assign(results, { courseList: { cardsLoaded: loaded, maxCardsRendered: maxCards, maxPageDataBytes: maxPageData, largestSetDataBytes: largest, setDataCalls: listCalls.length } })

  expect(maxPageData).toBeLessThanOrEqual(256 * KB)
  expect(largest).toBeLessThanOrEqual(256 * KB)
  // a window, not the whole list: at most a few pages of cards are in the page data
  expect(maxCards).toBeLessThanOrEqual(50)
  expect(list.findByClass('course-card').length).toBeGreaterThan(0)
  expect(list.text()).not.toContain(firstTitle)

  // back to the top: the first cards are there again
  await list.call('onPageScroll', { scrollTop: 0 })
  await host.settle()
  expect(list.text()).toContain(firstTitle)
  expect(chunkNumbers(list)[0]).toBe(0)
})

test('institution page: courses come a page at a time (加载更多 and reaching the bottom); no setData over 64 KB', async () => {
  // the institution with the most courses near 人民广场
  const near = await getJson<CoursePage>(`${server.url}/api/v1/courses?lat=${PEOPLES_SQUARE.latitude}&lng=${PEOPLES_SQUARE.longitude}&limit=50`)
  const counts = new Map<string, number>()
  for (const c of near.items) counts.set(c.institution.id, (counts.get(c.institution.id) ?? 0) + 1)
  let best = { id: '', total: 0 }
  for (const id of counts.keys()) {
    const ins = await getJson<InstitutionDetail>(`${server.url}/api/v1/institutions/${id}?limit=1`)
    if (ins.courseCount > best.total) best = { id, total: ins.courseCount }
  }
  expect(best.total).toBeGreaterThan(10)

  const host = returningHost()
  await host.launch('pages/institution/index', { id: best.id })
  const page = host.currentPage
  await page.waitForText(`开设的课程（${best.total}）`)
  await page.waitForId('institution-more')
  expect(page.findByClass('course-card')).toHaveLength(10)
  expect(page.text()).toContain(`还有 ${best.total - 10} 门`)

  // the worker scrolled down to the button
  await page.call('onPageScroll', { scrollTop: 10 * 200 })
  await page.tapId('institution-more')
  if (best.total > 20) await page.waitForText(`还有 ${best.total - 20} 门`)
  else await page.waitForText('没有更多了')
  expect(page.findByClass('course-card').length).toBe(Math.min(20, best.total))
  for (let i = 0; i < 50 && page.has('institution-more'); i++) {
    await page.call('onPageScroll', { scrollTop: (i + 2) * 2000 })
    const before = host.requests.length
    await page.call('onReachBottom')
    const deadline = Date.now() + 10_000
    while (host.requests.length === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25))
    await host.settle()
  }
  expect(page.has('institution-more')).toBe(false)
  expect(host.requests.filter((r) => r.url.includes(`/api/v1/institutions/${best.id}`) && r.url.includes('cursor=')).length).toBe(Math.ceil(best.total / 10) - 1)
  const calls = host.setDataSizes.filter((s) => s.route === 'pages/institution/index')
  const largest = Math.max(...calls.map((s) => s.bytes))
  Object.assign(results, { institution: { courses: best.total, largestSetDataBytes: largest, setDataCalls: calls.length, pageDataBytes: pageDataBytes(page) } })
  expect(largest).toBeLessThanOrEqual(64 * KB)
})

test('home: a 工种 picture tile opens the course list filtered by that occupation', async () => {
  const host = returningHost()
  const home = await host.launch()
  await home.waitForId('occupation-6-31-01-03')
  // the drawing is a class whose WXSS holds it as a data URI: no image request, and not in setData
  expect(JSON.stringify(home.root)).toContain('occ-icon-6-31-01-03')
  expect(JSON.stringify(home.root)).not.toContain('data:image/svg+xml')
  const wxss = fs.readFileSync(path.join(__dirname, '..', '..', 'dist', 'weapp', 'common.wxss'), 'utf8')
  expect(wxss).toMatch(/\.occ-icon-6-31-01-03\s*\{\s*background-image:\s*url\("?data:image\/svg\+xml;base64,/)
  await home.tapId('occupation-6-31-01-03')
  await host.settle()
  expect(host.currentPage.route).toBe('pages/courses/index')
  const list = host.currentPage
  const expected = await getJson<CoursePage>(
    `${server.url}/api/v1/courses?lat=${PEOPLES_SQUARE.latitude}&lng=${PEOPLES_SQUARE.longitude}&occupation=6-31-01-03&limit=10`
  )
  await list.waitForText(expected.items[0].title)
  expect(list.text()).toContain('工种：电工')
  expect(host.requests.some((r) => r.url.includes('occupation=6-31-01-03') && r.status === 200)).toBe(true)
  const titles = list.findByClass('course-card__title').map((n) => list.textOf(n))
  expect(titles.every((t) => t.includes('电工'))).toBe(true)
})
