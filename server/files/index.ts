/**
 * Uploaded photos: sniff the real type from the bytes, re-encode to JPEG with every metadata block dropped
 * (EXIF incl. GPS, XMP, ICC, comments), store under a random key, record the owner; serve only to the owner
 * and to whoever an access rule admits (e.g. a reviewer of the claim's region — claims adds that rule).
 */
import { createHash } from 'node:crypto'
import sharp from 'sharp'
import type { Upload } from '../../src/contract'
import { newId } from '../crypto'
import type { Db, Queryable } from '../db'
import { ApiError } from '../errors'
import { newStorageKey, type FileStore } from './store'

export * from './store'

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024
/** longest side kept on the server; the phone already compresses to ≤ 1600 px */
export const MAX_STORED_SIDE = 2400
const MIN_SIDE = 200

export const FILE_MESSAGES = {
  tooLarge: '照片太大了（超过10MB），请重新拍一张或压缩后再传',
  notImage: '只能上传照片（JPG、PNG、WebP 或 HEIC 格式），这个文件不是照片',
  unreadable: '这张照片已损坏或无法读取，请重新拍一张',
  heicUnsupported: '这张苹果手机 HEIC 照片暂时读不了：请在“设置—相机—格式”里选“兼容性最佳”后重拍，或截屏后再传',
  tooSmall: '照片太小了，看不清证书内容，请对着证书重新拍一张',
  noFile: '没有收到照片，请重新选择后上传',
  notFound: '没有找到这张照片',
  refused: '这张照片没有通过内容安全检测，已隐藏。请对着证书重新拍一张（只拍证书本身）',
  quota: (n: number) => `今天上传的照片已经有 ${n} 张了，请明天再传；如果确实需要，请联系服务站工作人员`
}

/** Photos one account may upload per rolling 24 hours (UPLOAD_QUOTA_PER_DAY); counted in the database, so every instance agrees */
export const DEFAULT_UPLOADS_PER_DAY = 40
export function uploadQuotaFromEnv(env: Record<string, string | undefined> = process.env): number {
  const n = Number(env.UPLOAD_QUOTA_PER_DAY)
  return Number.isInteger(n) && n > 0 ? n : DEFAULT_UPLOADS_PER_DAY
}

export type SniffedType = 'jpeg' | 'png' | 'webp' | 'heic'

/** What the bytes are, by their magic numbers (never by the name or the declared type). */
export function sniffImageType(buf: Buffer): SniffedType | null {
  if (buf.length >= 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return 'jpeg'
  if (buf.length >= 8 && buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png'
  if (buf.length >= 12 && buf.toString('latin1', 0, 4) === 'RIFF' && buf.toString('latin1', 8, 12) === 'WEBP') return 'webp'
  if (buf.length >= 12 && buf.toString('latin1', 4, 8) === 'ftyp') {
    const brand = buf.toString('latin1', 8, 12)
    if (['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1', 'avif'].includes(brand)) return 'heic'
  }
  return null
}

export interface EncodedImage {
  data: Buffer
  width: number
  height: number
}

/** The sharp pipeline: decode, apply EXIF orientation, bound the size, encode a fresh JPEG (sharp writes no metadata unless asked). */
export async function reencodeImage(input: Buffer): Promise<EncodedImage> {
  const type = sniffImageType(input)
  if (!type) throw new ApiError(400, 'FILE_NOT_IMAGE', FILE_MESSAGES.notImage)
  let out: { data: Buffer; info: sharp.OutputInfo }
  try {
    out = await sharp(input, { failOn: 'error', limitInputPixels: 60_000_000 })
      .rotate()
      .resize({ width: MAX_STORED_SIDE, height: MAX_STORED_SIDE, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 82, progressive: true })
      .toBuffer({ resolveWithObject: true })
  } catch {
    if (type === 'heic') throw new ApiError(415, 'HEIC_UNSUPPORTED', FILE_MESSAGES.heicUnsupported)
    throw new ApiError(400, 'IMAGE_UNREADABLE', FILE_MESSAGES.unreadable)
  }
  if (Math.min(out.info.width, out.info.height) < MIN_SIDE) throw new ApiError(400, 'IMAGE_TOO_SMALL', FILE_MESSAGES.tooSmall)
  return { data: out.data, width: out.info.width, height: out.info.height }
}

export interface FilesContext {
  db: Db
  store: FileStore
  now: () => Date
  /** uploads per user per rolling day; default DEFAULT_UPLOADS_PER_DAY */
  uploadsPerDay?: number
}

/**
 * Refuses (429 with Retry-After: until the oldest upload of the window is a day old) when `owner` has
 * uploaded `limit` files in the last 24 hours. Deleted files count: deleting does not buy more uploads.
 */
async function checkUploadQuota(db: Queryable, owner: string, now: Date, limit: number): Promise<void> {
  const [row] = await db.query<{ n: number; oldest: Date | null }>(
    `SELECT count(*)::int AS n, min(created_at) AS oldest FROM files WHERE owner_user_id = $1 AND created_at > $2::timestamptz - interval '1 day'`,
    [owner, now.toISOString()]
  )
  if (row.n < limit) return
  const freeAt = row.oldest ? new Date(row.oldest).getTime() + 86_400_000 : now.getTime() + 3600_000
  throw new ApiError(429, 'UPLOAD_QUOTA', FILE_MESSAGES.quota(limit), undefined, Math.max(1, Math.ceil((freeAt - now.getTime()) / 1000)))
}

export const fileUrl = (id: string) => `/api/v1/files/${id}`

/** Re-encodes and stores one upload owned by `ownerUserId`. */
export async function storeUpload(ctx: FilesContext, ownerUserId: string, input: Buffer): Promise<Upload> {
  if (input.length > MAX_UPLOAD_BYTES) throw new ApiError(413, 'FILE_TOO_LARGE', FILE_MESSAGES.tooLarge)
  const limit = ctx.uploadsPerDay ?? DEFAULT_UPLOADS_PER_DAY
  // cheap refusal before the costly decode
  await checkUploadQuota(ctx.db, ownerUserId, ctx.now(), limit)
  const img = await reencodeImage(input)
  const id = newId('fil')
  const key = newStorageKey()
  await ctx.store.put(key, img.data, 'image/jpeg')
  try {
    await ctx.db.transaction(async (tx) => {
      // counted again under a per-user lock: concurrent uploads (on any instance) cannot all pass the check
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`upload:${ownerUserId}`])
      const now = ctx.now()
      await checkUploadQuota(tx, ownerUserId, now, limit)
      await tx.query(
        `INSERT INTO files (id, owner_user_id, storage_key, content_type, bytes, width, height, sha256, created_at)
         VALUES ($1, $2, $3, 'image/jpeg', $4, $5, $6, $7, $8)`,
        [id, ownerUserId, key, img.data.length, img.width, img.height, createHash('sha256').update(img.data).digest('hex'), now.toISOString()]
      )
    })
  } catch (err) {
    await ctx.store.delete(key).catch(() => undefined)
    throw err
  }
  return { id, url: fileUrl(id), contentType: 'image/jpeg', bytes: img.data.length, width: img.width, height: img.height, safety: 'pending' }
}

export type FileAccessRule = (viewer: { userId: string }, file: { id: string; ownerUserId: string }) => Promise<boolean>
// Rules belong to one database (one app instance): several apps in one process (tests) must not see each
// other's rules, whose closures hold their own, possibly closed, database.
const accessRules = new WeakMap<Queryable, FileAccessRule[]>()

/** Lets another capability admit more viewers (e.g. reviewers of the claim's region). The owner always may. */
export function addFileAccessRule(db: Queryable, rule: FileAccessRule): void {
  accessRules.set(db, [...(accessRules.get(db) ?? []), rule])
}

export interface FileRecord {
  id: string
  ownerUserId: string
  storageKey: string
  contentType: string
  bytes: number
  safety: PhotoSafety
}

export async function getFileRecord(db: Queryable, id: string): Promise<FileRecord | null> {
  const [row] = await db.query<{ id: string; owner_user_id: string; storage_key: string; content_type: string; bytes: number; safety: PhotoSafety }>(
    'SELECT id, owner_user_id, storage_key, content_type, bytes, safety FROM files WHERE id = $1 AND deleted_at IS NULL',
    [id]
  )
  return row ? { id: row.id, ownerUserId: row.owner_user_id, storageKey: row.storage_key, contentType: row.content_type, bytes: row.bytes, safety: row.safety } : null
}

/**
 * The owner may see their own photo while it waits for 内容安全 (they took it); anyone an access rule admits
 * only once it passed. A refused photo is served to nobody (the owner is told why instead).
 */
export async function canReadFile(db: Queryable, viewer: { userId: string }, file: { id: string; ownerUserId: string; safety: PhotoSafety }): Promise<boolean> {
  if (file.safety === 'refused') return false
  if (viewer.userId === file.ownerUserId) return true
  if (file.safety !== 'passed') return false
  for (const rule of accessRules.get(db) ?? []) if (await rule(viewer, file)) return true
  return false
}

/** The stored bytes for a viewer who may see them; otherwise a 404 indistinguishable from a missing file. */
export async function readFileFor(ctx: FilesContext, viewer: { userId: string }, id: string): Promise<{ data: Buffer; contentType: string }> {
  const file = await getFileRecord(ctx.db, id)
  // the owner learns why their photo is gone; to anyone else it does not exist
  if (file && file.safety === 'refused' && file.ownerUserId === viewer.userId) throw new ApiError(410, 'PHOTO_REFUSED', FILE_MESSAGES.refused)
  if (!file || !(await canReadFile(ctx.db, viewer, file))) throw new ApiError(404, 'FILE_NOT_FOUND', FILE_MESSAGES.notFound)
  const data = await ctx.store.get(file.storageKey)
  if (!data) throw new ApiError(404, 'FILE_NOT_FOUND', FILE_MESSAGES.notFound)
  return { data, contentType: file.contentType }
}

export type PhotoSafety = 'pending' | 'passed' | 'refused'

/** 内容安全 state of each live file among `ids` (missing ones are left out). */
export async function photoSafetyOf(db: Queryable, ids: readonly string[]): Promise<Map<string, PhotoSafety>> {
  if (ids.length === 0) return new Map()
  const rows = await db.query<{ id: string; safety: PhotoSafety }>('SELECT id, safety FROM files WHERE id = ANY($1::text[]) AND deleted_at IS NULL', [[...ids]])
  return new Map(rows.map((r) => [r.id, r.safety]))
}

/** The ids among `ids` that passed 内容安全, in their order: the only photos a reviewer sees as evidence. */
export async function passedFileIds(db: Queryable, ids: readonly string[]): Promise<string[]> {
  const states = await photoSafetyOf(db, ids)
  return ids.filter((id) => states.get(id) === 'passed')
}

/** Records that WeChat accepted the photo for checking under `traceId`. */
export async function recordSafetySubmission(db: Queryable, id: string, traceId: string, at: Date): Promise<void> {
  await db.query(`UPDATE files SET safety_trace_id = $2, safety_submitted_at = $3 WHERE id = $1 AND safety = 'pending'`, [id, traceId, at.toISOString()])
}

/** Marks a submission attempt that failed (WeChat down), so the sweep waits before the next one. */
export async function recordSafetyAttempt(db: Queryable, id: string, at: Date): Promise<void> {
  await db.query(`UPDATE files SET safety_submitted_at = $2 WHERE id = $1 AND safety = 'pending' AND safety_trace_id IS NULL`, [id, at.toISOString()])
}

/**
 * Applies a verdict once: only a pending photo with this trace id moves (a repeated or late push changes
 * nothing). Returns the photo when it moved.
 */
export async function settlePhotoSafety(tx: Queryable, traceId: string, safety: 'passed' | 'refused', label: number, at: Date): Promise<{ id: string; ownerUserId: string } | null> {
  const [row] = await tx.query<{ id: string; owner_user_id: string }>(
    `UPDATE files SET safety = $2, safety_label = $3, safety_checked_at = $4 WHERE safety_trace_id = $1 AND safety = 'pending' RETURNING id, owner_user_id`,
    [traceId, safety, label, at.toISOString()]
  )
  return row ? { id: row.id, ownerUserId: row.owner_user_id } : null
}

/**
 * Pending photos to (re)submit: never submitted (stored before the check existed, or the process stopped
 * mid-upload), a failed attempt (WeChat was down: no trace id), each after a minute's grace so an attempt in
 * flight is not repeated; or one without a verdict long after submission (a push lost on the way). Taken with
 * SKIP LOCKED and marked by the caller in the same transaction, so two instances never submit one photo at once.
 */
export async function stalePendingPhotos(tx: Queryable, now: Date, lostAfterMs: number, limit: number): Promise<{ id: string; ownerUserId: string }[]> {
  const rows = await tx.query<{ id: string; owner_user_id: string }>(
    `SELECT id, owner_user_id FROM files WHERE safety = 'pending' AND deleted_at IS NULL AND (
       (safety_submitted_at IS NULL AND created_at < $1)
       OR (safety_trace_id IS NULL AND safety_submitted_at < $1)
       OR safety_submitted_at < $2)
     ORDER BY safety_submitted_at NULLS FIRST, id LIMIT $3 FOR UPDATE SKIP LOCKED`,
    [new Date(now.getTime() - 60_000).toISOString(), new Date(now.getTime() - lostAfterMs).toISOString(), limit]
  )
  return rows.map((r) => ({ id: r.id, ownerUserId: r.owner_user_id }))
}

/** Ids among `ids` that exist, are live and belong to `ownerUserId`. */
export async function ownedFileIds(db: Queryable, ownerUserId: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set()
  const rows = await db.query<{ id: string }>('SELECT id FROM files WHERE owner_user_id = $1 AND id = ANY($2::text[]) AND deleted_at IS NULL', [ownerUserId, ids])
  return new Set(rows.map((r) => r.id))
}

/** Metadata of a user's live files (for 下载我的数据: ids, never the bytes). */
export async function listFilesOf(db: Queryable, ownerUserId: string) {
  const rows = await db.query<{ id: string; content_type: string; bytes: number; width: number; height: number; created_at: Date }>(
    'SELECT id, content_type, bytes, width, height, created_at FROM files WHERE owner_user_id = $1 AND deleted_at IS NULL ORDER BY created_at, id',
    [ownerUserId]
  )
  return rows.map((r) => ({ id: r.id, contentType: r.content_type, bytes: r.bytes, width: r.width, height: r.height, createdAt: new Date(r.created_at).toISOString() }))
}

/**
 * Erasure: deletes every file row the user owns (soft-deleted ones too) inside `tx` and returns the storage
 * keys; the caller deletes the objects after the commit (a rolled-back erasure must not lose photos).
 */
export async function eraseFilesOf(tx: Queryable, ownerUserId: string): Promise<string[]> {
  const rows = await tx.query<{ storage_key: string }>('DELETE FROM files WHERE owner_user_id = $1 RETURNING storage_key', [ownerUserId])
  return rows.map((r) => r.storage_key)
}
