/**
 * Page helpers shared by the H5 journeys (test/e2e): the visible Taro page, its fields and buttons by id, a wait
 * for the page to be still (page transition over, scrolling stopped, fonts in) before a picture or a measure,
 * and the app's own SMS login.
 */
import type { BrowserContextOptions, Locator, Page } from 'playwright-core'
import type { SmsSendResult } from '../../src/contract'
import { currentTaroPage, PHONE, screenshotPath } from './browser'

/** The phone (375×667) with CSP bypassed: axe-core is injected as an inline script (test tooling only). */
export const PHONE_TEST: BrowserContextOptions = { ...PHONE, bypassCSP: true }
/** A desk (reviewers and staff at 1280 px). */
export const DESK: BrowserContextOptions = { viewport: { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', bypassCSP: true }

export const visible = (page: Page): Locator => currentTaroPage(page)
/** The input (or textarea) of the field with this id on the visible page. */
export const field = (page: Page, id: string): Locator => visible(page).locator(`#${id} input, input#${id}, #${id} textarea, textarea#${id}`).first()
export const click = (page: Page, id: string): Promise<void> => visible(page).locator(`#${id}`).first().click()

/**
 * Resolves once the page is still: no finite animation or transition running (Taro's page slide included), the
 * scroll positions unchanged for three frames, the fonts loaded. Infinite animations (spinners) are ignored.
 */
export async function settled(page: Page, timeout = 15_000): Promise<void> {
  const still = await page.evaluate(async (ms) => {
    const frame = () => new Promise<void>((r) => requestAnimationFrame(() => r()))
    const end = performance.now() + ms
    let last = ''
    let calm = 0
    while (performance.now() < end) {
      await frame()
      const moving = document
        .getAnimations()
        .some((a) => a.playState === 'running' && (a.effect?.getComputedTiming().iterations ?? 1) !== Infinity)
      const scrolls = [document.scrollingElement, ...Array.from(document.querySelectorAll('.taro_page, .taro-scroll-view__scroll-y, .taro-scroll'))]
        .map((e) => (e ? `${e.scrollTop},${e.scrollLeft}` : ''))
        .join('|')
      if (!moving && scrolls === last && document.fonts.status === 'loaded') calm++
      else calm = 0
      last = scrolls
      if (calm >= 3) return true
    }
    return false
  }, timeout)
  if (!still) throw new Error(`the page did not come to rest within ${timeout} ms`)
}

/** Resolves after the browser has painted the next frame (a wheel or a tap has been handled and drawn). */
export async function nextFrame(page: Page): Promise<void> {
  await page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))))
}

/** A picture of the visible page once it is still, in test-output/screenshots/<name>.png. */
export async function shot(page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<void> {
  await settled(page)
  await page.screenshot({ path: screenshotPath(name), fullPage: opts.fullPage })
}

/** The session token the app stored (Taro H5 storage wraps the persisted JSON in JSON, so quotes may be escaped). */
export async function storedToken(page: Page, timeout = 15_000): Promise<string> {
  const stored = await page.waitForFunction(
    () => {
      for (let i = 0; i < localStorage.length; i++) {
        const v = localStorage.getItem(localStorage.key(i)!) ?? ''
        const m = v.match(/\\?"token\\?":\\?"([^"\\]+)/)
        if (m) return m[1]
      }
      return null
    },
    undefined,
    { timeout }
  )
  return (await stored.jsonValue()) as string
}

/** Phone + SMS code through the app's own login page (development code from the send answer); returns the stored token. */
export async function appLogin(page: Page, base: string, phone: string): Promise<string> {
  await page.goto(`${base}/subpackages/signup/login/index`)
  await field(page, 'phone').waitFor({ timeout: 20_000 })
  await field(page, 'phone').fill(phone)
  const sent = page.waitForResponse((r) => r.url().includes('/api/v1/auth/sms/send'))
  await visible(page).locator('#send-code').first().click()
  const sms = (await (await sent).json()) as SmsSendResult
  const verified = page.waitForResponse((r) => r.url().includes('/api/v1/auth/sms/verify'))
  await field(page, 'sms-code').fill(sms.devCode!) // the sixth digit logs in
  const answer = await verified
  if (answer.status() !== 200) throw new Error(`sms verify → ${answer.status()}`)
  return storedToken(page)
}
