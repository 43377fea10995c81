/**
 * Titles, back controls and few-results offers in the built H5 at 375×667 against the real server:
 * - every page has its own document title and (except the tab pages: home, 政策, 消息, 我的) a visible, named
 *   back / home control of touch size; a tab page shows the whole tabBar instead; the back arrow goes back;
 * - a search with no or few results offers to widen the radius or drop the keyword / a filter, and
 *   each offer is one tap that really changes the query;
 * - after submitting an invalid form (sign-up profile, add certificate) the first error is on screen
 *   and has the focus.
 * Screenshots normal and 关怀模式 in test-output/screenshots/.
 */
import { settled, visible } from '../support/pages'
import fs from 'node:fs'
import path from 'node:path'
import type { BrowserContext, Page } from 'playwright-core'
import type { CoursePage } from '../../src/contract'
import { PHONE, screenshotPath, useChromium } from '../support/browser'
import { seriousA11yViolations, setCareMode } from '../support/inclusion'
import { call } from '../support/http-client'
import { getJson, useLiveServer } from '../support/server'

const server = useLiveServer()
const browser = useChromium()
const YANGQUAN = { latitude: 37.857, longitude: 113.58 }
const ROOT = path.resolve(__dirname, '..', '..')


/** Every route of src/app.config.ts with the title its page config declares. */
function routes(): { route: string; title: string }[] {
  const config = fs.readFileSync(path.join(ROOT, 'src/app.config.ts'), 'utf8')
  const main = [...(config.match(/pages: \[([^\]]+)\]/)![1].matchAll(/'([^']+)'/g))].map((m) => m[1])
  const subs = [...config.matchAll(/root: '([^']+)', pages: \[([^\]]+)\]/g)].flatMap((m) => [...m[2].matchAll(/'([^']+)'/g)].map((p) => `${m[1]}/${p[1]}`))
  return [...main, ...subs].map((route) => {
    const file = fs.readFileSync(path.join(ROOT, 'src', `${route}.config.ts`.replace(/\/index\.config\.ts$/, '/index.config.ts')), 'utf8')
    return { route, title: file.match(/navigationBarTitleText: '([^']+)'/)![1] }
  })
}

/** The tabBar's pages (src/app.config.ts): roots like home, reached by the tabBar, with no back arrow. */
function tabPages(): string[] {
  const config = fs.readFileSync(path.join(ROOT, 'src/app.config.ts'), 'utf8')
  return [...config.matchAll(/pagePath: '([^']+)'/g)].map((m) => m[1])
}

/** Logged in through the API (development WeChat adapter), consented; the app finds the session stored. */
async function loggedInContext(name: string, care = false): Promise<BrowserContext> {
  const login = await call(server.url, 'POST', '/api/v1/auth/wechat', { body: { code: `dev:${name}` } })
  expect(login.status).toBe(200)
  const version = (await call(server.url, 'GET', '/api/v1/privacy')).body.version
  expect((await call(server.url, 'POST', '/api/v1/me/consent', { token: login.body.token, body: { version } })).status).toBe(200)
  const context = await browser.newContext({ ...PHONE })
  const session = JSON.stringify({
    data: JSON.stringify({ state: { token: login.body.token, expiresAt: login.body.expiresAt, me: login.body.me, pendingEnrollments: {} }, version: 1 })
  })
  await context.addInitScript((value) => {
    if (!localStorage.getItem('zsb.session')) localStorage.setItem('zsb.session', value)
  }, session)
  if (care) await setCareMode(context, true)
  return context
}

/** The first form error: inside the viewport, and it (or its field) has the focus. */
async function expectFocusedError(page: Page): Promise<string> {
  const error = visible(page).locator('.form-error').first()
  await error.waitFor({ timeout: 10_000 })
  await settled(page)
  const state = await error.evaluate((el) => {
    const r = el.getBoundingClientRect()
    const active = document.activeElement
    return {
      inView: r.top >= 0 && r.bottom <= window.innerHeight,
      focused: active === el || (!!active && el.parentElement?.contains(active) === true),
      role: el.getAttribute('role'),
      text: (el as HTMLElement).innerText
    }
  })
  expect(state).toMatchObject({ inView: true, focused: true, role: 'alert' })
  return state.text
}

test('every H5 page has its own title and a named back / home control, or on a tab page the whole tabBar', async () => {
  const context = await browser.newContext({ ...PHONE })
  const page = await context.newPage()
  const all = routes()
  expect(all.length).toBeGreaterThan(20)
  const tabs = tabPages()
  expect(tabs).toEqual(['pages/index/index', 'pages/notices/index', 'pages/inbox/index', 'pages/me/index'])
  const seen: string[] = []
  for (const { route } of all) {
    await page.goto(`${server.url}/${route}`)
    await page.waitForTimeout(1200) // fixed on purpose: a gated page may move on to 登录 / 我的报名 or stay — staying gives no event to wait on
    const shown = new URL(page.url()).pathname.replace(/^\//, '')
    const expected = all.find((r) => r.route === shown)?.title
    expect(expected).toBeDefined()
    const title = await page.title()
    // pages that know their object (course, notice) put its name in the title; the rest their own
    if (!['pages/course/index', 'subpackages/notices/detail/index'].includes(shown)) expect(title).toBe(expected)
    expect(title.length).toBeGreaterThan(0)
    const controls = await page.evaluate(() =>
      ['nav-back', 'nav-home'].flatMap((id) => {
        const el = document.getElementById(id)
        if (!el) return []
        const r = el.getBoundingClientRect()
        return r.width > 0 && r.height > 0 ? [{ id, role: el.getAttribute('role'), name: el.getAttribute('aria-label'), tab: el.tabIndex, w: r.width, h: r.height }] : []
      })
    )
    if (tabs.includes(shown)) {
      // a tab page has no back arrow (as in WeChat): the tabBar, wholly on screen, leads to 首页 and the other tabs
      expect(controls).toEqual([])
      const bar = await page.evaluate(() => {
        const el = document.querySelector('.taro-tabbar__tabbar')
        const r = el?.getBoundingClientRect()
        return r && r.height > 0 ? { top: r.top, bottom: r.bottom, labels: [...el!.querySelectorAll('.weui-tabbar__label')].map((l) => (l as HTMLElement).innerText) } : null
      })
      expect(bar?.labels).toEqual(['首页', '政策', '消息', '我的'])
      expect(bar!.bottom).toBeLessThanOrEqual(page.viewportSize()!.height)
      expect(bar!.bottom - bar!.top).toBeGreaterThanOrEqual(44)
      seen.push(`${shown} 「${title}」 tabBar`)
    } else {
      expect(controls).toHaveLength(1)
      expect(controls[0]).toMatchObject({ role: 'button', tab: 0 })
      expect(controls[0].name).toMatch(/返回上一页|回到首页/)
      expect(controls[0].w).toBeGreaterThanOrEqual(44)
      expect(controls[0].h).toBeGreaterThanOrEqual(44)
      seen.push(`${shown} 「${title}」 ${controls[0].name}`)
    }
  }
  console.log(`titles and back controls:\n${seen.join('\n')}`)

  // from home into a course and back with the arrow (Enter on it, as a keyboard user would)
  await context.grantPermissions(['geolocation'], { origin: server.url })
  await context.setGeolocation(YANGQUAN)
  await page.goto(server.url)
  await visible(page).locator('.course-card').first().click({ timeout: 20_000 })
  await page.waitForURL(/pages\/course/, { timeout: 15_000 })
  await page.locator('#nav-back').waitFor({ state: 'visible', timeout: 10_000 })
  await settled(page)
  await page.screenshot({ path: screenshotPath('70-nav-course') })
  await page.locator('#nav-back').focus()
  await page.keyboard.press('Enter')
  await page.waitForURL((u) => u.pathname === '/' || u.pathname === '/pages/index/index', { timeout: 10_000 })
  await context.close()
})

test('few or no results: widen the radius, drop the keyword or a filter — one tap each, and they work', async () => {
  for (const care of [false, true]) {
    const context = await browser.newContext({ ...PHONE, permissions: ['geolocation'], geolocation: YANGQUAN })
    if (care) await setCareMode(context, true)
    const page = await context.newPage()
    const requests: string[] = []
    page.on('request', (r) => r.url().includes('/api/v1/courses?') && requests.push(decodeURIComponent(r.url())))
    await page.goto(`${server.url}/pages/courses/index?category=housekeeping&q=${encodeURIComponent('没有这种课')}`)
    const offers = visible(page).locator('#widen-offers')
    await offers.waitFor({ timeout: 20_000 })
    expect(await visible(page).innerText()).toContain('没有找到合适的课程')
    const labels = await offers.innerText()
    expect(labels).toContain('扩大到100公里')
    expect(labels).toContain('去掉搜索词“没有这种课”')
    expect(labels).toContain('去掉“家政”')
    await settled(page)
    await page.screenshot({ path: screenshotPath(care ? '72-care-widen' : '71-widen') })
    expect(await seriousA11yViolations(page)).toEqual([])

    // 1. the radius
    await visible(page).locator('#widen-radius').click()
    await visible(page).getByText('已扩大到100公里内').waitFor({ timeout: 10_000 })
    expect(requests[requests.length - 1]).toContain('radiusKm=100')
    expect(await offers.innerText()).toContain('扩大到200公里')
    // 2. a filter
    const widened = page.waitForRequest((r) => r.url().includes('/api/v1/courses?') && !decodeURIComponent(r.url()).includes('category='))
    await visible(page).locator('#widen-category').click()
    await widened
    expect(requests[requests.length - 1]).not.toContain('category=')
    expect(requests[requests.length - 1]).toContain('q=没有这种课')
    // 3. the keyword: now there are courses
    await visible(page).locator('#widen-keyword').click()
    await visible(page).locator('.course-card').first().waitFor({ timeout: 15_000 })
    expect(requests[requests.length - 1]).not.toContain('q=')
    await context.close()
  }

  // few (not zero) results offer it too: a search matching one course's exact title
  const near = await getJson<CoursePage>(`${server.url}/api/v1/courses?lat=${YANGQUAN.latitude}&lng=${YANGQUAN.longitude}&limit=50`)
  const counts = new Map<string, number>()
  for (const c of near.items) counts.set(c.title, (counts.get(c.title) ?? 0) + 1)
  const rare = near.items.find((c) => counts.get(c.title) === 1)!
  const few = await getJson<CoursePage>(`${server.url}/api/v1/courses?lat=${YANGQUAN.latitude}&lng=${YANGQUAN.longitude}&q=${encodeURIComponent(rare.title)}&limit=10`)
  if (few.items.length < 3 && few.nextCursor === null) {
    const context = await browser.newContext({ ...PHONE, permissions: ['geolocation'], geolocation: YANGQUAN })
    const page = await context.newPage()
    await page.goto(`${server.url}/pages/courses/index?q=${encodeURIComponent(rare.title)}`)
    await visible(page).locator('#widen-offers').waitFor({ timeout: 20_000 })
    expect(await visible(page).locator('#widen-offers').innerText()).toContain('课程不多')
    await context.close()
  }
})

test('an invalid form brings its first error into view and gives it the focus', async () => {
  const list = await getJson<CoursePage>(`${server.url}/api/v1/courses?region=140300&subsidizedOnly=true&hasSeats=true&limit=50`)
  const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10)
  const course = list.items.find((c) => c.startDate > today)!

  for (const care of [false, true]) {
    const context = await loggedInContext(`focus-${care ? 'care' : 'normal'}`, care)
    const page = await context.newPage()
    // sign-up profile: the worker scrolls to 保存并报名 at the bottom and taps it with nothing filled in
    await page.goto(`${server.url}/subpackages/signup/confirm/index?courseId=${course.id}`)
    await visible(page).locator('#save-profile').waitFor({ timeout: 20_000 })
    await visible(page).locator('#save-profile').scrollIntoViewIfNeeded()
    await visible(page).locator('#save-profile').click()
    expect(await expectFocusedError(page)).toContain('真实姓名')
    await page.screenshot({ path: screenshotPath(care ? '74-care-profile-error' : '73-profile-error') })
    expect(await seriousA11yViolations(page)).toEqual([])

    // add a certificate: 提交证书 with nothing filled in
    await page.goto(`${server.url}/subpackages/certificates/add/index`)
    await visible(page).locator('#cert-submit').waitFor({ timeout: 20_000 })
    await visible(page).locator('#cert-submit').scrollIntoViewIfNeeded()
    await visible(page).locator('#cert-submit').click()
    expect(await expectFocusedError(page)).toContain('证书编号')
    await page.screenshot({ path: screenshotPath(care ? '76-care-cert-error' : '75-cert-error') })
    await context.close()
  }
})
