/**
 * 亲情代办 for a relative who signed in with WeChat only (no phone on the account), in the built H5 at 375×667
 * against the real server: typing the invitation code answers PROXY_NEED_PHONE, the page offers to bind the
 * invited phone right there (SMS code), and once bound the same invitation code is accepted without retyping —
 * the relative can then act for the worker. Both modes pass the inclusion checks; screenshots in
 * test-output/screenshots/proxies-bind-*.png.
 */
import { click, field, shot, visible } from '../support/pages'
import type { BrowserContext } from 'playwright-core'
import type { Session } from '../../src/contract'
import { PHONE, useChromium } from '../support/browser'
import { expectInclusive, setCareMode } from '../support/inclusion'
import { startServer, type RunningServer } from '../support/server'

let server: RunningServer
beforeAll(async () => {
  server = await startServer({}, 240_000)
}, 250_000)
afterAll(async () => server?.stop())
const browser = useChromium()

async function api<T>(method: string, path: string, token?: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined
  })
  return { status: res.status, body: (await res.json()) as T }
}

async function consented(session: Session): Promise<void> {
  const version = (await api<{ version: string }>('GET', '/api/v1/privacy')).body.version
  expect((await api('POST', '/api/v1/me/consent', session.token, { version })).status).toBe(200)
}

/** The session handed to the page's storage, as the app itself persists it. */
async function handTo(context: BrowserContext, session: Session): Promise<void> {
  const me = (await api<Session['me']>('GET', '/api/v1/me', session.token)).body
  const stored = JSON.stringify({ data: JSON.stringify({ state: { token: session.token, expiresAt: session.expiresAt, me, pendingEnrollments: {}, actingFor: null }, version: 1 }) })
  await context.addInitScript((value) => {
    if (!sessionStorage.getItem('zsb.e2e.session')) {
      localStorage.setItem('zsb.session', value)
      sessionStorage.setItem('zsb.e2e.session', '1')
    }
  }, stored)
}

const MOTHER_PHONE = '13912343001'
const SON_PHONE = '13812343002'

test.each([false, true])('a WeChat-only relative binds the invited phone in place and accepts (关怀模式 %s)', async (care) => {
  const errors: string[] = []
  const motherPhone = care ? MOTHER_PHONE.replace(/1$/, '3') : MOTHER_PHONE
  const sonPhone = care ? SON_PHONE.replace(/2$/, '4') : SON_PHONE
  // the mother, by API: signed in, named, invites her son's phone
  const sent = await api<{ devCode: string }>('POST', '/api/v1/auth/sms/send', undefined, { phone: motherPhone })
  const mother = (await api<Session>('POST', '/api/v1/auth/sms/verify', undefined, { phone: motherPhone, code: sent.body.devCode })).body
  await consented(mother)
  expect((await api('PUT', '/api/v1/me/profile', mother.token, { realName: '王秀英', idNumber: '140302197803150021' })).status).toBe(200)
  const inv = await api<{ code: string }>('POST', '/api/v1/me/proxies', mother.token, { phone: sonPhone, relation: 'child' })
  expect(inv.status).toBe(201)

  // the son signed in with WeChat only: no phone on his account
  const son = (await api<Session>('POST', '/api/v1/auth/wechat', undefined, { code: `dev:bind-son-${care}-${Date.now()}` })).body
  expect(son.me.phoneMasked).toBeNull()
  await consented(son)
  const ctx = await browser.newContext({ ...PHONE, bypassCSP: true })
  await setCareMode(ctx, care)
  await handTo(ctx, son)
  const page = await ctx.newPage()
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto(`${server.url}/subpackages/proxies/index/index`)
  await field(page, 'proxy-code').waitFor({ timeout: 20_000 })
  await field(page, 'proxy-code').fill(inv.body.code)
  const refused = page.waitForResponse((r) => r.url().endsWith('/api/v1/proxies/accept'))
  await click(page, 'proxy-accept')
  expect((await refused).status()).toBe(400)
  await visible(page).locator('#proxies-error').getByText('绑定').first().waitFor({ timeout: 10_000 })
  await visible(page).locator('#proxy-bind').first().waitFor({ timeout: 10_000 })

  await field(page, 'bind-phone').fill(sonPhone)
  const codeSent = page.waitForResponse((r) => r.url().endsWith('/api/v1/me/phone/code'))
  await click(page, 'bind-send-code')
  const codeRes = await codeSent
  expect(codeRes.status()).toBe(200)
  const devCode = ((await codeRes.json()) as { devCode: string }).devCode
  await visible(page).locator('#bind-send-code').getByText(/秒后重发/).first().waitFor({ timeout: 10_000 })
  await field(page, 'bind-code').fill(devCode)
  await page.locator('.taro__toast').first().waitFor({ state: 'hidden', timeout: 10_000 })
  await shot(page, `proxies-bind-10-form${care ? '-care' : ''}`, { fullPage: true })
  await expectInclusive(page, `proxies bind phone${care ? ' (care)' : ''}`, { care })

  const bound = page.waitForResponse((r) => r.url().endsWith('/api/v1/me/phone') && r.request().method() === 'POST')
  const accepted = page.waitForResponse((r) => r.url().endsWith('/api/v1/proxies/accept'))
  await click(page, 'bind-submit')
  expect((await bound).status()).toBe(200)
  // continues where he was: the invitation code he had typed is accepted without typing it again
  expect((await accepted).status()).toBe(200)
  await visible(page).locator(`#act-for-${mother.me.id}`).first().waitFor({ timeout: 10_000 })
  expect(await visible(page).locator('#proxy-bind').count()).toBe(0)
  await visible(page).locator('#proxies-heading').first().waitFor({ timeout: 10_000 })
  await page.locator('.taro__toast').getByText('已绑定手机号').first().waitFor({ state: 'hidden', timeout: 10_000 })
  await shot(page, `proxies-bind-20-accepted${care ? '-care' : ''}`)
  expect((await api<Session['me']>('GET', '/api/v1/me', son.token)).body.phoneMasked).toBe(`${sonPhone.slice(0, 3)}****${sonPhone.slice(7)}`)
  expect(errors).toEqual([])
  await ctx.close()
})
