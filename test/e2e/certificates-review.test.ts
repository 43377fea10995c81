/**
 * 证书人工核验 in the built H5, headless Chromium at 375×667, against the real server: two workers registered
 * in 阳泉市城区 add certificates by hand (待人工核验, photo uploaded); reviewer 13800000001 opens the queue,
 * a certificate (masked holder, the photo fetched with the token), and passes it; reviewer 13800000004 does the
 * same in 关怀模式 and refuses the other with a common reason. Each worker then sees the outcome on the
 * certificate page (人工核验通过 / the reason). Every page through the inclusion check (axe, touch targets,
 * 关怀模式 text); screenshots in test-output/screenshots/certreview-*.png.
 */
import { PHONE_TEST, click, settled, visible } from '../support/pages'
import sharp from 'sharp'
import type { BrowserContext, Page } from 'playwright-core'
import { screenshotPath, useChromium } from '../support/browser'
import { expectInclusive, setCareMode } from '../support/inclusion'
import { startServer, type RunningServer } from '../support/server'
import { validIdNumber } from '../api/helpers'
import { todayInChina } from '../../src/domain/format'

let server: RunningServer
beforeAll(async () => {
  server = await startServer({}, 240_000)
}, 250_000)
afterAll(async () => server?.stop())
const browser = useChromium()


async function shot(page: Page, name: string) {
  await settled(page)
  await page.screenshot({ path: screenshotPath(name), fullPage: true })
}

async function api<T = any>(method: string, path: string, token?: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
  const isForm = body instanceof FormData
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined || isForm ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : isForm ? body : JSON.stringify(body)
  })
  const text = await res.text()
  return { status: res.status, body: (text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as T }
}

/** Logs in by SMS through the API and puts the session where the app keeps it. */
async function session(context: BrowserContext, phone: string): Promise<string> {
  const sent = await api<{ devCode: string }>('POST', '/api/v1/auth/sms/send', undefined, { phone })
  expect(sent.status).toBe(200)
  const s = (await api<{ token: string; expiresAt: string }>('POST', '/api/v1/auth/sms/verify', undefined, { phone, code: sent.body.devCode })).body
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

/** A photo that looks like a certificate page (so the screenshot shows what a reviewer compares). */
async function certificatePhoto(name: string, number: string): Promise<Blob> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="620">
    <rect width="900" height="620" fill="#f7efd8"/><rect x="20" y="20" width="860" height="580" fill="none" stroke="#b8860b" stroke-width="8"/>
    <text x="450" y="120" font-size="56" text-anchor="middle" font-family="WenQuanYi Micro Hei, sans-serif" fill="#8b0000">职业技能等级证书</text>
    <text x="120" y="250" font-size="40" font-family="WenQuanYi Micro Hei, sans-serif">姓名：${name}</text>
    <text x="120" y="330" font-size="40" font-family="WenQuanYi Micro Hei, sans-serif">职业：养老护理员  等级：五级</text>
    <text x="120" y="410" font-size="36" font-family="monospace">${number}</text>
    <circle cx="720" cy="480" r="80" fill="none" stroke="#c00" stroke-width="6"/></svg>`
  const jpeg = await sharp(Buffer.from(svg)).jpeg().toBuffer()
  return new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' })
}

const today = todayInChina()
/** 职业技能等级证书: S · 0101 · 14 (山西) · 000123 · year · level 5 · serial */
const numberOf = (serial: string) => `S010114000123${today.slice(2, 4)}5${serial}`

/** A worker in 阳泉市城区 with one hand-added certificate (待人工核验); the context holds the worker's session. */
async function workerWithCertificate(context: BrowserContext, phone: string, name: string, first17: string, serial: string): Promise<{ token: string; id: string }> {
  const token = await session(context, phone)
  const version = (await api<{ version: string }>('GET', '/api/v1/privacy')).body.version
  expect((await api('POST', '/api/v1/me/consent', token, { version })).status).toBe(200)
  const p = await api('PUT', '/api/v1/me/profile', token, { realName: name, idNumber: validIdNumber(first17), homeRegion: '140302', groups: ['rural_migrant'], employmentStatus: 'employed' })
  expect(p.status).toBe(200)
  const number = numberOf(serial)
  const form = new FormData()
  form.append('file', await certificatePhoto(name, number), 'cert.jpg')
  const up = await api<{ id: string }>('POST', '/api/v1/uploads', token, form)
  expect(up.status).toBe(201)
  const c = await api<{ id: string; verification: string }>(
    'POST',
    '/api/v1/me/certificates',
    token,
    { kind: 'skill_level', number, occupationCode: '4-10-01-05', level: '5', issuedOn: today, issuer: '阳泉市职业技能鉴定中心', photos: [up.body.id] },
    { 'idempotency-key': `e2e-${phone}-${serial}` }
  )
  expect(c.status).toBe(201)
  expect(c.body.verification).toBe('pending')
  return { token, id: c.body.id }
}

async function openCertificate(page: Page, id: string) {
  await page.goto(`${server.url}/subpackages/review/certificates/index`)
  await visible(page).locator(`#cert-${id}`).first().waitFor({ timeout: 30_000 })
  return async () => {
    await click(page, `cert-${id}`)
    await visible(page).locator('#cert-review-detail').first().waitFor({ timeout: 15_000 })
    await visible(page).locator('.crv-photo').first().waitFor({ timeout: 15_000 }) // the photo, fetched with the token
  }
}

test('reviewers verify and refuse hand-added certificates; each worker sees the outcome (normal + 关怀模式)', async () => {
  const errors: string[] = []
  const watch = (page: Page, who: string) => page.on('pageerror', (e) => errors.push(`${who}: ${e.message}`))

  const w1ctx = await browser.newContext(PHONE_TEST)
  const w2ctx = await browser.newContext(PHONE_TEST)
  await setCareMode(w2ctx, true)
  const run = String(Date.now() % 1000).padStart(3, '0')
  const w1 = await workerWithCertificate(w1ctx, `1391234${run}1`, '李春花', '14030219850505002', `000${run}`)
  const w2 = await workerWithCertificate(w2ctx, `1391234${run}2`, '赵小满', '14030219870707003', `001${run}`)

  // ── reviewer 1, normal: queue → certificate → 核验通过 ──
  const r1ctx = await browser.newContext(PHONE_TEST)
  await setCareMode(r1ctx, false)
  await session(r1ctx, '13800000001')
  const r1 = await r1ctx.newPage()
  watch(r1, 'reviewer1')
  const open1 = await openCertificate(r1, w1.id)
  const queueText = await visible(r1).innerText()
  expect(queueText).toContain('李*花')
  expect(queueText).not.toContain('李春花')
  await shot(r1, 'certreview-01-queue')
  await expectInclusive(r1, 'cert-review-queue', { care: false })
  await open1()
  const detailText = await visible(r1).innerText()
  expect(detailText).toContain('1403**********')
  expect(detailText).toContain(numberOf(`000${run}`))
  expect(detailText).not.toContain(validIdNumber('14030219850505002'))
  await shot(r1, 'certreview-02-detail')
  await expectInclusive(r1, 'cert-review-detail', { care: false })
  await click(r1, 'decide-verified')
  await visible(r1).locator('#confirm-decision').first().waitFor({ timeout: 10_000 })
  const done = r1.waitForResponse((r) => r.url().includes('/decisions') && r.request().method() === 'POST')
  await click(r1, 'confirm-decision')
  expect((await done).status()).toBe(200)
  await visible(r1).getByText('已核验通过，申请人会收到消息').first().waitFor({ timeout: 10_000 })
  await shot(r1, 'certreview-03-verified')

  // ── reviewer 2, 关怀模式: the other certificate → 核验不通过 with a common reason (keyboard) ──
  const r2ctx = await browser.newContext(PHONE_TEST)
  await setCareMode(r2ctx, true)
  await session(r2ctx, '13800000004')
  const r2 = await r2ctx.newPage()
  watch(r2, 'reviewer2')
  const open2 = await openCertificate(r2, w2.id)
  await shot(r2, 'certreview-11-queue-care')
  await expectInclusive(r2, 'cert-review-queue', { care: true })
  await open2()
  await shot(r2, 'certreview-12-detail-care')
  await expectInclusive(r2, 'cert-review-detail', { care: true })
  await visible(r2).locator('#decide-rejected').first().focus()
  await r2.keyboard.press('Enter')
  await visible(r2).locator('#reason-0').first().waitFor({ timeout: 10_000 })
  // confirming without a reason says what is missing, and nothing is sent
  await click(r2, 'confirm-decision')
  await visible(r2).getByText('请写明不通过的原因').first().waitFor({ timeout: 5_000 })
  await click(r2, 'reason-0')
  await shot(r2, 'certreview-13-reject-form-care')
  await expectInclusive(r2, 'cert-review-reject-form', { care: true })
  const refused = r2.waitForResponse((r) => r.url().includes('/decisions') && r.request().method() === 'POST')
  await click(r2, 'confirm-decision')
  expect((await refused).status()).toBe(200)
  await visible(r2).getByText('已记录核验不通过').first().waitFor({ timeout: 10_000 })
  await shot(r2, 'certreview-14-rejected-care')

  // ── the workers see the outcome ──
  const p1 = await w1ctx.newPage()
  watch(p1, 'worker1')
  await p1.goto(`${server.url}/subpackages/certificates/detail/index?id=${w1.id}`)
  await visible(p1).locator('#cert-review-result').first().waitFor({ timeout: 30_000 })
  const t1 = await visible(p1).innerText()
  expect(t1).toContain('人工核验通过')
  expect(t1).toContain('现在可以用它申领补贴')
  await shot(p1, 'certreview-21-worker-verified')
  await expectInclusive(p1, 'cert-detail-verified', { care: false })

  const p2 = await w2ctx.newPage()
  watch(p2, 'worker2')
  await p2.goto(`${server.url}/subpackages/certificates/detail/index?id=${w2.id}`)
  await visible(p2).locator('#cert-review-result').first().waitFor({ timeout: 30_000 })
  const t2 = await visible(p2).innerText()
  expect(t2).toContain('核验没有通过')
  expect(t2).toContain('照片看不清证书编号和姓名')
  await shot(p2, 'certreview-22-worker-rejected-care')
  await expectInclusive(p2, 'cert-detail-rejected', { care: true })

  // the messages arrived in the workers' inboxes too
  const inbox = (await api<{ items: { title: string }[] }>('GET', '/api/v1/me/inbox', w2.token)).body
  expect(inbox.items[0].title).toContain('证书核验没有通过')

  expect(errors).toEqual([])
  await Promise.all([w1ctx.close(), w2ctx.close(), r1ctx.close(), r2ctx.close()])
})
