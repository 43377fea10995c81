/**
 * The training lifecycle in the built H5 (headless Chromium, 375×667) against the real server, two phones at once:
 * the institution (demo account 13800000007) finds 机构工作台 on 我的, opens a course's 花名册 and 课次, and shows a
 * session's rotating code (the development clock stands inside the session; the code changes by itself when the
 * clock passes a 30 s step). The worker, in a second browser context, types the 6 digits from 我的报名 → 签到 and
 * sees 已签到 1/N. 结业 is refused on screen with the server's ATTENDANCE_TOO_LOW answer, 补签 (with a reason)
 * fills the gaps, 结业 passes; the worker then signs up for 职业技能等级认定 from the course detail. Every new page
 * gets the inclusion check (test/support/inclusion.ts) and a screenshot in normal and 关怀模式
 * (test-output/screenshots/training-<mode>-<page>.png).
 *
 * Fixture: before the server starts, one of the demo institution's courses of the 工种 its first seeded exam batch
 * examines is moved to start tomorrow for three days (full-time), so it ends before that exam.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { BrowserContext, Locator, Page } from 'playwright-core'
import type { ClassSessionList, Enrollment, EnrollmentList, InstitutionCourseList, SmsSendResult } from '../../src/contract'
import { openDb } from '../../server/app'
import { busiestInstitution } from '../../server/catalog/institution-courses'
import { upcomingOccupationsOf } from '../../server/catalog/institution-refs'
import { addDays } from '../../src/domain/working-days'
import { currentTaroPage, PHONE, screenshotPath, useChromium } from '../support/browser'
import { expectInclusive } from '../support/inclusion'
import { startServer, type RunningServer } from '../support/server'

const todayInChina = () => new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10)
let running: RunningServer | undefined
let fixture: { courseId: string; occupation: string }
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zsb-training-e2e-'))

beforeAll(async () => {
  const { db } = await openDb({ dataDir: path.join(dataDir, 'db') })
  const today = todayInChina()
  const ins = (await busiestInstitution(db, '140300', today))!
  const [occ] = await upcomingOccupationsOf(db, ins, today)
  const [row] = await db.query<{ id: string }>('SELECT id FROM courses WHERE institution_id = $1 AND occupation_code = $2 AND start_date > $3::date ORDER BY id LIMIT 1', [ins, occ.code, today])
  const start = addDays(today, 1)
  await db.query(
    `UPDATE courses SET mode = 'offline', schedule = '{weekday_day}', start_date = $2, end_date = $3, seats_total = 40, seats_left = 40, allow_late_join = false WHERE id = $1`,
    [row.id, start, addDays(start, 2)]
  )
  await db.close()
  fixture = { courseId: row.id, occupation: occ.code }
  running = await startServer({ DATA_DIR: path.join(dataDir, 'db') }, 240_000)
}, 300_000)
afterAll(async () => {
  await running?.stop()
  fs.rmSync(dataDir, { recursive: true, force: true })
})
const url = (p: string) => `${running!.url}${p}`
const browser = useChromium()
const PHONE_TEST = { ...PHONE, bypassCSP: true }
const visible = (page: Page): Locator => currentTaroPage(page)
const field = (page: Page, id: string): Locator => visible(page).locator(`#${id} input, input#${id}`).first()

async function login(page: Page, phone: string): Promise<string> {
  await page.goto(url('/subpackages/signup/login/index'))
  await field(page, 'phone').waitFor({ timeout: 20_000 })
  await field(page, 'phone').fill(phone)
  const sent = page.waitForResponse((r) => r.url().includes('/api/v1/auth/sms/send'))
  await visible(page).locator('#send-code').first().click()
  const sms = (await (await sent).json()) as SmsSendResult
  const verified = page.waitForResponse((r) => r.url().includes('/api/v1/auth/sms/verify'))
  await field(page, 'sms-code').fill(sms.devCode!)
  expect((await verified).status()).toBe(200)
  const stored = await page.waitForFunction(() => {
    for (let i = 0; i < localStorage.length; i++) {
      const m = (localStorage.getItem(localStorage.key(i)!) ?? '').match(/\\?"token\\?":\\?"([^"\\]+)/)
      if (m) return m[1]
    }
    return null
  }, undefined, { timeout: 15_000 })
  return (await stored.jsonValue()) as string
}

async function api<T>(token: string | null, method: string, p: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const res = await fetch(url(p), {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body)
  })
  const text = await res.text()
  if (!res.ok) throw new Error(`${method} ${p} → ${res.status} ${text}`)
  return (text ? JSON.parse(text) : null) as T
}
const clockTo = (iso: string) => api(null, 'POST', '/api/v1/dev/clock', { to: iso })

/** 关怀模式 on or off in this phone's stored settings, then the page again, as a worker who switched it would see it. */
async function setCare(page: Page, on: boolean) {
  await page.evaluate((care) => {
    localStorage.setItem('zsb.settings', JSON.stringify({ data: JSON.stringify({ state: { region: null, preferRegion: false, elderMode: care, careOffered: true }, version: 1 }) }))
  }, on)
  await page.reload()
}

/** The page in normal and 关怀模式: its marker visible, a screenshot, the inclusion check. */
async function checkBothModes(page: Page, name: string, marker: string) {
  for (const care of [false, true]) {
    await setCare(page, care)
    await visible(page).locator(care ? '.page-shell--care' : '.page-shell:not(.page-shell--care)').first().waitFor({ timeout: 15_000 })
    await visible(page).locator(marker).first().waitFor({ timeout: 20_000 })
    await page.screenshot({ path: screenshotPath(`training-${care ? 'care' : 'normal'}-${name}`) })
    await expectInclusive(page, name, { care })
  }
  await setCare(page, false)
  await visible(page).locator(marker).first().waitFor({ timeout: 20_000 })
}

/** Waits for a locator; on a timeout the failure says what the page showed instead. */
async function shows(page: Page, selector: string, timeout = 20_000): Promise<Locator> {
  const l = visible(page).locator(selector).first()
  try {
    await l.waitFor({ timeout })
  } catch (e) {
    const text = await visible(page).innerText().catch(() => '(no page)')
    throw new Error(`${selector} not shown on ${page.url()}; the page says:\n${text}\n${String(e)}`)
  }
  return l
}

let desk: BrowserContext
let phone: BrowserContext
afterAll(async () => Promise.all([desk?.close(), phone?.close()]))

test('rotating code on the institution page; a worker types it and sees 已签到 1/N; 补签, 结业; evaluation sign-up from the course detail', async () => {
  const errors: string[] = []
  desk = await browser.newContext(PHONE_TEST)
  phone = await browser.newContext(PHONE_TEST)
  const ins = await desk.newPage()
  const worker = await phone.newPage()
  ins.on('pageerror', (e) => errors.push(`desk: ${e.message}`))
  worker.on('pageerror', (e) => errors.push(`worker: ${e.message}`))

  // ── the worker signs in and up for the course (consent and profile are other pages' work: through the API) ──
  const workerToken = await login(worker, '13912345071')
  const privacy = await api<{ version: string }>(workerToken, 'GET', '/api/v1/privacy')
  await api(workerToken, 'POST', '/api/v1/me/consent', { version: privacy.version })
  await api(workerToken, 'PUT', '/api/v1/me/profile', { realName: '王秀英', idNumber: '140302197803150021', groups: ['rural_migrant'] })
  const enrollment = await api<Enrollment>(workerToken, 'POST', '/api/v1/enrollments', { courseId: fixture.courseId }, { 'idempotency-key': `e2e-training-${Date.now()}` })

  // ── the institution: 我的 → 机构工作台 → the course → 花名册 and 课次 ──
  const staffToken = await login(ins, '13800000007')
  await ins.goto(url('/pages/me/index'))
  await visible(ins).locator('#entry-desk').first().click({ timeout: 20_000 })
  await ins.waitForURL(/institution-desk\/index/, { timeout: 15_000 })
  await visible(ins).locator('.desk-course').first().waitFor({ timeout: 20_000 })
  const courses = await api<InstitutionCourseList>(staffToken, 'GET', '/api/v1/institution/courses')
  const course = courses.items.find((c) => c.id === fixture.courseId)!
  expect(await visible(ins).innerText()).toContain(course.title)
  await checkBothModes(ins, 'desk-home', '.desk-course')

  await visible(ins).locator(`#desk-course-${course.id}`).first().click()
  await ins.waitForURL(/institution-desk\/course/, { timeout: 15_000 })
  const row = await shows(ins, '.roster-row')
  expect(await row.innerText()).toMatch(/王\*\*[\s\S]*1403\*+0021[\s\S]*已签到 0\/\d+ 次/)
  await checkBothModes(ins, 'desk-roster', '.roster-row')

  // the development clock stands at the first session's start: check-in is open
  const { items: sessions } = await api<ClassSessionList>(staffToken, 'GET', `/api/v1/institution/courses/${course.id}/sessions`)
  expect(sessions.length).toBeGreaterThanOrEqual(1)
  const first = sessions[0]
  await clockTo(first.startsAt)
  await visible(ins).locator('#tab-sessions').first().click()
  await visible(ins).locator('.session-row').first().waitFor({ timeout: 15_000 })
  // the page opened on its 课次 tab (what a reload keeps) for the two modes
  await ins.goto(url(`/subpackages/institution-desk/course/index?id=${course.id}&tab=sessions`))
  await checkBothModes(ins, 'desk-sessions', '.session-row')
  await visible(ins).locator('.session-row').first().click()
  await ins.waitForURL(/institution-desk\/session/, { timeout: 15_000 })
  const digits = visible(ins).locator('#checkin-digits').first()
  await digits.waitFor({ timeout: 20_000 })
  const code1 = (await digits.innerText()).trim()
  expect(code1).toMatch(/^[0-9]{6}$/)
  expect(await visible(ins).locator('.tr-code__qr').count()).toBe(1)
  await checkBothModes(ins, 'desk-session-code', '#checkin-digits')
  // the clock passes a 30 s step: the screen shows the next code by itself
  const shown = (await digits.innerText()).trim()
  await clockTo(new Date(Date.parse(first.startsAt) + 31_000).toISOString())
  await ins.waitForFunction((old) => [...document.querySelectorAll('#checkin-digits')].some((el) => /^[0-9]{6}$/.test((el.textContent ?? '').trim()) && (el.textContent ?? '').trim() !== old), shown, { timeout: 25_000 })
  const code = (await visible(ins).locator('#checkin-digits').first().innerText()).trim()

  // ── the worker: 我的报名 → 上课签到 → the 6 digits → 已签到 1/N ──
  await worker.goto(url('/subpackages/signup/mine/index'))
  await visible(worker).getByText(`已签到 0/${sessions.length} 次`).first().waitFor({ timeout: 20_000 })
  await visible(worker).locator(`#checkin-${enrollment.id}`).first().click()
  await worker.waitForURL(/signup\/checkin/, { timeout: 15_000 })
  await field(worker, 'checkin-code').waitFor({ timeout: 15_000 })
  // 我的课次 on the same page: the session open now (the dev clock stands in it), later ones not yet
  const mySession = await shows(worker, `#my-session-${first.id}`)
  const sessionText = await mySession.innerText()
  expect(sessionText).toMatch(/今天 \d\d:\d\d–\d\d:\d\d[\s\S]*现在可以签到/)
  expect(sessionText).toContain(course.title)
  if (sessions[1]) expect(await visible(worker).locator(`#my-session-${sessions[1].id}`).first().innerText()).toContain('开课前 30 分钟开始签到')
  await checkBothModes(worker, 'checkin', `#my-session-${first.id}`)
  await field(worker, 'checkin-code').fill(code)
  const checked = worker.waitForResponse((r) => r.url().includes('/api/v1/attendance/checkins'))
  await visible(worker).locator('#checkin-submit').first().click()
  expect((await checked).status()).toBe(200)
  await visible(worker).locator('#checkin-count').first().waitFor({ timeout: 15_000 })
  expect(await visible(worker).locator('#checkin-count').first().innerText()).toBe(`已签到 1/${sessions.length} 次`)
  await visible(worker).locator(`#my-session-${first.id}`).getByText(/^已签到 \d\d:\d\d$/).first().waitFor({ timeout: 15_000 })
  await worker.screenshot({ path: screenshotPath('training-normal-checkin-done') })
  await expectInclusive(worker, 'checkin-done', { care: false })
  await visible(worker).locator('#checkin-back').first().click()
  // the move starts once 我的报名's code is on the phone (the address changes then)
  await worker.waitForURL(/\/subpackages\/signup\/mine\/index/, { timeout: 20_000 })
  await visible(worker).getByText(`已签到 1/${sessions.length} 次`).first().waitFor({ timeout: 20_000 })

  // ── 结业 below the threshold: the server's answer, said on the worker's row ──
  await ins.goto(url(`/subpackages/institution-desk/course/index?id=${course.id}`))
  await visible(ins).locator(`#complete-${enrollment.id}`).first().click({ timeout: 20_000 })
  const notice = visible(ins).locator('.roster-notice').first()
  await notice.waitFor({ timeout: 15_000 })
  expect(await notice.innerText()).toMatch(/签到|出勤|缺/)
  await ins.screenshot({ path: screenshotPath('training-normal-desk-complete-refused') })

  // after the last session: 补签 one session on screen (with a reason), the rest through the API
  await clockTo(new Date(Date.parse(sessions[sessions.length - 1].endsAt) + 60_000).toISOString())
  await ins.reload()
  if (sessions.length > 1) {
    await visible(ins).locator(`#makeup-${enrollment.id}`).first().click({ timeout: 20_000 })
    await visible(ins).locator('.makeup-session').nth(1).click({ timeout: 15_000 })
    await field(ins, 'makeup-reason').fill('手机没电，已当面核实')
    await ins.screenshot({ path: screenshotPath('training-normal-desk-makeup') })
    await expectInclusive(ins, 'desk-makeup', { care: false })
    const marked = ins.waitForResponse((r) => r.url().includes('/attendance') && r.request().method() === 'POST')
    await visible(ins).locator('#makeup-submit').first().click()
    expect((await marked).status()).toBeLessThan(300)
    await visible(ins).getByText(`已签到 2/${sessions.length} 次`).first().waitFor({ timeout: 15_000 })
    for (const s of sessions.slice(2)) await api(staffToken, 'POST', `/api/v1/institution/sessions/${s.id}/attendance`, { enrollmentId: enrollment.id, reason: '请假后补课，已核实' })
    await ins.reload()
  }
  await visible(ins).locator(`#complete-${enrollment.id}`).first().click({ timeout: 20_000 })
  await visible(ins).locator('.roster-row', { hasText: '已结业' }).first().waitFor({ timeout: 15_000 })

  // ── the worker: course detail → 报名技能等级认定 → sign up ──
  const mine = await api<EnrollmentList>(workerToken, 'GET', '/api/v1/me/enrollments')
  expect(mine.items.find((e) => e.id === enrollment.id)?.status).toBe('completed')
  await worker.goto(url(`/pages/course/index?id=${course.id}`))
  await visible(worker).locator('#open-evaluations').first().click({ timeout: 20_000 })
  await worker.waitForURL(/evaluations\/index/, { timeout: 15_000 })
  const register = visible(worker).locator('[id^="register-evb_"]').first()
  await register.waitFor({ timeout: 20_000 })
  await checkBothModes(worker, 'evaluations', '[id^="register-evb_"]')
  const signed = worker.waitForResponse((r) => /\/api\/v1\/evaluations\/evb_[0-9a-z]+\/registrations/.test(r.url()))
  await visible(worker).locator('[id^="register-evb_"]').first().click()
  const reg = await signed
  expect(reg.status()).toBe(201)
  const batchId = ((await reg.json()) as { batch: { id: string } }).batch.id
  expect(reg.request().headers()['idempotency-key']).toMatch(/^[0-9a-f]{32}$/)
  await visible(worker).locator('#my-registrations').first().waitFor({ timeout: 15_000 })
  await visible(worker).getByText('已报名这个批次').first().waitFor({ timeout: 15_000 })
  await checkBothModes(worker, 'evaluations-registered', '#my-registrations')

  // ── the evaluator's results entry for its batch (before the exam: nothing to enter yet) ──
  await ins.goto(url('/subpackages/institution-desk/index/index'))
  await visible(ins).locator(`#desk-evaluation-${batchId}`).first().click({ timeout: 20_000 })
  await ins.waitForURL(/institution-desk\/evaluation/, { timeout: 15_000 })
  await visible(ins).locator('.result-row').first().waitFor({ timeout: 20_000 })
  await checkBothModes(ins, 'desk-evaluation', '.result-row')

  expect(errors).toEqual([])
}, 600_000)
