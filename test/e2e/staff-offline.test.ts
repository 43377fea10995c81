/**
 * Station staff at a 零工市场 (built H5, headless Chromium, 375×667, real server): the staff member signs in on
 * the 工作台 and never opens another staff page while online; the network goes (CDP offline); 现场报名 opens
 * the real form, three workers sign on the pad one after another (touch, then mouse), 提交情况 opens with 3
 * waiting and the banner says so; the network returns → 已报名 on the phone and on the server. Then ten
 * sign-ups in a row on one form page. A course that starts between the last sync and submit (dev clock on the
 * server, the page's clock in the browser) is flagged before submit, and once refused offers the next course
 * of the same 工种, resubmitted without a new signature: exactly one enrollment.
 */
import { field, visible } from '../support/pages'
import type { Page } from 'playwright-core'
import type { SmsSendResult } from '../../src/contract'
import { PHONE, screenshotPath, useChromium } from '../support/browser'
import { startServer, type RunningServer } from '../support/server'
import { setCareMode } from '../support/inclusion'
import { validIdNumber } from '../api/helpers'

let running: RunningServer | undefined
beforeAll(async () => {
  running = await startServer({}, 240_000)
}, 300_000)
afterAll(async () => running?.stop())
const url = () => running!.url
const browser = useChromium()

const run = Date.now() % 100000
let seq = 0
const nextWorker = (name: string) => {
  seq += 1
  const n = seq
  return {
    name,
    id: validIdNumber(`1403021986${String(1 + (n % 12)).padStart(2, '0')}${String(1 + (n % 28)).padStart(2, '0')}${String((run + n * 7) % 1000).padStart(3, '0')}`),
    phone: `137${String(run).padStart(5, '0')}${String(n).padStart(3, '0')}`.slice(0, 11)
  }
}

/** Draws on the visible form's one pad: by touch (CDP touch events) or by mouse. */
async function sign(page: Page, how: 'touch' | 'mouse') {
  const canvases = visible(page).locator('canvas[id^="signature-canvas"], [id^="signature-canvas"] canvas')
  await canvases.first().waitFor({ timeout: 10_000 })
  expect(await canvases.count()).toBe(1)
  const canvas = canvases.first()
  await canvas.evaluate((e) => e.scrollIntoView({ block: 'center' }))
  const box = (await canvas.boundingBox())!
  const y = box.y + box.height / 2
  if (how === 'mouse') {
    await page.mouse.move(box.x + 30, y)
    await page.mouse.down()
    for (let i = 1; i <= 12; i++) await page.mouse.move(box.x + 30 + i * 18, y + (i % 2 ? -20 : 20))
    await page.mouse.up()
    return
  }
  const cdp = await page.context().newCDPSession(page)
  const at = (i: number) => [{ x: box.x + 30 + i * 18, y: y + (i % 2 ? -20 : 20), id: 1 }]
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(0) })
  for (let i = 1; i <= 12; i++) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at(i) })
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] })
  await cdp.detach()
}

async function fillWorker(page: Page, w: { name: string; id: string; phone: string }) {
  await field(page, 'worker-name').fill(w.name)
  await field(page, 'worker-id').fill(w.id)
  await field(page, 'worker-phone').fill(w.phone)
  await visible(page).locator('.group-option').filter({ hasText: '农村转移劳动力' }).first().click()
}

/** Taro's H5 storage keeps each value as {"data": …} in localStorage */
const taroStored = (key: string) => `(() => { const raw = localStorage.getItem(${JSON.stringify(key)}); if (!raw) return null; const v = JSON.parse(raw).data; return typeof v === 'string' ? JSON.parse(v) : v })()`

async function staffSignIn(page: Page, phone = '13800000002') {
  await page.goto(`${url()}/subpackages/staff/index/index`)
  await page.waitForURL(/signup\/login/, { timeout: 30_000 })
  await field(page, 'phone').waitFor({ timeout: 15_000 })
  await field(page, 'phone').fill(phone)
  const sent = page.waitForResponse((r) => r.url().includes('/api/v1/auth/sms/send'))
  await visible(page).locator('#send-code').first().click()
  const sms = (await (await sent).json()) as SmsSendResult
  await field(page, 'sms-code').fill(sms.devCode!)
  await page.waitForURL(/staff\/index/, { timeout: 20_000 })
  await visible(page).locator('#staff-signup').first().waitFor({ timeout: 20_000 })
}

/** The staff pages' chunks in the service worker's role cache, and the station's courses synced. */
async function waitOfflineReady(page: Page) {
  await until(() =>
        page.evaluate(async () => {
          const chunks = (window as unknown as { __zsbPageChunks: Record<string, string[]> }).__zsbPageChunks
          const want = [...new Set(Object.entries(chunks).filter(([r]) => r.startsWith('/subpackages/staff/')).flatMap(([, f]) => f))]
          const keys = (await caches.keys()).filter((k) => k.startsWith('zsb-role-staff-'))
          if (keys.length !== 1) return `caches ${keys.join(',')}`
          const cache = await caches.open(keys[0])
          const missing = (await Promise.all(want.map(async (u) => ((await cache.match(u)) ? null : u)))).filter(Boolean)
          const raw = localStorage.getItem('zsb.staff-queue')
          const q = raw ? JSON.parse(JSON.parse(raw).data) : {}
          return missing.length === 0 && want.length > 0 && q.state?.coursesSyncedAt && localStorage.getItem('zsb.staff-today') ? 'ready' : `missing ${missing.length} synced ${q.state?.coursesSyncedAt}`
        }), 'ready', 30_000)
}

const staffToken = async (page: Page) => ((await page.evaluate(taroStored('zsb.session'))) as { state: { token: string } }).state.token

async function serverList(page: Page, date: string) {
  const res = await fetch(`${url()}/api/v1/staff/signups?date=${date}`, { headers: { authorization: `Bearer ${await staffToken(page)}` } })
  expect(res.status).toBe(200)
  return (await res.json()) as { items: { workerName: string; outcome: string; courseId: string }[] }
}

/** Polls `read` until it equals (or matches) `want`; fails with the last value seen. */
async function until<T>(read: () => Promise<T>, want: T | RegExp, timeout = 15_000): Promise<void> {
  const end = Date.now() + timeout
  let last: T | undefined
  for (;;) {
    try {
      last = await read()
      if (want instanceof RegExp ? want.test(String(last)) : last === want) return
    } catch {
      /* not there yet */
    }
    if (Date.now() > end) throw new Error(`waited ${timeout} ms for ${String(want)}; last: ${String(last)}`)
    await new Promise((r) => setTimeout(r, 200))
  }
}

const chinaToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)

test('offline from the first tap: sign in on 工作台, lose the network, three signed sign-ups, synced; then ten in a row on one form', async () => {
  const context = await browser.newContext(PHONE)
  const page = await context.newPage()
  const pageErrors: string[] = []
  page.on('pageerror', (e) => pageErrors.push(e.message))
  await staffSignIn(page)
  await waitOfflineReady(page)
  await page.screenshot({ path: screenshotPath('60-staff-workbench-ready') })

  await context.setOffline(true)
  await visible(page).locator('#staff-signup').first().click()
  await page.waitForURL(/staff\/signup/, { timeout: 15_000 })
  await visible(page).locator('.course-option').first().waitFor({ timeout: 15_000 })
  const hints = await visible(page).locator('.course-option').allInnerTexts()
  for (const h of hints) expect(h).toMatch(/余 \d+ 位（截至 \d\d:\d\d）/)
  // soonest first, none started
  const dates = hints.map((h) => /(\d{4}-\d\d-\d\d) 开课/.exec(h)![1])
  expect([...dates].sort()).toEqual(dates)
  for (const d of dates) expect(d > chinaToday()).toBe(true)
  await visible(page).locator('.course-option').first().click()
  await page.screenshot({ path: screenshotPath('61-staff-signup-offline'), fullPage: true })

  const workers = [nextWorker('李大山'), nextWorker('赵小梅'), nextWorker('孙二虎')]
  for (const [i, w] of workers.entries()) {
    await fillWorker(page, w)
    await expect(visible(page).locator('#consent-signature').first().getAttribute('aria-selected')).resolves.toBe('true')
    await sign(page, i === 0 ? 'touch' : 'mouse')
    if (i === 0) await page.screenshot({ path: screenshotPath('62-staff-signed-offline') })
    await visible(page).locator('#staff-submit').first().click()
    await until(() => field(page, 'worker-name').inputValue(), '')
  }
  await page.goBack()
  await page.waitForURL(/staff\/index/)
  await visible(page).locator('#staff-queue').first().click()
  await page.waitForURL(/staff\/queue/, { timeout: 15_000 })
  await until(() => visible(page).locator('#count-pending .st-count__n').first().innerText(), '3', 15_000)
  // the requests really fail (still 3 waiting); Chromium's navigator.onLine does not always follow the emulation
  // once the service worker serves the page, so the banner is checked for what the server confirmed
  await until(() => visible(page).locator('#staff-banner').first().innerText(), /(^|：)3 条待提交/)
  await page.screenshot({ path: screenshotPath('63-staff-queue-offline'), fullPage: true })

  await context.setOffline(false)
  await until(() => visible(page).locator('#count-enrolled .st-count__n').first().innerText(), '3', 45_000)
  await until(() => visible(page).locator('#staff-banner').first().innerText(), /^全部已提交（\d\d:\d\d）$/)
  await page.screenshot({ path: screenshotPath('64-staff-queue-synced'), fullPage: true })
  const list = await serverList(page, chinaToday())
  for (const w of workers) expect(list.items.filter((i) => i.workerName === w.name && i.outcome === 'enrolled')).toHaveLength(1)

  // ten in a row on one form page, online (signature as consent), no reload
  await visible(page).locator('#queue-new-signup').first().click()
  await page.waitForURL(/staff\/signup/, { timeout: 15_000 })
  const ten = Array.from({ length: 10 }, (_, i) => nextWorker(['周一', '吴二', '郑三', '王四', '冯五', '陈六', '褚七', '卫八', '蒋九', '沈十'][i]))
  const formUrl = page.url()
  for (const w of ten) {
    await fillWorker(page, w)
    await visible(page).locator('#consent-signature').first().click()
    await sign(page, 'mouse')
    await visible(page).locator('#staff-submit').first().click()
    await until(() => field(page, 'worker-name').inputValue(), '')
    expect(await visible(page).locator('#consent-error').count()).toBe(0)
  }
  expect(page.url()).toBe(formUrl)
  await until(async () => (await serverList(page, chinaToday())).items.filter((i) => ten.some((w) => w.name === i.workerName) && i.outcome === 'enrolled').length, 10, 45_000)
  expect(pageErrors).toEqual([])
  await context.close()
})

test('a course that starts between the last sync and submit: flagged first; refused, it offers the next course of the same 工种, resubmitted without a new signature', async () => {
  const context = await browser.newContext(PHONE)
  // this one in 关怀模式 (larger text), for its screenshots
  await setCareMode(context, true)
  await context.clock.install({ time: new Date() })
  const page = await context.newPage()
  const pageErrors: string[] = []
  page.on('pageerror', (e) => pageErrors.push(e.message))
  // the 上海 station's staff (the other test signed in 13800000002: a second SMS within a minute is refused)
  await staffSignIn(page, '13800000006')
  await waitOfflineReady(page)
  // a course X with a later course Y of the same 工种 on the phone's list; X takes no late joiners
  const courses = ((await page.evaluate(taroStored('zsb.staff-queue'))) as { state: { courses: { id: string; title: string; startDate: string; occupationCode: string; seatsLeft: number }[] } }).state.courses
  let pair: { x: (typeof courses)[number]; y: (typeof courses)[number] } | null = null
  for (const x of [...courses].sort((a, b) => (a.startDate < b.startDate ? -1 : 1))) {
    const y = courses.filter((c) => c.occupationCode === x.occupationCode && c.startDate > x.startDate && c.seatsLeft > 0).sort((a, b) => (a.startDate < b.startDate ? -1 : 1))[0]
    // within the session's 30 days: the server's clock moves to X's start day
    if (!y || x.startDate <= chinaToday() || Date.parse(`${x.startDate}T00:00:00Z`) - Date.parse(`${chinaToday()}T00:00:00Z`) > 25 * 86_400_000) continue
    const detail = (await (await fetch(`${url()}/api/v1/courses/${x.id}`)).json()) as { allowLateJoin: boolean }
    if (!detail.allowLateJoin) {
      pair = { x, y }
      break
    }
  }
  expect(pair).not.toBeNull()
  const { x, y } = pair!

  await context.setOffline(true)
  await visible(page).locator('#staff-signup').first().click()
  await page.waitForURL(/staff\/signup/, { timeout: 15_000 })
  await visible(page).locator(`.course-${x.id}`).first().click()
  const w = nextWorker('钱进')
  await fillWorker(page, w)
  await sign(page, 'mouse')
  // the phone's clock reaches X's start day: the form says so before anything is submitted
  const realNow = Date.now()
  await page.clock.setSystemTime(new Date(`${x.startDate}T09:00:00+08:00`))
  await field(page, 'worker-phone').fill(w.phone) // any re-render reads the date again
  await visible(page).locator('#course-flag').first().waitFor({ timeout: 10_000 })
  expect(await visible(page).locator('#course-flag').first().innerText()).toContain('已经开课')
  await visible(page).locator('#course-flag').first().evaluate((e) => e.scrollIntoView({ block: 'center' }))
  await page.screenshot({ path: screenshotPath('65-staff-course-started-flag-care') })
  // the day before: still joinable as far as the phone knows, and it is queued
  await page.clock.setSystemTime(new Date(realNow))
  await field(page, 'worker-phone').fill(w.phone)
  await until(() => visible(page).locator('#course-flag').count(), 0)
  await visible(page).locator('#staff-submit').first().click()
  await until(() => field(page, 'worker-name').inputValue(), '')
  await page.goBack()
  await visible(page).locator('#staff-queue').first().click()
  await page.waitForURL(/staff\/queue/, { timeout: 15_000 })

  // meanwhile the course starts (server's development clock), then the network returns
  const days = Math.round((Date.parse(`${x.startDate}T00:00:00Z`) - Date.parse(`${chinaToday()}T00:00:00Z`)) / 86_400_000)
  const moved = await fetch(`${url()}/api/v1/dev/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ days }) })
  expect(moved.status).toBe(200)
  const serverToday = ((await moved.json()) as { today: string }).today
  expect(serverToday).toBe(x.startDate)
  await context.setOffline(false)
  const switchButton = visible(page).locator('[id^="switch-"]').first()
  await switchButton.waitFor({ timeout: 45_000 })
  expect(await visible(page).locator('[id^="next-"]').first().innerText()).toContain(y.title)
  await expect(visible(page).locator('#staff-banner').first().innerText()).resolves.toContain('1 条需要处理')
  await visible(page).locator('[id^="next-"]').first().evaluate((e) => e.scrollIntoView({ block: 'center' }))
  await page.screenshot({ path: screenshotPath('66-staff-next-course-offer-care') })
  await switchButton.click()
  await until(() => visible(page).locator('#count-enrolled .st-count__n').first().innerText(), '1', 30_000)
  const list = await serverList(page, serverToday)
  const mine = list.items.filter((i) => i.workerName === w.name)
  expect(mine.filter((i) => i.outcome === 'enrolled')).toEqual([expect.objectContaining({ courseId: y.id })])
  expect(mine).toHaveLength(2)
  expect(pageErrors).toEqual([])
  // the clock back for the other tests of this server
  await fetch(`${url()}/api/v1/dev/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ days: 0 }) })
  await context.close()
})
