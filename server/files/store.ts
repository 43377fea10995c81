/**
 * FileStore: where uploaded bytes live. Two implementations behind one interface:
 * - local: a folder (default `<DATA_DIR>/../files`, or FILES_DIR) — `npm start` needs nothing else;
 * - s3: any S3-compatible object store (MinIO, 阿里云 OSS, 腾讯云 COS) through the official AWS SDK v3 client,
 *   selected when S3_BUCKET is set.
 * Keys are random server-made names (see newStorageKey); a client's file name never reaches a path or an object key.
 */
import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync } from 'node:fs'
import { readFile, rm, writeFile, rename } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'

export interface FileStore {
  readonly kind: 'local' | 's3'
  put(key: string, data: Buffer, contentType: string): Promise<void>
  /** null when there is no object under that key */
  get(key: string): Promise<Buffer | null>
  delete(key: string): Promise<void>
}

const KEY_PATTERN = /^[a-z0-9]{32}$/

/** 32 random base-36 characters; the only names files are ever stored under. */
export function newStorageKey(): string {
  const alphabet = '0123456789abcdefghijklmnopqrstuvwxyz'
  let out = ''
  for (const b of randomBytes(32)) out += alphabet[b % 36]
  return out
}

function checkKey(key: string): void {
  // defence in depth: only server-made keys, never anything path-like
  if (!KEY_PATTERN.test(key)) throw new Error('invalid storage key')
}

export function localFileStore(root: string): FileStore {
  const base = resolve(root)
  mkdirSync(base, { recursive: true, mode: 0o700 })
  const pathOf = (key: string) => {
    checkKey(key)
    return join(base, key.slice(0, 2), key)
  }
  return {
    kind: 'local',
    async put(key, data) {
      const file = pathOf(key)
      mkdirSync(dirname(file), { recursive: true, mode: 0o700 })
      // write then rename: a reader never sees half a file
      const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`
      await writeFile(tmp, data, { mode: 0o600, flag: 'wx' })
      await rename(tmp, file)
    },
    async get(key) {
      try {
        return await readFile(pathOf(key))
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
        throw err
      }
    },
    async delete(key) {
      await rm(pathOf(key), { force: true })
    }
  }
}

export interface S3Options {
  endpoint?: string
  region?: string
  bucket: string
  accessKeyId?: string
  secretAccessKey?: string
  /** path-style URLs (MinIO, s3rver); OSS and COS want virtual-hosted style: S3_FORCE_PATH_STYLE=false */
  forcePathStyle?: boolean
  prefix?: string
}

export function s3FileStore(opts: S3Options): FileStore {
  const client = new S3Client({
    endpoint: opts.endpoint,
    region: opts.region ?? 'us-east-1',
    forcePathStyle: opts.forcePathStyle ?? true,
    ...(opts.accessKeyId && opts.secretAccessKey ? { credentials: { accessKeyId: opts.accessKeyId, secretAccessKey: opts.secretAccessKey } } : {})
  })
  const objectKey = (key: string) => {
    checkKey(key)
    return `${opts.prefix ?? ''}${key}`
  }
  return {
    kind: 's3',
    async put(key, data, contentType) {
      await client.send(new PutObjectCommand({ Bucket: opts.bucket, Key: objectKey(key), Body: data, ContentType: contentType }))
    },
    async get(key) {
      try {
        const res = await client.send(new GetObjectCommand({ Bucket: opts.bucket, Key: objectKey(key) }))
        if (!res.Body) return null
        return Buffer.from(await res.Body.transformToByteArray())
      } catch (err) {
        const e = err as { name?: string; $metadata?: { httpStatusCode?: number } }
        if (e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404) return null
        throw err
      }
    },
    async delete(key) {
      await client.send(new DeleteObjectCommand({ Bucket: opts.bucket, Key: objectKey(key) }))
    }
  }
}

/**
 * From the environment: S3_BUCKET set → S3 (S3_ENDPOINT, S3_REGION, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY,
 * S3_FORCE_PATH_STYLE, S3_PREFIX); else a local folder: FILES_DIR, else `files` beside the PGlite folder
 * (DATA_DIR), else (in-memory database, tests) a fresh temporary folder.
 */
export function createFileStore(env: Record<string, string | undefined> = process.env, opts: { dataDir?: string } = {}): FileStore {
  if (env.S3_BUCKET) {
    return s3FileStore({
      bucket: env.S3_BUCKET,
      endpoint: env.S3_ENDPOINT || undefined,
      region: env.S3_REGION || undefined,
      accessKeyId: env.S3_ACCESS_KEY_ID || undefined,
      secretAccessKey: env.S3_SECRET_ACCESS_KEY || undefined,
      forcePathStyle: env.S3_FORCE_PATH_STYLE ? env.S3_FORCE_PATH_STYLE !== 'false' : true,
      prefix: env.S3_PREFIX || undefined
    })
  }
  if (env.FILES_DIR) return localFileStore(env.FILES_DIR)
  if (opts.dataDir) return localFileStore(join(resolve(opts.dataDir), '..', 'files'))
  return localFileStore(mkdtempSync(join(tmpdir(), 'zsb-files-')))
}
