/**
 * The read-aloud cache is bounded in bytes (SPEECH_CACHE_MAX_BYTES): after each new synthesis the least
 * recently used audio is deleted — row and stored file — until the total fits; a recently heard entry stays.
 */
import { loginAs, startTestServer, type TestServer } from './helpers'

let server: TestServer
const saved = process.env.SPEECH_CACHE_MAX_BYTES
const MAX = 40_000
beforeAll(async () => {
  process.env.SPEECH_CACHE_MAX_BYTES = String(MAX)
  server = await startTestServer()
  // the seeded notices' audio is made on demand only; start from an empty cache
  await server.db.query('DELETE FROM notice_audio')
}, 60_000)
afterAll(async () => {
  if (saved === undefined) delete process.env.SPEECH_CACHE_MAX_BYTES
  else process.env.SPEECH_CACHE_MAX_BYTES = saved
  await server?.close()
})

const rows = () => server.db.query<{ content_hash: string; bytes: number; file_key: string }>('SELECT content_hash, bytes, file_key FROM notice_audio ORDER BY last_used_at')

test('least recently used audio is evicted once the cache is over its byte budget; recently heard audio stays', async () => {
  const token = await loginAs(server, 'cache-reader')
  const say = async (text: string) => {
    const r = await fetch(`${server.base}/api/v1/speech?text=${encodeURIComponent(text)}`, { headers: { authorization: `Bearer ${token}` } })
    expect(r.status).toBe(200)
    return Buffer.from(await r.arrayBuffer())
  }
  const texts = ['第一段：报名要带身份证。', '第二段：上课时间是晚上。', '第三段：考证以后可以领补贴。', '第四段：补贴打到本人银行卡。', '第五段：有问题请打一二三三三。']
  const first = await say(texts[0])
  expect(first.length).toBeGreaterThan(5000)
  const [firstRow] = await rows()
  await say(texts[1])
  const second = (await rows()).find((r) => r.content_hash !== firstRow.content_hash)!
  // the accounting made exact: each of the two counts 14 000 bytes, so a third short clip (12 000–26 000) tips
  // the 40 000-byte budget over and exactly one entry must go
  await server.db.query('UPDATE notice_audio SET bytes = 14000')
  // the first was made earlier but is heard again now (its last use was an hour ago, so it is refreshed);
  // the second was made later but last heard 10 minutes ago
  await server.db.query(`UPDATE notice_audio SET last_used_at = now() - interval '1 hour' WHERE content_hash = $1`, [firstRow.content_hash])
  await say(texts[0])
  await server.db.query(`UPDATE notice_audio SET last_used_at = now() - interval '10 minutes' WHERE content_hash = $1`, [second.content_hash])
  const third = await say(texts[2])
  expect(third.length).toBeGreaterThan(12_000)
  expect(third.length).toBeLessThan(26_000)
  const left = await rows()
  expect(left.reduce((n, r) => n + r.bytes, 0)).toBeLessThanOrEqual(MAX)
  // least recently *used* went, not the oldest made
  const hashes = left.map((r) => r.content_hash)
  expect(hashes).toHaveLength(2)
  expect(hashes).not.toContain(second.content_hash)
  expect(hashes).toContain(firstRow.content_hash)
  // evicted audio is synthesised anew when asked for again
  await say(texts[1])
  expect((await rows()).map((r) => r.content_hash)).toContain(second.content_hash)
}, 300_000)
