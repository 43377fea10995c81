/**
 * Debian's Chromium driven by playwright-core (TARO-NOTES.md "Browser checks"). The executable is
 * installed by scripts/ensure-chromium.sh; tests fail loudly if it is missing rather than skip.
 */
import fs from 'node:fs'
import path from 'node:path'
import { chromium, type Browser, type BrowserContextOptions, type Locator, type Page } from 'playwright-core'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const OUTPUT_DIR = path.resolve(__dirname, '..', '..', 'test-output', 'screenshots')

export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: run scripts/ensure-chromium.sh`)
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync'
    ]
  })
}

/** A phone: 375×667, touch, Chinese locale, China time. */
export const PHONE: BrowserContextOptions = {
  viewport: { width: 375, height: 667 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: 'zh-CN',
  timezoneId: 'Asia/Shanghai',
  userAgent:
    'Mozilla/5.0 (Linux; Android 10; Redmi 8A) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36'
}

export function screenshotPath(name: string): string {
  fs.mkdirSync(OUTPUT_DIR, { recursive: true })
  return path.join(OUTPUT_DIR, `${name}.png`)
}

/**
 * The Taro H5 page the URL points at. Taro keeps earlier pages in the DOM (hidden) and shows two
 * during a transition, so "the last visible page" is not reliable; the page element's id is its route.
 */
export function currentTaroPage(page: Page): Locator {
  const path = new URL(page.url()).pathname
  // '/' is home: the app starts after the shell's first paint (config/shell-first.ts), so a test may ask while the
  // address is still '/', before the router has replaced it with home's own path
  const paths = path === '/' ? ['/', '/pages/index/index'] : [path]
  return page.locator(paths.map((p) => `.taro_page[id^="${p}?"], .taro_page[id="${p}"]`).join(', ')).last()
}

/** Debian Chromium for the whole test file: launched before the first test, closed after the last. */
export function useChromium(): Pick<Browser, 'newContext'> {
  let browser: Browser | undefined
  beforeAll(async () => {
    browser = await launchChromium()
  }, 60_000)
  afterAll(async () => {
    await browser?.close()
  })
  return {
    // bypassCSP by default: axe-core is injected as an inline script, which the server's CSP rightly refuses.
    // test/e2e/csp.test.ts turns it off and checks the app itself runs under the CSP with no violation.
    newContext: (options?: BrowserContextOptions) => {
      if (!browser) throw new Error('browser not launched yet (use it inside a test)')
      return browser.newContext({ bypassCSP: true, ...options })
    }
  }
}
