/**
 * The staff queue in the compiled mini program, headless, within WeChat's storage limits (the host refuses a
 * key over 1 MB, a total over 10 MB, and everything when the phone is full, with WeChat's error texts):
 * - the staff subpackage is preloaded from 我的, where a staff account finds 工作台;
 * - 200 sign-ups queued offline with their signatures (one file each) keep every key under 1 MB and are all
 *   there after a restart; signatures in files are read back and uploaded once the network is there;
 * - a full phone: 提交报名 says so, the form keeps what was typed, nothing is queued or lost; with space
 *   again the same tap queues it.
 */
import path from 'node:path'
import type { CoursePage } from '../../src/contract'
import { getJson, startServer, type RunningServer } from '../support/server'
import { validIdNumber } from '../api/helpers'
import { signaturePng } from '../api/staff-helpers'
import { STORAGE_KEY_BYTES, WeappHost } from './host'

const DIST = path.resolve(__dirname, '../../dist/weapp')
let running: RunningServer | undefined
beforeAll(async () => {
  running = await startServer({}, 240_000)
}, 300_000)
afterAll(async () => running?.stop())
const url = () => running!.url
/** Nothing listens here: every request fails as with no network */
const NO_NETWORK = 'http://127.0.0.1:9'

async function post(path_: string, body: unknown, token?: string) {
  const res = await fetch(url() + path_, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body)
  })
  return (await res.json()) as any
}

let session: { token: string; expiresAt: string; me: unknown }
let station: unknown
beforeAll(async () => {
  const sent = await post('/api/v1/auth/sms/send', { phone: '13800000002' })
  session = await post('/api/v1/auth/sms/verify', { phone: '13800000002', code: sent.devCode })
  station = (await (await fetch(`${url()}/api/v1/staff/me`, { headers: { authorization: `Bearer ${session.token}` } })).json()).station
}, 60_000)

const stored = (value: unknown) => JSON.stringify(JSON.stringify(value))
const sessionStored = () => stored({ state: { token: session.token, expiresAt: session.expiresAt, me: session.me, pendingEnrollments: {} }, version: 1 })
const run = Date.now() % 100000
const worker = (n: number) => ({
  realName: '王小二',
  idNumber: validIdNumber(`1403021987${String(1 + (n % 12)).padStart(2, '0')}${String(1 + (n % 28)).padStart(2, '0')}${String((run + n) % 1000).padStart(3, '0')}`),
  phone: `136${String(run).padStart(5, '0')}${String(n).padStart(3, '0')}`.slice(0, 11),
  groups: ['rural_migrant']
})
const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10)

test('no preloadRule sends the staff subpackage to everyone; a staff account still finds 工作台 on 我的报名', async () => {
  const host = new WeappHost({ distDir: DIST, apiBase: url(), storage: { 'zsb.session': sessionStored() } })
  // a preloadRule cannot ask for the role: one naming the staff subpackage would download it for every worker
  const rules = Object.values((host.appJson.preloadRule ?? {}) as Record<string, { packages: string[] }>)
  expect(rules.flatMap((r) => r.packages)).not.toContain('subpackages/staff')
  expect(host.appJson.preloadRule?.['pages/course/index']).toEqual({ network: 'all', packages: ['subpackages/signup'] })
  expect(host.appJson.subPackages.find((p) => p.root === 'subpackages/staff')?.pages).toEqual(expect.arrayContaining(['index/index', 'signup/index', 'queue/index', 'list/index']))
  const mine = await host.launch('subpackages/signup/mine/index')
  await mine.waitForId('open-staff', 15_000)
})

test('200 signed sign-ups queued offline: every key under 1 MB, all there after a restart; file signatures upload once online', async () => {
  const png = await signaturePng(7)
  const course = (await getJson<CoursePage>(`${url()}/api/v1/courses?region=140300&hasSeats=true&limit=50`)).items.find((c) => c.startDate > today && c.seatsLeft >= 3)!
  const now = Date.now()
  const files = new Map<string, string>()
  const items = Array.from({ length: 200 }, (_, i) => {
    const ref = `wxfile://usr/signatures/w${run}-${i}.png`
    files.set(ref, `base64:${png.replace(/^data:image\/png;base64,/, '')}`)
    return { key: `wx200-${run}-${i}`, createdAt: now + i, course: { id: course.id, title: course.title, startDate: course.startDate }, worker: worker(i), consent: { method: 'signature', imageRef: ref }, status: 'pending', attempts: 0, nextAttemptAt: now, history: [] }
  })
  const host = new WeappHost({
    distDir: DIST,
    apiBase: NO_NETWORK,
    storage: { 'zsb.session': sessionStored(), 'zsb.staff-queue': stored({ state: { items, courses: [], lastCourseId: null, station }, version: 1 }) }
  })
  for (const [k, v] of files) host.userFiles.set(k, v)
  const queue = await host.launch('subpackages/staff/queue/index')
  await queue.waitForText(/200\n待提交/, 15_000)
  // the app has written the queue back (a failed send is recorded per item); the first send waits for the staff
  // gate's own check, which on a loaded CI machine took longer than 15 s once (2 s alone)
  await queue.waitForText('上次没提交上', 45_000)
  const largest = host.largestStorageValue()
  expect(largest.bytes).toBeLessThan(STORAGE_KEY_BYTES)
  expect(largest.bytes).toBeGreaterThan(10_000)
  expect([...host.userFiles.keys()].filter((k) => k.startsWith('wxfile://usr/signatures/'))).toHaveLength(200)

  // restart, still offline: all 200 waiting
  const snapshot = host.storageSnapshot()
  const again = new WeappHost({ distDir: DIST, apiBase: NO_NETWORK, storage: snapshot })
  for (const [k, v] of host.userFiles) again.userFiles.set(k, v)
  const queue2 = await again.launch('subpackages/staff/queue/index')
  await queue2.waitForText(/200\n待提交/, 15_000)

  // online, a phone with three of them: the signatures come out of their files, go up, and the files go
  const three = JSON.parse(JSON.parse(snapshot['zsb.staff-queue']))
  three.state.items = three.state.items.slice(0, 3).map((i: { nextAttemptAt: number }) => ({ ...i, nextAttemptAt: Date.now() }))
  const online = new WeappHost({ distDir: DIST, apiBase: url(), storage: { 'zsb.session': sessionStored(), 'zsb.staff-queue': stored(three) } })
  for (const [k, v] of host.userFiles) online.userFiles.set(k, v)
  const queue3 = await online.launch('subpackages/staff/queue/index')
  await queue3.waitForText(/3\n已报名/, 30_000)
  for (const i of three.state.items as { consent: { imageRef: string } }[]) expect(online.userFiles.has(i.consent.imageRef)).toBe(false)
})

test('a full phone: 提交报名 says so, keeps the form, queues nothing; with space again the same tap queues it', async () => {
  const course = (await getJson<CoursePage>(`${url()}/api/v1/courses?region=140300&hasSeats=true&limit=50`)).items.find((c) => c.startDate > today && c.seatsLeft >= 1)!
  const host = new WeappHost({ distDir: DIST, apiBase: url(), storage: { 'zsb.session': sessionStored() } })
  const form = await host.launch('subpackages/staff/signup/index')
  await form.waitForText(course.title, 15_000)
  await form.tapText(course.title)
  const w = worker(500)
  await form.inputId('worker-name', w.realName)
  await form.inputId('worker-id', w.idNumber)
  await form.inputId('worker-phone', w.phone)
  await form.tapText('农村转移劳动力')
  await form.inputId('consent-code', '123456')
  host.storageFull = true
  const before = host.storageSnapshot()['zsb.staff-queue']
  await form.tapId('staff-submit')
  await form.waitForText('手机存储空间不够', 8000)
  expect(host.storageSnapshot()['zsb.staff-queue']).toBe(before)
  host.storageFull = false
  await form.tapId('staff-submit')
  await host.settle()
  const queued = JSON.parse(JSON.parse(host.storageSnapshot()['zsb.staff-queue'])).state.items as { worker: { phone: string } }[]
  // what was typed before the refusal is what was queued: the form kept it
  expect(queued.map((i) => i.worker.phone)).toContain(w.phone)
})
