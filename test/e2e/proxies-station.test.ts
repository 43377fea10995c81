/**
 * 亲属代办登记 at a station, in the built H5 (headless Chromium, 375×667) against the real server: a station staff
 * member opens 工作台 → 亲属代办登记 for 赵桂兰, who has no phone, with her son's phone as the contact; she signs on
 * the screen; the page shows the 6-digit code. The son, on his own phone (a second browser context), enters the
 * code, switches 替谁办 to her: the bar 「正在为 赵*兰 办理」, and her inbox (read for her) has the station's
 * message. The staff page passes the inclusion checks. Screenshots in test-output/screenshots/proxies-station-*.png.
 */
import { PHONE, useChromium } from '../support/browser'
import { clientFor } from '../support/api'
import { expectInclusive } from '../support/inclusion'
import { drawSignature, shotWithoutToast as shot, signedIn } from '../support/journeys'
import { click, field, visible } from '../support/pages'
import { useLiveServer } from '../support/server'
import { validIdNumber } from '../api/helpers'

const server = useLiveServer({}, 240_000)
const browser = useChromium()

const SON_PHONE = '13812343003'
const SON_MASKED = '138****3003'

test('staff set up 亲属代办 for a worker without a phone (signature); her son accepts on his phone and acts for her', async () => {
  const errors: string[] = []
  const staffCtx = await browser.newContext(PHONE)
  await signedIn(server, staffCtx, '13800000002')
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
  await drawSignature(st, 'proxy-signature')
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
  const outbox = await clientFor(server).get<{ items: Array<{ text: string }> }>(`/api/v1/dev/sms-outbox?phone=${SON_PHONE}`)
  expect(outbox.body.items.some((m) => m.text.includes(code))).toBe(true)

  // ── the son, his own phone: accepts, acts for his mother ──
  const sonCtx = await browser.newContext(PHONE)
  await signedIn(server, sonCtx, SON_PHONE, { realName: '李大山', idNumber: validIdNumber('14030219800101001') })
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
