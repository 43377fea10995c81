/**
 * 关怀模式 in the compiled mini program (dist/weapp), headless against a live server: every existing
 * page renders under the 关怀模式 page shell (large-text and big-target classes) with the same text
 * as in normal mode — nothing dropped — and the app follows WeChat's 字体大小 setting, offering
 * 关怀模式 once when it is large. (Styles themselves are checked in Chromium: test/e2e/inclusion.)
 */
import path from 'node:path'
import type { CoursePage } from '../../src/contract'
import { getJson, useLiveServer } from '../support/server'
import { type PageHandle, WeappHost } from './host'

const DIST = path.resolve(__dirname, '../../dist/weapp')
const SHANGHAI = { latitude: 31.231, longitude: 121.474 }
const server = useLiveServer()

/** The stored settings as the app writes them (zustand JSON through wx.setStorageSync). */
const settings = (elderMode: boolean) => ({
  'zsb.settings': JSON.stringify(JSON.stringify({ state: { region: null, preferRegion: false, elderMode, careOffered: true }, version: 1 }))
})

const shellClass = (page: PageHandle): string => {
  const shell = page.findByClass('page-shell')[0]
  return String(shell?.cl ?? '')
}

test('every page renders in 关怀模式 with the same content as in normal mode', async () => {
  const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10)
  const list = await getJson<CoursePage>(`${server.url}/api/v1/courses?region=140300&subsidizedOnly=true&hasSeats=true&limit=50`)
  const course = list.items.find((c) => c.startDate > today && c.mode !== 'online')!
  expect(course).toBeDefined()

  // [route, query, text that shows the page has its data — on home and the list, text of the second pass]
  const pages: [string, Record<string, string>, string][] = [
    ['pages/index/index', {}, '按工种找课程'],
    ['pages/courses/index', {}, '选择地区'],
    ['pages/course/index', { id: course.id }, course.title],
    ['pages/institution/index', { id: course.institution.id }, course.institution.name],
    ['subpackages/signup/privacy/index', {}, '用户隐私保护指引'],
    ['subpackages/signup/mine/index', {}, '关怀模式（大字）']
  ]
  for (const [route, query, needle] of pages) {
    const texts: Record<string, string> = {}
    for (const care of [false, true]) {
      const host = new WeappHost({ distDir: DIST, apiBase: server.url, location: SHANGHAI, storage: settings(care), loginCode: `dev:care-${care}` })
      const page = await host.launch(route, query)
      await page.waitForText(needle, 15_000)
      await host.settle()
      const cls = shellClass(host.currentPage)
      if (care) expect({ route, cls }).toEqual({ route, cls: expect.stringMatching(/page-shell--care/) })
      else expect({ route, cls }).toEqual({ route, cls: expect.not.stringMatching(/page-shell--care/) })
      expect(cls).toContain(care ? 'page-shell--ts-135' : 'page-shell--ts-100')
      // the switch's own state word is the one difference allowed
      texts[String(care)] = host.currentPage.text().replace(/已打开|已关闭/g, '')
    }
    expect({ route, text: texts.true }).toEqual({ route, text: texts.false })
  }
})

test('the confirmation page and the profile form render in 关怀模式 too', async () => {
  const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10)
  const list = await getJson<CoursePage>(`${server.url}/api/v1/courses?region=140300&subsidizedOnly=true&hasSeats=true&limit=50`)
  const course = list.items.find((c) => c.startDate > today)!
  const host = new WeappHost({ distDir: DIST, apiBase: server.url, storage: settings(true), loginCode: 'dev:care-confirm' })
  const detail = await host.launch('pages/course/index', { id: course.id })
  await detail.waitForText(course.title)
  expect(shellClass(detail)).toContain('page-shell--care')
  await detail.tapId('signup')
  await host.settle()
  await host.currentPage.waitForText('用户隐私保护指引')
  expect(shellClass(host.currentPage)).toContain('page-shell--care')
  await host.currentPage.tapId('agree')
  await host.settle()
  await host.currentPage.waitForId('real-name')
  expect(host.currentPage.route).toBe('subpackages/signup/confirm/index')
  expect(shellClass(host.currentPage)).toContain('page-shell--care')
})

test('follows WeChat 字体大小: a large setting scales text and offers 关怀模式 once', async () => {
  // 20 px = 1.25× the standard 16 px; nothing stored yet (a first launch)
  const host = new WeappHost({ distDir: DIST, apiBase: server.url, location: SHANGHAI, fontSizeSetting: 20 })
  const home = await host.launch()
  await home.waitForText('字太小看不清？')
  expect(shellClass(home)).toContain('page-shell--ts-125')
  expect(shellClass(home)).not.toContain('page-shell--care')
  await home.tapId('care-offer-accept')
  await host.settle()
  expect(shellClass(host.currentPage)).toContain('page-shell--care')
  expect(shellClass(host.currentPage)).toContain('page-shell--ts-135')
  expect(host.currentPage.text()).not.toContain('字太小看不清？')

  // declined once: never asked again, and the standard size stays followed
  const other = new WeappHost({ distDir: DIST, apiBase: server.url, location: SHANGHAI, fontSizeSetting: 20 })
  const home2 = await other.launch()
  await home2.waitForText('字太小看不清？')
  await home2.tapId('care-offer-decline')
  await other.settle()
  expect(other.currentPage.text()).not.toContain('字太小看不清？')
  expect(shellClass(other.currentPage)).toContain('page-shell--ts-125')
  await other.currentPage.tapId('entry-courses')
  await other.settle()
  expect(other.currentPage.route).toBe('pages/courses/index')
  await other.currentPage.waitForText('筛选')
  expect(other.currentPage.text()).not.toContain('字太小看不清？')

  // standard font: no offer
  const plain = new WeappHost({ distDir: DIST, apiBase: server.url, location: SHANGHAI })
  const home3 = await plain.launch()
  await home3.waitForText('找课程')
  expect(home3.text()).not.toContain('字太小看不清？')
  expect(shellClass(home3)).toContain('page-shell--ts-100')
})
