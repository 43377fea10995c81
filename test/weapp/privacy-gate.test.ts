/**
 * WeChat's privacy gate on every personal-data API, in the compiled mini program against a live server.
 * The worker consented to our notice through the API (another device), so WeChat's own agreement is
 * still missing: the first photo or calendar call is held by WeChat, the page shell's sheet renders and
 * says what the call is for, 不同意 ends it with a plain message, 同意 lets the held call proceed.
 * The host fails any test where a held call has no agree button on screen within 2 s.
 */
import path from 'node:path'
import type { CoursePage } from '../../src/contract'
import { getJson, startServer, type RunningServer } from '../support/server'
import { WeappHost } from './host'

const DIST = path.resolve(__dirname, '../../dist/weapp')
let running: RunningServer | undefined
beforeAll(async () => {
  running = await startServer({}, 240_000)
}, 250_000)
afterAll(async () => running?.stop())
const url = () => (running as RunningServer).url

async function call<T>(token: string | null, method: string, p: string, body?: unknown): Promise<T> {
  const res = await fetch(`${url()}${p}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body)
  })
  const text = await res.text()
  if (!res.ok) throw new Error(`${method} ${p} → ${res.status} ${text}`)
  return (text ? JSON.parse(text) : null) as T
}

/** A worker who consented and filled in the profile elsewhere: the app asks only WeChat's privacy question. */
async function consentedWorker(code: string, idNumber: string, phone: string) {
  const session = await call<{ token: string }>(null, 'POST', '/api/v1/auth/wechat', { code })
  const privacy = await call<{ version: string }>(null, 'GET', '/api/v1/privacy')
  await call(session.token, 'POST', '/api/v1/me/consent', { version: privacy.version })
  await call(session.token, 'PUT', '/api/v1/me/profile', { realName: '赵桂兰', idNumber, phone, groups: ['rural_migrant'], employmentStatus: 'employed' })
}

const lastToast = (host: WeappHost) => host.calls.filter((c) => c.api === 'showToast').at(-1)?.args.title

test('添加证书 → 拍照: the sheet names the camera; 不同意 → told, nothing opened; 同意 → chooseMedia proceeds', async () => {
  await consentedWorker('dev:weapp-gate-photo', '140302198001010013', '13912340101')
  const host = new WeappHost({ distDir: DIST, apiBase: url(), loginCode: 'dev:weapp-gate-photo' })
  const page = await host.launch('subpackages/certificates/add/index')
  await page.waitForId('photo-camera')
  expect(host.privacy.agreed).toBe(false)

  await page.tapId('photo-camera')
  await page.waitForId('privacy-sheet')
  // evidence of the sheet as rendered: test-output/weapp-rendered/privacy-sheet-add-certificate.{json,txt}
  expect(page.saveRenderedTree('privacy-sheet', 'privacy-sheet-add-certificate')).toContain('拍照或从相册选照片')
  const sheet = page.text()
  expect(sheet).toContain('拍照或从相册选照片')
  expect(sheet).toContain('不看相册里的其他照片')
  expect(host.privacy.asked).toEqual(['chooseMedia'])
  // WeChat heard that the popup shows only once it was on screen (the host checks the button was there)
  expect(host.privacy.events).toEqual(['exposureAuthorization'])
  await page.tapId('privacy-contract')
  expect(host.calls.some((c) => c.api === 'openPrivacyContract')).toBe(true)

  await page.tapId('privacy-disagree')
  await host.settle()
  expect(page.has('privacy-sheet')).toBe(false)
  expect(host.privacy.refused).toEqual(['chooseMedia'])
  expect(lastToast(host)).toBe('没有同意，不能拍照或选照片。需要时再点一次')

  await page.tapId('photo-album')
  await page.waitForId('privacy-sheet')
  await page.tapId('privacy-agree')
  await host.settle()
  expect(page.has('privacy-sheet')).toBe(false)
  expect(host.privacy.proceeded).toEqual(['chooseMedia'])
  expect(host.calls.filter((c) => c.api === 'chooseMedia').at(-1)?.args.sourceType).toEqual(['album'])
  expect(host.privacy.events).toEqual(['exposureAuthorization', 'disagree', 'exposureAuthorization', 'agree'])
  // agreed now: the next call goes straight through
  await page.tapId('photo-camera')
  await host.settle()
  expect(page.has('privacy-sheet')).toBe(false)
  expect(host.privacy.asked).toHaveLength(2)
}, 120_000)

test('报名成功 → 加入日历: the sheet names the calendar; 不同意 → told; 同意 → the course goes into the phone calendar', async () => {
  await consentedWorker('dev:weapp-gate-calendar', '14030219800101003X', '13912340102')
  const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10)
  const list = await getJson<CoursePage>(`${url()}/api/v1/courses?region=140900&subsidizedOnly=true&hasSeats=true&limit=50`)
  const course = list.items.find((c) => c.startDate > today && c.mode !== 'online')!
  const host = new WeappHost({ distDir: DIST, apiBase: url(), loginCode: 'dev:weapp-gate-calendar' })
  const detail = await host.launch('pages/course/index', { id: course.id })
  await detail.waitForText(course.title)
  await detail.tapId('signup')
  await host.settle()
  const confirm = host.currentPage
  expect(confirm.route).toBe('subpackages/signup/confirm/index')
  await confirm.waitForId('confirm-enroll')
  await confirm.tapId('confirm-enroll')
  await confirm.waitForId('enroll-success')

  await confirm.tapId('add-calendar')
  await confirm.waitForId('privacy-sheet')
  expect(confirm.saveRenderedTree('privacy-sheet', 'privacy-sheet-add-calendar')).toContain('加入手机日历')
  expect(confirm.text()).toContain('加入手机日历')
  expect(host.privacy.asked).toEqual(['addPhoneCalendar'])
  await confirm.tapId('privacy-disagree')
  await host.settle()
  expect(confirm.has('privacy-sheet')).toBe(false)
  expect(host.privacy.refused).toEqual(['addPhoneCalendar'])
  expect(lastToast(host)).toBe('没有同意，没有加入日历。请记下开课日期')

  await confirm.tapId('add-calendar')
  await confirm.waitForId('privacy-sheet')
  await confirm.tapId('privacy-agree')
  await host.settle()
  expect(host.privacy.proceeded).toEqual(['addPhoneCalendar'])
  const added = host.calls.filter((c) => c.api === 'addPhoneCalendar').at(-1)!
  expect(added.args.title).toContain(course.title)
  expect(added.args.startTime).toBe(Math.floor(Date.parse(`${course.startDate}T00:00:00+08:00`) / 1000))
  expect(lastToast(host)).toBe('已加入日历')
}, 150_000)

test('the host fails a held privacy call when no agree button reaches the screen within 2 s', async () => {
  const host = new WeappHost({ distDir: DIST, apiBase: url() })
  await host.launch('pages/index/index')
  // a call the app did not route through its page shell: WeChat fires the listener, the app shows its sheet…
  host.wx.setClipboardData({ data: 'x' })
  await host.currentPage.waitForId('privacy-sheet')
  expect(host.agreeButtonRendered()).toBe(true)
  await host.currentPage.tapId('privacy-agree')
  await host.settle()
  expect(host.privacy.proceeded).toEqual(['setClipboardData'])

  // …whereas an app without a listener-driven sheet would leave the call waiting forever
  const bare = new WeappHost({ distDir: DIST, apiBase: url() })
  await bare.launch('pages/index/index')
  bare.privacy.listener = () => {} // the popup never shows
  bare.wx.chooseMedia({})
  const deadline = Date.now() + 5000
  while (bare.privacy.violations.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
  expect(bare.privacy.violations[0]).toMatch(/chooseMedia: no agreePrivacyAuthorization button on screen 2000 ms/)
  await expect(bare.settle()).rejects.toThrow(/privacy flow broken/)
}, 60_000)

test('network: tests drive getNetworkType and onNetworkStatusChange', async () => {
  const host = new WeappHost({ distDir: DIST, apiBase: url(), networkType: '4g' })
  await host.launch('pages/index/index')
  const type = () => new Promise<string>((resolve) => host.wx.getNetworkType({ success: (r: { networkType: string }) => resolve(r.networkType) }))
  expect(await type()).toBe('4g')
  const heard: unknown[] = []
  host.wx.onNetworkStatusChange((r: unknown) => heard.push(r))
  await host.setNetwork('none')
  expect(await type()).toBe('none')
  expect(heard.at(-1)).toEqual({ isConnected: false, networkType: 'none' })
}, 60_000)

test('update prompt: a new version ready → 有新版本; 稍后 → nothing; ready again and 重新打开 → applyUpdate; a failed download is said', async () => {
  const host = new WeappHost({ distDir: DIST, apiBase: url(), loginCode: 'dev:weapp-update', privacyAgreed: true })
  const home = await host.launch('pages/index/index')
  await host.settle()
  // the app listens from launch, and asks nothing until WeChat says a version is ready
  expect(host.update.ready).toHaveLength(1)
  expect(host.calls.filter((c) => c.api === 'showModal')).toEqual([])
  host.modalAnswers.push('cancel')
  await host.updateReady()
  const asked = host.calls.filter((c) => c.api === 'showModal')
  expect(asked).toHaveLength(1)
  expect(asked[0].args).toMatchObject({ title: '有新版本', confirmText: '重新打开', cancelText: '稍后' })
  expect(host.update.applied).toBe(0)
  host.modalAnswers.push('confirm')
  await host.updateReady()
  expect(host.calls.filter((c) => c.api === 'showModal')).toHaveLength(2)
  expect(host.update.applied).toBe(1)
  await host.updateFailed()
  expect(lastToast(host)).toBe('新版本没有下载成功，下次打开时会再试')
  expect(home.route).toBe('pages/index/index')
}, 120_000)
