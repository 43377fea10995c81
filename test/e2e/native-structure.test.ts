/**
 * The app's native structure in the built H5, headless Chromium at 375×667, against the real server:
 * the tabBar 首页 · 政策 · 消息 · 我的 on every top page; 我的 reaches every personal page in ≤ 2 taps
 * (tab, then entry); 我的 passes the inclusion checks (关怀模式: body text ≥ 20 px); 报名成功 opens
 * at its top. Screenshots in test-output/screenshots/native-*.png (normal and 关怀模式).
 */
import { settled, visible } from '../support/pages'
import type { BrowserContext, Page } from 'playwright-core'
import type { CoursePage, Session } from '../../src/contract'
import { PHONE, screenshotPath, useChromium } from '../support/browser'
import { expectInclusive, setCareMode } from '../support/inclusion'
import { getJson, startServer, type RunningServer } from '../support/server'

let server: RunningServer
beforeAll(async () => {
  server = await startServer({}, 240_000)
}, 250_000)
afterAll(async () => server?.stop())
const browser = useChromium()

const tabBar = (page: Page) => page.locator('.taro-tabbar__tabbar')

async function api<T>(method: string, path: string, token?: string, body?: unknown): Promise<T> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined
  })
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${await res.text()}`)
  return (await res.json()) as T
}

/** A worker who consented and filled the profile earlier: the session handed to the page's storage. */
async function signedInWorker(context: BrowserContext, phone: string, idNumber: string, withProfile = true): Promise<string> {
  const sent = await api<{ devCode: string }>('POST', '/api/v1/auth/sms/send', undefined, { phone })
  const session = await api<Session>('POST', '/api/v1/auth/sms/verify', undefined, { phone, code: sent.devCode })
  const { version } = await api<{ version: string }>('GET', '/api/v1/privacy')
  await api('POST', '/api/v1/me/consent', session.token, { version })
  if (withProfile) await api('PUT', '/api/v1/me/profile', session.token, { realName: '李桂芳', idNumber, homeRegion: '140302', groups: ['rural_migrant'], employmentStatus: 'flexible' })
  const me = await api<Session['me']>('GET', '/api/v1/me', session.token)
  const stored = JSON.stringify({ data: JSON.stringify({ state: { token: session.token, expiresAt: session.expiresAt, me, pendingEnrollments: {} }, version: 1 }) })
  await context.addInitScript((value) => {
    if (!sessionStorage.getItem('zsb.e2e.session')) {
      localStorage.setItem('zsb.session', value)
      sessionStorage.setItem('zsb.e2e.session', '1')
    }
  }, stored)
  return session.token
}

async function shot(page: Page, name: string) {
  await settled(page)
  await page.screenshot({ path: screenshotPath(name) })
}

const TOP_PAGES: [string, string, RegExp][] = [
  ['首页', '/pages/index/index', /pages\/index\/index|\/$/],
  ['政策', '/pages/notices/index', /pages\/notices\/index/],
  ['消息', '/pages/inbox/index', /pages\/inbox\/index/],
  ['我的', '/pages/me/index', /pages\/me\/index/]
]
const PERSONAL: [string, RegExp][] = [
  ['mine', /signup\/mine/],
  ['certificates', /certificates\/index/],
  ['subsidies', /subsidies\/index/],
  ['profile', /signup\/profile/],
  ['proxies', /subpackages\/proxies\/index/],
  ['privacySettings', /signup\/privacy-settings/]
]

for (const care of [false, true]) {
  const tag = care ? 'care' : 'normal'
  test(`tabBar on every top page; 我的 reaches every personal page in two taps (${tag})`, async () => {
    const context = await browser.newContext(PHONE)
    await setCareMode(context, care)
    await signedInWorker(context, care ? '13912340412' : '13912340411', care ? '140302198506060024' : '140302198506060016')
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))

    await page.goto(server.url)
    await tabBar(page).waitFor({ timeout: 30_000 })
    for (const [label, , url] of TOP_PAGES) {
      await tabBar(page).getByText(label, { exact: true }).click()
      await page.waitForURL(url, { timeout: 15_000 })
      await expect(tabBar(page).isVisible()).resolves.toBe(true)
      expect(await tabBar(page).innerText()).toMatch(/首页[\s\S]*政策[\s\S]*消息[\s\S]*我的/)
      await visible(page).locator('.page-shell').first().waitFor({ timeout: 15_000 })
      await shot(page, `native-${tag}-tab-${label}`)
    }
    // 我的: everything personal, and 关怀模式 right there
    await visible(page).locator('#entry-mine').first().waitFor({ timeout: 15_000 })
    const me = await visible(page).innerText()
    for (const word of ['我的报名', '我的证书', '我的补贴', '我的资料', '亲属代办', '隐私设置', '关怀模式']) expect(me).toContain(word)
    expect(me).not.toContain('服务站工作台') // a worker holds no workbench
    const report = await expectInclusive(page, '我的', { care })
    if (care) expect(report.bodyFontPx).toBeGreaterThanOrEqual(20)

    // from any tab: tap 我的 (1), tap the entry (2); back returns to 我的 for the next one
    await tabBar(page).getByText('首页', { exact: true }).click()
    await page.waitForURL(/pages\/index\/index|\/$/, { timeout: 15_000 })
    await tabBar(page).getByText('我的', { exact: true }).click() // tap 1
    for (const [key, url] of PERSONAL) {
      await page.waitForURL(/pages\/me\/index/, { timeout: 15_000 })
      await visible(page).locator(`#entry-${key}`).first().click() // tap 2
      await page.waitForURL(url, { timeout: 15_000 })
      await visible(page).locator('.page-shell, .su-page, .cert-page').first().waitFor({ timeout: 15_000 })
      await page.goBack()
    }
    expect(errors).toEqual([])
    await context.close()
  })
}

test('报名成功 opens at its top: the ✓ and 接下来怎么做 are on screen', async () => {
  const context = await browser.newContext(PHONE)
  // consented, no profile yet: the long form comes first, and 保存并报名 sits at its bottom
  await signedInWorker(context, '13912340413', '140302198506060032', false)
  const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10)
  const list = await getJson<CoursePage>(`${server.url}/api/v1/courses?region=140300&subsidizedOnly=true&hasSeats=true&limit=50`)
  const course = list.items.find((c) => c.startDate > today && c.mode !== 'online')!
  const page = await context.newPage()
  await page.goto(`${server.url}/pages/course/index?id=${course.id}`)
  await visible(page).locator('#signup').first().click()
  await page.waitForURL(/signup\/confirm/, { timeout: 20_000 })
  const field = (id: string) => visible(page).locator(`#${id} input, input#${id}`).first()
  await field('real-name').waitFor({ timeout: 20_000 })
  await field('real-name').fill('李桂芳')
  await field('id-number').fill('140302198506060032')
  if (await field('phone').count()) await field('phone').fill('13912340413')
  await visible(page).locator('.group-option').filter({ hasText: '农村转移劳动力' }).first().click()
  const save = visible(page).locator('#save-profile').first()
  await save.scrollIntoViewIfNeeded()
  await save.click() // 保存并报名
  const success = visible(page).locator('#enroll-success').first()
  await success.waitFor({ timeout: 20_000 })
  const heading = visible(page).getByText('报名成功').first()
  const next = visible(page).getByText('接下来怎么做').first()
  // wait for the scroll to land, then both are inside the 667 px screen
  await page.waitForFunction(() => {
    const el = Array.from(document.querySelectorAll('#enroll-success')).pop() as HTMLElement | undefined
    const r = el?.getBoundingClientRect()
    return !!r && r.top >= 0 && r.top < 200
  }, null, { timeout: 5000 })
  for (const el of [heading, next]) {
    const box = await el.boundingBox()
    expect(box).not.toBeNull()
    expect(box!.y).toBeGreaterThanOrEqual(0)
    expect(box!.y + box!.height).toBeLessThanOrEqual(667)
  }
  await shot(page, 'native-normal-enroll-success')
  await context.close()
})
