/**
 * One test per hostile-input or header finding that the in-process server can show (the PostgreSQL ones are in
 * nearby-plan-postgres, outage-postgres and two-instances-postgres): hostile input → 4xx { code, message } in
 * Chinese, framework errors in the same shape, unknown query parameters refused, security headers and
 * no-store on personal responses, /metrics, TRUST_PROXY, and the catalogue cache following writes.
 */
import http from 'node:http'
import { HAS_CHINESE, loginAs, openCourse, readyWorker, startTestServer, type TestServer } from './helpers'

let server: TestServer
beforeAll(async () => {
  server = await startTestServer()
})
afterAll(async () => server?.close())

function raw(method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<{ status: number; body: any; headers: http.IncomingHttpHeaders }> {
  const base = new URL(server.base)
  return new Promise((resolve, reject) => {
    const req = http.request({ host: base.hostname, port: base.port, method, path, headers, agent: false }, (res) => {
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
        resolve({ status: res.statusCode ?? 0, body: parsed, headers: res.headers })
      })
    })
    req.on('error', reject)
    if (body !== undefined) req.write(body)
    req.end()
  })
}

const expectChineseError = (res: { status: number; body: any }, status: number, code?: string) => {
  expect(res.status).toBe(status)
  expect(typeof res.body.code).toBe('string')
  if (code) expect(res.body.code).toBe(code)
  expect(res.body.message).toMatch(HAS_CHINESE)
}

describe('input that used to reach the database or slip through range checks', () => {
  test.each([
    ['/api/v1/courses?q=%00', 'BAD_CHARACTERS'],
    ['/api/v1/courses?q=abc%00def', 'BAD_CHARACTERS'],
    ['/api/v1/courses?lat=1e309&lng=113', 'VALIDATION_FAILED'],
    ['/api/v1/courses?lat=Infinity&lng=113', 'VALIDATION_FAILED'],
    ['/api/v1/courses?lat=-1e309&lng=113', 'VALIDATION_FAILED'],
    ['/api/v1/courses?lat=37&lng=1e309', 'VALIDATION_FAILED'],
    ['/api/v1/courses?startsWithinDays=1e309', 'VALIDATION_FAILED'],
    ['/api/v1/courses?lat=37&lng=113&radiusKm=1e309', 'VALIDATION_FAILED'],
    ['/api/v1/courses?limit=1e309', 'VALIDATION_FAILED'],
    ['/api/v1/courses/crs_1?lat=1e309&lng=1', 'VALIDATION_FAILED'],
    ['/api/v1/courses?q=%E4%ZZ', 'BAD_ENCODING'],
    ['/api/v1/courses?q=%FF', 'BAD_ENCODING'],
    ['/api/v1/courses?q=%E0%A4%A', 'BAD_ENCODING'],
    ['/api/v1/courses/crs_%00', 'BAD_CHARACTERS']
  ])('%s → 400 %s', async (url, code) => {
    expectChineseError(await raw('GET', url), 400, code)
  })

  test('NUL inside a JSON body → 400, nothing stored', async () => {
    const token = await loginAs(server, 'nul-body')
    const version = (await server.get('/api/v1/privacy')).body.version
    await server.post('/api/v1/me/consent', { version }, { token })
    const res = await raw('PUT', '/api/v1/me/profile', { 'content-type': 'application/json', authorization: `Bearer ${token}` }, JSON.stringify({ realName: '张\u0000三' }))
    expectChineseError(res, 400, 'BAD_CHARACTERS')
    expect((await server.get('/api/v1/me/profile', { token })).body.realName).toBeNull()
  })
})

describe("the framework's own errors in { code, message }", () => {
  test('over-long request line / headers → 431', async () => {
    expectChineseError(await raw('GET', `/api/v1/courses?q=${'a'.repeat(20_000)}`), 431, 'HEADERS_TOO_LARGE')
  })
  test('over-long path parameter → 414', async () => {
    expectChineseError(await raw('GET', `/api/v1/courses/${'a'.repeat(300)}`), 414, 'URI_TOO_LONG')
  })
  test('bad percent-encoding in the path → 400', async () => {
    expectChineseError(await raw('GET', '/api/v1/courses/%E4%ZZ'), 400, 'BAD_URL')
  })
  test('malformed JSON → 400', async () => {
    expectChineseError(await raw('POST', '/api/v1/auth/wechat', { 'content-type': 'application/json' }, '{"code":'), 400, 'INVALID_JSON')
  })
  test('empty JSON body → 400', async () => {
    expectChineseError(await raw('POST', '/api/v1/auth/wechat', { 'content-type': 'application/json' }, ''), 400)
  })
  test('wrong content type → 415', async () => {
    expectChineseError(await raw('POST', '/api/v1/auth/wechat', { 'content-type': 'text/plain' }, 'code=1'), 415, 'UNSUPPORTED_MEDIA_TYPE')
    expectChineseError(await raw('POST', '/api/v1/auth/wechat', { 'content-type': 'application/xml' }, '<a/>'), 415, 'UNSUPPORTED_MEDIA_TYPE')
  })
  test('body too large → 413', async () => {
    const big = JSON.stringify({ code: 'x'.repeat(2_000_000) })
    expectChineseError(await raw('POST', '/api/v1/auth/wechat', { 'content-type': 'application/json' }, big), 413, 'PAYLOAD_TOO_LARGE')
  })
})

describe('unknown query parameters → 400 as README says', () => {
  test.each(['/api/v1/health?foo=1', '/api/v1/regions?x=', '/api/v1/occupations?page=2', '/api/v1/privacy?v=1', '/api/v1/courses?colour=red', '/api/v1/institutions/ins_1?a=b'])(
    '%s',
    async (url) => {
      const res = await raw('GET', url)
      expectChineseError(res, 400, 'VALIDATION_FAILED')
      expect(res.body.message).toContain('不认识')
    }
  )
  test('on a personal route too', async () => {
    const token = await loginAs(server, 'unknown-param')
    expectChineseError(await raw('GET', '/api/v1/me?debug=1', { authorization: `Bearer ${token}` }), 400, 'VALIDATION_FAILED')
  })
})

describe('headers', () => {
  test('security headers on every kind of response', async () => {
    for (const url of ['/api/v1/health', '/api/v1/courses?lat=37.8&lng=113.5', '/api/v1/nope', '/api/v1/courses?q=%00']) {
      const res = await raw('GET', url)
      expect(res.headers['x-content-type-options']).toBe('nosniff')
      expect(res.headers['referrer-policy']).toBe('no-referrer')
      expect(res.headers['x-frame-options']).toBe('DENY')
      const csp = String(res.headers['content-security-policy'])
      expect(csp).toContain("default-src 'self'")
      expect(csp).toContain("frame-ancestors 'none'")
      expect(csp).toContain("object-src 'none'")
      expect(csp).not.toContain('unsafe-eval')
    }
  })

  test('personal responses are never stored by a cache; public catalogue reads may be', async () => {
    const token = await readyWorker(server, 'no-store', 31)
    for (const url of ['/api/v1/me', '/api/v1/me/profile', '/api/v1/me/enrollments']) {
      const res = await raw('GET', url, { authorization: `Bearer ${token}` })
      expect(res.status).toBe(200)
      expect(res.headers['cache-control']).toBe('no-store')
    }
    const login = await raw('POST', '/api/v1/auth/wechat', { 'content-type': 'application/json' }, JSON.stringify({ code: 'dev:no-store-2' }))
    expect(login.headers['cache-control']).toBe('no-store')
    const unauth = await raw('GET', '/api/v1/me')
    expect(unauth.headers['cache-control']).toBe('no-store')
    expect((await raw('GET', '/api/v1/regions')).headers['cache-control']).not.toBe('no-store')
  })
})

describe('operations', () => {
  test('/metrics: Prometheus text with per-route latency and database state', async () => {
    await raw('GET', '/api/v1/courses?lat=37.8&lng=113.5')
    const res = await raw('GET', '/metrics')
    expect(res.status).toBe(200)
    expect(String(res.headers['content-type'])).toMatch(/text\/plain/)
    expect(res.body).toMatch(/http_request_duration_seconds_bucket\{[^}]*route="\/api\/v1\/courses"/)
    expect(res.body).not.toMatch(/lat=37/)
    expect(res.body).toMatch(/^db_up 1$/m)
    expect(res.headers['cache-control']).toBe('no-store')
  })

  test('health says which database answers', async () => {
    expect((await server.get('/api/v1/health')).body.database).toBe('pglite')
  })
})

describe('catalogue cache follows writes', () => {
  test('a sign-up changes the seats the next identical search and detail show', async () => {
    const courseId = await openCourse(server.db, server.today, { seats: 9, skip: 5 })
    const [c] = await server.db.query<{ lat: number; lng: number }>('SELECT lat, lng FROM courses WHERE id = $1', [courseId])
    const url = `/api/v1/courses?lat=${c.lat}&lng=${c.lng}&radiusKm=1&limit=50`
    const seatsIn = async () => (await server.get(url)).body.items.find((i: { id: string }) => i.id === courseId)?.seatsLeft
    expect(await seatsIn()).toBe(9)
    expect(await seatsIn()).toBe(9) // served again (cached)
    expect((await server.get(`/api/v1/courses/${courseId}`)).body.seatsLeft).toBe(9)
    const token = await readyWorker(server, 'cache-seat', 32)
    const res = await server.post('/api/v1/enrollments', { courseId }, { token, headers: { 'idempotency-key': `cache-seat-${Date.now()}` } })
    expect(res.status).toBe(201)
    expect(await seatsIn()).toBe(8)
    expect((await server.get(`/api/v1/courses/${courseId}`)).body.seatsLeft).toBe(8)
    // a write by any other path through the database layer too
    await server.db.query('UPDATE courses SET seats_left = 3 WHERE id = $1', [courseId])
    expect(await seatsIn()).toBe(3)
  })
})

describe('TRUST_PROXY', () => {
  test('with TRUST_PROXY the per-IP SMS limit uses the client address from the load balancer', async () => {
    process.env.TRUST_PROXY = 'true'
    const behindLb = await startTestServer()
    delete process.env.TRUST_PROXY
    try {
      const send = (n: number, ip: string) =>
        behindLb.post('/api/v1/auth/sms/send', { phone: `1360000${String(n).padStart(4, '0')}` }, { headers: { 'x-forwarded-for': ip } })
      for (let i = 0; i < 20; i++) expect((await send(i, '198.51.100.1')).status).toBe(200)
      expect((await send(99, '198.51.100.1')).body.code).toBe('SMS_IP_LIMIT')
      expect((await send(98, '198.51.100.2')).status).toBe(200)
    } finally {
      await behindLb.close()
    }
  })
})
