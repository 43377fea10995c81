/**
 * The client calls the API only by contract: the runtime route table is the contract's (names, methods, URLs,
 * flags), every route the app's code names exists there, no code builds an /api/v1 address by hand, and
 * callRoute sends what the route says (method, path, query, body, token, Idempotency-Key, X-Act-For).
 */
import fs from 'node:fs'
import path from 'node:path'
import { routes as contract } from '../../src/contract'
import { createCallRoute, createHttpClient, routePath, routes, type TransportResponse } from '../../src/services/http'
import { createAuthedClient } from '../../src/services/http/authed'
import { renderClientRoutes, ROUTES_FILE } from '../../scripts/gen-client-routes'
import { scripted } from '../support/scripted-transport'

const SRC = path.resolve(__dirname, '../../src')

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name)
    if (e.isDirectory()) return sourceFiles(full)
    return /\.tsx?$/.test(e.name) ? [full] : []
  })
}
const clientFiles = sourceFiles(SRC).filter((f) => !f.startsWith(path.join(SRC, 'contract')) && f !== ROUTES_FILE)

describe('the client route table', () => {
  it('is generated from the contract and up to date (else: npm run gen:routes)', () => {
    expect(fs.readFileSync(ROUTES_FILE, 'utf8')).toBe(renderClientRoutes())
  })

  it('has each contract route with its method, URL and flags', () => {
    expect(Object.keys(routes).sort()).toEqual(Object.keys(contract).sort())
    for (const [name, c] of Object.entries(contract) as [string, { method: string; url: string; auth?: boolean; idempotent?: boolean }][]) {
      const r = (routes as Record<string, { name: string; method: string; url: string; auth: boolean; idempotent: boolean }>)[name]
      expect({ name, method: c.method, url: c.url, auth: c.auth === true, idempotent: c.idempotent === true }).toEqual(r)
    }
  })
})

describe('client code', () => {
  it('names only routes the contract has', () => {
    const named = new Map<string, string[]>()
    for (const file of clientFiles) {
      for (const m of fs.readFileSync(file, 'utf8').matchAll(/\broutes\.([A-Za-z_]\w*)/g)) {
        named.set(m[1], [...(named.get(m[1]) ?? []), path.relative(SRC, file)])
      }
    }
    const unknown = [...named].filter(([name]) => !(name in contract)).map(([name, files]) => `${name} (${files.join(', ')})`)
    expect(unknown).toEqual([])
    // the services do call through the table (guards the scan itself)
    expect(named.size).toBeGreaterThan(50)
  })

  it('builds no /api/v1 address by hand', () => {
    const handBuilt = clientFiles.flatMap((file) =>
      fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .map((line, i) => ({ line, at: `${path.relative(SRC, file)}:${i + 1}` }))
        .filter(({ line }) => /['"`]\/api\/v1/.test(line))
        .map(({ at }) => at)
    )
    expect(handBuilt).toEqual([])
  })
})

/** Compile-time only (npm run typecheck covers test/): never called. */
export function typeErrorsTheContractCatches(call: ReturnType<typeof createCallRoute>): void {
  // @ts-expect-error a route the contract does not have
  void call(routes.noSuchRoute)
  // @ts-expect-error the body is required and has a shape
  void call(routes.precheckClaim, {})
  // @ts-expect-error the course id is a path parameter
  void call(routes.getCourse, { query: {} })
  // @ts-expect-error this route takes no body
  void call(routes.getMe, { body: { x: 1 } })
  const wrongUrl: { method: 'GET'; url: '/api/v1/me' } = { method: 'GET', url: '/api/v1/me' }
  // @ts-expect-error a hand-made route object is not a contract route
  void call(wrongUrl)
}

const ok = (data: unknown, status = 200): TransportResponse => ({ status, data })

function setup(...responses: TransportResponse[]) {
  const { calls, transport } = scripted(...responses)
  const http = createHttpClient({ baseUrl: 'https://api.example.cn', transport, sleep: async () => undefined })
  let acting: string | null = null
  const authed = createAuthedClient({ http, getToken: () => 'tok', relogin: async () => null, onUnauthenticated: () => undefined, getActingFor: () => acting })
  return { calls, call: createCallRoute({ http, authed }), actFor: (id: string | null) => (acting = id) }
}

describe('callRoute', () => {
  it('fills the path parameters (encoded) and sends the query of a public route without a token', async () => {
    const { calls, call } = setup(ok({ id: 'crs_1' }))
    const course = await call(routes.getCourse, { params: { id: 'crs_1/x' }, query: { lat: 31.2, lng: 121.4 } })
    expect(course).toEqual({ id: 'crs_1' })
    expect(calls[0].method).toBe('GET')
    expect(calls[0].url).toBe('https://api.example.cn/api/v1/courses/crs_1%2Fx?lat=31.2&lng=121.4')
    expect(calls[0].headers.Authorization).toBeUndefined()
  })

  it('sends a route with auth through the signed-in client, with X-Act-For while acting, and the body and method', async () => {
    const { calls, call, actFor } = setup(ok({ ok: true }), ok({ ok: true }), ok({ ok: true }))
    actFor('usr_mother')
    await call(routes.updateProfile, { body: { realName: '张三' } })
    await call(routes.myProxies, { asSelf: true })
    actFor(null)
    await call(routes.deleteMe)
    expect(calls.map((c) => [c.method, c.url.replace('https://api.example.cn', ''), c.headers.Authorization, c.headers['X-Act-For']])).toEqual([
      ['PUT', '/api/v1/me/profile', 'Bearer tok', 'usr_mother'],
      ['GET', '/api/v1/me/proxies', 'Bearer tok', undefined],
      ['DELETE', '/api/v1/me', 'Bearer tok', undefined]
    ])
    expect(calls[0].body).toEqual({ realName: '张三' })
  })

  it('carries the Idempotency-Key, so a failed write is retried with the same key', async () => {
    const { calls, call } = setup(ok({ code: 'X', message: '忙' }, 503), ok({ id: 'enr_1' }, 201))
    const enrollment = await call(routes.createEnrollment, { body: { courseId: 'crs_1' }, idempotencyKey: 'k'.repeat(16) })
    expect(enrollment).toEqual({ id: 'enr_1' })
    expect(calls.map((c) => c.headers['Idempotency-Key'])).toEqual(['k'.repeat(16), 'k'.repeat(16)])
  })

  it('maps an error body to { code, message }', async () => {
    const { call } = setup(ok({ code: 'COURSE_NOT_FOUND', message: '没有找到这门课程' }, 404))
    await expect(call(routes.getCourse, { params: { id: 'crs_9' } })).rejects.toMatchObject({ status: 404, code: 'COURSE_NOT_FOUND', message: '没有找到这门课程' })
  })

  it('refuses a path with a parameter missing instead of calling a wrong URL', () => {
    expect(() => routePath('/api/v1/claims/:id/withdraw', {})).toThrow(/missing parameter id/)
    expect(routePath('/api/v1/files/:id', { id: 'fil_1' })).toBe('/api/v1/files/fil_1')
  })
})
