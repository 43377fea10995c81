/**
 * How the built H5 starts (config/shell-first.ts, config/compile-hints.ts): the stylesheet is asked for before the
 * start-up scripts, which are preloaded at low priority; those scripts carry V8's compile hint and page chunks do not;
 * and on a phone-speed load nothing on screen moves while the app replaces the shell (home, list, detail).
 */
import { COMPILE_HINT as HINT } from '../../config/compile-hints'
import type { CoursePage } from '../../src/contract'
import { PHONE, useChromium } from '../support/browser'
import { getJson, useLiveServer } from '../support/server'

const server = useLiveServer()
const browser = useChromium()
jest.setTimeout(180_000)

test('start-up scripts: preloaded after the stylesheet at low priority, each with the compile hint; page chunks without', async () => {
  const html = await (await fetch(`${server.url}/`)).text()
  const head = html.slice(0, html.indexOf('</head>'))
  const stylesheet = head.search(/<link[^>]+rel="stylesheet"/)
  const preloads = [...head.matchAll(/<link rel="preload" as="script" href="([^"]+)"([^>]*)>/g)]
  expect(stylesheet).toBeGreaterThan(-1)
  expect(preloads.length).toBeGreaterThanOrEqual(2)
  for (const p of preloads) {
    expect(p.index).toBeGreaterThan(stylesheet)
    expect(p[2]).toContain('fetchpriority="low"')
  }
  // the boot script adds exactly those scripts, in that order
  const boot = /\}\)\((\[[^\]]*\])\)<\/script>\s*<\/body>/.exec(html)
  expect(boot).not.toBeNull()
  expect(JSON.parse(boot![1])).toEqual(preloads.map((p) => p[1]))
  for (const [, src] of preloads) {
    const res = await fetch(`${server.url}${src}`) // served precompressed: the compressed copies were made after the hint
    expect(res.headers.get('content-encoding')).toMatch(/br|gzip/)
    expect((await res.text()).startsWith(HINT)).toBe(true)
  }
  const chunks = JSON.parse(/var chunks = (\{.*?\})\n/.exec(html)![1]) as Record<string, string[]>
  const listChunk = chunks['/pages/courses/index'].find((f) => f.endsWith('.js'))!
  expect((await (await fetch(`${server.url}${listChunk}`)).text()).startsWith(HINT)).toBe(false)
})

test('no layout shift while the app replaces the shell: home, list and detail on a phone-speed load', async () => {
  const { items } = await getJson<CoursePage>(`${server.url}/api/v1/courses?region=310000&limit=1`)
  for (const path of ['/', '/pages/courses/index', `/pages/course/index?id=${items[0].id}`]) {
    const context = await browser.newContext({ ...PHONE })
    const page = await context.newPage()
    await page.addInitScript(() => {
      const w = window as unknown as { __shifts: string[] }
      w.__shifts = []
      new PerformanceObserver((list) => {
        for (const e of list.getEntries() as unknown as { value: number; hadRecentInput: boolean; sources: { node?: Node }[] }[]) {
          if (!e.hadRecentInput) w.__shifts.push(`${e.value.toFixed(4)} ${e.sources.map((s) => (s.node as Element | undefined)?.className ?? '?').join(', ')}`)
        }
      }).observe({ type: 'layout-shift', buffered: true })
    })
    const cdp = await context.newCDPSession(page)
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 })
    await cdp.send('Network.enable')
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 })
    await page.goto(`${server.url}${path}`, { waitUntil: 'load' })
    await page.locator('.taro_page .page-shell').first().waitFor({ timeout: 60_000 })
    await page.waitForTimeout(2500) // fixed on purpose: the window in which layout shifts are counted after the first paint
    const shifts = await page.evaluate(() => (window as unknown as { __shifts: string[] }).__shifts)
    expect({ path, shifts }).toEqual({ path, shifts: [] })
    await context.close()
  }
})
