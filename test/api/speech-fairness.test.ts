/**
 * Read-aloud is fair: a flood of 100 speech requests from 10 readers delays a newly published notice's audio
 * by at most the one synthesis already running (notices go first; readers take turns). Measured on the real
 * synthesiser (espeak-ng WebAssembly → MP3) and printed: bytes per minute of speech, synthesis time.
 */
import { login } from '../support/api'
import { mp3Info } from './mp3'
import { loginAs, startTestServer, type TestServer } from './helpers'

let server: TestServer
let admin: string
const saved = process.env.SPEECH_QUEUE_PER_USER
beforeAll(async () => {
  // every request of the flood is queued (none refused), so the queue really is 100 deep
  process.env.SPEECH_QUEUE_PER_USER = '10'
  server = await startTestServer()
  admin = await login(server, { phone: '13800000003' })
}, 60_000)
afterAll(async () => {
  if (saved === undefined) delete process.env.SPEECH_QUEUE_PER_USER
  else process.env.SPEECH_QUEUE_PER_USER = saved
  await server?.close()
})

test('100 requests from 10 readers, then a notice is published: its audio waits ≤ 1 synthesis', async () => {
  const readers = await Promise.all(Array.from({ length: 10 }, (_, i) => loginAs(server, `flood-${i}`)))
  const flood = readers.flatMap((token, u) =>
    Array.from({ length: 10 }, (_, k) => server.get(`/api/v1/speech?text=${encodeURIComponent(`第${u}位读者的第${k}段：请带好身份证和银行卡。`)}`, { token }))
  )
  // wait until the queue is deep
  const deadline = Date.now() + 60_000
  while (server.app.readAloud.stats().waiting < 50 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
  expect(server.app.readAloud.stats().waiting).toBeGreaterThanOrEqual(50)
  const before = server.app.readAloud.stats().started.length

  const created = await server.post(
    '/api/v1/admin/notices',
    {
      title: '阳泉市电工培训开班通知',
      summary: '下月开班，晚上上课，考证后能领补贴。',
      body: '一、课程：电工（初级）。\n二、时间：每周一三五晚上。\n三、地点：城区职业培训学校。',
      issuer: '阳泉市人力资源和社会保障局',
      docNumber: '',
      regions: ['140302'],
      tags: ['subsidy:training']
    },
    { token: admin }
  )
  expect(created.status).toBe(201)
  // the publish job makes the audio; wait for the notice's synthesis to have started
  let notice: { lane: string; waited: number } | undefined
  const until = Date.now() + 120_000
  while (!notice && Date.now() < until) {
    notice = server.app.readAloud.stats().started.slice(before).find((s) => s.lane === 'notice')
    if (!notice) await new Promise((r) => setTimeout(r, 50))
  }
  expect(notice).toBeDefined()
  // delayed by at most the one reader synthesis that was running when it was queued
  expect(notice!.waited).toBeLessThanOrEqual(1)
  const stats = server.app.readAloud.stats()
  const position = stats.started.slice(before).findIndex((s) => s.lane === 'notice')
  expect(position).toBeLessThanOrEqual(1)
  // …while the flood was still waiting behind it
  expect(stats.waiting).toBeGreaterThan(10)

  const results = await Promise.all(flood)
  expect(results.filter((r) => r.status !== 200).map((r) => r.status)).toEqual([])
  // readers took turns: among the first 30 reader syntheses after the notice, every reader appears
  const after = server.app.readAloud.stats().started.slice(before + position + 1, before + position + 31).map((s) => s.lane)
  expect(new Set(after).size).toBe(10)
  const audio = await fetch(`${server.base}/api/v1/notices/${created.body.id}/audio`)
  expect(audio.status).toBe(200)
  const info = mp3Info(Buffer.from(await audio.arrayBuffer()))
  expect(info.mono).toBe(true)
  console.log(`fairness: notice synthesis started after ${notice!.waited} other synthesis(es); queue behind it ${stats.waiting}`)
}, 600_000)

test('measure: a 400-字 text — synthesis time, seconds of speech, bytes per minute', async () => {
  const token = await loginAs(server, 'measure')
  const base = '关于开展职业技能提升补贴申领工作的通知。凡在本市参加政府补贴性职业技能培训并取得职业资格证书或职业技能等级证书的劳动者，可以按规定申请培训补贴。请在取得证书之日起十二个月内，通过小程序提交申请，带好身份证、证书和本人银行卡。'
  let text = ''
  while (text.length < 400) text += base
  text = text.slice(0, 400)
  const t0 = Date.now()
  const res = await fetch(`${server.base}/api/v1/speech?text=${encodeURIComponent(text)}`, { headers: { authorization: `Bearer ${token}` } })
  const ms = Date.now() - t0
  expect(res.status).toBe(200)
  const bytes = Buffer.from(await res.arrayBuffer())
  const info = mp3Info(bytes)
  expect(info.kbps).toBeLessThanOrEqual(48)
  expect(info.seconds).toBeGreaterThan(60)
  const perMinute = Math.round(bytes.length / (info.seconds / 60))
  // ≤ 48 kbps mono is ≤ 360 000 bytes a minute
  expect(perMinute).toBeLessThanOrEqual(360_000)
  console.log(`speech 400字: ${ms} ms to synthesise and encode, ${info.seconds.toFixed(1)} s of speech, ${bytes.length} bytes, ${perMinute} bytes/min, ${info.kbps} kbps ${info.sampleRate} Hz mono`)
}, 300_000)
