/**
 * Sign-up in the compiled mini program, headless, against a live server: silent WeChat login
 * (wx.login → development code2Session adapter) → privacy consent → profile → 保存并报名 → 报名成功
 * with what happens next and the eligibility preview, 加入日历 (phone calendar where WeChat has it,
 * else the text copied), 告诉家人 as a native share button → 我的报名 shows it; the server holds
 * exactly one enrollment.
 */
import path from 'node:path'
import type { AppConfig, CoursePage } from '../../src/contract'
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
  // …and the page scrolls to the first error (the worker is at the button at the bottom)
  await host.settle()
  expect(host.calls.some((c) => c.api === 'pageScrollTo' && c.args.selector === '.form-error')).toBe(true)
  await confirm.inputId('id-number', '140922199502280030')
  if (confirm.has('phone')) await confirm.inputId('phone', '13698765432')
  await confirm.tapText('脱贫劳动力（含防止返贫监测对象）')
  const subscribeAsks = () => host.calls.filter((c) => c.api === 'requestSubscribeMessage')
  expect(subscribeAsks()).toEqual([]) // the refused save asked nothing
  await confirm.tapId('save-profile') // 保存并报名: no second confirmation tap
  await confirm.waitForId('enroll-success')
  // that tap asked WeChat for 开课提醒 with the template id the server's config names
  const config = await getJson<AppConfig>(`${server.url}/api/v1/config`)
  expect(config.subscribeTemplates.courseStart).toBeTruthy()
  expect(subscribeAsks().map((c) => c.args.tmplIds)).toEqual([[config.subscribeTemplates.courseStart]])
  const done = confirm.text()
  expect(done).toContain('报名成功')
  expect(done).toContain(course!.title)
  expect(done).toContain('身份证原件')
  expect(done).toContain('开课前可以在“我的报名”里取消')
  expect(done).toContain('职业培训补贴')
  expect(done).toMatch(/生活费补贴\n可申请/) // 脱贫劳动力 qualify (55号 第九条)
  expect(done).toContain('第九条')
  expect(done).not.toContain('按当地标准')

  // 加入日历: the phone calendar (this host's canIUse table offers it); 同意 on our notice was WeChat's
  // agreePrivacyAuthorization button too, so no second question
  await confirm.tapId('add-calendar')
  await host.settle()
  expect(host.privacy.asked).toEqual([])
  const calendarCall = host.calls.find((c) => c.api === 'addPhoneCalendar')
  expect(calendarCall!.args.title).toContain(course!.title)
  expect(calendarCall!.args.startTime).toBe(Math.floor(Date.parse(`${course!.startDate}T00:00:00+08:00`) / 1000))

  // 告诉家人 is WeChat's own share button, and the page shares the course
  expect(confirm.has('share-family')).toBe(true)
  await confirm.tapId('go-mine')
  await host.settle()

  const mine = host.currentPage
  expect(mine.route).toBe('subpackages/signup/mine/index')
  const text = await mine.waitForText(course!.title)
  expect(text).toContain('已报名')

  // exactly one enrollment reached the server, sent with an Idempotency-Key
  const posts = host.requests.filter((r) => r.method === 'POST' && r.url.endsWith('/api/v1/enrollments'))
  expect(posts.map((r) => r.status)).toEqual([201])
})
