/**
 * Property-based fuzz over the whole API (no input may reach a 500): ≥ 10 000 generated requests across every route of the
 * contract's route table (iterated, so routes added later are covered without editing this file) — hostile
 * path ids, query values (NUL, 1e309, Infinity, bad percent-encoding, unknown keys, repeats), bodies (random
 * JSON, malformed JSON, wrong content types, NUL bytes, nesting from 1 to 100 000 levels, bodies up to and past
 * the size limit, 100 000-element arrays, megabyte strings and numbers), with and without a valid token and Idempotency-Key.
 * Every answer must be below 500, and every error a `{ code, message }` body whose message is Chinese.
 * The requests are split over two files (fuzz.test.ts, fuzz-2.test.ts), each on a server of its own with a seed of
 * its own, so jest runs the halves side by side; each half on its own reaches every route.
 */
import http from 'node:http'
import fc from 'fast-check'
import { routes, type RouteContract } from '../../src/contract'
import { HAS_CHINESE, loginAs, startTestServer, type TestServer } from './helpers'

interface Schema {
  type?: string
  enum?: unknown[]
  pattern?: string
  properties?: Record<string, Schema>
  items?: Schema
  anyOf?: Schema[]
}

const HOSTILE = [
  '', ' ', '%00', 'a%00b', '1e309', '-1e309', 'Infinity', '-Infinity', 'NaN', '%FF', '%E4%ZZ', '%', '%2', '%C0%AF', '0x10', '-0', '1e-400',
  '9007199254740993', "'; DROP TABLE courses;--", '<script>alert(1)</script>', '../../etc/passwd', '%E2%80%AE', '😀', '\u4e2d\u6587', 'true', 'null', '[]', '{}'
]
const enc = (s: string) => encodeURIComponent(s).replace(/%25([0-9A-Fa-f]{2}|ZZ|$)/g, (m) => (Math.random() < 0.5 ? m : m.replace('%25', '%')))

const rawPiece = fc.oneof(
  fc.constantFrom(...HOSTILE).map((s) => (s.includes('%') ? s : enc(s))),
  fc.string({ maxLength: 30 }).map(encodeURIComponent),
  fc.string({ unit: 'binary', maxLength: 20 }).map(encodeURIComponent),
  fc.double().map(String),
  fc.integer().map(String),
  fc.constant('x'.repeat(5000))
)

function valueFor(s: Schema | undefined): fc.Arbitrary<string> {
  const good: fc.Arbitrary<string>[] = []
  if (s?.enum) good.push(fc.constantFrom(...s.enum.map(String)))
  if (s?.pattern) good.push(fc.stringMatching(new RegExp(s.pattern)).map(encodeURIComponent))
  if (s?.type === 'number') good.push(fc.double({ min: -200, max: 200, noNaN: true }).map(String))
  if (s?.type === 'integer') good.push(fc.integer({ min: -5, max: 400 }).map(String))
  if (s?.type === 'boolean') good.push(fc.constantFrom('true', 'false', '1', '0', 'yes'))
  return good.length ? fc.oneof(...good, rawPiece) : rawPiece
}

function queryFor(schema: Schema | undefined): fc.Arbitrary<string> {
  const props = schema?.properties ?? {}
  const keys = Object.keys(props)
  const pair = fc.oneof(
    ...(keys.length ? [fc.constantFrom(...keys).chain((k) => valueFor(props[k]).map((v) => `${k}=${v}`))] : []),
    fc.tuple(fc.constantFrom('foo', 'limit', 'lat', '__proto__', 'constructor', 'a%00', '%FF', 'q[]'), rawPiece).map(([k, v]) => `${k}=${v}`)
  )
  return fc.array(pair, { maxLength: keys.length ? 6 : 2 }).map((ps) => (ps.length ? `?${ps.join('&')}` : ''))
}

function jsonValueFor(s: Schema | undefined): fc.Arbitrary<unknown> {
  const base: fc.Arbitrary<unknown>[] = [
    fc.constantFrom<unknown>(...HOSTILE, 1e308, -1, 0, null, true, [], {}, 'a\u0000b'),
    fc.string({ unit: 'grapheme', maxLength: 30 }),
    fc.jsonValue({ maxDepth: 2 })
  ]
  if (s?.enum) base.push(fc.constantFrom(...s.enum))
  if (s?.pattern) base.push(fc.stringMatching(new RegExp(s.pattern)))
  if (s?.type === 'array') base.push(fc.array(jsonValueFor(s.items), { maxLength: 4 }))
  return fc.oneof(...base)
}

/** Depth and size extremes: nesting around the limit and far past it (closed or not), and bodies near the size limit. */
const extremeBody: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(fc.oneof(fc.integer({ min: 28, max: 40 }), fc.integer({ min: 1, max: 100_000 })), fc.constantFrom('[', '{"a":', '{"a":[', '[{"b":'), fc.boolean())
    .map(([depth, open, closed]) => {
      const close = open === '[' ? ']' : open === '{"a":' ? '}' : open === '{"a":[' ? ']}' : '}]'
      return open.repeat(depth) + (closed ? '1' + close.repeat(depth) : '')
    }),
  fc.integer({ min: 1, max: 2_000_000 }).map((n) => JSON.stringify({ realName: 'x'.repeat(n) })),
  fc.integer({ min: 1, max: 100_000 }).map((n) => JSON.stringify({ items: Array.from({ length: n }, (_, i) => i) })),
  fc.integer({ min: 1, max: 400_000 }).map((n) => `{"amount":${'9'.repeat(n)}}`),
  fc.integer({ min: 1, max: 20_000 }).map((n) => JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]))))
)

function bodyFor(schema: Schema | undefined): fc.Arbitrary<{ type?: string; text?: string }> {
  const props = schema?.properties ?? {}
  const record = fc
    .tuple(
      fc.subarray(Object.keys(props)).chain((ks) => fc.tuple(...ks.map((k) => jsonValueFor(props[k]).map((v) => [k, v] as const)))),
      fc.option(fc.tuple(fc.constantFrom('extra', '__proto__', 'a\u0000'), fc.jsonValue({ maxDepth: 1 })), { freq: 4 })
    )
    .map(([pairs, extra]) => JSON.stringify(Object.fromEntries(extra ? [...pairs, extra] : pairs)))
  return fc.oneof(
    { weight: 6, arbitrary: record.map((text) => ({ type: 'application/json', text })) },
    { weight: 1, arbitrary: fc.jsonValue().map((v) => ({ type: 'application/json', text: JSON.stringify(v) })) },
    { weight: 1, arbitrary: fc.constantFrom('{', '{"a":', 'null', '"x"', '', '{"code":"\\u0000"}', '[1,2', '\u0000').map((text) => ({ type: 'application/json', text })) },
    { weight: 1, arbitrary: fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml').map((type) => ({ type, text: 'a=1' })) },
    { weight: 1, arbitrary: fc.constant({}) },
    { weight: 1, arbitrary: extremeBody.map((text) => ({ type: 'application/json', text })) }
  )
}

interface Req {
  method: string
  path: string
  headers: Record<string, string>
  body?: string
}

function requestFor(r: RouteContract, token: () => string): fc.Arbitrary<Req> {
  const params = (r.params as Schema | undefined)?.properties ?? {}
  const segments = r.url.split('/').map((seg) => (seg.startsWith(':') ? valueFor(params[seg.slice(1)]) : fc.constant(seg)))
  const withBody = r.method === 'POST' || r.method === 'PUT' || r.method === 'DELETE'
  return fc
    .record({
      path: fc.tuple(...segments).map((s) => s.join('/')),
      query: queryFor(r.querystring as Schema | undefined),
      body: withBody ? bodyFor(r.body as Schema | undefined) : fc.constant({} as { type?: string; text?: string }),
      auth: fc.constantFrom('valid', 'valid', 'none', 'garbage'),
      key: fc.option(fc.oneof(fc.string({ minLength: 8, maxLength: 64 }).filter((s) => /^[\x21-\x7e]+$/.test(s)), fc.constantFrom('short', 'k'.repeat(100))), { freq: 3 })
    })
    .map(({ path, query, body, auth, key }) => {
      const headers: Record<string, string> = {}
      if (auth === 'valid') headers.authorization = `Bearer ${token()}`
      if (auth === 'garbage') headers.authorization = 'Bearer ../../'
      if (key) headers['idempotency-key'] = key
      if (body.type) headers['content-type'] = body.type
      return { method: r.method, path: path + query, headers, body: body.text }
    })
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 })

function send(base: URL, req: Req): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const h = http.request({ host: base.hostname, port: base.port, method: req.method, path: req.path, headers: req.headers, agent }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (c) => (text += c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }))
    })
    h.on('error', reject)
    if (req.body !== undefined) h.write(req.body)
    h.end()
  })
}

/** The whole budget of generated requests, split over the fuzz files (each on a server of its own). */
const TOTAL = Number(process.env.FUZZ_REQUESTS ?? 10_000)
const BATCH = 10

/**
 * Part `part` of `parts`: TOTAL / parts of the requests on a server of its own, with its own seed — the parts
 * are separate files so jest runs them side by side. Each part on its own covers every route.
 */
export function fuzzSuite(part: number, parts: number): void {
  let server: TestServer
  const tokens: string[] = []
  beforeAll(async () => {
    server = await startTestServer()
    for (let i = 0; i < 8; i++) tokens.push(await loginAs(server, `fuzz${i}`))
  }, 300_000)
  afterAll(async () => {
    agent.destroy()
    await server?.close()
  })

  const requests = Math.ceil(TOTAL / parts)

  test(`${requests} generated requests (part ${part} of ${parts} of ${TOTAL}) over every contract route: no 5xx, every error { code, message } in Chinese`, async () => {
    const table = Object.entries(routes as Record<string, RouteContract>)
    expect(table.length).toBeGreaterThan(15)
    let n = 0
    const seenRoutes = new Set<string>()
    const statuses = new Map<number, number>()
    const pickToken = () => tokens[Math.floor(Math.random() * tokens.length)]
    const anyRequest = fc.oneof(...table.map(([name, r]) => requestFor(r, pickToken).map((req) => ({ name, req }))))
    const base = new URL(server.base)
    await fc.assert(
      fc.asyncProperty(fc.array(anyRequest, { minLength: BATCH, maxLength: BATCH }), async (batch) => {
        const answers = await Promise.all(batch.map(({ req }) => send(base, req)))
        answers.forEach((res, i) => {
          n++
          seenRoutes.add(batch[i].name)
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
          const where = `${batch[i].req.method} ${batch[i].req.path.slice(0, 200)} → ${res.status} ${res.text.slice(0, 200)}`
          if (res.status >= 500) throw new Error(`5xx: ${where}`)
          if (res.status >= 400) {
            let body: { code?: unknown; message?: unknown }
            try {
              body = JSON.parse(res.text)
            } catch {
              throw new Error(`error body is not JSON: ${where}`)
            }
            if (typeof body.code !== 'string' || typeof body.message !== 'string' || !HAS_CHINESE.test(body.message)) {
              throw new Error(`error body is not { code, message } in Chinese: ${where}`)
            }
          }
        })
        // a token that logged out or deleted its account is replaced, so later requests still get past auth
        if (n % (BATCH * 10) !== 0) return
        for (let i = 0; i < tokens.length; i++) {
          const me = await send(base, { method: 'GET', path: '/api/v1/me', headers: { authorization: `Bearer ${tokens[i]}` } })
          if (me.status === 401) tokens[i] = await loginAs(server, `fuzz${i}-${n}`)
        }
      }),
      { numRuns: Math.ceil(requests / BATCH), seed: (Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31) + part) % 2 ** 31 }
    )
    expect(n).toBeGreaterThanOrEqual(requests)
    // every route was exercised, and not only by its refusals
    expect([...seenRoutes].sort()).toEqual(table.map(([name]) => name).sort())
    console.log(`fuzz part ${part}/${parts}: ${n} requests over ${seenRoutes.size} routes; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`)
  }, 900_000)
}
