/**
 * A subsidy claim end to end in the built H5, headless Chromium, against the real server:
 * the demo worker (王秀英) logs in on a phone (375×667), imports her certificates, claims 职业技能评价补贴
 * for 育婴员 四级 (pre-checked, two screens); reviewer 13800000001 accepts and passes 初审 in a second browser
 * context at desk width (1280); reviewer 13800000004 passes 复核 (the two-person rule) and publishes 公示;
 * the worker sees 公示中 on the timeline; the development clock ends the 公示 period; the reviewer marks it
 * paid; the worker sees 已拨付 with every step. Screenshots in test-output/screenshots/.
 */
import { DESK, PHONE_TEST, field, settled, visible } from '../support/pages'
import type { BrowserContext, Page } from 'playwright-core'
import type { ClaimList, SmsSendResult } from '../../src/contract'
import { screenshotPath, useChromium } from '../support/browser'
import { seriousA11yViolations, smallTouchTargets } from '../support/inclusion'
import { startServer, type RunningServer } from '../support/server'

// The server is started by hand with a longer start-up allowance: seeding on a busy 2-core CI box can take > 60 s.
let running: RunningServer | undefined
beforeAll(async () => {
  running = await startServer({}, 180_000)
}, 200_000)
afterAll(async () => {
  await running?.stop()
})
const server = {
  get url() {
    return running!.url
  }
}
const browser = useChromium()

// bypassCSP: the server's Content-Security-Policy forbids inline scripts, and axe-core is injected as one (test tooling only).

async function settle(page: Page) {
  await settled(page)
}

/** Phone + SMS code through the app's own login page; returns the session token the app stored. */
async function login(page: Page, phone: string): Promise<string> {
  await page.goto(`${server.url}/subpackages/signup/login/index`)
  await field(page, 'phone').waitFor({ timeout: 20_000 })
  await field(page, 'phone').fill(phone)
  const sent = page.waitForResponse((r) => r.url().includes('/api/v1/auth/sms/send'))
  await visible(page).locator('#send-code').first().click()
  const sms = (await (await sent).json()) as SmsSendResult
  const verified = page.waitForResponse((r) => r.url().includes('/api/v1/auth/sms/verify'))
  await field(page, 'sms-code').fill(sms.devCode!) // the sixth digit logs in
  expect((await verified).status()).toBe(200)
  // the app stores the session (opened directly, the login page has nowhere to go back to)
  const stored = await page.waitForFunction(() => {
    for (let i = 0; i < localStorage.length; i++) {
      const v = localStorage.getItem(localStorage.key(i)!) ?? ''
      // Taro H5 storage wraps the persisted JSON in JSON, so quotes may be escaped
      const m = v.match(/\\?"token\\?":\\?"([^"\\]+)/)
      if (m) return m[1]
    }
    return null
  }, undefined, { timeout: 15_000 })
  const token = (await stored.jsonValue()) as string | null
  expect(token).toBeTruthy()
  return token!
}

async function api<T>(token: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body)
  })
  const text = await res.text()
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text}`)
  return (text ? JSON.parse(text) : null) as T
}

async function openClaimInWorkbench(page: Page, claimId: string) {
  await page.goto(`${server.url}/subpackages/review/index/index`)
  const item = visible(page).locator(`#queue-${claimId}`).first()
  await item.waitFor({ timeout: 20_000 })
  await item.click()
  await visible(page).locator('#claim-detail').first().waitFor({ timeout: 15_000 })
}

/** Presses a decision with the keyboard (focus + Enter), confirms it, waits for the new state. */
async function decide(page: Page, to: string, expectLabel: string, reason?: string) {
  const button = visible(page).locator(`#decide-${to}`).first()
  await button.waitFor({ timeout: 15_000 })
  await button.focus()
  await page.keyboard.press('Enter')
  await visible(page).locator('#confirm-decision').first().waitFor({ timeout: 10_000 })
  if (reason) await field(page, 'decision-reason').fill(reason)
  const done = page.waitForResponse((r) => r.url().includes('/transitions') && r.request().method() === 'POST')
  await visible(page).locator('#confirm-decision').first().click()
  expect((await done).status()).toBe(200)
  await visible(page).getByText(`现在是「${expectLabel}」`).first().waitFor({ timeout: 10_000 })
}

let worker: BrowserContext
let desk1: BrowserContext
let desk2: BrowserContext
afterAll(async () => {
  await Promise.all([worker?.close(), desk1?.close(), desk2?.close()])
})

test('worker claims; two reviewers approve; 公示; payout; the worker follows it on the timeline', async () => {
  const errors: string[] = []
  // ── the worker, on a phone ──
  worker = await browser.newContext(PHONE_TEST)
  const phone = await worker.newPage()
  phone.on('pageerror', (e) => errors.push(`worker: ${e.message}`))
  const token = await login(phone, '13912340021')
  // consent + real-name profile + 一键查询 are other features' pages; here they are set up through the API
  const privacy = await api<{ version: string }>(token, 'GET', '/api/v1/privacy')
  await api(token, 'POST', '/api/v1/me/consent', { version: privacy.version })
  await api(token, 'PUT', '/api/v1/me/profile', { realName: '王秀英', idNumber: '140302197803150021', groups: ['rural_migrant'], employmentStatus: 'employed' })
  await api(token, 'POST', '/api/v1/me/certificates/lookup')

  // 我能领的补贴: pre-checked, with amounts and the office
  await phone.goto(`${server.url}/subpackages/subsidies/available/index`)
  await visible(phone).locator('.candidate').first().waitFor({ timeout: 20_000 })
  const available = await visible(phone).innerText()
  expect(available).toContain('育婴员 四级')
  expect(available).toContain('可以申请')
  expect(available).toContain('全部符合')
  expect(available).toContain('依据')
  await settle(phone)
  await phone.screenshot({ path: screenshotPath('40-subsidies-available'), fullPage: true })
  expect(await seriousA11yViolations(phone)).toEqual([])

  // claim form, screen 1 → screen 2 → submit
  const card = visible(phone).locator('.candidate').filter({ hasText: '育婴员 四级' }).filter({ hasText: '可以申请' }).first()
  await card.locator('[id^="apply-"]').first().click()
  await phone.waitForURL(/subsidies\/apply/, { timeout: 15_000 })
  await visible(phone).locator('.verdict').first().waitFor({ timeout: 15_000 })
  await visible(phone).locator('#claim-next[aria-disabled]').waitFor({ state: 'detached', timeout: 15_000 })
  await settle(phone)
  await phone.screenshot({ path: screenshotPath('41-claim-form-1'), fullPage: true })
  expect(await seriousA11yViolations(phone)).toEqual([])
  await visible(phone).locator('#claim-next').first().click()
  await visible(phone).locator('#claim-submit').first().waitFor({ timeout: 10_000 })
  await phone.screenshot({ path: screenshotPath('42-claim-form-2') })
  expect(await smallTouchTargets(phone, '[role="button"], [role="radio"]')).toEqual([])
  const submitted = phone.waitForResponse((r) => r.url().endsWith('/api/v1/claims') && r.request().method() === 'POST')
  await visible(phone).locator('#claim-submit').first().click()
  const submitRes = await submitted
  expect(submitRes.status()).toBe(201)
  expect(submitRes.request().headers()['idempotency-key']).toMatch(/^[0-9a-f]{32}$/)
  const claimId = ((await submitRes.json()) as { id: string }).id
  await phone.waitForURL(/subsidies\/detail/, { timeout: 15_000 })
  await visible(phone).getByText('已提交').first().waitFor({ timeout: 15_000 })
  await settle(phone)
  await phone.screenshot({ path: screenshotPath('43-claim-detail-submitted'), fullPage: true })

  // ── reviewer 1, desk browser: 受理 → 初审通过 (keyboard) ──
  desk1 = await browser.newContext(DESK)
  const r1 = await desk1.newPage()
  r1.on('pageerror', (e) => errors.push(`reviewer1: ${e.message}`))
  await login(r1, '13800000001')
  await openClaimInWorkbench(r1, claimId)
  const detail1 = await visible(r1).innerText()
  expect(detail1).toContain('王*')
  expect(detail1).not.toContain('王秀英')
  expect(detail1).not.toContain('140302197803150021')
  expect(detail1).toContain('已联网核验')
  await r1.screenshot({ path: screenshotPath('50-workbench-1280') })
  expect(await seriousA11yViolations(r1)).toEqual([])
  await decide(r1, 'accepted', '已受理')
  await decide(r1, 'first_review', '初审通过')
  // the same reviewer cannot also do 复核
  await expect(visible(r1).locator('#decide-second_review[aria-disabled="true"]').first().waitFor({ timeout: 10_000 })).resolves.toBeUndefined()
  await r1.screenshot({ path: screenshotPath('51-workbench-two-person-rule') })

  // ── reviewer 2: 复核通过, then 发布公示 ──
  desk2 = await browser.newContext(DESK)
  const r2 = await desk2.newPage()
  r2.on('pageerror', (e) => errors.push(`reviewer2: ${e.message}`))
  await login(r2, '13800000004')
  await openClaimInWorkbench(r2, claimId)
  await decide(r2, 'second_review', '复核通过')
  await visible(r2).locator('#filter-state-second_review').first().click()
  const check = visible(r2).locator(`[aria-label^="选中"]`).first()
  await check.waitFor({ timeout: 10_000 })
  await check.focus()
  await r2.keyboard.press(' ')
  const published = r2.waitForResponse((r) => r.url().includes('/api/v1/review/announcements'))
  await visible(r2).locator('#publish-announcement').first().click()
  expect((await published).status()).toBe(201)
  await visible(r2).getByText(/已发布公示 1 件/).first().waitFor({ timeout: 10_000 })
  await r2.screenshot({ path: screenshotPath('52-workbench-published') })

  // the worker sees 公示中 on the timeline; the public page shows a masked name only
  await phone.goto(`${server.url}/subpackages/subsidies/detail/index?id=${claimId}`)
  await visible(phone).locator('.timeline__state').filter({ hasText: '公示中' }).first().waitFor({ timeout: 15_000 })
  await settle(phone)
  await phone.screenshot({ path: screenshotPath('44-claim-detail-announced'), fullPage: true })
  await phone.goto(`${server.url}/subpackages/subsidies/announcements/index?region=1403`)
  await visible(phone).locator('.announcement').first().waitFor({ timeout: 15_000 })
  const board = await visible(phone).innerText()
  expect(board).toMatch(/王\*/)
  expect(board).not.toContain('王秀英')
  expect(board).not.toContain('140302197803150021')
  await settle(phone)
  await phone.screenshot({ path: screenshotPath('45-announcements'), fullPage: true })
  expect(await seriousA11yViolations(phone)).toEqual([])

  // ── the 公示 period ends (development clock), the reviewer pays ──
  const clock = await fetch(`${server.url}/api/v1/dev/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ days: 10 }) })
  expect(clock.status).toBe(200)
  await openClaimInWorkbench(r2, claimId)
  await decide(r2, 'paid', '已拨付')

  // ── the worker: 已拨付, every step on the timeline, a message in the inbox ──
  await phone.goto(`${server.url}/subpackages/subsidies/detail/index?id=${claimId}`)
  await visible(phone).locator('.timeline__state').filter({ hasText: '已拨付' }).first().waitFor({ timeout: 15_000 })
  const steps = await visible(phone).locator('.timeline__state').allInnerTexts()
  expect(steps.reverse()).toEqual(['已提交', '已受理', '初审通过', '复核通过', '公示中', '待拨付', '已拨付'])
  await settle(phone)
  await phone.screenshot({ path: screenshotPath('46-claim-detail-paid'), fullPage: true })
  expect(await seriousA11yViolations(phone)).toEqual([])

  await phone.goto(`${server.url}/subpackages/subsidies/index/index`)
  await visible(phone).locator('.claim-row').first().waitFor({ timeout: 15_000 })
  expect(await visible(phone).innerText()).toContain('已拨付')
  await settle(phone)
  await phone.screenshot({ path: screenshotPath('47-my-claims'), fullPage: true })
  // 消息 is a tab page now (/pages/inbox/index, opened with switchTab)
  await visible(phone).locator('#open-inbox').first().click()
  await phone.waitForURL(/pages\/inbox\/index/, { timeout: 15_000 })
  await visible(phone).locator('.inbox-item').first().waitFor({ timeout: 15_000 })
  await settle(phone)
  await phone.screenshot({ path: screenshotPath('48-inbox'), fullPage: true })
  // the same two lists in 关怀模式: the rows are the kit's ListRow and follow the page's sizes
  await phone.evaluate(() => {
    const outer = JSON.parse(localStorage.getItem('zsb.settings') ?? '{"data":"{\\"state\\":{},\\"version\\":1}"}') as { data: string }
    const inner = JSON.parse(outer.data) as { state: Record<string, unknown> }
    inner.state = { ...inner.state, elderMode: true, careOffered: true }
    localStorage.setItem('zsb.settings', JSON.stringify({ data: JSON.stringify(inner) }))
  })
  for (const [path, row, shot] of [
    ['/pages/inbox/index', '.inbox-item', '48-inbox-care'],
    ['/subpackages/subsidies/index/index', '.claim-row', '47-my-claims-care']
  ] as const) {
    await phone.goto(`${server.url}${path}`)
    await visible(phone).locator(`.page-shell--care ${row}`).first().waitFor({ timeout: 15_000 })
    await settle(phone)
    await phone.screenshot({ path: screenshotPath(shot), fullPage: true })
  }

  // exactly one claim reached the server
  const mine = await api<ClaimList>(token, 'GET', '/api/v1/me/claims')
  expect(mine.items.map((c) => c.id)).toEqual([claimId])
  expect(errors).toEqual([])
})
