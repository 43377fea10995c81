/**
 * A worker's first journey in the built H5, in real headless Chromium at 375×667, against the real
 * server (which serves dist/h5): home → 找课程 → filter 家政 → open a course → institution, distance,
 * subsidy. Screenshots go to test-output/screenshots/.
 */
import type { Page } from 'playwright-core'
import type { CourseDetail, CoursePage } from '../../src/contract'
import { currentTaroPage, PHONE, screenshotPath, useChromium } from '../support/browser'
import { seriousA11yViolations, smallTouchTargets } from '../support/inclusion'
import { getJson, useLiveServer } from '../support/server'

const SHANGHAI = { latitude: 31.231, longitude: 121.474 }
const server = useLiveServer()
const browser = useChromium()

async function phone(withLocation: boolean): Promise<Page> {
  const context = await browser.newContext({
    ...PHONE,
    ...(withLocation ? { permissions: ['geolocation'], geolocation: SHANGHAI } : {})
  })
  return context.newPage()
}

test('home → list → 家政 → course detail shows institution, distance and subsidy', async () => {
  const page = await phone(true)
  const pageErrors: string[] = []
  page.on('pageerror', (e) => pageErrors.push(e.message))
  await page.goto(server.url)
  await page.locator('.course-card:visible').first().waitFor({ timeout: 20_000 })
  await expect(page.getByText('附近的课程').first().isVisible()).resolves.toBe(true)
  await page.screenshot({ path: screenshotPath('01-home') })

  await page.getByText('找课程', { exact: true }).first().click()
  await page.waitForURL(/pages\/courses/)
  await page.locator('.course-card:visible').first().waitFor()
  await page.screenshot({ path: screenshotPath('02-list') })

  await page.getByText('家政', { exact: true }).first().click()
  const expected = await getJson<CoursePage>(
    `${server.url}/api/v1/courses?lat=${SHANGHAI.latitude}&lng=${SHANGHAI.longitude}&category=housekeeping&limit=10`
  )
  expect(expected.items.length).toBeGreaterThan(0)
  await page.locator('.course-card:visible').filter({ hasText: expected.items[0].title }).first().waitFor({ timeout: 15_000 })
  const titles = await page.locator('.course-card__title:visible').allTextContents()
  const housekeepingNames = expected.items.map((c) => c.title)
  expect(titles[0]).toBe(housekeepingNames[0])
  await page.screenshot({ path: screenshotPath('03-list-housekeeping') })

  // open the first course in the list that brings a subsidy (some institutions' 备案 is pending)
  const subsidised = expected.items.find((c) => c.subsidized)
  expect(subsidised).toBeDefined()
  await page.locator('.course-card:visible').filter({ hasText: subsidised!.title }).first().click()
  await page.waitForURL(/pages\/course\/index/)
  const detail = await getJson<CourseDetail>(`${server.url}/api/v1/courses/${subsidised!.id}`)
  await currentTaroPage(page).getByText(detail.institution.name).first().waitFor({ timeout: 15_000 })
  const body = await currentTaroPage(page).innerText()
  expect(body).toContain(detail.title)
  expect(body).toMatch(/\d+(\.\d)? ?(公里|米)/)
  expect(body).toContain('职业培训补贴')
  expect(body).toContain('依据')
  await page.screenshot({ path: screenshotPath('04-detail') })
  await currentTaroPage(page).getByText('能享受的补贴').first().scrollIntoViewIfNeeded()
  await page.screenshot({ path: screenshotPath('04b-detail-subsidy') })
  expect(pageErrors).toEqual([])
})

test('without location the worker picks a city and the list follows it', async () => {
  const page = await phone(false)
  await page.goto(server.url)
  await page.getByText(/选择(城市|地区)/).first().waitFor({ timeout: 20_000 })
  await page.screenshot({ path: screenshotPath('05-home-no-location') })
})

test('inclusion: no serious accessibility violations, touch targets ≥ 44 px on home, list and detail', async () => {
  const page = await phone(true)
  await page.goto(server.url)
  await page.locator('.course-card:visible').first().waitFor({ timeout: 20_000 })
  const report: Record<string, unknown> = {}
  report.home = await seriousA11yViolations(page)
  report.homeTargets = await smallTouchTargets(page, '.course-card, .entry-grid__item, button, .taro-button-core, [class*="button"]')

  await page.getByText('找课程', { exact: true }).first().click()
  await page.locator('.course-card:visible').first().waitFor()
  report.list = await seriousA11yViolations(page)
  report.listTargets = await smallTouchTargets(page, '.course-card, .filter-chip, button, .taro-button-core')

  await page.locator('.course-card:visible').first().click()
  await page.waitForURL(/pages\/course\/index/)
  await currentTaroPage(page).getByText('上课信息').first().waitFor({ timeout: 15_000 })
  report.detail = await seriousA11yViolations(page)
  report.detailTargets = await smallTouchTargets(page, 'button, .taro-button-core, #navigate, #signup')

  // one readable failure message listing everything found
  expect(report).toEqual({ home: [], homeTargets: [], list: [], listTargets: [], detail: [], detailTargets: [] })
})
