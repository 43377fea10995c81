/**
 * Built H5, real Chromium at 375×667, real server:
 * - a notice poster made by station staff (13800000002) carries the station: its name drawn on the poster
 *   ("… 推荐"), and the QR code encodes the notice link with `station=` (checked module by module against the
 *   PNG); that link opens the notice for a first-time visitor and remembers the station as the referral;
 *   a worker's poster has neither;
 * - 听一听 on the eligibility explanation before signing up (the server's WAV when the browser has no
 *   Chinese voice), stopped when the page is left.
 * Normal and 关怀模式, axe + inclusion checks; screenshots in test-output/screenshots/.
 */
import qrcode from 'qrcode-generator'
import sharp from 'sharp'
import type { BrowserContext, Page } from 'playwright-core'
import type { CoursePage } from '../../src/contract'
import { PHONE, currentTaroPage, screenshotPath, useChromium } from '../support/browser'
import { expectInclusive, setCareMode } from '../support/inclusion'
import { getJson, startServer, type RunningServer } from '../support/server'

let running: RunningServer | undefined
beforeAll(async () => {
  running = await startServer({}, 240_000)
}, 300_000)
afterAll(async () => running?.stop())
const url = () => (running as RunningServer).url
const browser = useChromium()

type Session = { token: string; expiresAt: string; me: { roles?: { role: string; stationId: string | null; stationName: string | null }[] } }
const sessions = new Map<string, Session>()
async function post(path: string, body: unknown, token?: string) {
  const res = await fetch(`${url()}${path}`, {
    method: path.includes('/profile') ? 'PUT' : 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body)
  })
  if (!res.ok) throw new Error(`${path} → ${res.status} ${await res.text()}`)
  return res.json()
}
/** One SMS login per phone for the whole file (a second code within a minute is refused). */
async function login(phone: string): Promise<Session> {
  const known = sessions.get(phone)
  if (known) return known
  const { devCode } = await post('/api/v1/auth/sms/send', { phone })
  const s = (await post('/api/v1/auth/sms/verify', { phone, code: devCode })) as Session
  sessions.set(phone, s)
  return s
}

async function phone(care: boolean, session: Session | null, init?: (c: BrowserContext) => Promise<unknown>): Promise<{ page: Page; errors: string[]; context: BrowserContext }> {
  const context = await browser.newContext({ ...PHONE })
  await setCareMode(context, care)
  if (session) {
    const stored = JSON.stringify({ data: JSON.stringify({ state: { token: session.token, expiresAt: session.expiresAt, me: session.me, pendingEnrollments: {} }, version: 1 }) })
    await context.addInitScript((v) => localStorage.setItem('zsb.session', v), stored)
  }
  if (init) await init(context)
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  return { page, errors, context }
}

/** Records the text drawn on canvases (the poster is an image: this is how its words are checked). */
const recordCanvasText = (c: BrowserContext) =>
  c.addInitScript(() => {
    const w = window as unknown as { __drawn: string[] }
    w.__drawn = []
    const original = CanvasRenderingContext2D.prototype.fillText
    CanvasRenderingContext2D.prototype.fillText = function (text: string, x: number, y: number, max?: number) {
      w.__drawn.push(String(text))
      return max === undefined ? original.call(this, text, x, y) : original.call(this, text, x, y, max)
    }
  })

/** Does the poster PNG's QR code (bottom left, as draw-poster.ts lays it out) hold exactly `link`? */
async function posterQrHolds(png: Buffer, link: string): Promise<boolean> {
  const qr = qrcode(0, 'M')
  qr.addData(link, 'Byte')
  qr.make()
  const n = qr.getModuleCount()
  const cell = Math.floor(260 / (n + 8))
  const size = cell * (n + 8)
  const qx = 48
  const qy = 1180 - size - 60
  const { data, info } = await sharp(png).greyscale().raw().toBuffer({ resolveWithObject: true })
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      const x = qx + (c + 4) * cell + Math.floor(cell / 2)
      const y = qy + (r + 4) * cell + Math.floor(cell / 2)
      const dark = data[y * info.width + x] < 128
      if (dark !== qr.isDark(r, c)) return false
    }
  }
  return true
}

async function openPoster(page: Page, id: string): Promise<{ png: Buffer; drawn: string[] }> {
  await page.goto(`${url()}/subpackages/notices/poster/index?id=${id}`)
  const img = currentTaroPage(page).locator('.poster__image img, img.poster__image').first()
  await img.waitFor({ timeout: 30_000 })
  const src = (await img.getAttribute('src')) as string
  const drawn = await page.evaluate(() => (window as unknown as { __drawn: string[] }).__drawn)
  return { png: Buffer.from(src.replace(/^data:image\/png;base64,/, ''), 'base64'), drawn }
}

for (const care of [false, true]) {
  const tag = care ? '-care' : ''
  test(`a staff member's notice poster carries the station; its QR link opens the notice with the referral${care ? ' (关怀模式)' : ''}`, async () => {
    const staff = await login('13800000002')
    const station = staff.me.roles?.find((r) => r.role === 'station_staff')
    expect(station?.stationId).toMatch(/^stn_/)
    const { page, errors } = await phone(care, staff, recordCanvasText)
    const { png, drawn } = await openPoster(page, 'ntc_policy55')
    expect(drawn.join('')).toContain(`${station!.stationName} 推荐`) // wrapped over lines beside the QR code
    const link = `${url()}/subpackages/notices/detail/index?id=ntc_policy55&station=${station!.stationId}`
    expect(await posterQrHolds(png, link)).toBe(true)
    expect(await posterQrHolds(png, `${url()}/subpackages/notices/detail/index?id=ntc_policy55`)).toBe(false)
    await currentTaroPage(page).getByText(`${station!.stationName} 推荐`, { exact: false }).first().waitFor()
    await page.screenshot({ path: screenshotPath(`notices-06-staff-poster${tag}`) })
    await expectInclusive(page, 'staff notice poster', { care })
    expect(errors).toEqual([])

    // the scanned link: a first-time visitor lands on the notice, and the station is remembered as the referral
    const visitor = await phone(care, null)
    await visitor.page.goto(link)
    await currentTaroPage(visitor.page).getByText('人社厅发〔2023〕55号').first().waitFor({ timeout: 20_000 })
    await visitor.page.waitForFunction(() => (localStorage.getItem('zsb.referral') ?? '').includes('stn_'), undefined, { timeout: 10_000 })
    expect(await visitor.page.evaluate(() => localStorage.getItem('zsb.referral'))).toContain(station!.stationId as string)
    expect(visitor.errors).toEqual([])
  }, 180_000)
}

test('a worker\'s poster has no station and a plain link', async () => {
  const worker = await login('13912340001')
  const { page, errors } = await phone(false, worker, recordCanvasText)
  const { png, drawn } = await openPoster(page, 'ntc_policy55')
  expect(drawn.some((t) => t.includes('推荐'))).toBe(false)
  expect(await posterQrHolds(png, `${url()}/subpackages/notices/detail/index?id=ntc_policy55`)).toBe(true)
  expect(errors).toEqual([])
}, 120_000)

for (const care of [false, true]) {
  const tag = care ? '-care' : ''
  test(`听一听 on the eligibility explanation before signing up${care ? ' (关怀模式)' : ''}`, async () => {
    // a worker with consent and a complete profile, straight to the confirmation sheet
    const s = await login(care ? '13912340003' : '13912340002')
    const privacy = (await (await fetch(`${url()}/api/v1/privacy`)).json()) as { version: string }
    const me = await post('/api/v1/me/consent', { version: privacy.version }, s.token)
    await post('/api/v1/me/profile', { realName: '王建国', idNumber: care ? '140302197803150021' : '140302199003071236', groups: ['rural_migrant'], employmentStatus: 'unemployed' }, s.token)
    const list = await getJson<CoursePage>(`${url()}/api/v1/courses?region=140300&subsidizedOnly=true&hasSeats=true&startsWithinDays=120&limit=50`)
    const course = list.items.find((c) => c.startDate > new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10))!
    const { page, errors } = await phone(care, { ...s, me })
    const speech: { status: number; type: string | undefined }[] = []
    page.on('response', (r) => {
      if (r.url().includes('/api/v1/speech')) speech.push({ status: r.status(), type: r.headers()['content-type'] })
    })
    await page.goto(`${url()}/subpackages/signup/confirm/index?courseId=${course.id}`)
    const sheet = currentTaroPage(page)
    await sheet.locator('#confirm-enroll').first().waitFor({ timeout: 20_000 })
    const button = sheet.locator('#listen-eligibility')
    expect(await button.textContent()).toContain('听一听（朗读补贴说明）')
    const hasChineseVoice = await page.evaluate(() => speechSynthesis.getVoices().some((v) => /^(zh|cmn)/i.test(v.lang)))
    await button.click()
    await sheet.getByText(/暂停朗读|继续听/).first().waitFor({ timeout: 60_000 })
    if (!hasChineseVoice) expect(speech).toEqual([{ status: 200, type: 'audio/mpeg' }])
    await page.screenshot({ path: screenshotPath(`signup-eligibility-listening${tag}`) })
    await expectInclusive(page, 'confirmation with 听一听', { care })
    // leaving the page stops the reading
    const playing = () => page.evaluate(() => Array.from(document.querySelectorAll('audio')).some((a) => !a.paused) || speechSynthesis.speaking)
    await page.goto(`${url()}/pages/index/index`)
    expect(await playing()).toBe(false)
    expect(errors).toEqual([])
  }, 180_000)
}
