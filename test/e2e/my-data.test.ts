/**
 * 我的资料 and 隐私设置 in the built H5, headless Chromium at 375×667, against the real server:
 * home → 我的资料 (ID masked, 查看完整号码), correcting a field with a wrong ID number (the message is
 * scrolled into view and the field takes the focus), a real correction, 下载我的数据 (the downloaded JSON
 * parsed and checked), then 隐私设置: 撤回同意 (two buttons: 不撤回 first, then 确认撤回) back on home
 * logged out; a second worker deletes the account (不注销 / 确认注销). Every page passes the inclusion checks
 * in normal and 关怀模式. Screenshots in test-output/screenshots/mydata-*.png.
 */
import { click, field, settled, visible } from '../support/pages'
import fs from 'node:fs'
import type { BrowserContext, Locator, Page } from 'playwright-core'
import type { DataExport, Session } from '../../src/contract'
import { PHONE, screenshotPath, useChromium } from '../support/browser'
import { expectInclusive, setCareMode } from '../support/inclusion'
import { startServer, type RunningServer } from '../support/server'

let server: RunningServer
beforeAll(async () => {
  server = await startServer({}, 240_000)
}, 250_000)
afterAll(async () => server?.stop())
const browser = useChromium()


async function shot(page: Page, name: string) {
  await settled(page)
  await page.screenshot({ path: screenshotPath(name) })
}

async function api<T>(method: string, path: string, token?: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined
  })
  return { status: res.status, body: (await res.json()) as T }
}

/** A worker who signed up before: logged in by SMS, consented, profile filled — the session handed to the page's storage. */
async function signedInWorker(context: BrowserContext, phone: string): Promise<string> {
  const sent = await api<{ devCode: string }>('POST', '/api/v1/auth/sms/send', undefined, { phone })
  expect(sent.status).toBe(200)
  const code = sent.body.devCode
  const session = (await api<Session>('POST', '/api/v1/auth/sms/verify', undefined, { phone, code })).body
  const version = (await api<{ version: string }>('GET', '/api/v1/privacy')).body.version
  await api('POST', '/api/v1/me/consent', session.token, { version })
  const p = await api('PUT', '/api/v1/me/profile', session.token, {
    realName: '王秀英',
    idNumber: '140302197803150021',
    homeRegion: '140302',
    groups: ['rural_migrant'],
    employmentStatus: 'employed'
  })
  expect(p.status).toBe(200)
  const me = (await api<Session['me']>('GET', '/api/v1/me', session.token)).body
  const stored = JSON.stringify({ data: JSON.stringify({ state: { token: session.token, expiresAt: session.expiresAt, me, pendingEnrollments: {} }, version: 1 }) })
  await context.addInitScript((value) => {
    if (!sessionStorage.getItem('zsb.e2e.session')) {
      localStorage.setItem('zsb.session', value)
      sessionStorage.setItem('zsb.e2e.session', '1')
    }
  }, stored)
  return session.token
}

/** Taro's H5 showModal: a dialog outside the page with our two labelled buttons. */
async function modalButton(page: Page, text: string): Promise<Locator> {
  const button = page.locator('.taro__modal').getByText(text, { exact: true })
  await button.waitFor({ timeout: 10_000 })
  return button
}

for (const care of [false, true]) {
  const tag = care ? 'care' : 'normal'
  test(`我的资料: view, reveal, correct with a validation error, download (${tag})`, async () => {
    const context = await browser.newContext({ ...PHONE, acceptDownloads: true })
    await setCareMode(context, care)
    const token = await signedInWorker(context, care ? '13912340002' : '13912340001')
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))

    await page.goto(`${server.url}/pages/me/index`)
    await visible(page).locator('#entry-profile').first().waitFor({ timeout: 30_000 })
    await click(page, 'entry-profile')
    await page.waitForURL(/signup\/profile/, { timeout: 15_000 })
    await visible(page).locator('#edit-profile').first().waitFor({ timeout: 15_000 })
    const shown = await visible(page).innerText()
    expect(shown).toContain('1403**********0021')
    expect(shown).not.toContain('140302197803150021')
    expect(shown).toContain('1978-03-15')
    expect(shown).toContain('存了什么、为什么')
    expect(shown).toContain('用途：')
    await shot(page, `mydata-01-view-${tag}`)
    await expectInclusive(page, 'my-data', { care })

    // 查看完整号码: the full number, and the server recorded that it was shown
    await click(page, 'reveal-id')
    await visible(page).getByText('140302197803150021').first().waitFor({ timeout: 10_000 })

    // correct: a wrong ID number → its message in view, the field focused; nothing saved
    await click(page, 'edit-profile')
    await field(page, 'edit-id-number').waitFor({ timeout: 10_000 })
    await expectInclusive(page, 'my-data-edit', { care })
    await field(page, 'edit-id-number').fill('140302199003071235')
    await click(page, 'save-my-data')
    const message = visible(page).getByText('身份证号校验位不正确，请核对最后一位').first()
    await message.waitFor({ timeout: 5_000 })
    await settled(page)
    expect(await message.evaluate((el) => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight })).toBe(true)
    expect(await page.evaluate(() => document.activeElement?.closest('#edit-id-number') !== null)).toBe(true)
    await shot(page, `mydata-02-invalid-id-${tag}`)
    expect((await api<{ birthDate: string }>('GET', '/api/v1/me/profile', token)).body.birthDate).toBe('1978-03-15')

    // a real correction: the phone number
    await field(page, 'edit-id-number').fill('')
    await field(page, 'edit-phone').fill('13700001111')
    await click(page, 'save-my-data')
    await visible(page).getByText('137****1111').first().waitFor({ timeout: 10_000 })

    // 下载我的数据: the browser gets a JSON file with everything, numbers in full
    const download = page.waitForEvent('download')
    await click(page, 'export-data')
    const file = await download
    expect(file.suggestedFilename()).toMatch(/^我的数据-\d{4}-\d{2}-\d{2}\.json$/)
    const data = JSON.parse(fs.readFileSync((await file.path())!, 'utf8')) as DataExport
    expect(data.format).toBe('zsb-data-export/1')
    expect(data.profile).toMatchObject({ realName: '王秀英', idNumber: '140302197803150021', phone: '13700001111' })
    expect(data.consents).toHaveLength(1)
    expect(data.whatIsStored.length).toBeGreaterThan(5)
    await visible(page).locator('#export-note').first().waitFor({ timeout: 5_000 })
    await shot(page, `mydata-03-exported-${tag}`)
    expect(errors).toEqual([])
    await context.close()
  })

  test(`隐私设置: withdraw consent, delete account — two buttons, then home logged out (${tag})`, async () => {
    const context = await browser.newContext(PHONE)
    await setCareMode(context, care)
    const token = await signedInWorker(context, care ? '13912340004' : '13912340003')
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))

    await page.goto(`${server.url}/pages/me/index`)
    await visible(page).locator('#entry-privacySettings').first().waitFor({ timeout: 30_000 })
    await click(page, 'entry-privacySettings')
    await page.waitForURL(/signup\/privacy-settings/, { timeout: 15_000 })
    await visible(page).locator('#withdraw-consent-settings').first().waitFor({ timeout: 15_000 })
    const text = await visible(page).innerText()
    expect(text).toContain('你的权利')
    expect(text).toContain('证书和证书照片：删除（照片文件一并删除）')
    await shot(page, `mydata-04-privacy-settings-${tag}`)
    await expectInclusive(page, 'privacy-settings', { care })

    // 不撤回 changes nothing
    await click(page, 'withdraw-consent-settings')
    await (await modalButton(page, '不撤回')).click()
    expect((await api<{ consent: unknown }>('GET', '/api/v1/me', token)).body.consent).not.toBeNull()

    await click(page, 'withdraw-consent-settings')
    const confirmButton = await modalButton(page, '确认撤回')
    await page.screenshot({ path: screenshotPath(`mydata-05-withdraw-confirm-${tag}`) })
    await confirmButton.click()
    await page.waitForURL((u) => u.pathname === '/' || u.pathname.startsWith('/pages/index'), { timeout: 15_000 })
    // logged out: the token no longer works and the page's session is gone
    expect((await api('GET', '/api/v1/me', token)).status).toBe(401)
    expect(await page.evaluate(() => localStorage.getItem('zsb.session') ?? '')).not.toContain(token)
    await shot(page, `mydata-06-home-after-withdraw-${tag}`)

    // a second worker deletes the account
    const context2 = await browser.newContext(PHONE)
    await setCareMode(context2, care)
    const token2 = await signedInWorker(context2, care ? '13912340006' : '13912340005')
    const page2 = await context2.newPage()
    page2.on('pageerror', (e) => errors.push(e.message))
    await page2.goto(`${server.url}/subpackages/signup/privacy-settings/index`)
    await visible(page2).locator('#delete-account-settings').first().waitFor({ timeout: 30_000 })
    await click(page2, 'delete-account-settings')
    await (await modalButton(page2, '不注销')).click()
    expect((await api('GET', '/api/v1/me', token2)).status).toBe(200)
    await click(page2, 'delete-account-settings')
    const del = await modalButton(page2, '确认注销')
    await page2.screenshot({ path: screenshotPath(`mydata-07-delete-confirm-${tag}`) })
    await del.click()
    await page2.waitForURL((u) => u.pathname === '/' || u.pathname.startsWith('/pages/index'), { timeout: 15_000 })
    expect((await api('GET', '/api/v1/me', token2)).status).toBe(401)
    expect(errors).toEqual([])
    await context.close()
    await context2.close()
  })
}
