/**
 * Every H5 page, in normal mode and in 关怀模式, in Debian Chromium at 375×667 against the real server:
 * home, region picker, course list, filter sheet, course detail, institution, login, privacy
 * notice, profile form, confirmation, 我的报名. Each page gets the one inclusion check
 * (test/support/inclusion.ts: axe 0 serious/critical with every rule on, touch targets 44/48 px,
 * 关怀模式 text ≥ 20 px, nothing wider than the screen) and a screenshot
 * (test-output/screenshots/a11y-<mode>-<page>.png). Then the keyboard alone: Tab from home to a
 * course card, Enter, Tab to 立即报名, Enter — and the 关怀模式 switch on 我的, operated by keyboard.
 */
import { field, settled, visible } from '../support/pages'
import type { Page } from 'playwright-core'
import type { CourseDetail, CoursePage, SmsSendResult } from '../../src/contract'
import { PHONE, screenshotPath, useChromium } from '../support/browser'
import { inclusionReport, setCareMode, type InclusionReport } from '../support/inclusion'
import { getJson, useLiveServer } from '../support/server'

const SHANGHAI = { latitude: 31.231, longitude: 121.474 }
const server = useLiveServer()
const browser = useChromium()

const todayInChina = () => new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10)

/** A subsidised 阳泉 course with seats that has not started: sign-up is open. */
async function openCourse(): Promise<CoursePage['items'][number]> {
  const list = await getJson<CoursePage>(`${server.url}/api/v1/courses?region=140300&subsidizedOnly=true&hasSeats=true&startsWithinDays=120&limit=50`)
  const course = list.items.find((c) => c.startDate > todayInChina())
  if (!course) throw new Error('no open course in the seed')
  return course
}

async function phonePage(care: boolean): Promise<Page> {
  const context = await browser.newContext({ ...PHONE, permissions: ['geolocation'], geolocation: SHANGHAI })
  await setCareMode(context, care)
  return context.newPage()
}

describe.each([
  ['normal', false, '13912340001'],
  ['care', true, '13912340002']
])('every page in %s mode', (mode, care, phoneNumber) => {
  test('passes the inclusion check, with a screenshot of each', async () => {
    const page = await phonePage(care)
    const pageErrors: string[] = []
    page.on('pageerror', (e) => pageErrors.push(e.message))
    const reports: Record<string, Omit<InclusionReport, 'baseFontPx' | 'bodyFontPx'>> = {}
    const fonts: Record<string, string> = {}
    const check = async (name: string) => {
      await settled(page)
      await page.screenshot({ path: screenshotPath(`a11y-${mode}-${name}`) })
      const { baseFontPx, bodyFontPx, ...problems } = await inclusionReport(page, { care })
      reports[name] = problems
      fonts[name] = `${baseFontPx}/${bodyFontPx}`
    }

    await page.goto(server.url)
    await visible(page).locator('.course-card').first().waitFor({ timeout: 20_000 })
    expect(await visible(page).locator(care ? '.page-shell--care' : '.page-shell:not(.page-shell--care)').count()).toBe(1)
    await check('home')

    await visible(page).locator('#pick-region').first().click()
    await visible(page).locator('.region-picker__row').first().waitFor()
    await check('region-picker')
    await visible(page).locator('.region-picker__row').first().click()
    await visible(page).locator('.region-picker__row--all').first().waitFor()
    await check('region-picker-districts')
    await visible(page).locator('#region-close').first().click()

    await visible(page).locator('#entry-courses').first().click()
    await page.waitForURL(/pages\/courses/)
    await visible(page).locator('.course-card').first().waitFor({ timeout: 15_000 })
    await check('courses')
    await visible(page).locator('#open-filters').first().click()
    await visible(page).locator('.filter-panel').first().waitFor()
    await check('filter-panel')
    await visible(page).locator('#filter-close').first().click()

    await visible(page).locator('.course-card').first().click()
    await page.waitForURL(/pages\/course\/index/)
    await visible(page).getByText('上课信息').first().waitFor({ timeout: 15_000 })
    await check('course')
    await visible(page).locator('#open-institution').first().click()
    await page.waitForURL(/pages\/institution/)
    await visible(page).locator('.institution__name').first().waitFor({ timeout: 15_000 })
    await check('institution')

    // the sign-up pages, as a new worker
    const course = await openCourse()
    await page.goto(`${server.url}/pages/course/index?id=${course.id}`)
    await visible(page).getByText(course.title).first().waitFor({ timeout: 20_000 })
    await visible(page).locator('#signup').first().click()
    await page.waitForURL(/signup\/login/, { timeout: 15_000 })
    await field(page, 'phone').waitFor({ timeout: 15_000 })
    await check('login')
    await field(page, 'phone').fill(phoneNumber)
    const sent = page.waitForResponse((r) => r.url().includes('/api/v1/auth/sms/send'))
    await visible(page).locator('#send-code').first().click()
    const sms = (await (await sent).json()) as SmsSendResult
    await field(page, 'sms-code').fill(sms.devCode!) // the sixth digit logs in

    await page.waitForURL(/signup\/privacy/, { timeout: 15_000 })
    await visible(page).locator('#agree').first().waitFor({ timeout: 15_000 })
    await check('privacy')
    await visible(page).locator('#agree').first().click()

    await page.waitForURL(/signup\/confirm/, { timeout: 15_000 })
    await field(page, 'real-name').waitFor({ timeout: 15_000 })
    await field(page, 'real-name').fill('王建国')
    await field(page, 'id-number').fill('140302199003071235') // wrong check digit: the message shows
    await visible(page).getByText('身份证号校验位不正确，请核对最后一位').first().waitFor({ timeout: 5_000 })
    await check('profile')
    await field(page, 'id-number').fill('140302199003071236')
    if (await field(page, 'phone').count()) await field(page, 'phone').fill(phoneNumber)
    await visible(page).locator('.group-option').filter({ hasText: '农村转移劳动力' }).first().click()
    await visible(page).locator('#save-profile').first().click() // 保存并报名
    await visible(page).locator('#enroll-success').first().waitFor({ timeout: 15_000 })
    await check('success')
    await visible(page).locator('#go-mine').first().click()

    await page.waitForURL(/signup\/mine/, { timeout: 15_000 })
    await visible(page).locator('.enrollment-card').first().waitFor({ timeout: 15_000 })
    await check('mine')

    // the 我的 tab and the subsidy pages a worker reads most (their secondary lines carry deadlines)
    await page.goto(`${server.url}/pages/me/index`) // the tabBar shows on tab pages only, not on 我的报名
    await page.locator('.taro-tabbar__tabbar').waitFor({ timeout: 20_000 })
    await visible(page).locator('#entry-subsidies').first().waitFor({ timeout: 15_000 })
    await check('me')
    await visible(page).locator('#entry-subsidies').first().click()
    await page.waitForURL(/subsidies\/index/, { timeout: 15_000 })
    await visible(page).getByText('申请到哪一步、下一步做什么，都在这里').first().waitFor({ timeout: 15_000 })
    await check('subsidies')
    await page.goto(`${server.url}/subpackages/subsidies/available/index`)
    await visible(page).getByText('按你的证书和学完的课程，系统已先帮你核对').first().waitFor({ timeout: 20_000 })
    await check('subsidies-available')
    await page.goto(`${server.url}/pages/inbox/index`)
    await visible(page).locator('.cu-page').first().waitFor({ timeout: 20_000 })
    await check('inbox')

    console.log(`${mode}: base/body font px per page`, fonts)
    expect(reports).toEqual(Object.fromEntries(Object.keys(reports).map((k) => [k, { axe: [], smallTargets: [], text: [], overflow: [] }])))
    expect(pageErrors).toEqual([])
  })
})

/** The element that has keyboard focus, described. */
async function focused(page: Page): Promise<{ id: string; text: string; role: string | null; outline: string }> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null
    if (!el) return { id: '', text: '', role: null, outline: 'none' }
    const s = getComputedStyle(el)
    return { id: el.id, text: (el.textContent ?? '').trim().slice(0, 30), role: el.getAttribute('role'), outline: `${s.outlineStyle} ${s.outlineWidth}` }
  })
}

/** Press Tab until `want` holds for the focused element (at most `limit` presses). */
async function tabUntil(page: Page, want: (f: Awaited<ReturnType<typeof focused>>) => boolean, limit = 60) {
  const seen: string[] = []
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab')
    const f = await focused(page)
    seen.push(f.id || f.text)
    if (want(f)) return { focus: f, presses: i + 1 }
  }
  throw new Error(`not reached with ${limit} Tabs; focus went through: ${seen.join(' | ')}`)
}

test('keyboard only: Tab from home to a course, Enter, Tab to 立即报名, Enter opens the sign-up', async () => {
  const page = await phonePage(false)
  await page.goto(server.url)
  await visible(page).locator('.course-card').first().waitFor({ timeout: 20_000 })
  // the first card on home whose course is open for sign-up
  const ids = await visible(page).locator('.course-card').evaluateAll((els) => els.map((e) => e.id.replace('course-card-', '')))
  let target: CourseDetail | undefined
  for (const id of ids) {
    const c = await getJson<CourseDetail>(`${server.url}/api/v1/courses/${id}`)
    if (c.seatsLeft > 0 && c.startDate > todayInChina()) {
      target = c
      break
    }
  }
  expect(target).toBeDefined()

  const toCard = await tabUntil(page, (f) => f.id === `course-card-${target!.id}`)
  expect(toCard.focus.role).toBe('link')
  expect(toCard.focus.outline).toMatch(/^solid [2-9]/) // the focus ring is visible
  await page.screenshot({ path: screenshotPath('keyboard-01-home-card-focused') })
  await page.keyboard.press('Enter')
  await page.waitForURL(/pages\/course\/index/)
  await visible(page).getByText(target!.title).first().waitFor({ timeout: 15_000 })
  await settled(page)

  const toSignup = await tabUntil(page, (f) => f.id === 'signup')
  expect(toSignup.focus).toMatchObject({ text: '立即报名', role: 'button' })
  expect(toSignup.focus.outline).toMatch(/^solid [2-9]/)
  await page.screenshot({ path: screenshotPath('keyboard-02-signup-focused') })
  console.log(`Tab presses: home → course card ${toCard.presses}, detail → 立即报名 ${toSignup.presses}`)
  await page.keyboard.press('Enter')
  await page.waitForURL(/signup\/login/, { timeout: 15_000 })
})

test('the 关怀模式 switch on 我的 works by keyboard, applies to every page and is remembered', async () => {
  const page = await phonePage(false)
  await page.goto(server.url)
  await visible(page).locator('.course-card').first().waitFor({ timeout: 20_000 })
  // log in through the API-backed pages as a worker would, then open 我的
  const course = await openCourse()
  await page.goto(`${server.url}/pages/course/index?id=${course.id}`)
  await visible(page).locator('#signup').first().click()
  await page.waitForURL(/signup\/login/, { timeout: 15_000 })
  await field(page, 'phone').fill('13912340003')
  const sent = page.waitForResponse((r) => r.url().includes('/api/v1/auth/sms/send'))
  await visible(page).locator('#send-code').first().click()
  await field(page, 'sms-code').fill(((await (await sent).json()) as SmsSendResult).devCode!) // the sixth digit logs in
  await page.waitForURL(/signup\/privacy/, { timeout: 15_000 })
  await page.goto(`${server.url}/subpackages/signup/mine/index`)
  const toggle = visible(page).locator('#care-switch').first()
  await toggle.waitFor({ timeout: 15_000 })
  expect(await toggle.getAttribute('aria-checked')).toBe('false')

  await toggle.focus()
  await page.keyboard.press('Enter')
  await visible(page).locator('.page-shell--care').first().waitFor()
  expect(await toggle.getAttribute('aria-checked')).toBe('true')
  const report = await inclusionReport(page, { care: true })
  expect(report.bodyFontPx).toBeGreaterThanOrEqual(20)

  // another page, after a reload: still on
  await page.goto(server.url)
  await visible(page).locator('.course-card').first().waitFor({ timeout: 20_000 })
  expect(await visible(page).locator('.page-shell--care').count()).toBe(1)
  const titlePx = await visible(page).locator('.course-card__title').first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize))
  expect(titlePx).toBeGreaterThanOrEqual(18 * 1.25)

  // and Space turns it off again
  await page.goto(`${server.url}/subpackages/signup/mine/index`)
  await visible(page).locator('#care-switch').first().waitFor({ timeout: 15_000 })
  await visible(page).locator('#care-switch').first().focus()
  await page.keyboard.press(' ')
  await visible(page).locator('.page-shell:not(.page-shell--care)').first().waitFor()
})
