/**
 * Deeply nested JSON: refused with 400 in plain Chinese before anything parses or walks it, on routes
 * anyone can reach and on logged-in ones; the server keeps answering afterwards.
 */
import http from 'node:http'
import { jsonTooDeep, MAX_JSON_DEPTH } from '../../server/ops/hardening'
import { HAS_CHINESE, loginAs, startTestServer, type TestServer } from './helpers'

let server: TestServer
let token: string
beforeAll(async () => {
  server = await startTestServer()
  token = await loginAs(server, 'nesting')
})
afterAll(async () => server?.close())

function send(method: string, path: string, body: string, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const base = new URL(server.base)
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: base.hostname, port: base.port, method, path, headers: { 'content-type': 'application/json', ...headers }, agent: false },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (c) => (text += c))
        res.on('end', () => {
          let parsed: any = text
          try {
            parsed = JSON.parse(text)
          } catch {
            /* keep text */
          }
          resolve({ status: res.statusCode ?? 0, body: parsed })
        })
      }
    )
    req.on('error', reject)
    req.end(body)
  })
}

const PAYLOADS: Array<[string, string]> = [
  ['{"a": × 20 000 (unterminated)', '{"a":'.repeat(20_000)],
  ['[ × 5000 (unterminated)', '['.repeat(5000)],
  ['{"a": × 20 000, closed (valid JSON)', '{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000)],
  ['[ × 5000, closed (valid JSON)', '['.repeat(5000) + ']'.repeat(5000)],
  [`depth ${MAX_JSON_DEPTH + 1} inside a real field`, JSON.stringify({ realName: JSON.parse('['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH)) })]
]

const ANONYMOUS: Array<[string, string]> = [
  ['POST', '/api/v1/auth/sms/send'],
  ['POST', '/api/v1/auth/wechat'],
  ['POST', '/api/v1/public/announcements/ann_x/objections']
]
const LOGGED_IN: Array<[string, string]> = [
  ['POST', '/api/v1/claims/precheck'],
  ['PUT', '/api/v1/me/profile']
]

describe.each(PAYLOADS)('%s', (_name, payload) => {
  test.each(ANONYMOUS)('anonymous %s %s → 400 JSON_TOO_DEEP in Chinese', async (method, path) => {
    const res = await send(method, path, payload)
    expect(res.status).toBe(400)
    expect(res.body.code).toBe('JSON_TOO_DEEP')
    expect(res.body.message).toMatch(HAS_CHINESE)
  })
  test.each(LOGGED_IN)('logged in %s %s → 400 JSON_TOO_DEEP in Chinese', async (method, path) => {
    const res = await send(method, path, payload, { authorization: `Bearer ${token}` })
    expect(res.status).toBe(400)
    expect(res.body.code).toBe('JSON_TOO_DEEP')
    expect(res.body.message).toMatch(HAS_CHINESE)
  })
})

test('nesting up to the limit is not refused for depth (the schema judges it), and the server still answers', async () => {
  const atLimit = JSON.stringify({ realName: JSON.parse('['.repeat(MAX_JSON_DEPTH - 1) + ']'.repeat(MAX_JSON_DEPTH - 1)) })
  const res = await send('PUT', '/api/v1/me/profile', atLimit, { authorization: `Bearer ${token}` })
  expect(res.status).toBe(400)
  expect(res.body.code).toBe('VALIDATION_FAILED')
  expect((await server.get('/api/v1/health')).status).toBe(200)
})

test('brackets inside strings do not count; escapes are followed', () => {
  expect(jsonTooDeep(JSON.stringify({ a: '['.repeat(1000) }))).toBe(false)
  expect(jsonTooDeep(JSON.stringify({ a: '\\"' + '{'.repeat(100) }))).toBe(false)
  expect(jsonTooDeep('['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH))).toBe(false)
  expect(jsonTooDeep('['.repeat(MAX_JSON_DEPTH + 1))).toBe(true)
  // a 1 MB flat array is scanned quickly (one pass)
  const flat = '[' + '1,'.repeat(500_000) + '1]'
  const t0 = performance.now()
  expect(jsonTooDeep(flat)).toBe(false)
  expect(performance.now() - t0).toBeLessThan(200)
})
