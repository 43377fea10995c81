/**
 * Sign-up in the compiled mini program, headless, against a live server: silent WeChat login
 * (wx.login → development code2Session adapter) → privacy consent → profile → confirmation with the
 * eligibility preview → 确认报名 → 我的报名 shows it; the server holds exactly one enrollment.
 */
import path from 'node:path'
import type { CoursePage } from '../../src/contract'
import { getJson, useLiveServer } from '../support/server'
import { WeappHost } from './host'

const DIST = path.resolve(__dirname, '../../dist/weapp')
const server = useLiveServer()

test('login → profile → sign up → 我的报名', async () => {
  const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10)
  const list = await getJson<CoursePage>(`${server.url}/api/v1/courses?region=140900&subsidizedOnly=true&hasSeats=true&limit=50`)
  const course = list.items.find((c) => c.startDate > today && c.mode !== 'online')
  expect(course).toBeDefined()

  const host = new WeappHost({ distDir: DIST, apiBase: server.url, loginCode: 'dev:weapp-worker-1' })
  const detail = await host.launch('pages/course/index', { id: course!.id })
  await detail.waitForText(course!.title)
  await detail.tapId('signup')
  await host.settle()

  // silent login happened; no consent yet → the privacy notice
  expect(host.calls.some((c) => c.api === 'login')).toBe(true)
  expect(host.currentPage.route).toBe('subpackages/signup/privacy/index')
  await host.currentPage.waitForText('用户隐私保护指引')
  await host.currentPage.tapId('agree')
  await host.settle()

  // back on the confirmation page: ask only what sign-up needs
  const confirm = host.currentPage
  expect(confirm.route).toBe('subpackages/signup/confirm/index')
  await confirm.waitForId('id-number')
  await confirm.inputId('real-name', '李秀英')
  await confirm.inputId('id-number', '14090219900307123') // 17 digits: not nagged while typing…
  await confirm.tapId('save-profile') // …but saving names the problem, and nothing is sent
  await confirm.waitForText('身份证号应为18位，现在是17位')
  expect(host.requests.some((r) => r.method === 'PUT')).toBe(false)
  await confirm.inputId('id-number', '140922199502280030')
  if (confirm.has('phone')) await confirm.inputId('phone', '13698765432')
  await confirm.tapText('脱贫劳动力（含防止返贫监测对象）')
  await confirm.tapId('save-profile')
  await confirm.waitForId('confirm-enroll')
  const sheet = confirm.text()
  expect(sheet).toContain(course!.title)
  expect(sheet).toContain('职业培训补贴')
  expect(sheet).toMatch(/生活费补贴\n可申请/) // 脱贫劳动力 qualify (55号 第九条)
  expect(sheet).toContain('第九条')
  await confirm.tapId('confirm-enroll')
  await host.settle()

  const mine = host.currentPage
  expect(mine.route).toBe('subpackages/signup/mine/index')
  const text = await mine.waitForText(course!.title)
  expect(text).toContain('已报名')
  expect(host.calls.some((c) => c.api === 'showToast' && String(c.args.title).includes('报名成功'))).toBe(true)

  // exactly one enrollment reached the server, sent with an Idempotency-Key
  const posts = host.requests.filter((r) => r.method === 'POST' && r.url.endsWith('/api/v1/enrollments'))
  expect(posts.map((r) => r.status)).toEqual([201])
})
