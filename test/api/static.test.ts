/**
 * The H5 static handler: build-time compressed variants chosen by Accept-Encoding, with
 * Content-Encoding and Vary; `GET /` is the app with or without an Accept-Encoding header (no 403);
 * the service worker is never cached long; client routes fall back to the app.
 */
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { precompressDir } from '../../config/precompress'
import { useLiveServer } from '../support/server'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zsb-static-'))
const html = `<!DOCTYPE html><html><head><title>技能培训掌上办</title></head><body><div id="app">${'<div class="shell__card"></div>'.repeat(40)}</div></body></html>`
const js = `console.log(${JSON.stringify('课程'.repeat(2000))});`
fs.mkdirSync(path.join(dir, 'js'))
fs.writeFileSync(path.join(dir, 'index.html'), html)
fs.writeFileSync(path.join(dir, 'js', 'app.1234abcd.js'), js)
fs.writeFileSync(path.join(dir, 'sw.js'), `self.addEventListener('fetch', function () {}) // ${'x'.repeat(600)}`)
fs.writeFileSync(path.join(dir, 'tiny.txt'), 'small')
const totals = precompressDir(dir)

const server = useLiveServer({ STATIC_DIR: dir })

function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${server.url}${url}`, { headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
    })
    req.on('error', reject)
  })
}

test('the build writes .br and .gz beside text assets (not beside tiny files)', () => {
  expect(totals.files).toBe(3)
  for (const f of ['index.html', 'js/app.1234abcd.js', 'sw.js']) {
    const raw = fs.readFileSync(path.join(dir, f))
    expect(zlib.brotliDecompressSync(fs.readFileSync(path.join(dir, `${f}.br`)))).toEqual(raw)
    expect(zlib.gunzipSync(fs.readFileSync(path.join(dir, `${f}.gz`)))).toEqual(raw)
  }
  expect(fs.existsSync(path.join(dir, 'tiny.txt.br'))).toBe(false)
  expect(totals.br).toBeLessThan(totals.gz)
})

test('JS: brotli when accepted, else gzip, else plain — with Content-Encoding, Vary and a long cache', async () => {
  const br = await get('/js/app.1234abcd.js', { 'accept-encoding': 'gzip, deflate, br' })
  expect(br.status).toBe(200)
  expect(br.headers['content-encoding']).toBe('br')
  expect(br.headers.vary).toMatch(/accept-encoding/i)
  expect(br.headers['content-type']).toMatch(/javascript/)
  expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable')
  expect(zlib.brotliDecompressSync(br.body).toString()).toBe(js)
  expect(br.body.length).toBeLessThan(Buffer.byteLength(js) / 5)

  const gz = await get('/js/app.1234abcd.js', { 'accept-encoding': 'gzip' })
  expect(gz.headers['content-encoding']).toBe('gzip')
  expect(gz.headers.vary).toMatch(/accept-encoding/i)
  expect(zlib.gunzipSync(gz.body).toString()).toBe(js)

  const plain = await get('/js/app.1234abcd.js')
  expect(plain.status).toBe(200)
  expect(plain.headers['content-encoding']).toBeUndefined()
  expect(plain.headers.vary).toMatch(/accept-encoding/i)
  expect(plain.body.toString()).toBe(js)
})

test('GET / is the home page with and without Accept-Encoding (no 403), never cached long', async () => {
  const plain = await get('/')
  expect(plain.status).toBe(200)
  expect(plain.headers['content-type']).toMatch(/text\/html/)
  expect(plain.body.toString()).toBe(html)
  expect(plain.headers['cache-control']).toBe('no-cache')

  const br = await get('/', { 'accept-encoding': 'br' })
  expect(br.status).toBe(200)
  expect(br.headers['content-encoding']).toBe('br')
  expect(br.headers.vary).toMatch(/accept-encoding/i)
  expect(zlib.brotliDecompressSync(br.body).toString()).toBe(html)

  // a client-side route falls back to the same app
  const route = await get('/pages/course/index?id=x', { 'accept-encoding': 'gzip' })
  expect(route.status).toBe(200)
  expect(zlib.gunzipSync(route.body).toString()).toBe(html)
})

test('the service worker is revalidated on every visit; the API is not served by the static handler', async () => {
  const sw = await get('/sw.js', { 'accept-encoding': 'br' })
  expect(sw.status).toBe(200)
  expect(sw.headers['cache-control']).toBe('no-cache')
  expect(sw.headers['content-encoding']).toBe('br')
  const api = await get('/api/v1/nope')
  expect(api.status).toBe(404)
  expect(JSON.parse(api.body.toString())).toMatchObject({ code: 'NOT_FOUND' })
})
