/** Shared by the certificate/file API tests: a real server with a chosen FileStore, and test images made by sharp. */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import sharp from 'sharp'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../server/app'
import { openTestDb } from '../support/db'
import type { Db } from '../../server/db'
import type { FieldCrypto } from '../../server/crypto'
import { localFileStore, type FileStore } from '../../server/files'
import { todayInChina } from '../../src/domain/format'
import type { ContentSafetyConfig } from '../../server/adapters/content-safety'

export interface CertServer {
  app: FastifyInstance
  base: string
  db: Db
  today: string
  store: FileStore
  filesDir: string | null
  req(method: string, url: string, opts?: { token?: string; json?: unknown; body?: BodyInit; headers?: Record<string, string> }): Promise<{ status: number; body: any; headers: Headers; bytes: Buffer }>
  close(): Promise<void>
}

export async function startCertServer(opts: { store?: FileStore; databaseUrl?: string; crypto?: FieldCrypto; contentSafety?: ContentSafetyConfig } = {}): Promise<CertServer> {
  const today = todayInChina()
  const filesDir = opts.store ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'zsb-cert-files-'))
  const store = opts.store ?? localFileStore(filesDir!)
  const { db } = await openTestDb({ today, databaseUrl: opts.databaseUrl })
  const app = await buildApp({ db, today: () => today, fileStore: store, crypto: opts.crypto, contentSafety: opts.contentSafety, logger: process.env.CERT_TEST_LOG ? { level: 'error' } : false })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const addr = app.server.address()
  const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`
  return {
    app,
    base,
    db,
    today,
    store,
    filesDir,
    async req(method, url, o = {}) {
      const headers: Record<string, string> = { ...(o.headers ?? {}) }
      if (o.token) headers.authorization = `Bearer ${o.token}`
      let body = o.body
      if (o.json !== undefined) {
        headers['content-type'] = 'application/json'
        body = JSON.stringify(o.json)
      }
      const res = await fetch(base + url, { method, headers, body })
      const bytes = Buffer.from(await res.arrayBuffer())
      let parsed: any = null
      if ((res.headers.get('content-type') ?? '').includes('json')) parsed = JSON.parse(bytes.toString('utf8'))
      return { status: res.status, body: parsed, headers: res.headers, bytes }
    },
    async close() {
      await app.close()
      await db.close()
      if (filesDir) fs.rmSync(filesDir, { recursive: true, force: true })
    }
  }
}

export async function login(s: CertServer, name: string): Promise<string> {
  const r = await s.req('POST', '/api/v1/auth/wechat', { json: { code: `dev:${name}` } })
  if (r.status !== 200) throw new Error(`login ${r.status}`)
  const token = r.body.token as string
  const version = (await s.req('GET', '/api/v1/privacy')).body.version
  await s.req('POST', '/api/v1/me/consent', { token, json: { version } })
  return token
}

export async function setIdentity(s: CertServer, token: string, realName: string, idNumber: string): Promise<void> {
  const r = await s.req('PUT', '/api/v1/me/profile', { token, json: { realName, idNumber } })
  if (r.status !== 200) throw new Error(`profile ${r.status} ${JSON.stringify(r.body)}`)
}

/** A JPEG with EXIF (incl. GPS), XMP and a comment segment — everything the server must strip. */
export async function jpegWithMetadata(width = 800, height = 600): Promise<Buffer> {
  const img = await sharp({ create: { width, height, channels: 3, background: { r: 200, g: 60, b: 40 } } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'PhoneMaker', Model: 'SecretPhone 9', Copyright: 'owner-name' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '37/1 51/1 30/1', GPSLongitudeRef: 'E', GPSLongitude: '113/1 34/1 12/1' }
    })
    .withXmp('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description about="secret-xmp-home"/></rdf:RDF></x:xmpmeta>')
    .toBuffer()
  // a COM (comment) segment right after SOI
  const text = Buffer.from('secret-comment-home-address')
  const com = Buffer.concat([Buffer.from([0xff, 0xfe, 0, text.length + 2]), text])
  return Buffer.concat([img.subarray(0, 2), com, img.subarray(2)])
}

export async function pngImage(width = 640, height = 480): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 4, background: { r: 20, g: 120, b: 200, alpha: 1 } } }).png().toBuffer()
}

export function multipart(data: Buffer, filename = 'photo.jpg', type = 'image/jpeg', field = 'file'): FormData {
  const form = new FormData()
  form.append(field, new Blob([new Uint8Array(data)], { type }), filename)
  return form
}

export async function upload(s: CertServer, token: string, data: Buffer, filename = 'photo.jpg') {
  return s.req('POST', '/api/v1/uploads', { token, body: multipart(data, filename) })
}

export const DEMO = { realName: '王秀英', idNumber: '140302197803150021' }

export function listFilesRecursive(dir: string): string[] {
  const out: string[] = []
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name)
    if (e.isDirectory()) out.push(...listFilesRecursive(p))
    else out.push(p)
  }
  return out
}
