/**
 * A page whose code is not on the phone, tapped with no network (built H5, headless Chromium, 375×667, real
 * server): a signed-in worker opens the app online and goes to 我的; the service worker controls the page; the
 * network goes (CDP offline); 我的证书 (the certificates subpackage, never opened in this context, so its JS/CSS
 * chunks are in no cache) → the app says 没有网络，这一页还没存到手机上 and stays: same address, 我的 still on
 * screen, no request for the page's code, no extra history entry, no page error. The network returns → the same
 * tap opens 我的证书; back from it lands on 我的, and back from 我的 leaves the app as it would have before.
 */
import { visible } from '../support/pages'
import type { BrowserContext, Page } from 'playwright-core'
import type { Session } from '../../src/contract'
import { PHONE, screenshotPath, useChromium } from '../support/browser'
import { startServer, type RunningServer } from '../support/server'
import { validIdNumber } from '../api/helpers'

let server: RunningServer | undefined
beforeAll(async () => {
  server = await startServer({}, 240_000)
}, 300_000)
afterAll(async () => server?.stop())
const url = () => server!.url
const browser = useChromium()

const tabBar = (page: Page) => page.locator('.taro-tabbar__tabbar')

// navigation.ts PAGE_NOT_OFFLINE, written out: the words the worker reads are what is checked
const PAGE_NOT_OFFLINE = '没有网络，这一页还没存到手机上，联网后再打开'
const ME = '/pages/me/index'
const CERTIFICATES = '/subpackages/certificates/index/index'

async function api<T>(method: string, path: string, token?: string, body?: unknown): Promise<T> {
  const res = await fetch(`${url()}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined
  })
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${await res.text()}`)
  return (await res.json()) as T
}

/** A worker who consented and filled the profile earlier: the session handed to the page's storage. */
async function signedInWorker(context: BrowserContext, phone: string): Promise<void> {
  const sent = await api<{ devCode: string }>('POST', '/api/v1/auth/sms/send', undefined, { phone })
  const session = await api<Session>('POST', '/api/v1/auth/sms/verify', undefined, { phone, code: sent.devCode })
  const { version } = await api<{ version: string }>('GET', '/api/v1/privacy')
  await api('POST', '/api/v1/me/consent', session.token, { version })
  await api('PUT', '/api/v1/me/profile', session.token, {
    realName: '王秀兰',
    idNumber: validIdNumber('14030219780312004'),
    homeRegion: '140302',
    groups: ['rural_migrant'],
    employmentStatus: 'flexible'
  })
  const me = await api<Session['me']>('GET', '/api/v1/me', session.token)
  const stored = JSON.stringify({ data: JSON.stringify({ state: { token: session.token, expiresAt: session.expiresAt, me, pendingEnrollments: {} }, version: 1 }) })
  await context.addInitScript((value) => {
    if (location.protocol !== 'http:') return // about:blank, where the last back lands, has no storage
    if (!sessionStorage.getItem('zsb.e2e.session')) {
      localStorage.setItem('zsb.session', value)
      sessionStorage.setItem('zsb.e2e.session', '1')
    }
  }, stored)
}

/** The certificates page's chunks, and how many of them any cache of this origin holds. */
const certificateChunks = (page: Page) =>
  page.evaluate(async (route) => {
    const files = (window as unknown as { __zsbPageChunks?: Record<string, string[]> | null }).__zsbPageChunks?.[route] ?? []
    const cached = await Promise.all(files.map((f) => caches.match(f).then((r) => !!r)))
    return { files, cached: cached.filter(Boolean).length }
  }, CERTIFICATES)

test('offline, 我的证书 (code never fetched) says so and stays on 我的 with no history entry; online, the same tap opens it', async () => {
  const context = await browser.newContext(PHONE)
  await signedInWorker(context, '13912340431')
  const page = await context.newPage()
  const pageErrors: string[] = []
  page.on('pageerror', (e) => pageErrors.push(e.message))

  await page.goto(url())
  await tabBar(page).waitFor({ timeout: 30_000 })
  const historyAtStart = await page.evaluate(() => history.length) // about:blank, then the app
  await tabBar(page).getByText('我的', { exact: true }).click()
  await page.waitForURL(/pages\/me\/index/, { timeout: 15_000 })
  const entry = visible(page).locator('#entry-certificates').first()
  await entry.waitFor({ timeout: 15_000 })

  // the service worker installed, activated and controlling this page (clients.claim), not just registered
  await page.waitForFunction(
    async () => {
      const reg = await navigator.serviceWorker.getRegistration()
      return reg?.active?.state === 'activated' && navigator.serviceWorker.controller !== null
    },
    null,
    { timeout: 30_000, polling: 200 }
  )
  // precondition: the page's code is known to the shell and on the phone nowhere (not opened, not precached)
  const before = await certificateChunks(page)
  expect(before.files.length).toBeGreaterThan(0)
  expect(before.cached).toBe(0)

  // from here on: every request for the certificates page's code
  const chunkRequests: string[] = []
  page.on('request', (r) => {
    if (before.files.includes(new URL(r.url()).pathname)) chunkRequests.push(r.url())
  })
  const historyBefore = await page.evaluate(() => history.length)
  const urlBefore = page.url()
  expect(new URL(urlBefore).pathname).toBe(ME)

  await context.setOffline(true)
  await page.waitForFunction(() => navigator.onLine === false, null, { timeout: 10_000, polling: 100 })
  await entry.click()
  // Taro's toast wrapper has no box of its own (its children are position: fixed): the words are what shows
  const toast = page.locator('.taro__toast').getByText(PAGE_NOT_OFFLINE, { exact: true })
  await toast.first().waitFor({ state: 'visible', timeout: 10_000 })
  await page.screenshot({ path: screenshotPath('offline-nav-page-not-offline') })

  // the message is the whole answer: no move was started (it is said in place of the navigation)
  expect(page.url()).toBe(urlBefore)
  expect(await page.evaluate(() => history.length)).toBe(historyBefore)
  expect(await page.locator(`.taro_page[id^="${CERTIFICATES}"]`).count()).toBe(0)
  await expect(visible(page).isVisible()).resolves.toBe(true)
  await expect(entry.isVisible()).resolves.toBe(true)
  expect(await visible(page).innerText()).toContain('我的证书')
  expect(chunkRequests).toEqual([])
  expect(pageErrors).toEqual([])
  // still there once the message has gone
  await toast.first().waitFor({ state: 'hidden', timeout: 10_000 })
  expect(page.url()).toBe(urlBefore)
  expect(await page.evaluate(() => history.length)).toBe(historyBefore)

  // the network returns: the same tap opens the page, one history entry further
  await context.setOffline(false)
  await page.waitForFunction(() => navigator.onLine === true, null, { timeout: 10_000, polling: 100 })
  await entry.click()
  await page.waitForURL(/subpackages\/certificates\/index\/index/, { timeout: 20_000 })
  await visible(page).locator('.cert-h1').filter({ hasText: '一键查询我的证书' }).first().waitFor({ timeout: 20_000 })
  expect(chunkRequests.length).toBeGreaterThan(0)
  expect(await page.evaluate(() => history.length)).toBe(historyBefore + 1)
  expect(await toast.filter({ visible: true }).count()).toBe(0)
  await page.screenshot({ path: screenshotPath('offline-nav-certificates-online') })

  // back from 我的证书 lands on 我的 (no phantom entry of the failed tap in between), and back from 我的 goes where
  // it went before the failed tap: out of the app to the blank page the tab was opened from (a tab switch
  // replaces the history entry, it does not add one: historyAtStart, read on 首页, is the same count)
  await page.goBack()
  await page.waitForURL(/pages\/me\/index/, { timeout: 15_000 })
  await visible(page).locator('#entry-certificates').first().waitFor({ timeout: 15_000 })
  expect(historyAtStart).toBe(historyBefore)
  await page.goBack()
  await page.waitForURL('about:blank', { timeout: 15_000 })
  expect(pageErrors).toEqual([])
  await context.close()
})

/**
 * The network is really cut (CDP offline) but the browser still says it is online — as behind a captive portal or
 * on a dead mobile link, where `navigator.onLine` stays true. The decision comes from a real request (fetching the page's
 * code, as the move would), so the app says 没有网络 and stays instead of starting a move that cannot load the page's code; the
 * network returns → the same tap opens the page. A page whose code is on the phone needs no probe.
 */
test('navigator.onLine says online on a dead network: a real request decides, the app says so and stays; back online it opens', async () => {
  const context = await browser.newContext(PHONE)
  await signedInWorker(context, '13912340432')
  // the browser's own flag stays true whatever the network does
  await context.addInitScript(() => {
    Object.defineProperty(Navigator.prototype, 'onLine', { configurable: true, get: () => true })
  })
  const page = await context.newPage()
  const pageErrors: string[] = []
  page.on('pageerror', (e) => pageErrors.push(e.message))
  await page.goto(`${url()}${ME}`)
  const entry = visible(page).locator('#entry-certificates').first()
  await entry.waitFor({ timeout: 30_000 })
  await page.waitForFunction(async () => (await navigator.serviceWorker.getRegistration())?.active?.state === 'activated' && navigator.serviceWorker.controller !== null, null, {
    timeout: 30_000,
    polling: 200
  })
  const before = await certificateChunks(page)
  expect(before.cached).toBe(0)
  const probes: string[] = []
  page.on('requestfailed', (r) => {
    if (before.files.includes(new URL(r.url()).pathname)) probes.push(r.failure()?.errorText ?? '')
  })
  const historyBefore = await page.evaluate(() => history.length)
  const urlBefore = page.url()

  await context.setOffline(true)
  expect(await page.evaluate(() => navigator.onLine)).toBe(true)
  await entry.click()
  const toast = page.locator('.taro__toast').getByText(PAGE_NOT_OFFLINE, { exact: true })
  await toast.first().waitFor({ state: 'visible', timeout: 10_000 })
  await page.screenshot({ path: screenshotPath('offline-nav-dead-network-online-flag') })
  // the page's code was really asked for, and the request failed
  expect(probes.length).toBeGreaterThan(0)
  expect(page.url()).toBe(urlBefore)
  expect(await page.evaluate(() => history.length)).toBe(historyBefore)
  expect(await page.locator(`.taro_page[id^="${CERTIFICATES}"]`).count()).toBe(0)
  expect(await entry.isVisible()).toBe(true)
  await toast.first().waitFor({ state: 'hidden', timeout: 10_000 })

  await context.setOffline(false)
  await entry.click()
  await page.waitForURL(/subpackages\/certificates\/index\/index/, { timeout: 20_000 })
  await visible(page).locator('.cert-h1').filter({ hasText: '一键查询我的证书' }).first().waitFor({ timeout: 20_000 })
  expect(pageErrors).toEqual([])
  await context.close()
})
