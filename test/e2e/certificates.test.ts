/**
 * Certificates in the built H5, headless Chromium at 375×667, against the real server:
 * - public checks from the home page without logging in (证书真伪 with the masked holder, 机构备案 incl. 已注销 and
 *   an unregistered name with the 包过 warning);
 * - a new worker logs in, adds a certificate with a photo chosen from a file: compressed in the page, uploaded with
 *   visible progress (upload throttled), cancelled and retried, the draft surviving a reload; it appears in the list;
 *   the stored photo carries no EXIF/GPS.
 * Screenshots in test-output/screenshots/cert-*.png.
 */
import { until } from '../support/wait'
import { click, field, settled, visible } from '../support/pages'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import sharp from 'sharp'
import type { Page } from 'playwright-core'
import type { CertificateList, SmsSendResult } from '../../src/contract'
import { PHONE, screenshotPath, useChromium } from '../support/browser'
import { seriousA11yViolations } from '../support/inclusion'
import { startServer, type RunningServer } from '../support/server'
import { devRegistryRows } from '../../server/certificates/seed'
import { todayInChina } from '../../src/domain/format'

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

test('public checks from the home page, no login', async () => {
  const context = await browser.newContext(PHONE)
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto(`${server.url}/`)
  await visible(page).locator('#entry-verify').first().waitFor({ timeout: 30_000 })
  await click(page, 'entry-verify')
  await page.waitForURL(/certificates\/verify/, { timeout: 15_000 })

  const demo = devRegistryRows(todayInChina()).find((r) => r.holder_name === '王秀英' && r.level === '4')!
  await field(page, 'verify-number').waitFor({ timeout: 15_000 })
  await field(page, 'verify-number').fill(demo.number)
  await field(page, 'verify-name').fill('王秀英')
  await click(page, 'verify-submit')
  await visible(page).getByText('王*英').first().waitFor({ timeout: 10_000 })
  const found = await visible(page).innerText()
  expect(found).toContain('育婴员')
  expect(found).toContain('四级/中级工')
  expect(found).not.toContain('140302197803150021')
  await shot(page, 'cert-33-verify-found')

  await field(page, 'verify-number').fill('S000114000021254000123')
  await field(page, 'verify-name').fill('王秀英')
  await click(page, 'verify-submit')
  await visible(page).getByText('没有查到这本证书').first().waitFor({ timeout: 10_000 })
  await shot(page, 'cert-30-verify-not-found')
  expect(await seriousA11yViolations(page)).toEqual([])

  await click(page, 'go-institution')
  await page.waitForURL(/certificates\/institution/, { timeout: 15_000 })
  await visible(page).getByText('12333').first().waitFor({ timeout: 10_000 })
  await field(page, 'ins-q').fill('速通职业技能培训学校')
  await click(page, 'ins-submit')
  await visible(page).getByText('已注销').first().waitFor({ timeout: 10_000 })
  await shot(page, 'cert-31-institution-cancelled')
  await field(page, 'ins-q').fill('包过职业资格考证中心')
  await click(page, 'ins-submit')
  await visible(page).getByText('没有在人社部门备案').first().waitFor({ timeout: 10_000 })
  await shot(page, 'cert-32-institution-unregistered')
  expect(await seriousA11yViolations(page)).toEqual([])
  expect(errors).toEqual([])
  await context.close()
})

test('a new worker adds a certificate with a photo: compressed, visible progress, cancel + retry, draft kept', async () => {
  // a 3000×2000 photo with GPS in its EXIF, as a phone camera makes it
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zsb-e2e-photo-'))
  const photoPath = path.join(dir, 'IMG_20251103_0931.jpg')
  await sharp({ create: { width: 3000, height: 2000, channels: 3, background: '#888', noise: { type: 'gaussian', mean: 128, sigma: 60 } } })
    .jpeg({ quality: 90 })
    .withExif({ IFD0: { Model: 'RedmiCam' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '37/1 51/1 30/1', GPSLongitudeRef: 'E', GPSLongitude: '113/1 34/1 12/1' } })
    .toFile(photoPath)

  const context = await browser.newContext(PHONE)
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  const cdp = await context.newCDPSession(page)
  await cdp.send('Network.enable')
  const throttle = (on: boolean) =>
    cdp.send('Network.emulateNetworkConditions', { offline: false, latency: on ? 100 : 0, downloadThroughput: -1, uploadThroughput: on ? 96 * 1024 : -1 })

  await page.goto(`${server.url}/subpackages/certificates/index/index`)
  // not logged in → phone login with the development code
  await page.waitForURL(/signup\/login/, { timeout: 30_000 })
  await field(page, 'phone').waitFor({ timeout: 15_000 })
  await field(page, 'phone').fill('13912340007')
  const sent = page.waitForResponse((r) => r.url().includes('/api/v1/auth/sms/send'))
  await click(page, 'send-code')
  const sms = (await (await sent).json()) as SmsSendResult
  await field(page, 'sms-code').fill(sms.devCode!) // the sixth digit logs in
  await page.waitForURL(/certificates\/index/, { timeout: 15_000 })
  await visible(page).getByText('还没有证书').first().waitFor({ timeout: 15_000 })
  await shot(page, 'cert-20-list-empty')
  expect(await seriousA11yViolations(page)).toEqual([])

  await click(page, 'cert-add')
  await page.waitForURL(/certificates\/add/, { timeout: 15_000 })
  await field(page, 'cert-number').waitFor({ timeout: 15_000 })
  await shot(page, 'cert-21-add-empty')
  // a wrong number explains itself as it is typed
  await field(page, 'cert-number').fill('S000199000021254000123')
  await visible(page).getByText('省份代码“99”不存在').first().waitFor({ timeout: 5_000 })
  await shot(page, 'cert-22-add-number-message')

  await click(page, 'kind-training')
  await field(page, 'cert-number').fill('PX2025000123')
  await visible(page).getByText('编号格式正确').first().waitFor({ timeout: 5_000 })
  await click(page, 'cert-occupation')
  // Taro's React picker sheet (h5.useHtmlComponents): 取消 / 确定 over the wheel
  await page.locator('.taro-picker__action:visible', { hasText: '确定' }).first().waitFor({ timeout: 5_000 })
  await shot(page, 'cert-22b-occupation-picker')
  await page.locator('.taro-picker__action:visible', { hasText: '确定' }).first().click()
  await visible(page).getByText('砌筑工').first().waitFor({ timeout: 5_000 })
  await click(page, 'cert-issued-on')
  await page.locator('.taro-picker__action:visible', { hasText: '确定' }).first().click()
  await visible(page).locator('#cert-issued-on').getByText(/^\d{4}-\d{2}-\d{2}$/).waitFor({ timeout: 5_000 })
  await field(page, 'cert-issuer').fill('阳泉市公共实训基地')

  // photos need consent first: the privacy notice, then back to the form
  await click(page, 'photo-album')
  await page.waitForURL(/signup\/privacy/, { timeout: 15_000 })
  await visible(page).locator('#agree').first().waitFor({ timeout: 15_000 })
  await click(page, 'agree')
  await page.waitForURL(/certificates\/add/, { timeout: 15_000 })

  // choose the photo; throttled upload: progress is visible; cancel, then retry
  await throttle(true)
  const uploadRequests: number[] = []
  page.on('request', (r) => {
    if (r.url().endsWith('/api/v1/uploads')) uploadRequests.push(r.postDataBuffer()?.length ?? 0)
  })
  const [chooser] = await Promise.all([page.waitForEvent('filechooser', { timeout: 10_000 }), click(page, 'photo-album')])
  await chooser.setFiles(photoPath)
  const progress = visible(page).locator('#photo-0-progress')
  await progress.waitFor({ timeout: 15_000 })
  const seen = new Set<string>()
  // two different percentages seen while the upload runs (polled: the text moves on its own)
  await until(
    async () => {
      const t = await progress.innerText().catch(() => '')
      if (/正在上传 \d+%/.test(t)) seen.add(t)
      return seen.size
    },
    (n) => n >= 2,
    { timeout: 4_000, every: 100 }
  )
  expect([...seen].some((t) => /正在上传 ([1-9]\d?)%/.test(t))).toBe(true) // a real partial percentage
  await shot(page, 'cert-23-add-uploading')
  await click(page, 'photo-0-cancel')
  await visible(page).getByText('已取消上传').first().waitFor({ timeout: 5_000 })
  await shot(page, 'cert-24-add-cancelled')
  await throttle(false)
  await click(page, 'photo-0-retry')
  await visible(page).locator('#photo-0-done').waitFor({ timeout: 20_000 })
  // compressed on the page: ≤ 1600 px long side, far smaller than the 3000 px original
  expect(uploadRequests.length).toBe(2)
  expect(Math.max(...uploadRequests)).toBeLessThan(fs.statSync(photoPath).size)
  await shot(page, 'cert-25-add-uploaded')

  // the app is closed mid-way: the draft (fields and uploaded photo) is still there
  await page.reload()
  await field(page, 'cert-number').waitFor({ timeout: 20_000 })
  expect(await field(page, 'cert-number').inputValue()).toBe('PX2025000123')
  expect(await field(page, 'cert-issuer').inputValue()).toBe('阳泉市公共实训基地')
  await visible(page).locator('#photo-0-done').waitFor({ timeout: 10_000 })
  expect(await seriousA11yViolations(page)).toEqual([])

  await click(page, 'cert-submit')
  await page.waitForURL(/certificates\/detail/, { timeout: 15_000 })
  await visible(page).getByText('待人工核验').first().waitFor({ timeout: 15_000 })
  await visible(page).locator('#detail-photo-0').waitFor({ timeout: 15_000 })
  await shot(page, 'cert-26-detail')
  expect(await seriousA11yViolations(page)).toEqual([])

  await page.goto(`${server.url}/subpackages/certificates/index/index`)
  await visible(page).getByText('砌筑工').first().waitFor({ timeout: 20_000 })
  await shot(page, 'cert-27-list-with-certificate')

  // 一键查询: real name + ID asked on the spot, then the registry's certificates arrive as 已联网核验
  await click(page, 'cert-lookup')
  await field(page, 'identity-name').waitFor({ timeout: 15_000 })
  await shot(page, 'cert-28-lookup-identity')
  await field(page, 'identity-name').fill('王秀英')
  await field(page, 'identity-id').fill('140302197803150021')
  await click(page, 'identity-save')
  await visible(page).getByText('已导入3本').first().waitFor({ timeout: 15_000 })
  expect((await visible(page).innerText()).match(/已联网核验/g)).toHaveLength(3)
  await shot(page, 'cert-29-list-imported')
  expect(await seriousA11yViolations(page)).toEqual([])

  // what the server holds: one certificate, its photo re-encoded without EXIF/GPS and ≤ 1600 px
  const token = await page.evaluate(() => {
    for (let i = 0; i < localStorage.length; i++) {
      const m = (localStorage.getItem(localStorage.key(i)!) ?? '').match(/\\?"token\\?":\\?"([^"\\]+)/)
      if (m) return m[1]
    }
    return null
  })
  const list = (await (await fetch(`${server.url}/api/v1/me/certificates`, { headers: { authorization: `Bearer ${token}` } })).json()) as CertificateList
  expect(list.items).toHaveLength(4)
  const own = list.items.find((c) => c.source === 'upload')!
  expect(own).toMatchObject({ kind: 'training', number: 'PX2025000123', occupationName: '砌筑工', verification: 'pending', source: 'upload' })
  const photo = Buffer.from(await (await fetch(`${server.url}/api/v1/files/${own.photos[0]}`, { headers: { authorization: `Bearer ${token}` } })).arrayBuffer())
  const meta = await sharp(photo).metadata()
  expect(meta.exif).toBeUndefined()
  expect(Math.max(meta.width ?? 0, meta.height ?? 0)).toBeLessThanOrEqual(1600)
  expect(errors).toEqual([])
  await context.close()
  fs.rmSync(dir, { recursive: true, force: true })
})
