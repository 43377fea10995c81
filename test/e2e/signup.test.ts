/**
 * A new worker signs up for a course in the built H5, in headless Chromium at 375×667, against the
 * real server: course detail → 立即报名 → phone login with the development SMS code (the sixth digit
 * logs in) → privacy consent → profile under the course it signs up for (an invalid ID number first:
 * its specific message) → 保存并报名 → 报名成功 with the eligibility preview → 我的报名 shows it.
 * Tap counts: test/e2e/signup-taps.test.ts. Screenshots in test-output/screenshots/.
 */
import { field, settled, visible } from '../support/pages'
import type { CoursePage, EnrollmentList, SmsSendResult } from '../../src/contract'
import { PHONE, screenshotPath, useChromium } from '../support/browser'
import { seriousA11yViolations } from '../support/inclusion'
import { getJson, useLiveServer } from '../support/server'

const server = useLiveServer()
const browser = useChromium()

/** Taro's H5 Input renders <taro-input-core id=…><input/></taro-input-core>. */

test('phone login → profile → sign up → 我的报名', async () => {
  // a subsidised course in 阳泉 that has seats and has not started
  const list = await getJson<CoursePage>(`${server.url}/api/v1/courses?region=140300&subsidizedOnly=true&hasSeats=true&startsWithinDays=120&limit=50`)
  const course = list.items.find((c) => c.startDate > new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10))
  expect(course).toBeDefined()

  const context = await browser.newContext(PHONE)
  const page = await context.newPage()
  const pageErrors: string[] = []
  page.on('pageerror', (e) => pageErrors.push(e.message))
  await page.goto(`${server.url}/pages/course/index?id=${course!.id}`)
  await visible(page).getByText(course!.title).first().waitFor({ timeout: 20_000 })
  await visible(page).locator('#signup').first().click()

  // not logged in: phone + SMS code (the development adapter returns the code to the app)
  await page.waitForURL(/signup\/login/, { timeout: 15_000 })
  await field(page, 'phone').waitFor({ timeout: 15_000 })
  await field(page, 'phone').fill('13912345678')
  const sent = page.waitForResponse((r) => r.url().includes('/api/v1/auth/sms/send'))
  await visible(page).locator('#send-code').first().click()
  const sms = (await (await sent).json()) as SmsSendResult
  expect(sms.devCode).toMatch(/^\d{6}$/)
  await page.screenshot({ path: screenshotPath('10-login') })
  await field(page, 'sms-code').fill(sms.devCode!) // the sixth digit logs in

  // privacy notice before any personal data
  await page.waitForURL(/signup\/privacy/, { timeout: 15_000 })
  await visible(page).locator('#agree').first().waitFor({ timeout: 15_000 })
  await page.screenshot({ path: screenshotPath('11-privacy') })
  await visible(page).locator('#agree').first().click()

  // profile: only what sign-up needs; an invalid ID gets its specific message
  await page.waitForURL(/signup\/confirm/, { timeout: 15_000 })
  await field(page, 'real-name').waitFor({ timeout: 15_000 })
  await field(page, 'real-name').fill('王建国')
  await field(page, 'id-number').fill('140302199003071235') // last digit wrong
  await visible(page).getByText('身份证号校验位不正确，请核对最后一位').first().waitFor({ timeout: 5_000 })
  await page.screenshot({ path: screenshotPath('12-profile-invalid-id') })
  await field(page, 'id-number').fill('140302199003071236')
  if (await field(page, 'phone').count()) await field(page, 'phone').fill('13912345678')
  await visible(page).locator('.group-option').filter({ hasText: '农村转移劳动力' }).first().click()
  await visible(page).locator('#save-profile').first().click()

  // 报名成功 with the eligibility preview, citing the policy
  await visible(page).locator('#enroll-success').first().waitFor({ timeout: 15_000 })
  const sheet = await visible(page).innerText()
  expect(sheet).toContain(course!.title)
  expect(sheet).toContain('职业培训补贴')
  expect(sheet).toContain('生活费补贴')
  expect(sheet).toContain('依据')
  expect(sheet).not.toContain('140302199003071236') // the full ID never shown back
  await page.screenshot({ path: screenshotPath('13-success') })
  expect(await seriousA11yViolations(page)).toEqual([])
  await visible(page).locator('#go-mine').first().click()

  // 我的报名
  await page.waitForURL(/signup\/mine/, { timeout: 15_000 })
  await visible(page).locator('.enrollment-card').first().waitFor({ timeout: 15_000 })
  const mine = await visible(page).innerText()
  expect(mine).toContain(course!.title)
  expect(mine).toContain('已报名')
  await settled(page)
  await page.screenshot({ path: screenshotPath('14-mine') })

  // the server holds exactly one enrollment for this worker
  const token = await page.evaluate(() => {
    for (let i = 0; i < localStorage.length; i++) {
      const v = localStorage.getItem(localStorage.key(i)!) ?? ''
      // Taro H5 storage wraps the persisted JSON in JSON, so quotes may be escaped
      const m = v.match(/\\?"token\\?":\\?"([^"\\]+)/)
      if (m) return m[1]
    }
    return null
  })
  expect(token).toBeTruthy()
  const res = await fetch(`${server.url}/api/v1/me/enrollments`, { headers: { authorization: `Bearer ${token}` } })
  const enrollments = (await res.json()) as EnrollmentList
  expect(enrollments.items.map((e) => e.course.id)).toEqual([course!.id])
  expect(pageErrors).toEqual([])
})
