/**
 * 亲属代办登记 at a station, in the built H5 (headless Chromium, 375×667) against the real server: a station staff
 * member opens 工作台 → 亲属代办登记 for 赵桂兰, who has no phone, with her son's phone as the contact; she signs on
 * the screen; the page shows the 6-digit code. The son, on his own phone (a second browser context), enters the
 * code, switches 替谁办 to her: the bar 「正在为 赵*兰 办理」, and her inbox (read for her) has the station's
 * message. The staff page passes the inclusion checks. Screenshots in test-output/screenshots/proxies-station-*.png.
 */
import type { BrowserContext, Locator, Page } from 'playwright-core'
import type { Session } from '../../src/contract'
import { currentTaroPage, PHONE, screenshotPath, useChromium } from '../support/browser'
import { expectInclusive } from '../support/inclusion'
import { startServer, type RunningServer } from '../support/server'
import { validIdNumber } from '../api/helpers'

let server: RunningServer
beforeAll(async () => {
  server = await startServer({}, 240_000)
}, 250_000)
afterAll(async () => server?.stop())
const browser = useChromium()

const visible = (page: Page): Locator => currentTaroPage(page)
const field = (page: Page, id: string): Locator => visible(page).locator(`#${id} input, input#${id}`).first()
const click = (page: Page, id: string) => visible(page).locator(`#${id}`).first().click()

async function api<T>(method: string, path: string, token?: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined
  })
  return { status: res.status, body: (await res.json()) as T }
}

/** Logged in by SMS and consented (identity set when given) — the session handed to the page's storage. */
async function signedIn(context: BrowserContext, phone: string, who?: { realName: string; idNumber: string }): Promise<{ token: string; id: string }> {
  const sent = await api<{ devCode: string }>('POST', '/api/v1/auth/sms/send', undefined, { phone })
  expect(sent.status).toBe(200)
  const session = (await api<Session>('POST', '/api/v1/auth/sms/verify', undefined, { phone, code: sent.body.devCode })).body
  const version = (await api<{ version: string }>('GET', '/api/v1/privacy')).body.version
  await api('POST', '/api/v1/me/consent', session.token, { version })
  if (who) expect((await api('PUT', '/api/v1/me/profile', session.token, who)).status).toBe(200)
  const me = (await api<Session['me']>('GET', '/api/v1/me', session.token)).body
  const stored = JSON.stringify({ data: JSON.stringify({ state: { token: session.token, expiresAt: session.expiresAt, me, pendingEnrollments: {}, actingFor: null }, version: 1 }) })
  await context.addInitScript((value) => {
    if (!sessionStorage.getItem('zsb.e2e.session')) {
      localStorage.setItem('zsb.session', value)
      sessionStorage.setItem('zsb.e2e.session', '1')
    }
  }, stored)
  return { token: session.token, id: me.id }
}

async function sign(page: Page) {
  const canvas = visible(page).locator('[id^="proxy-signature"] canvas, canvas[id^="proxy-signature"]').first()
  await canvas.waitFor({ timeout: 10_000 })
  // as the staff member does: scroll the pad above the fixed bar before signing
  await canvas.evaluate((e) => e.scrollIntoView({ block: 'center' }))
  const box = (await canvas.boundingBox())!
  await page.mouse.move(box.x + 30, box.y + box.height / 2)
  await page.mouse.down()
  for (let i = 1; i <= 12; i++) await page.mouse.move(box.x + 30 + i * 20, box.y + box.height / 2 + (i % 2 ? -25 : 25))
  await page.mouse.up()
}

async function shot(page: Page, name: string, fullPage = false) {
  await page.locator('.taro__toast').first().waitFor({ state: 'hidden', timeout: 10_000 })
  await page.evaluate(() => document.fonts.ready.then(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))))
  await page.screenshot({ path: screenshotPath(name), fullPage })
}

const SON_PHONE = '13812343003'
const SON_MASKED = '138****3003'

test('staff set up 亲属代办 for a worker without a phone (signature); her son accepts on his phone and acts for her', async () => {
  const errors: string[] = []
  const staffCtx = await browser.newContext(PHONE)
  await signedIn(staffCtx, '13800000002')
  const st = await staffCtx.newPage()
  st.on('pageerror', (e) => errors.push(`staff: ${e.message}`))
  await st.goto(`${server.url}/subpackages/staff/index/index`)
  await visible(st).locator('#staff-proxy').first().waitFor({ timeout: 20_000 })
  await click(st, 'staff-proxy')
  await st.waitForURL(/staff\/proxy/, { timeout: 15_000 })
  await field(st, 'proxy-worker-name').waitFor({ timeout: 15_000 })
  await shot(st, 'proxies-station-10-form', true)
  await expectInclusive(st, 'staff proxy set-up', { care: false })

  // an empty form says what is missing, in place, and sends nothing
  let posted = 0
  st.on('request', (r) => {
    if (r.url().endsWith('/api/v1/staff/proxies') && r.method() === 'POST') posted++
  })
  await click(st, 'staff-proxy-submit')
  await visible(st).locator('#proxy-realName-error').first().waitFor({ timeout: 10_000 })
  expect(posted).toBe(0)

  await field(st, 'proxy-worker-name').fill('赵桂兰')
  await field(st, 'proxy-worker-id').fill(validIdNumber('14030219500101002'))
  await visible(st).locator('.proxy-group-rural_migrant').first().click()
  await field(st, 'proxy-relative-phone').fill(SON_PHONE)
  await visible(st).locator('.proxy-relation-child').first().click()
  await click(st, 'proxy-consent-signature')
  await sign(st)
  const done = st.waitForResponse((r) => r.url().endsWith('/api/v1/staff/proxies') && r.request().method() === 'POST')
  await click(st, 'staff-proxy-submit')
  expect((await done).status()).toBe(201)
  const code = (await visible(st).locator('#staff-proxy-code').first().innerText()).trim()
  expect(code).toMatch(/^[0-9]{6}$/)
  // the code is on screen without scrolling (the form above was long)
  const box = (await visible(st).locator('#staff-proxy-code').first().boundingBox())!
  expect(box.y).toBeGreaterThanOrEqual(0)
  expect(box.y + box.height).toBeLessThanOrEqual(667)
  expect(await visible(st).locator('#staff-proxy-done').innerText()).toContain(`子女 ${SON_MASKED}`)
  await shot(st, 'proxies-station-20-code', true)
  await expectInclusive(st, 'staff proxy code', { care: false })
  expect(posted).toBe(1)

  // the code also reached the son's phone (development SMS adapter)
  const outbox = await api<{ items: Array<{ text: string }> }>('GET', `/api/v1/dev/sms-outbox?phone=${SON_PHONE}`)
  expect(outbox.body.items.some((m) => m.text.includes(code))).toBe(true)

  // ── the son, his own phone: accepts, acts for his mother ──
  const sonCtx = await browser.newContext(PHONE)
  await signedIn(sonCtx, SON_PHONE, { realName: '李大山', idNumber: validIdNumber('14030219800101001') })
  const son = await sonCtx.newPage()
  son.on('pageerror', (e) => errors.push(`son: ${e.message}`))
  await son.goto(`${server.url}/subpackages/proxies/index/index`)
  await field(son, 'proxy-code').waitFor({ timeout: 20_000 })
  await field(son, 'proxy-code').fill(code)
  const accepted = son.waitForResponse((r) => r.url().endsWith('/api/v1/proxies/accept'))
  await click(son, 'proxy-accept')
  const acc = await accepted
  expect(acc.status()).toBe(200)
  const principal = ((await acc.json()) as { principal: { id: string; maskedName: string } }).principal
  expect(principal.maskedName).toBe('赵*兰')
  await visible(son).locator(`#act-for-${principal.id}`).first().waitFor({ timeout: 10_000 })
  await click(son, `act-for-${principal.id}`)
  await visible(son).locator('#acting-bar').getByText('正在为 赵*兰 办理').waitFor({ timeout: 10_000 })
  await son.goto(`${server.url}/pages/inbox/index`)
  await visible(son).locator('#acting-bar').first().waitFor({ timeout: 15_000 })
  await visible(son).getByText('服务站为你设置了亲属代办').first().waitFor({ timeout: 15_000 })
  await shot(son, 'proxies-station-30-son-acting-inbox', true)

  expect(errors).toEqual([])
  await Promise.all([staffCtx.close(), sonCtx.close()])
})
