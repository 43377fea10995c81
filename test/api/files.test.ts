/**
 * Uploads and the FileStore, run twice: on the local folder and on a real S3-protocol server (s3rver, started
 * here) through the AWS SDK v3 client. Same tests, same expectations.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import sharp from 'sharp'
import S3rver from 's3rver'
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3'
import { addFileAccessRule, localFileStore, newStorageKey, s3FileStore, type FileStore } from '../../server/files'
import { jpegWithMetadata, listFilesRecursive, login, multipart, pngImage, startCertServer, upload, type CertServer } from './cert-support'

const HAS_CHINESE = /[\u4e00-\u9fff]/
const BUCKET = 'zsb-test-files'

/** Markers of a JPEG up to the image data; APPn other than APP0 (JFIF) or a COM would carry metadata. */
function jpegMarkers(buf: Buffer): number[] {
  const out: number[] = []
  let i = 2
  while (i < buf.length - 4) {
    if (buf[i] !== 0xff) throw new Error(`bad marker at ${i}`)
    const m = buf[i + 1]
    out.push(m)
    if (m === 0xda) break // start of scan
    i += 2 + buf.readUInt16BE(i + 2)
  }
  return out
}

async function expectClean(bytes: Buffer): Promise<void> {
  expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]))
  const meta = await sharp(bytes).metadata()
  expect(meta.format).toBe('jpeg')
  expect(meta.exif).toBeUndefined()
  expect(meta.xmp).toBeUndefined()
  expect(meta.icc).toBeUndefined()
  const markers = jpegMarkers(bytes)
  expect(markers.filter((m) => (m >= 0xe1 && m <= 0xef) || m === 0xfe)).toEqual([])
  const latin = bytes.toString('latin1')
  for (const needle of ['Exif', 'GPS', 'secret', 'SecretPhone', 'owner-name', 'adobe', 'xmpmeta']) expect(latin).not.toContain(needle)
}

interface Variant {
  name: 'local' | 's3'
  setup(): Promise<{ store: FileStore; keys(): Promise<string[]>; teardown(): Promise<void> }>
}

const variants: Variant[] = [
  {
    name: 'local',
    async setup() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zsb-files-local-'))
      return {
        store: localFileStore(dir),
        keys: async () => listFilesRecursive(dir).map((f) => path.relative(dir, f)),
        teardown: async () => fs.rmSync(dir, { recursive: true, force: true })
      }
    }
  },
  {
    name: 's3',
    async setup() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zsb-s3rver-'))
      const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir, configureBuckets: [{ name: BUCKET, configs: [] }] })
      const addr = (await server.run()) as { port: number }
      const endpoint = `http://127.0.0.1:${addr.port}`
      const creds = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }
      const client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: creds })
      return {
        store: s3FileStore({ endpoint, bucket: BUCKET, ...creds, prefix: 'uploads/' }),
        keys: async () => ((await client.send(new ListObjectsV2Command({ Bucket: BUCKET }))).Contents ?? []).map((o) => o.Key ?? ''),
        teardown: async () => {
          client.destroy()
          await server.close()
          fs.rmSync(dir, { recursive: true, force: true })
        }
      }
    }
  }
]

describe.each(variants)('FileStore and uploads on $name', (variant) => {
  let env: Awaited<ReturnType<Variant['setup']>>
  let s: CertServer
  beforeAll(async () => {
    env = await variant.setup()
    s = await startCertServer({ store: env.store })
  })
  afterAll(async () => {
    await s?.close()
    await env?.teardown()
  })

  test('store: put, get, overwrite-free keys, missing → null, delete; path-like keys refused', async () => {
    const key = newStorageKey()
    expect(key).toMatch(/^[a-z0-9]{32}$/)
    expect(await env.store.get(key)).toBeNull()
    await env.store.put(key, Buffer.from('hello'), 'image/jpeg')
    expect((await env.store.get(key))?.toString()).toBe('hello')
    await env.store.delete(key)
    expect(await env.store.get(key)).toBeNull()
    for (const bad of ['../../etc/passwd', 'a/b', '', 'ABC', `${key}/../x`]) {
      await expect(env.store.put(bad, Buffer.from('x'), 'image/jpeg')).rejects.toThrow('invalid storage key')
      await expect(env.store.get(bad)).rejects.toThrow('invalid storage key')
    }
  })

  test('a JPEG with EXIF GPS, XMP and a comment is stored re-encoded with no metadata at all', async () => {
    const token = await login(s, `exif-${variant.name}`)
    const original = await jpegWithMetadata()
    const before = await sharp(original).metadata()
    expect(before.exif).toBeDefined() // the fixture really carries EXIF
    expect(before.xmp).toBeDefined()
    const r = await upload(s, token, original)
    expect(r.status).toBe(201)
    expect(r.body).toMatchObject({ url: `/api/v1/files/${r.body.id}`, contentType: 'image/jpeg', width: 800, height: 600 })
    expect(r.body.id).toMatch(/^fil_[0-9a-z]+$/)
    // read back through the API…
    const got = await s.req('GET', r.body.url, { token })
    expect(got.status).toBe(200)
    expect(got.headers.get('content-type')).toBe('image/jpeg')
    expect(got.headers.get('cache-control')).toBe('private, no-store')
    expect(got.headers.get('x-content-type-options')).toBe('nosniff')
    await expectClean(got.bytes)
    // …and straight from the store
    const [row] = await s.db.query<{ storage_key: string; owner_user_id: string }>('SELECT storage_key, owner_user_id FROM files WHERE id = $1', [r.body.id])
    const raw = await env.store.get(row.storage_key)
    expect(raw).not.toBeNull()
    await expectClean(raw!)
    expect(raw!.equals(got.bytes)).toBe(true)
  })

  test('PNG and WebP are accepted and become JPEG; large photos are bounded to 2400 px', async () => {
    const token = await login(s, `png-${variant.name}`)
    const png = await upload(s, token, await pngImage(), 'x.png')
    expect(png.status).toBe(201)
    const webp = await sharp({ create: { width: 3000, height: 1000, channels: 3, background: '#393' } }).webp().toBuffer()
    const w = await upload(s, token, webp, 'x.webp')
    expect(w.status).toBe(201)
    expect(w.body).toMatchObject({ width: 2400, height: 800 })
    expect((await sharp((await s.req('GET', w.body.url, { token })).bytes).metadata()).format).toBe('jpeg')
  })

  test.each([
    ['HTML renamed .jpg', Buffer.from('<!doctype html><html><body><script>alert(1)</script></body></html>'), 'photo.jpg', 400, 'FILE_NOT_IMAGE'],
    ['PDF renamed .jpg', Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n'), 'scan.jpg', 400, 'FILE_NOT_IMAGE'],
    ['SVG', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="900" height="900"></svg>'), 'a.svg', 400, 'FILE_NOT_IMAGE'],
    ['JPEG header with garbage', Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(5000, 7)]), 'broken.jpg', 400, 'IMAGE_UNREADABLE'],
    ['HEIC brand the server cannot decode', Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic'), Buffer.alloc(2000, 1)]), 'IMG_0001.HEIC', 415, 'HEIC_UNSUPPORTED']
  ])('%s → refused in Chinese, nothing stored', async (_name, data, filename, status, code) => {
    const token = await login(s, `bad-${variant.name}-${code}-${filename}`)
    const before = (await env.keys()).length
    const r = await s.req('POST', '/api/v1/uploads', { token, body: multipart(data as Buffer, filename as string, 'image/jpeg') })
    expect(r.status).toBe(status)
    expect(r.body.code).toBe(code)
    expect(r.body.message).toMatch(HAS_CHINESE)
    expect((await env.keys()).length).toBe(before)
  })

  test('a too-small image → 400; no file part or another field name → 400; not logged in → 401', async () => {
    const token = await login(s, `small-${variant.name}`)
    const tiny = await sharp({ create: { width: 40, height: 40, channels: 3, background: '#fff' } }).jpeg().toBuffer()
    const r = await upload(s, token, tiny)
    expect(r.status).toBe(400)
    expect(r.body.message).toContain('照片太小')
    const other = await s.req('POST', '/api/v1/uploads', { token, body: multipart(await pngImage(), 'a.png', 'image/png', 'photo') })
    expect(other.status).toBe(400)
    expect(other.body.message).toMatch(HAS_CHINESE)
    const json = await s.req('POST', '/api/v1/uploads', { token, json: { file: 'x' } })
    expect(json.status).toBe(400)
    expect((await s.req('POST', '/api/v1/uploads', { body: multipart(await pngImage()) })).status).toBe(401)
  })

  test('11 MB → 413 with a Chinese message, nothing stored', async () => {
    const token = await login(s, `big-${variant.name}`)
    const before = (await env.keys()).length
    const big = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(11 * 1024 * 1024, 3)])
    const r = await upload(s, token, big)
    expect(r.status).toBe(413)
    expect(r.body).toEqual({ code: 'FILE_TOO_LARGE', message: '照片太大了（超过10MB），请重新拍一张或压缩后再传' })
    expect((await env.keys()).length).toBe(before)
  })

  test("a path-like file name never reaches the storage; only server-made keys exist", async () => {
    const token = await login(s, `path-${variant.name}`)
    const names = ['../../../../tmp/evil-pwned.jpg', '..\\..\\evil-win.jpg', '/etc/passwd', 'evil%2F..%2Fx.jpg', '证书正面 evil.jpg']
    for (const n of names) expect((await upload(s, token, await pngImage(), n)).status).toBe(201)
    const keys = await env.keys()
    expect(keys.length).toBeGreaterThanOrEqual(names.length)
    for (const k of keys) {
      expect(k).not.toMatch(/evil|passwd|证书|\.\./)
      expect(k).toMatch(variant.name === 'local' ? /^[a-z0-9]{2}\/[a-z0-9]{32}$/ : /^uploads\/[a-z0-9]{32}$/)
    }
    expect(fs.existsSync('/tmp/evil-pwned.jpg')).toBe(false)
    const cols = await s.db.query<{ column_name: string }>(`SELECT column_name FROM information_schema.columns WHERE table_name = 'files'`)
    expect(cols.map((c) => c.column_name)).not.toContain('filename')
  })

  test("another worker's photo is a 404; an access rule added by another capability admits its viewer", async () => {
    const a = await login(s, `rule-a-${variant.name}`)
    const b = await login(s, `rule-b-${variant.name}`)
    const up = await upload(s, a, await pngImage())
    expect((await s.req('GET', up.body.url, { token: b })).status).toBe(404)
    expect((await s.req('GET', up.body.url)).status).toBe(401)
    const bId = (await s.req('GET', '/api/v1/me', { token: b })).body.id
    addFileAccessRule(s.db, async (viewer, file) => viewer.userId === bId && file.id === up.body.id)
    const ok = await s.req('GET', up.body.url, { token: b })
    expect(ok.status).toBe(200)
    expect(ok.headers.get('cache-control')).toBe('private, no-store')
  })
})
