/**
 * The worker's handwritten signature (consent without a phone). Real PNG bytes only, re-encoded (no
 * metadata survives), at most 300 KB and 2000 px a side; one row per (staff member, request key), so a
 * retried upload returns the first id.
 */
import sharp from 'sharp'
import { ApiError } from '../errors'
import { newId } from '../crypto'
import type { AccountsContext } from '../accounts'
import type { StaffActor } from './signups'

const MAX_BYTES = 300 * 1024
const MAX_SIDE = 2000
const BAD_IMAGE = '签名图片无法识别，请让务工人员重新签名'

export async function storeSignature(ctx: AccountsContext, actor: StaffActor, key: string, dataUrl: string): Promise<{ uploadId: string }> {
  const existing = await ctx.db.query<{ id: string }>('SELECT id FROM staff_signatures WHERE staff_user_id = $1 AND idempotency_key = $2', [actor.userId, key])
  if (existing[0]) return { uploadId: existing[0].id }
  const bytes = Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64')
  if (bytes.length === 0 || bytes.length > MAX_BYTES) throw new ApiError(400, 'SIGNATURE_INVALID', BAD_IMAGE, 'image')
  let png: Buffer
  let width: number
  let height: number
  try {
    const meta = await sharp(bytes, { limitInputPixels: MAX_SIDE * MAX_SIDE }).metadata()
    if (meta.format !== 'png' || !meta.width || !meta.height || meta.width > MAX_SIDE || meta.height > MAX_SIDE) throw new Error('not a signature')
    width = meta.width
    height = meta.height
    // flatten onto white: a transparent canvas stays readable wherever it is shown or printed
    png = await sharp(bytes).flatten({ background: '#ffffff' }).png({ compressionLevel: 9 }).toBuffer()
  } catch {
    throw new ApiError(400, 'SIGNATURE_INVALID', BAD_IMAGE, 'image')
  }
  const id = newId('sig')
  const rows = await ctx.db.query<{ id: string }>(
    `INSERT INTO staff_signatures (id, station_id, staff_user_id, idempotency_key, image, width, height, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (staff_user_id, idempotency_key) DO NOTHING RETURNING id`,
    [id, actor.stationId, actor.userId, key, png, width, height, ctx.now().toISOString()]
  )
  if (rows[0]) return { uploadId: rows[0].id }
  // a concurrent retry of the same upload won
  const [winner] = await ctx.db.query<{ id: string }>('SELECT id FROM staff_signatures WHERE staff_user_id = $1 AND idempotency_key = $2', [actor.userId, key])
  return { uploadId: winner.id }
}
