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
import { DeleteObjectCommand, GetObjectCommand, HeadBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { ApiError } from '../errors'

export interface FileStore {
  readonly kind: 'local' | 's3'
  put(key: string, data: Buffer, contentType: string): Promise<void>
  /** null when there is no object under that key */
  get(key: string): Promise<Buffer | null>
  delete(key: string): Promise<void>
  /** Resolves when the store can be written right now (a small write for a folder, HeadBucket for S3) */
  probe(): Promise<void>
}

/** Seconds a client should wait before retrying when the file store is away */
export const STORAGE_RETRY_AFTER_SECONDS = 30
export const STORAGE_UNAVAILABLE_MESSAGE = '文件存储暂时用不了，照片和录音先存不了也取不出，请过几分钟再试'

/** The store is away (disk full or unmounted, S3 unreachable): 503 with Retry-After, never a generic 500. */
export class StorageUnavailableError extends ApiError {
  constructor(readonly reason: string) {
    super(503, 'STORAGE_UNAVAILABLE', STORAGE_UNAVAILABLE_MESSAGE, undefined, STORAGE_RETRY_AFTER_SECONDS)
  }
}

class InvalidKeyError extends Error {}

/** Any failure of the underlying store becomes StorageUnavailableError; a bad key stays a programming error. */
function guarded(inner: FileStore): FileStore {
  const wrap =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await fn(...args)
      } catch (err) {
        if (err instanceof InvalidKeyError || err instanceof ApiError) throw err
        throw new StorageUnavailableError((err as Error)?.message ?? String(err))
      }
    }
  return {
    kind: inner.kind,
    put: wrap(inner.put),
    get: wrap(inner.get),
    delete: wrap(inner.delete),
    probe: wrap(inner.probe)
  }
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
  if (!KEY_PATTERN.test(key)) throw new InvalidKeyError('invalid storage key')
}

export function localFileStore(root: string): FileStore {
  const base = resolve(root)
  mkdirSync(base, { recursive: true, mode: 0o700 })
  const pathOf = (key: string) => {
    checkKey(key)
    return join(base, key.slice(0, 2), key)
  }
  return guarded({
    kind: 'local',
    async probe() {
      // a real write: a full disk, a read-only mount or a vanished folder all fail here
      mkdirSync(base, { recursive: true, mode: 0o700 })
      const file = join(base, `.probe.${randomBytes(4).toString('hex')}`)
      await writeFile(file, 'ok', { mode: 0o600 })
      await rm(file, { force: true })
    },
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
  })
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
    // an unreachable store fails within seconds (then 503), instead of holding the request for the SDK's retries
    maxAttempts: 2,
    requestHandler: { connectionTimeout: 3000, requestTimeout: 15_000 },
    ...(opts.accessKeyId && opts.secretAccessKey ? { credentials: { accessKeyId: opts.accessKeyId, secretAccessKey: opts.secretAccessKey } } : {})
  })
  const objectKey = (key: string) => {
    checkKey(key)
    return `${opts.prefix ?? ''}${key}`
  }
  return guarded({
    kind: 's3',
    async probe() {
      await client.send(new HeadBucketCommand({ Bucket: opts.bucket }))
    },
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
  })
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
