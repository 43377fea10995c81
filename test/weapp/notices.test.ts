/**
 * The compiled mini program's notices subpackage, headless against a live server: the feed (newest first,
 * unread markers after login), the detail with the summary on top, 听一听 through WeChat's audio context with
 * the server's synthesised WAV (play / pause / stops when the page is left), and the share poster drawn on a
 * Canvas 2D node (QR code modules and title drawn, saved to the album).
 * The host has no audio or canvas: this test gives it a recording audio context, a downloadFile that really
 * downloads from the server, and a recording 2D context — standing in for the WeChat client, not for our code.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import qrcode from 'qrcode-generator'
import type { NoticePage } from '../../src/contract'
import { getJson, startServer, type RunningServer } from '../support/server'
import { TEST_API_BASE, WeappHost } from './host'
import { mp3Info } from '../api/mp3'

const DIST = path.resolve(__dirname, '../../dist/weapp')
// started here with a longer start-up allowance than useLiveServer's: the shared CI machine is often busy
let running: RunningServer | undefined
beforeAll(async () => {
  running = await startServer({}, 240_000)
}, 300_000)
afterAll(async () => running?.stop())
const server = { get url() { return (running as RunningServer).url } }

interface FakePlayer {
  src: string
  played: number
  paused: number
  stopped: number
  destroyed: number
}

function newHost(storage?: Record<string, string>) {
  const host = new WeappHost({ distDir: DIST, apiBase: server.url, storage })
  const players: FakePlayer[] = []
  const downloads: { url: string; status: number; bytes: Buffer }[] = []
  const drawn = { fillRect: 0, texts: [] as string[], dark: [] as { x: number; y: number; w: number }[] }
  const saved: string[] = []
  const wx = host.wx
  wx.downloadFile = (opts: any) => {
    const url = String(opts.url).replace(TEST_API_BASE, server.url)
    // WeChat's downloadFile sends the given header (the speech route needs the reader's token)
    fetch(url, { headers: opts.header ?? {} }).then(async (res) => {
      const bytes = Buffer.from(await res.arrayBuffer())
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wx-dl-')), 'audio.mp3')
      fs.writeFileSync(file, bytes)
      downloads.push({ url, status: res.status, bytes })
      const r = { statusCode: res.status, tempFilePath: file, errMsg: 'downloadFile:ok' }
      opts.success?.(r)
      opts.complete?.(r)
    }, (e) => opts.fail?.({ errMsg: String(e) }))
    return { abort() {}, onProgressUpdate() {} }
  }
  wx.setInnerAudioOption = (opts: any) => opts?.success?.({})
  wx.createInnerAudioContext = () => {
    const on: Record<string, (() => void)[]> = {}
    const p: FakePlayer & Record<string, unknown> = { src: '', played: 0, paused: 0, stopped: 0, destroyed: 0 }
    const fire = (k: string) => setTimeout(() => (on[k] ?? []).forEach((f) => f()), 0)
    for (const k of ['Play', 'Pause', 'Ended', 'Error', 'Stop', 'CanplayThrough', 'TimeUpdate', 'Waiting', 'Seeking', 'Seeked']) {
      p[`on${k}`] = (f: () => void) => (on[k] = [...(on[k] ?? []), f])
      p[`off${k}`] = () => (on[k] = [])
    }
    p.play = () => {
      p.played++
      fire('Play')
    }
    p.pause = () => {
      p.paused++
      fire('Pause')
    }
    p.stop = () => {
      p.stopped++
      fire('Stop')
    }
    p.destroy = () => {
      p.destroyed++
    }
    players.push(p)
    return p
  }
  const ctx2d = {
    fillStyle: '',
    font: '',
    textBaseline: '',
    textAlign: '',
    fillRect: (x: number, y: number, w: number) => {
      drawn.fillRect++
      if (ctx2d.fillStyle === '#000000') drawn.dark.push({ x, y, w })
    },
    fillText: (t: string) => drawn.texts.push(t),
    // a CJK character is about one em wide
    measureText: (t: string) => ({ width: Array.from(t).length * (Number(/(\d+)px/.exec(ctx2d.font)?.[1]) || 30) })
  }
  const canvasNode = { width: 0, height: 0, getContext: () => ctx2d }
  wx.createSelectorQuery = () => {
    const q: any = {}
    for (const k of ['in', 'select', 'selectAll', 'selectViewport', 'boundingClientRect', 'scrollOffset', 'fields', 'node']) q[k] = () => q
    q.exec = (cb?: (r: unknown[]) => void) => setTimeout(() => cb?.([{ node: canvasNode, width: 750, height: 1180 }]), 0)
    return q
  }
  wx.canvasToTempFilePath = (opts: any) => {
    const r = { tempFilePath: '/tmp/poster.png', errMsg: 'canvasToTempFilePath:ok' }
    setTimeout(() => {
      opts.success?.(r)
      opts.complete?.(r)
    }, 0)
  }
  // still WeChat's privacy gate first (privacy starts not agreed), then the album
  wx.saveImageToPhotosAlbum = (opts: any) => {
    host.privacyGate('saveImageToPhotosAlbum', opts, () => {
      saved.push(opts.filePath)
      opts.success?.({ errMsg: 'saveImageToPhotosAlbum:ok' })
      opts.complete?.({})
    })
  }
  return { host, players, downloads, drawn, saved, canvasNode }
}

test('feed: every region newest first; tapping a notice opens the detail with the summary on top', async () => {
  const { host } = newHost()
  const feed = await host.launch('pages/notices/index') // the 政策 tab
  const all = await getJson<NoticePage>(`${server.url}/api/v1/notices?limit=20`)
  const text = await feed.waitForText(all.items[0].title)
  expect(text).toContain('全部地区')
  expect(text).toContain('有新政策时通知我')
  expect(text.indexOf(all.items[0].title)).toBeLessThan(text.indexOf(all.items[1].title))
  await feed.tapText(all.items[0].title)
  await host.settle()
  expect(host.currentPage.route).toBe('subpackages/notices/detail/index')
  const detail = await host.currentPage.waitForText('说的是什么')
  expect(detail).toContain(all.items[0].summary)
  expect(detail.indexOf('说的是什么')).toBeLessThan(detail.indexOf('发布单位'))
  expect(detail).toContain('听一听')
  expect(detail).toContain('生成分享海报')
})

test('听一听: the server\'s WAV through the audio context; pause and play again; stops and frees the player when the page is left', async () => {
  const { host, players, downloads } = newHost()
  await host.launch('subpackages/notices/detail/index', { id: 'ntc_yuxian2611' })
  const page = host.currentPage
  await page.waitForText('听一听')
  await page.tapText('听一听')
  await page.waitForText('暂停朗读', 60_000)
  expect(downloads).toHaveLength(1)
  expect(downloads[0].url).toMatch(/\/api\/v1\/notices\/ntc_yuxian2611\/audio$/)
  expect(downloads[0].status).toBe(200)
  expect(mp3Info(downloads[0].bytes).mono).toBe(true)
  expect(players).toHaveLength(1)
  expect(mp3Info(fs.readFileSync(players[0].src)).seconds).toBeGreaterThan(1)
  await page.tapText('暂停朗读')
  await page.waitForText('继续听')
  expect(players[0].paused).toBe(1)
  await page.tapText('继续听')
  await page.waitForText('暂停朗读')
  expect(players[0].played).toBe(2)
  // leaving the page stops the reading
  await page.call('onHide')
  await host.settle()
  expect(players[0].stopped).toBe(1)
  expect(players[0].destroyed).toBe(1)
}, 90_000)

test('share poster: title and QR code drawn on the Canvas 2D node; 保存到相册 asks for privacy (不同意 → told, 同意 → saved)', async () => {
  const { host, drawn, saved, canvasNode } = newHost()
  await host.launch('subpackages/notices/poster/index', { id: 'ntc_policy55' })
  const page = host.currentPage
  await page.waitForText('保存到相册')
  for (let i = 0; i < 40 && drawn.texts.length === 0; i++) await new Promise((r) => setTimeout(r, 100))
  await host.settle()
  expect(canvasNode.width).toBe(750)
  expect(drawn.texts).toContain('扫码看全文')
  expect(drawn.texts.join('')).toContain('农民工技能培训')
  // a version-3+ QR code has ≥ 29×29 modules, about half dark
  expect(drawn.fillRect).toBeGreaterThan(200)
  // privacy not agreed yet: WeChat holds the save, the page shell's sheet says what it is for
  await page.tapText('保存到相册')
  await page.waitForId('privacy-sheet')
  // evidence of the sheet as rendered: test-output/weapp-rendered/privacy-sheet-poster.{json,txt}
  expect(page.saveRenderedTree('privacy-sheet', 'privacy-sheet-poster')).toContain('保存图片到相册')
  expect(page.text()).toContain('保存图片到相册')
  expect(host.privacy.asked).toEqual(['saveImageToPhotosAlbum'])
  expect(host.privacy.events).toEqual(['exposureAuthorization'])
  await page.tapId('privacy-disagree')
  await page.waitForText('没有同意，图片没有保存')
  expect(page.has('privacy-sheet')).toBe(false)
  expect(saved).toEqual([])
  expect(host.privacy.refused).toEqual(['saveImageToPhotosAlbum'])
  // again, and 同意: the held save proceeds
  await page.tapText('保存到相册')
  await page.waitForId('privacy-sheet')
  await page.tapId('privacy-agree')
  await page.waitForText('海报已保存')
  expect(saved).toEqual(['/tmp/poster.png'])
  expect(host.privacy.proceeded).toEqual(['saveImageToPhotosAlbum'])
  expect(host.privacy.events).toEqual(['exposureAuthorization', 'disagree', 'exposureAuthorization', 'agree'])
})

test('a station staff member\'s poster names the station and its QR code opens the notice with the station referral', async () => {
  const sent = await fetch(`${server.url}/api/v1/auth/sms/send`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phone: '13800000002' }) })
  const { devCode } = (await sent.json()) as { devCode: string }
  const verified = await fetch(`${server.url}/api/v1/auth/sms/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phone: '13800000002', code: devCode }) })
  const session = (await verified.json()) as { token: string; expiresAt: string; me: { roles: { role: string; stationId: string | null; stationName: string | null }[] } }
  const station = session.me.roles.find((r) => r.role === 'station_staff')!
  const stored = (value: unknown) => JSON.stringify(JSON.stringify(value))
  const { host, drawn } = newHost({ 'zsb.session': stored({ state: { token: session.token, expiresAt: session.expiresAt, me: session.me, pendingEnrollments: {} }, version: 1 }) })
  await host.launch('subpackages/notices/poster/index', { id: 'ntc_policy55' })
  const text = await host.currentPage.waitForText('保存到相册')
  for (let i = 0; i < 40 && drawn.texts.length === 0; i++) await new Promise((r) => setTimeout(r, 100))
  await host.settle()
  expect(drawn.texts.join('')).toContain(`${station.stationName} 推荐`) // wrapped over lines beside the QR code
  expect(text).toContain(`${station.stationName} 推荐`)
  // the dark QR modules drawn are exactly those of the link with the station (layout of draw-poster.ts)
  const link = `${TEST_API_BASE}/subpackages/notices/detail/index?id=ntc_policy55&station=${station.stationId}`
  const qr = qrcode(0, 'M')
  qr.addData(link, 'Byte')
  qr.make()
  const n = qr.getModuleCount()
  const cell = Math.floor(260 / (n + 8))
  const qy = 1180 - cell * (n + 8) - 60
  const want: string[] = []
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (qr.isDark(r, c)) want.push(`${48 + (c + 4) * cell},${qy + (r + 4) * cell}`)
  expect(drawn.dark.filter((d) => d.w === cell).map((d) => `${d.x},${d.y}`).sort()).toEqual(want.sort())
}, 90_000)

test('听一听 on the eligibility explanation of the sign-up confirmation: the server\'s audio of that text, with the reader\'s token; stops when left', async () => {
  const call = async (method: string, p: string, body: unknown, token?: string) => {
    const res = await fetch(`${server.url}${p}`, { method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) })
    if (!res.ok) throw new Error(`${p} → ${res.status} ${await res.text()}`)
    return res.json()
  }
  const { devCode } = await call('POST', '/api/v1/auth/sms/send', { phone: '13912340009' })
  const session = await call('POST', '/api/v1/auth/sms/verify', { phone: '13912340009', code: devCode })
  const privacy = (await (await fetch(`${server.url}/api/v1/privacy`)).json()) as { version: string }
  const me = await call('POST', '/api/v1/me/consent', { version: privacy.version }, session.token)
  await call('PUT', '/api/v1/me/profile', { realName: '王建国', idNumber: '140302199003071236', groups: ['rural_migrant'], employmentStatus: 'unemployed' }, session.token)
  const list = await getJson<{ items: { id: string; startDate: string }[] }>(`${server.url}/api/v1/courses?region=140300&subsidizedOnly=true&hasSeats=true&startsWithinDays=120&limit=50`)
  const course = list.items.find((c) => c.startDate > new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10))!
  const stored = (value: unknown) => JSON.stringify(JSON.stringify(value))
  const { host, players, downloads } = newHost({ 'zsb.session': stored({ state: { token: session.token, expiresAt: session.expiresAt, me, pendingEnrollments: {} }, version: 1 }) })
  await host.launch('subpackages/signup/confirm/index', { courseId: course.id })
  const page = host.currentPage
  await page.waitForText('听一听（朗读补贴说明）', 60_000)
  await page.tapText('听一听（朗读补贴说明）')
  await page.waitForText('暂停朗读', 60_000)
  expect(downloads).toHaveLength(1)
  const text = decodeURIComponent(new URL(downloads[0].url).searchParams.get('text') ?? '')
  expect(downloads[0].url).toContain('/api/v1/speech?text=')
  expect(text).toContain('职业培训补贴：可申请')
  expect(text).toContain('以上为预估，最终以人社部门审核为准')
  expect(downloads[0].status).toBe(200)
  expect(mp3Info(downloads[0].bytes).mono).toBe(true)
  expect(players).toHaveLength(1)
  await page.call('onHide')
  await host.settle()
  expect(players[0].stopped).toBe(1)
  expect(players[0].destroyed).toBe(1)
}, 120_000)
