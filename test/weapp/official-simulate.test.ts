/**
 * The compiled pages rendered by WeChat's own miniprogram-simulate (exparser + wcc-compiled WXML, jsdom)
 * against a live server: home, course detail, 添加证书 (the privacy sheet in front of 拍照, rendered in the
 * DOM) and the staff queue. Navigation is recorded, not performed: each page is opened on its own.
 */
import path from 'node:path'
import type { CoursePage } from '../../src/contract'
import { getJson, startServer, type RunningServer } from '../support/server'
import { SimulatedApp } from './simulate'

const DIST = path.resolve(__dirname, '../../dist/weapp')
let running: RunningServer | undefined
beforeAll(async () => {
  running = await startServer({}, 240_000)
}, 250_000)
afterAll(async () => running?.stop())
const url = () => (running as RunningServer).url

async function post<T>(p: string, body: unknown, token?: string): Promise<T> {
  const res = await fetch(url() + p, {
    method: p.endsWith('/profile') ? 'PUT' : 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body)
  })
  if (!res.ok) throw new Error(`${p} → ${res.status} ${await res.text()}`)
  return (await res.json().catch(() => null)) as T
}

/** What the app's storage adapter writes (wx storage holds the zustand JSON string). */
const stored = (value: unknown) => JSON.stringify(JSON.stringify(value))

test('home: search, 工种 and the nearby-courses prompt rendered; an entry tap asks WeChat to open its page', async () => {
  const app = new SimulatedApp(DIST, { apiBase: url() })
  const home = await app.open('pages/index/index')
  const text = await home.waitForText('按工种找课程')
  expect(text).toContain('搜索')
  expect(text).toContain('育婴员')
  expect(text).toContain('用我的位置')
  expect(text).not.toContain('我的资料') // personal pages are on the 我的 tab
  await home.tap('entry-verify')
  expect(app.navigations.at(-1)?.url).toMatch(/^\/subpackages\/certificates\/verify\/index/)
}, 120_000)

test('course detail: title, seats and subsidy from the server; 立即报名 asks to sign in first', async () => {
  const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10)
  const list = await getJson<CoursePage>(`${url()}/api/v1/courses?region=140900&hasSeats=true&limit=50`)
  const course = list.items.find((c) => c.startDate > today)!
  const app = new SimulatedApp(DIST, { apiBase: url(), loginCode: 'dev:simulate-course' })
  const detail = await app.open('pages/course/index', { id: course.id })
  const text = await detail.waitForText(course.title)
  expect(text).toContain(course.institution.name)
  expect(detail.has('signup')).toBe(true)
  await detail.tap('signup')
  for (let i = 0; i < 100 && app.navigations.length === 0; i++) await new Promise((r) => setTimeout(r, 50))
  expect(app.navigations.at(-1)?.url).toMatch(/^\/subpackages\/signup\/(privacy|confirm|login)\/index/)
}, 120_000)

test('添加证书: 拍照 with privacy not agreed → the sheet is in the DOM; 同意 → chooseMedia proceeds', async () => {
  const session = await post<{ token: string }>('/api/v1/auth/wechat', { code: 'dev:simulate-cert' })
  const privacy = (await (await fetch(`${url()}/api/v1/privacy`)).json()) as { version: string }
  await post('/api/v1/me/consent', { version: privacy.version }, session.token)
  const app = new SimulatedApp(DIST, { apiBase: url(), loginCode: 'dev:simulate-cert' })
  const add = await app.open('subpackages/certificates/add/index')
  await add.waitForText('证书照片')
  await add.tap('photo-camera')
  await add.waitForId('privacy-sheet')
  expect(add.text()).toContain('拍照或从相册选照片')
  expect(app.host.privacy.asked).toEqual(['chooseMedia'])
  expect(app.host.privacy.events).toEqual(['exposureAuthorization'])
  await add.tapAgree('privacy-agree')
  for (let i = 0; i < 100 && add.has('privacy-sheet'); i++) await new Promise((r) => setTimeout(r, 50))
  expect(add.has('privacy-sheet')).toBe(false)
  expect(app.host.privacy.events).toEqual(['exposureAuthorization', 'agree'])
  expect(app.host.privacy.proceeded).toEqual(['chooseMedia'])
  expect(app.host.privacy.violations).toEqual([])
}, 120_000)

test('staff queue: a station staff session renders 提交情况 with its counters', async () => {
  const sent = await post<{ devCode: string }>('/api/v1/auth/sms/send', { phone: '13800000002' })
  const session = await post<{ token: string; expiresAt: string; me: unknown }>('/api/v1/auth/sms/verify', { phone: '13800000002', code: sent.devCode })
  const app = new SimulatedApp(DIST, {
    apiBase: url(),
    storage: { 'zsb.session': stored({ state: { token: session.token, expiresAt: session.expiresAt, me: session.me, pendingEnrollments: {} }, version: 1 }) }
  })
  const queue = await app.open('subpackages/staff/queue/index')
  const text = await queue.waitForText('待提交')
  expect(text).not.toContain('请先登录')
  expect(text).toContain('已报名')
  expect(text).toContain('信息有误')
  expect(text).toContain('还没有报名记录')
  await queue.tap('queue-new-signup')
  expect(app.navigations.at(-1)?.url).toMatch(/^\/subpackages\/staff\/signup\/index/)
}, 120_000)
