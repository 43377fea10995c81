/**
 * The review desk's integrity pages in the built H5, headless Chromium at 375×667, against the real server:
 * reviewer 13800000001 is also a worker whose bank card 周强 uses too; 周强's claim is flagged
 * (收款账户与他人相同, 与审核员有关联). Reviewer 13800000004 opens the 风险隐患清单, follows an entry to the claim
 * (risk flags on the detail), and resolves a 公示 objection in 异议核查 (keyboard); reviewer 13800000001 sees
 * 周强's claim with every decision disabled and the reason, and the objection they may not resolve (they did
 * 初审). Every page through the inclusion check (axe 0 serious/critical, touch targets, 关怀模式 text);
 * screenshots in test-output/screenshots/integrity-*.png.
 */
import { PHONE_TEST, click, settled, visible } from '../support/pages'
import type { BrowserContext, Page } from 'playwright-core'
import { screenshotPath, useChromium } from '../support/browser'
import { expectInclusive, setCareMode } from '../support/inclusion'
import { startServer, type RunningServer } from '../support/server'
import { validIdNumber } from '../api/helpers'

let server: RunningServer
beforeAll(async () => {
  server = await startServer({}, 240_000)
}, 250_000)
afterAll(async () => server?.stop())
const browser = useChromium()
const CARD = '6222021234567890128'


async function shot(page: Page, name: string) {
  await settled(page)
  await page.screenshot({ path: screenshotPath(name), fullPage: true })
}

async function api<T = any>(method: string, path: string, token?: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body)
  })
  const text = await res.text()
  return { status: res.status, body: (text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as T }
}

const sessions = new Map<string, { token: string; expiresAt: string }>()
/** One SMS login per phone (a second code within a minute is refused). */
async function login(phone: string): Promise<{ token: string; expiresAt: string }> {
  const known = sessions.get(phone)
  if (known) return known
  const s = await smsLogin(phone)
  sessions.set(phone, s)
  return s
}
async function smsLogin(phone: string): Promise<{ token: string; expiresAt: string }> {
  const sent = await api<{ devCode: string }>('POST', '/api/v1/auth/sms/send', undefined, { phone })
  expect(sent.status).toBe(200)
  return (await api<{ token: string; expiresAt: string }>('POST', '/api/v1/auth/sms/verify', undefined, { phone, code: sent.body.devCode })).body
}

/** Puts a session where the app keeps it. */
async function session(context: BrowserContext, phone: string): Promise<string> {
  const s = await login(phone)
  const me = (await api('GET', '/api/v1/me', s.token)).body
  const stored = JSON.stringify({ data: JSON.stringify({ state: { token: s.token, expiresAt: s.expiresAt, me, pendingEnrollments: {} }, version: 1 }) })
  await context.addInitScript((value) => {
    if (!sessionStorage.getItem('zsb.e2e.session')) {
      localStorage.setItem('zsb.session', value)
      sessionStorage.setItem('zsb.e2e.session', '1')
    }
  }, stored)
  return s.token
}

/** A worker (by token) with real name + ID and registry certificates, optionally a bank card; submits one claim. */
async function claimAs(token: string, realName: string, idNumber: string, card?: string): Promise<string> {
  const version = (await api<{ version: string }>('GET', '/api/v1/privacy')).body.version
  expect((await api('POST', '/api/v1/me/consent', token, { version })).status).toBe(200)
  expect((await api('PUT', '/api/v1/me/profile', token, { realName, idNumber, homeRegion: '140302', groups: ['rural_migrant'], employmentStatus: 'employed' })).status).toBe(200)
  if (card) expect((await api('PUT', '/api/v1/me/payout-account', token, { type: 'bank_card', bankName: '中国工商银行', accountNumber: card })).status).toBe(200)
  const certs = (await api<{ items: { id: string; level: string | null }[] }>('POST', '/api/v1/me/certificates/lookup', token)).body.items
  const cert = certs.find((c) => c.level === '4') ?? certs[0]
  const r = await api<{ id: string }>('POST', '/api/v1/claims', token, { kind: 'evaluation', certificateId: cert.id }, { 'idempotency-key': `e2e-integrity-${idNumber.slice(-6)}-${Date.now()}` })
  expect(r.status).toBe(201)
  return r.body.id
}

test('风险隐患清单, risk flags and conflicts on the detail, 异议核查 — inclusive at 375×667 (normal + 关怀模式), by keyboard', async () => {
  const errors: string[] = []
  const watch = (page: Page, who: string) => page.on('pageerror', (e) => errors.push(`${who}: ${e.message}`))

  // ── data through the API: reviewer 1's card on 周强's claim; 吴艳's clean claim in 公示 with an objection ──
  const r1api = (await login('13800000001')).token
  const r2api = (await login('13800000004')).token
  await claimAs(r1api, '王秀英', '140302197803150021', CARD)
  const zhou = await claimAs((await login('13912345671')).token, '周强', validIdNumber('14031119950811003'), CARD)
  const wu = await claimAs((await login('13912345672')).token, '吴艳', validIdNumber('14030219831120004'))
  for (const [token, to] of [[r1api, 'accepted'], [r1api, 'first_review'], [r2api, 'second_review']] as const) {
    expect((await api('POST', `/api/v1/review/claims/${wu}/transitions`, token, { to })).status).toBe(200)
  }
  const ann = await api<{ id: string; items: { id: string }[] }>('POST', '/api/v1/review/announcements', r2api, { claimIds: [wu] })
  expect(ann.status).toBe(201)
  const obj = await api<{ id: string }>('POST', `/api/v1/public/announcements/${ann.body.id}/objections`, undefined, { itemId: ann.body.items[0].id, content: '此人培训期间在外地打工，没有参加培训', contactPhone: '13912349999' })
  expect(obj.status).toBe(201)

  // ── reviewer 2, normal: 风险隐患清单 → the claim with its flags ──
  const r2ctx = await browser.newContext(PHONE_TEST)
  await setCareMode(r2ctx, false)
  await session(r2ctx, '13800000004')
  const r2 = await r2ctx.newPage()
  watch(r2, 'reviewer2')
  await r2.goto(`${server.url}/subpackages/review/index/index`)
  await visible(r2).locator('#open-risks').first().waitFor({ timeout: 30_000 })
  await click(r2, 'open-risks')
  // a move to a page whose code is not on the phone starts once that code has arrived (the address changes then)
  await r2.waitForURL(/\/subpackages\/review\/risks\/index/, { timeout: 30_000 })
  await visible(r2).locator(`#open-${zhou}-shared_payout_account`).first().waitFor({ timeout: 30_000 })
  const listText = await visible(r2).innerText()
  expect(listText).toMatch(/收款账户与他人相同（[1-9]\d*）/)
  expect(listText).toContain('人社厅发〔2023〕55号')
  expect(listText).not.toContain(CARD)
  await shot(r2, 'integrity-01-risks')
  await expectInclusive(r2, 'risk-list', { care: false })
  // by keyboard: the entry's 查看申请 → the workbench opens that claim
  await visible(r2).locator(`#open-${zhou}-shared_payout_account`).first().focus()
  await r2.keyboard.press('Enter')
  await r2.waitForURL(/\/subpackages\/review\/index\/index\?/, { timeout: 30_000 })
  await visible(r2).locator('#risk-flags').first().waitFor({ timeout: 30_000 })
  const detail = await visible(r2).innerText()
  expect(detail).toContain('风险提示（2）')
  expect(detail).toContain('收款银行卡与另外')
  await visible(r2).locator('#risk-flags').first().scrollIntoViewIfNeeded()
  await shot(r2, 'integrity-02-detail-flags')
  await expectInclusive(r2, 'claim-detail-flags', { care: false })

  // ── reviewer 2: 异议核查 → 异议不成立 by keyboard ──
  await r2.goto(`${server.url}/subpackages/review/objections/index`)
  await visible(r2).locator(`#dismiss-${obj.body.id}`).first().waitFor({ timeout: 30_000 })
  expect(await visible(r2).innerText()).toContain('139****9999')
  await shot(r2, 'integrity-03-objections')
  await expectInclusive(r2, 'objection-queue', { care: false })
  await visible(r2).locator(`#dismiss-${obj.body.id}`).first().focus()
  await r2.keyboard.press('Enter')
  await visible(r2).locator('#objection-reason').first().waitFor({ timeout: 10_000 })
  await click(r2, 'confirm-objection')
  await visible(r2).getByText('请写明核查结论').first().waitFor({ timeout: 5_000 })
  await visible(r2).locator('#objection-reason textarea, textarea#objection-reason').first().fill('已核对培训签到与考试记录，本人参加了培训')
  await shot(r2, 'integrity-04-objection-form')
  await expectInclusive(r2, 'objection-form', { care: false })
  const resolved = r2.waitForResponse((r) => r.url().includes('/resolve') && r.request().method() === 'POST')
  await click(r2, 'confirm-objection')
  expect((await resolved).status()).toBe(200)
  await visible(r2).getByText('已核查：异议不成立').first().waitFor({ timeout: 10_000 })
  expect((await api<{ status: string }>('GET', `/api/v1/public/objections/${obj.body.id}`)).body.status).toBe('dismissed')

  // ── reviewer 1, 关怀模式: 周强's claim (same card) → every decision disabled with the reason ──
  const r1ctx = await browser.newContext(PHONE_TEST)
  await setCareMode(r1ctx, true)
  await session(r1ctx, '13800000001')
  const r1 = await r1ctx.newPage()
  watch(r1, 'reviewer1')
  await r1.goto(`${server.url}/subpackages/review/index/index?id=${zhou}`)
  await visible(r1).locator('#claim-conflict').first().waitFor({ timeout: 30_000 })
  expect(await visible(r1).locator('#claim-conflict').first().innerText()).toContain('使用同一收款账户')
  expect(await visible(r1).locator('#decide-accepted').first().getAttribute('aria-disabled')).toBe('true')
  await visible(r1).locator('#claim-conflict').first().scrollIntoViewIfNeeded()
  await shot(r1, 'integrity-11-conflict-care')
  await expectInclusive(r1, 'claim-detail-conflict', { care: true })
  await r1.goto(`${server.url}/subpackages/review/risks/index`)
  await visible(r1).locator('#risk-all').first().waitFor({ timeout: 30_000 })
  await shot(r1, 'integrity-12-risks-care')
  await expectInclusive(r1, 'risk-list', { care: true })
  await r1.goto(`${server.url}/subpackages/review/objections/index`)
  await visible(r1).locator('#objections-done').first().waitFor({ timeout: 30_000 })
  await click(r1, 'objections-done')
  await visible(r1).getByText('异议不成立').first().waitFor({ timeout: 10_000 })
  await shot(r1, 'integrity-13-objections-done-care')
  await expectInclusive(r1, 'objection-queue-done', { care: true })

  expect(errors).toEqual([])
}, 240_000)
