/**
 * The H5 works under the Content-Security-Policy the server sends (a policy that blocked the app would blank every page): the built app is loaded from
 * the real server in Chromium, through home, the course list, a course detail and the login page, and every
 * CSP violation (securitypolicyviolation events and console reports) is collected; there must be none, and
 * the pages must have rendered (a policy that silently blocked the app would also show no violations).
 */
import { currentTaroPage, PHONE, useChromium } from '../support/browser'
import { startServer, type RunningServer } from '../support/server'

let server: RunningServer
beforeAll(async () => {
  // generous start-up allowance: the shared CI machine may be busy
  server = await startServer({}, 240_000)
}, 300_000)
afterAll(async () => server?.stop())
const browser = useChromium()

test('no CSP violations on the main pages; the policy and security headers are on the page itself', async () => {
  const context = await browser.newContext({ ...PHONE, bypassCSP: false, permissions: ['geolocation'], geolocation: { latitude: 31.231, longitude: 121.474 } })
  await context.addInitScript(() => {
    const w = window as unknown as { __csp: string[] }
    w.__csp = []
    document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`))
  })
  const page = await context.newPage()
  const console: string[] = []
  page.on('console', (m) => {
    if (/Content[- ]Security[- ]Policy|Refused to (load|execute|apply|connect)/i.test(m.text())) console.push(m.text())
  })
  const pageErrors: string[] = []
  page.on('pageerror', (e) => pageErrors.push(e.message))

  const res = await page.goto(server.url)
  const headers = res!.headers()
  expect(headers['content-security-policy']).toContain("script-src 'self'")
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'")
  expect(headers['x-content-type-options']).toBe('nosniff')
  await page.locator('.course-card:visible').first().waitFor({ timeout: 30_000 })

  await page.getByText('找课程', { exact: true }).first().click()
  await page.waitForURL(/pages\/courses/)
  const card = currentTaroPage(page).locator('.course-card').first()
  await card.waitFor({ timeout: 20_000 })
  await card.click()
  await page.waitForURL(/pages\/course\/index/)
  await currentTaroPage(page).getByText(/报名|名额/).first().waitFor({ timeout: 30_000 })

  const violations = await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)
  expect(violations).toEqual([])
  expect(console).toEqual([])
  expect(pageErrors).toEqual([])
  await context.close()
})
