/**
 * An online course's 结业 on the institution desk (built H5, headless Chromium, 375×667, real server): with no
 * class sessions the roster offers 录入学时 instead of 补签; 结业 without hours is refused on the worker's row in
 * the server's words; hours below 80 % of the course's 学时 are saved and 结业 is still refused with what is
 * missing; enough hours → 已结业. The sheet passes the inclusion checks in normal and 关怀模式
 * (test-output/screenshots/training-online-<normal|care>-hours.png).
 *
 * Fixture: before the server starts, one of the demo institution's upcoming courses becomes an online course.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Page } from 'playwright-core'
import type { Enrollment, Session } from '../../src/contract'
import { openDb } from '../../server/app'
import { busiestInstitution } from '../../server/catalog/institution-courses'
import { PHONE, screenshotPath, useChromium } from '../support/browser'
import { expectInclusive } from '../support/inclusion'
import { field, visible } from '../support/pages'
import { startServer, type RunningServer } from '../support/server'

const todayInChina = () => new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10)
let running: RunningServer | undefined
let fixture: { courseId: string; totalHours: number }
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zsb-training-online-e2e-'))

beforeAll(async () => {
  const { db } = await openDb({ dataDir: path.join(dataDir, 'db') })
  const today = todayInChina()
  const ins = (await busiestInstitution(db, '140300', today))!
  const [row] = await db.query<{ id: string; total_hours: number }>(
    'SELECT id, total_hours FROM courses WHERE institution_id = $1 AND start_date > $2::date ORDER BY id LIMIT 1',
    [ins, today]
  )
  await db.query(`UPDATE courses SET mode = 'online', seats_total = 40, seats_left = 40 WHERE id = $1`, [row.id])
  await db.close()
  fixture = { courseId: row.id, totalHours: Number(row.total_hours) }
  running = await startServer({ DATA_DIR: path.join(dataDir, 'db') }, 240_000)
}, 300_000)
afterAll(async () => {
  await running?.stop()
  fs.rmSync(dataDir, { recursive: true, force: true })
})
const url = (p: string) => `${running!.url}${p}`
const browser = useChromium()

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
async function smsSession(phone: string): Promise<Session> {
  const sent = await api<{ devCode: string }>(null, 'POST', '/api/v1/auth/sms/send', { phone })
  return api<Session>(null, 'POST', '/api/v1/auth/sms/verify', { phone, code: sent.devCode })
}

const row = (page: Page, enrollmentId: string) => visible(page).locator('.roster-row').filter({ has: page.locator(`#complete-${enrollmentId}`) }).first()

async function setCare(page: Page, on: boolean) {
  await page.evaluate((care) => {
    localStorage.setItem('zsb.settings', JSON.stringify({ data: JSON.stringify({ state: { region: null, preferRegion: false, elderMode: care, careOffered: true }, version: 1 }) }))
  }, on)
  await page.reload()
}

async function record(page: Page, enrollmentId: string, hours: number, note: string) {
  await visible(page).locator(`#hours-${enrollmentId}`).first().click()
  await visible(page).locator('#hours-sheet').first().waitFor({ timeout: 10_000 })
  await field(page, 'hours-value').fill(String(hours))
  await field(page, 'hours-note').fill(note)
  const saved = page.waitForResponse((r) => r.url().endsWith(`/enrollments/${enrollmentId}/study-hours`))
  await visible(page).locator('#hours-submit').first().click()
  expect((await saved).status()).toBe(200)
  await visible(page).locator('#hours-sheet').first().waitFor({ state: 'detached', timeout: 10_000 })
}

async function complete(page: Page, enrollmentId: string): Promise<number> {
  const answered = page.waitForResponse((r) => r.url().endsWith(`/enrollments/${enrollmentId}/complete`))
  await visible(page).locator(`#complete-${enrollmentId}`).first().click()
  return (await answered).status()
}

test('online course: 录入学时 on the roster, 结业 refused without and below the threshold, then 已结业', async () => {
  const errors: string[] = []
  const worker = await smsSession('13912345081')
  const { version } = await api<{ version: string }>(null, 'GET', '/api/v1/privacy')
  await api(worker.token, 'POST', '/api/v1/me/consent', { version })
  await api(worker.token, 'PUT', '/api/v1/me/profile', { realName: '王秀英', idNumber: '140302197803150021', groups: ['rural_migrant'] })
  const enrollment = await api<Enrollment>(worker.token, 'POST', '/api/v1/enrollments', { courseId: fixture.courseId }, { 'idempotency-key': `e2e-online-${Date.now()}` })

  const staff = await smsSession('13800000007')
  const ctx = await browser.newContext({ ...PHONE, bypassCSP: true })
  const stored = JSON.stringify({ data: JSON.stringify({ state: { token: staff.token, expiresAt: staff.expiresAt, me: staff.me, pendingEnrollments: {}, actingFor: null }, version: 1 }) })
  await ctx.addInitScript((value) => {
    if (!localStorage.getItem('zsb.session')) localStorage.setItem('zsb.session', value)
  }, stored)
  const page = await ctx.newPage()
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto(url(`/subpackages/institution-desk/course/index?id=${fixture.courseId}`))
  await row(page, enrollment.id).waitFor({ timeout: 30_000 })
  expect(await visible(page).innerText()).toContain('结业要求：线上学习学时不低于 80%')
  expect(await visible(page).locator(`#makeup-${enrollment.id}`).count()).toBe(0)
  // no class sessions: no 「已签到 0/0 次」 line
  expect(await visible(page).innerText()).not.toContain('已签到')

  // no hours yet: refused on the row, in the server's words
  expect(await complete(page, enrollment.id)).toBe(422)
  await row(page, enrollment.id).getByText('这是线上课程，结业前请先录入学员在学习平台上的学习学时').waitFor({ timeout: 10_000 })

  // the sheet in both modes: a picture and the inclusion check
  for (const care of [false, true]) {
    await setCare(page, care)
    await row(page, enrollment.id).waitFor({ timeout: 20_000 })
    await visible(page).locator(`#hours-${enrollment.id}`).first().click()
    await visible(page).locator('#hours-sheet').first().waitFor({ timeout: 10_000 })
    await page.screenshot({ path: screenshotPath(`training-online-${care ? 'care' : 'normal'}-hours`) })
    await expectInclusive(page, `study hours sheet${care ? ' (care)' : ''}`, { care })
    await visible(page).locator('#hours-close').first().click()
    await visible(page).locator('#hours-sheet').first().waitFor({ state: 'detached', timeout: 10_000 })
  }
  await setCare(page, false)
  await row(page, enrollment.id).waitFor({ timeout: 20_000 })

  // below the threshold: saved, 结业 still refused with what is missing
  const half = Math.floor(fixture.totalHours / 2)
  await record(page, enrollment.id, half, '学习平台导出 第一次')
  expect(await complete(page, enrollment.id)).toBe(422)
  await row(page, enrollment.id).getByText(`已学 ${half}/${fixture.totalHours} 学时`, { exact: false }).waitFor({ timeout: 10_000 })

  // enough: 已结业
  await record(page, enrollment.id, fixture.totalHours, '学习平台导出 第二次')
  expect(await complete(page, enrollment.id)).toBe(200)
  await visible(page).locator('.roster-row').getByText('已结业').first().waitFor({ timeout: 15_000 })
  // once 已结业 the hours are closed: no 录入学时, no 结业
  expect(await visible(page).locator(`#hours-${enrollment.id}`).count()).toBe(0)
  expect(await visible(page).locator(`#complete-${enrollment.id}`).count()).toBe(0)
  await page.screenshot({ path: screenshotPath('training-online-normal-completed') })
  expect(errors).toEqual([])
  await ctx.close()
})
