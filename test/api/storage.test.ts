/**
 * The file store going away: uploads, photo reads and notice audio answer 503 STORAGE_UNAVAILABLE with
 * Retry-After (never a generic 500), /api/v1/health reports it, and all comes back when the store does.
 * Run on the local folder (replaced by a plain file) and on a real S3-protocol server (s3rver, stopped
 * mid-test and started again on the same port). Also the per-user daily upload quota.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import S3rver from 's3rver'
import { localFileStore, s3FileStore, STORAGE_RETRY_AFTER_SECONDS, type FileStore } from '../../server/files'
import { STORAGE_PROBE_TTL_MS } from '../../server/platform/meta-routes'
import { jpegWithMetadata, login, startCertServer, upload, type CertServer } from './cert-support'

const HAS_CHINESE = /[\u4e00-\u9fff]/
const BUCKET = 'zsb-storage-test'

interface Outage {
  store: FileStore
  breakIt(): Promise<void>
  repair(): Promise<void>
  teardown(): Promise<void>
}

const variants: Array<{ name: string; setup(): Promise<Outage> }> = [
  {
    name: 'local folder',
    async setup() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zsb-storage-'))
      const aside = `${dir}.aside`
      return {
        store: localFileStore(dir),
        // the folder is gone and a plain file sits where it was (an unmounted or replaced volume)
        async breakIt() {
          fs.renameSync(dir, aside)
          fs.writeFileSync(dir, 'not a folder')
        },
        async repair() {
          fs.rmSync(dir, { force: true })
          fs.renameSync(aside, dir)
        },
        async teardown() {
          fs.rmSync(dir, { recursive: true, force: true })
          fs.rmSync(aside, { recursive: true, force: true })
        }
      }
    }
  },
  {
    name: 'S3 (s3rver)',
    async setup() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zsb-s3rver-outage-'))
      const start = (port: number) => {
        const s = new S3rver({ address: '127.0.0.1', port, silent: true, directory: dir, configureBuckets: [{ name: BUCKET, configs: [] }] })
        return s.run().then((addr) => ({ s, port: (addr as { port: number }).port }))
      }
      let running = await start(0)
      const endpoint = `http://127.0.0.1:${running.port}`
      return {
        store: s3FileStore({ endpoint, bucket: BUCKET, accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }),
        async breakIt() {
          await running.s.close()
        },
        async repair() {
          running = await start(running.port)
        },
        async teardown() {
          await running.s.close().catch(() => undefined)
          fs.rmSync(dir, { recursive: true, force: true })
        }
      }
    }
  }
]

async function waitForHealth(s: CertServer, storage: 'ok' | 'unavailable'): Promise<any> {
  const deadline = Date.now() + STORAGE_PROBE_TTL_MS * 3
  for (;;) {
    const h = await s.req('GET', '/api/v1/health')
    if (h.body.storage === storage || Date.now() > deadline) return h
    await new Promise((r) => setTimeout(r, 200))
  }
}

describe.each(variants)('file store outage on $name', (variant) => {
  let env: Outage
  let s: CertServer
  let token: string
  beforeAll(async () => {
    env = await variant.setup()
    s = await startCertServer({ store: env.store })
    token = await login(s, `outage-${variant.name}`)
  })
  afterAll(async () => {
    await s?.close()
    await env?.teardown()
  })

  test('503 STORAGE_UNAVAILABLE with Retry-After while away, health says so; everything back afterwards', async () => {
    const healthy = await s.req('GET', '/api/v1/health')
    expect(healthy.status).toBe(200)
    expect(healthy.body).toMatchObject({ status: 'ok', storage: 'ok' })
    const photo = await jpegWithMetadata()
    const stored = await upload(s, token, photo)
    expect(stored.status).toBe(201)
    const [{ n: before }] = await s.db.query<{ n: number }>('SELECT count(*)::int AS n FROM files')

    await env.breakIt()
    const up = await upload(s, token, photo)
    expect(up.status).toBe(503)
    expect(up.body.code).toBe('STORAGE_UNAVAILABLE')
    expect(up.body.message).toMatch(HAS_CHINESE)
    expect(up.headers.get('retry-after')).toBe(String(STORAGE_RETRY_AFTER_SECONDS))
    // nothing recorded for a photo that was not stored
    expect((await s.db.query<{ n: number }>('SELECT count(*)::int AS n FROM files'))[0].n).toBe(before)
    const read = await s.req('GET', stored.body.url, { token })
    expect(read.status).toBe(503)
    expect(read.body.code).toBe('STORAGE_UNAVAILABLE')
    expect(Number(read.headers.get('retry-after'))).toBeGreaterThan(0)
    const down = await waitForHealth(s, 'unavailable')
    // the catalogue still works without the store: the instance stays in rotation, degraded
    expect(down.status).toBe(200)
    expect(down.body).toMatchObject({ status: 'degraded', storage: 'unavailable' })

    await env.repair()
    const up2 = await waitForHealth(s, 'ok')
    expect(up2.body).toMatchObject({ status: 'ok', storage: 'ok' })
    expect((await upload(s, token, photo)).status).toBe(201)
    const again = await s.req('GET', stored.body.url, { token })
    expect(again.status).toBe(200)
  }, 60_000)
})

describe('per-user upload quota', () => {
  let s: CertServer
  const saved = process.env.UPLOAD_QUOTA_PER_DAY
  beforeAll(async () => {
    process.env.UPLOAD_QUOTA_PER_DAY = '3'
    s = await startCertServer()
  })
  afterAll(async () => {
    if (saved === undefined) delete process.env.UPLOAD_QUOTA_PER_DAY
    else process.env.UPLOAD_QUOTA_PER_DAY = saved
    await s?.close()
  })

  test('3 a day: the 4th → 429 UPLOAD_QUOTA in Chinese with Retry-After; deleting does not buy more; others unaffected', async () => {
    const token = await login(s, 'quota-a')
    const photo = await jpegWithMetadata(400, 300)
    // concurrent: the count holds under a race too
    const first = await Promise.all(Array.from({ length: 5 }, () => upload(s, token, photo)))
    expect(first.map((r) => r.status).sort()).toEqual([201, 201, 201, 429, 429])
    const refused = await upload(s, token, photo)
    expect(refused.status).toBe(429)
    expect(refused.body.code).toBe('UPLOAD_QUOTA')
    expect(refused.body.message).toMatch(HAS_CHINESE)
    const retry = Number(refused.headers.get('retry-after'))
    expect(retry).toBeGreaterThan(86_000)
    expect(retry).toBeLessThanOrEqual(86_400)
    const [{ n }] = await s.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM files f JOIN users u ON u.id = f.owner_user_id`)
    expect(n).toBe(3)
    // a soft-deleted file still counts for the day
    await s.db.query(`UPDATE files SET deleted_at = now() WHERE id = $1`, [first.find((r) => r.status === 201)!.body.id])
    expect((await upload(s, token, photo)).status).toBe(429)
    // a day later the window has moved on
    await s.db.query(`UPDATE files SET created_at = created_at - interval '25 hours'`)
    expect((await upload(s, token, photo)).status).toBe(201)
    // another worker has their own quota
    expect((await upload(s, await login(s, 'quota-b'), photo)).status).toBe(201)
  }, 60_000)
})
