/**
 * 亲情代办 in the compiled mini program, headless, against a live server: a relative (logged in earlier with
 * the invited phone) opens 我的报名 → 亲属代办, accepts the code, switches 替谁办 to the worker: the acting bar
 * 「正在为 王*英 办理」 appears, 我的报名 then lists the worker's sign-up marked 「由 女儿 … 代办」 with the bar on
 * top (the requests carry X-Act-For: the relative's own list is empty); 切回自己 removes the bar.
 */
import path from 'node:path'
import type { Session } from '../../src/contract'
import { useLiveServer } from '../support/server'
import { WeappHost } from './host'

const DIST = path.resolve(__dirname, '../../dist/weapp')
const server = useLiveServer()

async function call<T>(method: string, url: string, token?: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
  const res = await fetch(server.url + url, {
    method,
    headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined
  })
  return { status: res.status, body: (await res.json()) as T }
}
const stored = (value: unknown) => JSON.stringify(JSON.stringify(value))

async function phoneSession(phone: string, who: { realName: string; idNumber: string; worker?: boolean }): Promise<Session> {
  const sent = await call<{ devCode: string }>('POST', '/api/v1/auth/sms/send', undefined, { phone })
  const s = (await call<Session>('POST', '/api/v1/auth/sms/verify', undefined, { phone, code: sent.body.devCode })).body
  const { version } = (await call<{ version: string }>('GET', '/api/v1/privacy')).body
  await call('POST', '/api/v1/me/consent', s.token, { version })
  const extra = who.worker ? { homeRegion: '140302', groups: ['rural_migrant'], employmentStatus: 'employed' } : {}
  expect((await call('PUT', '/api/v1/me/profile', s.token, { realName: who.realName, idNumber: who.idNumber, ...extra })).status).toBe(200)
  return { ...s, me: (await call<Session['me']>('GET', '/api/v1/me', s.token)).body }
}

test('替谁办: accept a code, switch to the worker (acting bar, X-Act-For, 「由 女儿 … 代办」), switch back', async () => {
  const run = String(Date.now() % 10_000).padStart(4, '0')
  const worker = await phoneSession(`1391235${run}`, { realName: '王秀英', idNumber: '140302197803150021', worker: true })
  const relPhone = `1381235${run}`
  const relative = await phoneSession(relPhone, { realName: '李小红', idNumber: '140302199901010021' })
  const inv = await call<{ code: string }>('POST', '/api/v1/me/proxies', worker.token, { phone: relPhone, relation: 'child' })
  expect(inv.status).toBe(201)
  // the worker signed up for a course earlier, through her daughter's earlier visit: made here through the API
  const [course] = (await call<{ items: Array<{ id: string; startDate: string }> }>('GET', '/api/v1/courses?region=140300&subsidizedOnly=true&hasSeats=true&startsWithinDays=120&limit=50')).body.items.filter(
    (c) => c.startDate > new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10)
  )

  const host = new WeappHost({
    distDir: DIST,
    apiBase: server.url,
    privacyAgreed: true,
    storage: { 'zsb.session': stored({ state: { token: relative.token, expiresAt: relative.expiresAt, me: relative.me, pendingEnrollments: {}, actingFor: null }, version: 1 }) }
  })
  const mine = await host.launch('subpackages/signup/mine/index')
  await mine.waitForId('mine-proxies')
  await mine.tapId('mine-proxies')
  await host.settle()
  const page = host.currentPage
  expect(page.route).toBe('subpackages/proxies/index/index')
  await page.waitForId('proxy-code')
  expect(page.has('acting-bar')).toBe(false)
  await page.inputId('proxy-code', inv.body.code)
  await page.tapId('proxy-accept')
  await page.waitForId(`act-for-${worker.me.id}`)
  await page.tapId(`act-for-${worker.me.id}`)
  await page.waitForId('acting-bar')
  expect(page.text()).toContain('正在为 王*英 办理')
  expect(page.has('act-as-self')).toBe(true)
  // outside 关怀模式 a toast keeps WeChat's usual 2 s
  expect(host.calls.filter((c) => c.api === 'showToast').at(-1)?.args).toMatchObject({ title: '现在替 王*英 办理', duration: 2000 })

  // acting: a sign-up made for the worker (the API, as the app would with the header), then 我的报名 is hers
  const e = await call<{ id: string }>('POST', '/api/v1/enrollments', relative.token, { courseId: course.id }, { 'x-act-for': worker.me.id, 'idempotency-key': `wx-proxy-${run}-1` })
  expect(e.status).toBe(201)
  host.requests.length = 0
  host.wx.navigateBack({})
  await host.settle()
  const mine2 = host.currentPage
  expect(mine2.route).toBe('subpackages/signup/mine/index')
  await mine2.waitForText('由 女儿 138****' + run.slice(-4) + ' 代办')
  expect(mine2.text()).toContain('正在为 王*英 办理')
  // the list came with X-Act-For: the sign-up is only in the worker's list, never in the relative's own
  expect(host.requests.filter((r) => r.url.includes('/api/v1/me/enrollments')).map((r) => r.status)).toContain(200)
  expect((await call<{ items: unknown[] }>('GET', '/api/v1/me/enrollments', relative.token)).body.items).toEqual([])

  // 切回自己
  await mine2.tapId('mine-proxies')
  await host.settle()
  const again = host.currentPage
  await again.waitForId('act-as-self')
  await again.tapId('act-as-self')
  for (let i = 0; i < 50 && again.has('acting-bar'); i++) await host.settle()
  expect(again.has('acting-bar')).toBe(false)
  expect(again.text()).toContain('现在是你自己的账号')
})

test('关怀模式: 替谁办 from 我的, the acting bar on every page visited (large-text shell), toasts held 4.5 s', async () => {
  const run = String((Date.now() + 5000) % 10_000).padStart(4, '0')
  const worker = await phoneSession(`1391236${run}`, { realName: '王秀英', idNumber: '140302197803150021', worker: true })
  const relPhone = `1381236${run}`
  const relative = await phoneSession(relPhone, { realName: '李小红', idNumber: '140302199901010021' })
  const inv = await call<{ code: string }>('POST', '/api/v1/me/proxies', worker.token, { phone: relPhone, relation: 'child' })
  expect((await call('POST', '/api/v1/proxies/accept', relative.token, { code: inv.body.code })).status).toBe(200)
  const host = new WeappHost({
    distDir: DIST,
    apiBase: server.url,
    privacyAgreed: true,
    storage: {
      'zsb.session': stored({ state: { token: relative.token, expiresAt: relative.expiresAt, me: relative.me, pendingEnrollments: {}, actingFor: null }, version: 1 }),
      'zsb.settings': stored({ state: { region: null, preferRegion: false, elderMode: true, careOffered: true }, version: 1 })
    }
  })
  const me = await host.launch('pages/me/index')
  await me.waitForText('亲属代办')
  expect(String(me.findByClass('page-shell')[0]?.cl)).toContain('page-shell--care')
  expect(me.has('acting-bar')).toBe(false)
  await me.tapText('亲属代办')
  await host.settle()
  const page = host.currentPage
  expect(page.route).toBe('subpackages/proxies/index/index')
  await page.waitForId(`act-for-${worker.me.id}`)
  await page.tapId(`act-for-${worker.me.id}`)
  await page.waitForId('acting-bar')
  expect(page.text()).toContain('正在为 王*英 办理')
  expect(String(page.findByClass('page-shell')[0]?.cl)).toContain('page-shell--care')
  // an older reader has time to read what happened
  const shown = host.calls.filter((c) => c.api === 'showToast').at(-1)?.args
  expect(shown).toMatchObject({ title: '现在替 王*英 办理' })
  expect(shown?.duration).toBeGreaterThanOrEqual(4000)
  // every page shows whose account this is: back on 我的, then the worker's 我的报名 and the course list
  host.wx.navigateBack({})
  await host.settle()
  await host.currentPage.waitForId('acting-bar')
  expect(host.currentPage.route).toBe('pages/me/index')
  for (const route of ['subpackages/signup/mine/index', 'pages/courses/index']) {
    host.wx.navigateTo({ url: `/${route}` })
    await host.settle()
    const p = host.currentPage
    expect(p.route).toBe(route)
    await p.waitForId('acting-bar')
    expect(p.text()).toContain('正在为 王*英 办理')
    expect(String(p.findByClass('page-shell')[0]?.cl)).toContain('page-shell--care')
  }
  // the worker's list was read for her (the server accepted the relative acting: 200, not 403)
  expect(host.requests.filter((r) => r.url.includes('/api/v1/me/enrollments')).map((r) => r.status)).toContain(200)
})
