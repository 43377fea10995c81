/**
 * A station staff member in the built H5 (headless Chromium, 375×667) against the real server: logs in,
 * finds 工作台 from 我的, opens 现场报名, picks a course, then the network is switched off (CDP offline
 * emulation) and three workers are signed up with a handwritten signature each; 提交情况 shows three
 * 待提交. The network comes back: the queue syncs by itself and shows three 已报名; each worker's "you were
 * signed up" SMS is recorded by the development adapter. Screenshots of every staff page.
 */
import { field, settled, visible } from '../support/pages'
import { drawSignature } from '../support/journeys'
import type { SmsSendResult } from '../../src/contract'
import { PHONE, screenshotPath, useChromium } from '../support/browser'
import { seriousA11yViolations } from '../support/inclusion'
import { useLiveServer } from '../support/server'
import { validIdNumber } from '../api/helpers'

// a loaded machine can take minutes for a first start (migrations, seed)
const server = useLiveServer({}, 240_000)
const browser = useChromium()

test('staff: three sign-ups offline, synced by themselves when the network returns; SMS recorded', async () => {
  const context = await browser.newContext(PHONE)
  const page = await context.newPage()
  const pageErrors: string[] = []
  page.on('pageerror', (e) => pageErrors.push(e.message))

  // 我的 → login with the staff phone → 工作台 entry
  await page.goto(`${server.url}/subpackages/signup/mine/index`)
  await page.waitForURL(/signup\/login/, { timeout: 20_000 })
  await field(page, 'phone').waitFor({ timeout: 15_000 })
  await field(page, 'phone').fill('13800000002')
  const sent = page.waitForResponse((r) => r.url().includes('/api/v1/auth/sms/send'))
  await visible(page).locator('#send-code').first().click()
  const sms = (await (await sent).json()) as SmsSendResult
  await field(page, 'sms-code').fill(sms.devCode!) // the sixth digit logs in
  await page.waitForURL(/signup\/mine/, { timeout: 20_000 })
  await visible(page).locator('#open-staff').first().waitFor({ timeout: 20_000 })
  await page.screenshot({ path: screenshotPath('40-staff-mine-entry') })
  await visible(page).locator('#open-staff').first().click()

  await page.waitForURL(/staff\/index/, { timeout: 15_000 })
  await visible(page).locator('#staff-signup').first().waitFor({ timeout: 15_000 })
  expect(await visible(page).innerText()).toContain('阳泉市城区')
  await settled(page)
  await page.screenshot({ path: screenshotPath('41-staff-workbench') })
  expect(await seriousA11yViolations(page)).toEqual([])
  // load every staff page once while online (their code chunks), then sign up
  // a staff page opens once the app has checked its code is on the phone (asynchronous): wait for the address
  // before looking in the page it names
  await visible(page).locator('#staff-poster').first().click()
  await page.waitForURL(/staff\/poster/, { timeout: 15_000 })
  await visible(page).locator('.st-poster__qr').first().waitFor({ timeout: 15_000 })
  await settled(page)
  await page.screenshot({ path: screenshotPath('42-staff-poster') })
  await page.goBack()
  await visible(page).locator('#staff-queue').first().click()
  await page.waitForURL(/staff\/queue/, { timeout: 15_000 })
  await visible(page).locator('#sync-now').first().waitFor({ timeout: 15_000 })
  await page.goBack()
  await visible(page).locator('#staff-signup').first().click()
  await page.waitForURL(/staff\/signup/, { timeout: 15_000 })
  await visible(page).locator('.course-option').first().waitFor({ timeout: 20_000 })
  await visible(page).locator('.course-option').first().click()
  await page.screenshot({ path: screenshotPath('43-staff-signup'), fullPage: true })

  await context.setOffline(true)
  const run = Date.now() % 100000
  const workers = [0, 1, 2].map((i) => ({
    name: ['李大山', '赵小梅', '孙二虎'][i],
    id: validIdNumber(`1403021985${String(1 + i).padStart(2, '0')}${String(10 + (run % 18)).padStart(2, '0')}${String(run % 1000).padStart(3, '0')}`),
    phone: `1390${String(run).padStart(5, '0')}${i}0`.slice(0, 11)
  }))
  for (const [i, w] of workers.entries()) {
    await field(page, 'worker-name').fill(w.name)
    await field(page, 'worker-id').fill(w.id)
    await field(page, 'worker-phone').fill(w.phone)
    await visible(page).locator('.group-option').filter({ hasText: '农村转移劳动力' }).first().click()
    // offline: the signature is the way to consent
    await visible(page).locator('#consent-signature').first().click()
    await drawSignature(page, 'signature-canvas')
    if (i === 0) await page.screenshot({ path: screenshotPath('44-staff-signature-offline'), fullPage: true })
    await visible(page).locator('#staff-submit').first().click()
    await expect(field(page, 'worker-name').inputValue()).resolves.toBe('')
  }

  await page.goBack()
  await visible(page).locator('#staff-queue').first().click()
  await page.waitForURL(/staff\/queue/, { timeout: 15_000 })
  await visible(page).locator('#count-pending').first().waitFor({ timeout: 15_000 })
  await expect(visible(page).locator('#count-pending .st-count__n').first().innerText()).resolves.toBe('3')
  expect(await visible(page).innerText()).toContain('没有网络')
  await page.screenshot({ path: screenshotPath('45-staff-queue-offline'), fullPage: true })

  // the network returns: nothing to tap
  await context.setOffline(false)
  await page.waitForFunction(
    () => {
      const n = document.querySelector('.taro_page:not([style*="display: none"]) #count-enrolled .st-count__n, #count-enrolled .st-count__n')
      return n?.textContent === '3'
    },
    undefined,
    { timeout: 45_000 }
  )
  await settled(page)
  await page.screenshot({ path: screenshotPath('46-staff-queue-synced'), fullPage: true })
  expect(await seriousA11yViolations(page)).toEqual([])

  for (const w of workers) {
    const res = await fetch(`${server.url}/api/v1/dev/sms-outbox?phone=${w.phone}`)
    const texts = ((await res.json()) as { items: { text: string }[] }).items.map((m) => m.text)
    expect(texts.filter((t) => t.includes('已为你报名'))).toHaveLength(1)
    expect(texts.find((t) => t.includes('已为你报名'))).toContain(w.name)
  }

  // today's list shows the three, searchable by name
  await page.goBack()
  await visible(page).locator('#staff-list').first().click()
  await page.waitForURL(/staff\/list/, { timeout: 15_000 })
  await visible(page).locator('#export-csv').first().waitFor({ timeout: 15_000 })
  const listText = await visible(page).innerText()
  for (const w of workers) expect(listText).toContain(w.name)
  expect(listText).not.toContain(workers[0].id)
  await settled(page)
  await page.screenshot({ path: screenshotPath('47-staff-list'), fullPage: true })
  // offline is a normal state: no request failure escapes unhandled (services/platform/request.ts settles
  // Taro's second copy of the rejection), and nothing else throws
  expect(pageErrors).toEqual([])
  await context.close()
})

test('a worker account never sees the 工作台 and the staff page refuses it', async () => {
  const context = await browser.newContext(PHONE)
  const page = await context.newPage()
  await page.goto(`${server.url}/subpackages/signup/mine/index`)
  await page.waitForURL(/signup\/login/, { timeout: 20_000 })
  await field(page, 'phone').waitFor({ timeout: 15_000 })
  await field(page, 'phone').fill('13912340000')
  const sent = page.waitForResponse((r) => r.url().includes('/api/v1/auth/sms/send'))
  await visible(page).locator('#send-code').first().click()
  const sms = (await (await sent).json()) as SmsSendResult
  await field(page, 'sms-code').fill(sms.devCode!) // the sixth digit logs in
  await page.waitForURL(/signup\/(mine|privacy)/, { timeout: 20_000 })
  await settled(page)
  expect(await visible(page).locator('#open-staff').count()).toBe(0)
  await page.goto(`${server.url}/`)
  await visible(page).locator('.entry-grid, .home').first().waitFor({ timeout: 15_000 })
  expect(await page.locator('body').innerText()).not.toContain('服务站工作台')
  await page.goto(`${server.url}/subpackages/staff/index/index`)
  await visible(page).getByText('这个账号不是服务站工作人员').first().waitFor({ timeout: 15_000 })
  await page.screenshot({ path: screenshotPath('48-staff-refused-worker') })
  await context.close()
})
