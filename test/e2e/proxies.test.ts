/**
 * 亲情代办 in the built H5, headless Chromium at 375×667, against the real server: the mother (王秀英) invites her
 * daughter from 我的报名 → 亲属代办; the daughter, on her own phone (a second browser context), accepts the code,
 * switches 替谁办 to her mother (the bar 「正在为 王*英 办理」 on every page), signs her up for a course and submits
 * a subsidy claim; the mother's 我的报名 and 我的补贴 show 「由 女儿 … 代办」; the mother removes her; the
 * daughter's next action says access has ended. The 亲属代办 page passes the inclusion checks in normal and
 * 关怀模式. Screenshots in test-output/screenshots/proxies-*.png.
 */
import { click, field, visible } from '../support/pages'
import type { Locator, Page } from 'playwright-core'
import type { CoursePage } from '../../src/contract'
import { clientFor } from '../support/api'
import { PHONE, useChromium } from '../support/browser'
import { expectInclusive, setCareMode } from '../support/inclusion'
import { shotWithoutToast as shot, signedIn } from '../support/journeys'
import { getJson, useLiveServer } from '../support/server'

const server = useLiveServer({}, 240_000)
const browser = useChromium()

/** Taro's H5 showModal: a dialog outside the page with our two labelled buttons. */
async function modalButton(page: Page, text: string): Promise<Locator> {
  const button = page.locator('.taro__modal').getByText(text, { exact: true })
  await button.waitFor({ timeout: 10_000 })
  return button
}

const MOTHER_PHONE = '13912342001'
const DAUGHTER_PHONE = '13812342002'
const DAUGHTER_MASKED = '138****2002'

test('a daughter signs her mother up and claims for her; the mother sees who did it, removes her; the daughter is told access ended', async () => {
  const errors: string[] = []
  const list = await getJson<CoursePage>(`${server.url}/api/v1/courses?region=140300&subsidizedOnly=true&hasSeats=true&startsWithinDays=120&limit=50`)
  const course = list.items.find((c) => c.startDate > new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10))!
  expect(course).toBeDefined()

  // ── the mother: 我的报名 → 亲属代办, invites her daughter ──
  const momCtx = await browser.newContext(PHONE)
  const mother = await signedIn(server, momCtx, MOTHER_PHONE, { realName: '王秀英', idNumber: '140302197803150021', worker: true })
  const mom = await momCtx.newPage()
  mom.on('pageerror', (e) => errors.push(`mother: ${e.message}`))
  await mom.goto(`${server.url}/subpackages/signup/mine/index`)
  await click(mom, 'mine-proxies')
  await mom.waitForURL(/subpackages\/proxies/, { timeout: 15_000 })
  await field(mom, 'proxy-phone').waitFor({ timeout: 15_000 })
  await field(mom, 'proxy-phone').fill(DAUGHTER_PHONE)
  await visible(mom).locator('.px-relation--child').first().click()
  const invited = mom.waitForResponse((r) => r.url().endsWith('/api/v1/me/proxies') && r.request().method() === 'POST')
  await click(mom, 'proxy-invite')
  expect((await invited).status()).toBe(201)
  const code = (await visible(mom).locator('#proxy-invitation-code').first().innerText()).trim()
  expect(code).toMatch(/^[0-9]{6}$/)
  await visible(mom).getByText(`子女 ${DAUGHTER_MASKED}`).first().waitFor({ timeout: 10_000 })
  await shot(mom, 'proxies-10-mother-invited', true)

  // ── the daughter, her own phone: accepts, switches 替谁办 ──
  const dCtx = await browser.newContext(PHONE)
  await signedIn(server, dCtx, DAUGHTER_PHONE, { realName: '李小红', idNumber: '140302199901010021' })
  const d = await dCtx.newPage()
  d.on('pageerror', (e) => errors.push(`daughter: ${e.message}`))
  await d.goto(`${server.url}/subpackages/proxies/index/index`)
  await field(d, 'proxy-code').waitFor({ timeout: 20_000 })
  await field(d, 'proxy-code').fill(code)
  const accepted = d.waitForResponse((r) => r.url().endsWith('/api/v1/proxies/accept'))
  await click(d, 'proxy-accept')
  expect((await accepted).status()).toBe(200)
  await visible(d).locator(`#act-for-${mother.id}`).first().waitFor({ timeout: 10_000 })
  await click(d, `act-for-${mother.id}`)
  await visible(d).locator('#acting-bar').getByText('正在为 王*英 办理').waitFor({ timeout: 10_000 })
  await visible(d).locator('#act-as-self').first().waitFor({ timeout: 10_000 })
  await shot(d, 'proxies-20-daughter-acting')
  await expectInclusive(d, 'proxies (acting)', { care: false })

  // sign-up: the course page → 立即报名 → confirm, every call for the mother
  await d.goto(`${server.url}/pages/course/index?id=${course.id}`)
  await visible(d).getByText(course.title).first().waitFor({ timeout: 20_000 })
  await visible(d).locator('#acting-bar').first().waitFor({ timeout: 5_000 })
  await click(d, 'signup')
  await d.waitForURL(/signup\/confirm/, { timeout: 15_000 })
  await visible(d).locator('#confirm-enroll').first().waitFor({ timeout: 15_000 })
  await visible(d).locator('#acting-bar').first().waitFor({ timeout: 5_000 })
  const enrolled = d.waitForResponse((r) => r.url().endsWith('/api/v1/enrollments') && r.request().method() === 'POST')
  await click(d, 'confirm-enroll')
  const enrollRes = await enrolled
  expect(enrollRes.status()).toBe(201)
  expect(enrollRes.request().headers()['x-act-for']).toBe(mother.id)
  await visible(d).locator('#enroll-success').first().waitFor({ timeout: 15_000 })
  await shot(d, 'proxies-21-daughter-signed-up')

  // a claim: 我能领的补贴 → apply → submit
  await d.goto(`${server.url}/subpackages/subsidies/available/index`)
  await visible(d).locator('.candidate').first().waitFor({ timeout: 20_000 })
  const card = visible(d).locator('.candidate').filter({ hasText: '育婴员 四级' }).filter({ hasText: '可以申请' }).first()
  await card.locator('[id^="apply-"]').first().click()
  await d.waitForURL(/subsidies\/apply/, { timeout: 15_000 })
  await visible(d).locator('#claim-next[aria-disabled]').waitFor({ state: 'detached', timeout: 15_000 })
  await click(d, 'claim-next')
  await visible(d).locator('#claim-submit').first().waitFor({ timeout: 10_000 })
  const submitted = d.waitForResponse((r) => r.url().endsWith('/api/v1/claims') && r.request().method() === 'POST')
  await click(d, 'claim-submit')
  const claimRes = await submitted
  expect(claimRes.status()).toBe(201)
  expect(claimRes.request().headers()['x-act-for']).toBe(mother.id)
  await d.waitForURL(/subsidies\/detail/, { timeout: 15_000 })
  await visible(d).locator('#acting-bar').first().waitFor({ timeout: 5_000 })

  // ── the mother sees who did it ──
  const by = `由 女儿 ${DAUGHTER_MASKED} 代办`
  await mom.goto(`${server.url}/subpackages/signup/mine/index`)
  await visible(mom).locator('.enrollment-card').filter({ hasText: course.title }).locator('.acted-by').getByText(by).waitFor({ timeout: 15_000 })
  expect(await visible(mom).locator('#acting-bar').count()).toBe(0)
  await shot(mom, 'proxies-30-mother-enrollments', true)
  await mom.goto(`${server.url}/subpackages/subsidies/index/index`)
  await visible(mom).locator('.claim-row .acted-by').getByText(by).first().waitFor({ timeout: 15_000 })
  await shot(mom, 'proxies-31-mother-claims', true)

  // ── the mother removes her daughter ──
  await mom.goto(`${server.url}/subpackages/proxies/index/index`)
  await visible(mom).getByText('亲属替我办过的事').first().waitFor({ timeout: 15_000 })
  expect(await visible(mom).innerText()).toContain(by)
  await shot(mom, 'proxies-32-mother-list', true)
  const remove = visible(mom).locator('[id^="remove-prx_"]').first()
  await remove.click()
  const removed = mom.waitForResponse((r) => /\/api\/v1\/me\/proxies\/prx_/.test(r.url()) && r.request().method() === 'DELETE')
  await (await modalButton(mom, '移除')).click()
  expect((await removed).status()).toBe(200)
  await visible(mom).locator('[id^="remove-prx_"]').first().waitFor({ state: 'detached', timeout: 10_000 })

  // ── the daughter's next action: access ended, the bar gone ──
  await d.goto(`${server.url}/subpackages/subsidies/index/index`)
  await visible(d).getByText('对方已结束代办授权，你不能再替对方办理').first().waitFor({ timeout: 15_000 })
  await visible(d).locator('#acting-bar').first().waitFor({ state: 'detached', timeout: 10_000 })
  await shot(d, 'proxies-40-daughter-ended')

  expect(errors).toEqual([])
  await Promise.all([momCtx.close(), dCtx.close()])
})

for (const care of [false, true]) {
  const tag = care ? 'care' : 'normal'
  test(`亲属代办 page at 375×667 (${tag}): readable, large targets, no overflow; the acting bar on other pages`, async () => {
    // a worker with one pending invitation, and a relative acting for her
    const wCtx = await browser.newContext(PHONE)
    await setCareMode(wCtx, care)
    const w = await signedIn(server, wCtx, care ? '13912342011' : '13912342021', { realName: '王秀英', idNumber: '140302197803150021', worker: true })
    const relPhone = care ? '13812342012' : '13812342022'
    const inv = await clientFor(server).post<{ code: string }>('/api/v1/me/proxies', { phone: relPhone, relation: 'child' }, { token: w.token })
    expect(inv.status).toBe(201)
    const page = await wCtx.newPage()
    await page.goto(`${server.url}/subpackages/proxies/index/index`)
    await field(page, 'proxy-phone').waitFor({ timeout: 20_000 })
    await visible(page).getByText('等对方输入邀请码').first().waitFor({ timeout: 10_000 })
    await shot(page, `proxies-50-worker-${tag}`, true)
    await expectInclusive(page, `proxies (${tag})`, { care })

    const rCtx = await browser.newContext(PHONE)
    await setCareMode(rCtx, care)
    const r = await signedIn(server, rCtx, relPhone, { realName: '李小红', idNumber: '140302199901010021' })
    expect((await clientFor(server).post('/api/v1/proxies/accept', { code: inv.body.code }, { token: r.token })).status).toBe(200)
    const rp = await rCtx.newPage()
    await rp.goto(`${server.url}/subpackages/proxies/index/index`)
    await visible(rp).locator(`#act-for-${w.id}`).first().waitFor({ timeout: 20_000 })
    await click(rp, `act-for-${w.id}`)
    await visible(rp).locator('#acting-bar').first().waitFor({ timeout: 10_000 })
    await shot(rp, `proxies-51-relative-acting-${tag}`, true)
    await expectInclusive(rp, `proxies acting (${tag})`, { care })
    await rp.goto(`${server.url}/subpackages/signup/mine/index`)
    await visible(rp).locator('#acting-bar').getByText('正在为 王*英 办理').waitFor({ timeout: 15_000 })
    await shot(rp, `proxies-52-relative-mine-acting-${tag}`)
    await Promise.all([wCtx.close(), rCtx.close()])
  })
}
