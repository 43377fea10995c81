import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { routes } from '../../src/contract'
import { OCCUPATIONS, OCCUPATION_CATEGORIES } from '../../src/domain/catalog'
import { loadRegions } from '../../server/seed/regions'
import { HAS_CHINESE, startTestServer, type TestServer } from './helpers'

let server: TestServer
const logLines: string[] = []
let staticDir: string

beforeAll(async () => {
  staticDir = mkdtempSync(join(tmpdir(), 'zsb-h5-'))
  mkdirSync(join(staticDir, 'js'))
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>技能培训掌上办</title><div id="app"></div>')
  writeFileSync(join(staticDir, 'js', 'app.3f2a9c1d.js'), 'console.log(1)')
  const stream = new Writable({
    write(chunk, _enc, cb) {
      logLines.push(String(chunk))
      cb()
    }
  })
  server = await startTestServer({ staticDir, logger: { level: 'info', stream } })
}, 60_000)

afterAll(async () => {
  await server.close()
  rmSync(staticDir, { recursive: true, force: true })
})

test('health reports status, version and course count', async () => {
  const res = await server.get('/api/v1/health')
  expect(res.status).toBe(200)
  expect(res.body).toEqual({ status: 'ok', version: expect.any(String), courses: expect.any(Number), database: 'pglite', storage: 'ok' })
  expect(res.body.courses).toBeGreaterThanOrEqual(500)
})

test('openapi.json documents every route of the contract', async () => {
  const res = await server.get('/api/v1/openapi.json')
  expect(res.status).toBe(200)
  expect(res.body.openapi).toMatch(/^3\./)
  for (const r of Object.values(routes)) {
    const path = r.url.replace(/:(\w+)/g, '{$1}')
    expect(res.body.paths[path]?.[r.method.toLowerCase()]).toBeDefined()
  }
  const params = res.body.paths['/api/v1/courses'].get.parameters.map((p: { name: string }) => p.name)
  expect(params).toEqual(expect.arrayContaining(['lat', 'lng', 'q', 'category', 'cursor', 'limit']))
})

test('regions: every CSV region with full name and parent', async () => {
  const res = await server.get('/api/v1/regions')
  expect(res.status).toBe(200)
  const csv = loadRegions()
  expect(res.body.items).toHaveLength(csv.length)
  const yu = res.body.items.find((r: { code: string }) => r.code === '140322')
  expect(yu).toMatchObject({ name: '盂县', parentCode: '140300', level: 'county', fullName: '山西省阳泉市盂县' })
  expect(res.body.items.find((r: { code: string }) => r.code === '310112')).toMatchObject({ fullName: '上海市闵行区' })
  for (const prov of ['310000', '210000', '140000']) expect(res.body.items.some((r: { code: string }) => r.code === prov)).toBe(true)
})

test('occupations grouped by category, all 30 present', async () => {
  const res = await server.get('/api/v1/occupations')
  expect(res.status).toBe(200)
  expect(res.body.items.map((g: { code: string }) => g.code)).toEqual(OCCUPATION_CATEGORIES.map((c) => c.code))
  const codes = res.body.items.flatMap((g: { occupations: { code: string }[] }) => g.occupations.map((o) => o.code))
  expect(codes.sort()).toEqual(OCCUPATIONS.map((o) => o.code).sort())
})

test('unknown API route → 404 with Chinese message', async () => {
  for (const url of ['/api/v1/nope', '/api/v2/courses', '/api/v1/courses/crs_0001/extra']) {
    const res = await server.get(url)
    expect(res.status).toBe(404)
    expect(res.body.code).toBe('NOT_FOUND')
    expect(res.body.message).toMatch(HAS_CHINESE)
  }
})

test('H5: files served with long cache, SPA fallback to index.html with no-cache', async () => {
  const asset = await server.get('/js/app.3f2a9c1d.js')
  expect(asset.status).toBe(200)
  expect(asset.headers['cache-control']).toContain('max-age=31536000')
  for (const url of ['/', '/pages/course/index?id=crs_000001', '/subpackages/signup/index']) {
    const page = await server.get(url)
    expect(page.status).toBe(200)
    expect(String(page.body)).toContain('技能培训掌上办')
    expect(page.headers['cache-control']).toBe('no-cache')
  }
  const missingAsset = await server.get('/api/v1/missing.js')
  expect(missingAsset.status).toBe(404)
  expect(missingAsset.body.code).toBe('NOT_FOUND')
})

test('request logs carry method and path, never the query string (location)', async () => {
  logLines.length = 0
  await server.get('/api/v1/courses?lat=31.2345&lng=121.4567&limit=1')
  const text = logLines.join('')
  expect(text).toContain('/api/v1/courses')
  expect(text).not.toContain('31.2345')
  expect(text).not.toContain('121.4567')
})
