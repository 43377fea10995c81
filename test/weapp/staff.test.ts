/**
 * The staff pages in the compiled mini program, headless, against a live server: a staff session (the
 * seeded 13800000002 account) opens 工作台, then 提交情况 with a queue left on the phone from an earlier
 * session — it syncs by itself and every item ends in its own outcome: 已报名, 已报过名, 名额已满,
 * 信息有误 and 已取消 (never sent). A worker session is refused.
 */
import path from 'node:path'
import type { CoursePage } from '../../src/contract'
import { getJson, startServer, type RunningServer } from '../support/server'
import { validIdNumber } from '../api/helpers'
import { WeappHost } from './host'

const DIST = path.resolve(__dirname, '../../dist/weapp')
// started here rather than with useLiveServer: on a loaded machine the first start (migrations, seed) can take minutes
let running: RunningServer | undefined
beforeAll(async () => {
  running = await startServer({}, 240_000)
}, 300_000)
afterAll(async () => running?.stop())
const server = {
  get url() {
    return running!.url
  }
}

async function post(url: string, body: unknown, token?: string) {
  const res = await fetch(server.url + url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body)
  })
  return { status: res.status, body: (await res.json()) as any }
}

async function staffSession() {
  const sent = await post('/api/v1/auth/sms/send', { phone: '13800000002' })
  const v = await post('/api/v1/auth/sms/verify', { phone: '13800000002', code: sent.body.devCode })
  return v.body as { token: string; expiresAt: string; me: unknown }
}

/** What the app's storage adapter would have written (wx storage holds the zustand JSON string). */
const stored = (value: unknown) => JSON.stringify(JSON.stringify(value))

test('工作台 and a queue with an item in each outcome', async () => {
  const session = await staffSession()
  const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10)
  const open = (await getJson<CoursePage>(`${server.url}/api/v1/courses?region=140300&hasSeats=true&limit=50`)).items.find((c) => c.startDate > today)!
  const all = await getJson<CoursePage>(`${server.url}/api/v1/courses?region=140300&limit=50`)
  const full = all.items.find((c) => c.seatsLeft === 0 && c.startDate > today)
  expect(open).toBeDefined()
  const run = Date.now() % 100000
  const worker = (n: number) => ({
    realName: ['周一', '吴二', '郑三', '王四'][n],
    idNumber: validIdNumber(`14030219800${n + 1}${String(10 + (run % 18))}${String(run % 1000).padStart(3, '0')}`),
    phone: `1370${String(run).padStart(5, '0')}${n}0`.slice(0, 11),
    groups: ['rural_migrant']
  })
  // the worker read the code out once; the second sign-up of the same worker reuses it (same staff, 30 min)
  const code = (await post('/api/v1/staff/consents/sms', { phone: worker(0).phone }, session.token)).body.devCode
  const code2 = (await post('/api/v1/staff/consents/sms', { phone: worker(1).phone }, session.token)).body.devCode
  const now = Date.now()
  const item = (key: string, course: { id: string; title: string }, w: ReturnType<typeof worker>, consent: unknown, status = 'pending') => ({
    key,
    createdAt: now,
    course: { id: course.id, title: course.title },
    worker: w,
    consent,
    status,
    attempts: 0,
    nextAttemptAt: now,
    history: [],
    ...(status === 'cancelled' ? { message: '已取消，没有提交' } : {})
  })
  const items = [
    item(`wx-enrolled-${run}`, open, worker(0), { method: 'sms', code }),
    item(`wx-again-${run}`, open, worker(0), { method: 'sms', code }),
    item(`wx-full-${run}`, full ?? open, worker(1), { method: 'sms', code: code2 }),
    item(`wx-invalid-${run}`, open, { ...worker(2), idNumber: '140302197803150022' }, { method: 'sms', code: '000000' }),
    item(`wx-cancelled-${run}`, open, worker(3), { method: 'sms', code: '' }, 'cancelled')
  ]
  const host = new WeappHost({
    distDir: DIST,
    apiBase: server.url,
    storage: {
      'zsb.session': stored({ state: { token: session.token, expiresAt: session.expiresAt, me: session.me, pendingEnrollments: {} }, version: 1 }),
      'zsb.staff-queue': stored({ state: { items, courses: [], lastCourseId: null, station: null }, version: 1 })
    }
  })
  const bench = await host.launch('subpackages/staff/index/index')
  const text = await bench.waitForText('现场报名')
  expect(text).toContain('阳泉市城区')
  expect(text).toContain('服务站二维码')
  await bench.tapId('staff-queue')
  await host.settle()
  const queue = host.currentPage
  expect(queue.route).toBe('subpackages/staff/queue/index')
  // syncs by itself: wait until nothing waits
  const deadline = Date.now() + 30_000
  while (!/0\n待提交/.test(queue.text()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200))
  const done = queue.text()
  expect(done).toMatch(/1\n已报名/)
  expect(done).toMatch(/1\n已报过名/)
  if (full) expect(done).toMatch(/1\n名额已满/)
  expect(done).toMatch(/1\n信息有误/)
  expect(done).toMatch(/1\n已取消/)
  expect(done).toContain('身份证号校验位不正确')
  expect(done).toContain('修改后重交')
})

test('a worker session is refused on the staff page', async () => {
  const host = new WeappHost({ distDir: DIST, apiBase: server.url, loginCode: 'dev:weapp-plain-worker' })
  const page = await host.launch('subpackages/staff/index/index')
  await page.waitForText('这个账号不是服务站工作人员')
})
