/** The worker's own steps on a claim: list, withdraw, 补正, appeal. */
import type { SubsidyClaim } from '../../src/contract'
import type { ClaimState } from '../../src/domain/claim-state'
import { getProfileRow, type AuthUser } from '../accounts'
import { ownedFileIds } from '../files'
import { badRequest, notFound } from '../errors'
import type { Queryable } from '../db'
import type { ClaimsContext } from './context'
import { CLAIM_MESSAGES } from './messages'
import { CLAIM_COLUMNS, loadClaim, type StoredClaim } from './record'
import { toClaim } from './views'
import { applyTransition, type TransitionOptions } from './transitions'

/** The worker's own claim, else 404 (another worker's claim is indistinguishable from a missing one). */
export async function ownedClaim(db: Queryable, userId: string, id: string, lock = false): Promise<StoredClaim> {
  const row = await loadClaim(db, id, lock)
  if (!row || row.user_id !== userId) throw notFound(CLAIM_MESSAGES.notFound, 'CLAIM_NOT_FOUND')
  return row
}

export async function myClaims(ctx: ClaimsContext, user: AuthUser): Promise<{ items: SubsidyClaim[] }> {
  const rows = await ctx.db.query<StoredClaim>(`SELECT ${CLAIM_COLUMNS} FROM claims WHERE user_id = $1 ORDER BY created_at DESC, id`, [user.id])
  const holder = (await getProfileRow(ctx, ctx.db, user))?.real_name ?? null
  const items: SubsidyClaim[] = []
  for (const r of rows) items.push(await toClaim(ctx, ctx.db, r, holder))
  return { items }
}

export async function workerStep(ctx: ClaimsContext, user: AuthUser, id: string, to: ClaimState, opts: TransitionOptions, before?: (tx: Queryable, row: StoredClaim) => Promise<void>): Promise<SubsidyClaim> {
  await ctx.db.transaction(async (tx) => {
    const row = await ownedClaim(tx, user.id, id, true)
    if (before) await before(tx, row)
    await applyTransition(ctx, tx, row, to, { id: user.id, role: 'worker' }, opts)
  })
  return toClaim(ctx, ctx.db, (await loadClaim(ctx.db, id))!)
}

export const withdrawClaim = (ctx: ClaimsContext, user: AuthUser, id: string) => workerStep(ctx, user, id, 'withdrawn', {})

export async function supplementClaim(ctx: ClaimsContext, user: AuthUser, id: string, body: { note?: string; photos?: string[] }): Promise<SubsidyClaim> {
  const note = body.note?.trim() || null
  const photos = [...new Set(body.photos ?? [])]
  if (!note && photos.length === 0) throw badRequest(CLAIM_MESSAGES.supplementEmpty, 'note')
  const owned = await ownedFileIds(ctx.db, user.id, photos)
  if (photos.some((p) => !owned.has(p))) throw badRequest(CLAIM_MESSAGES.photoMissing, 'photos')
  if (note) {
    await ownedClaim(ctx.db, user.id, id, false)
    await ctx.safety.checkText([{ field: 'note', label: '补正说明', text: note }], 2, { userId: user.id })
  }
  return workerStep(ctx, user, id, 'accepted', { reason: note ? `补正：${note}` : '已提交补正材料' }, async (tx, row) => {
    if (row.state !== 'needs_supplement') return
    await tx.query('INSERT INTO claim_supplements (claim_id, note, photo_ids, at) VALUES ($1, $2, $3, $4)', [row.id, note, photos, ctx.now().toISOString()])
  })
}

export async function appealClaim(ctx: ClaimsContext, user: AuthUser, id: string, reason: string): Promise<SubsidyClaim> {
  // someone else's claim is a 404 before anything about the text is said
  await ownedClaim(ctx.db, user.id, id, false)
  await ctx.safety.checkText([{ field: 'reason', label: '申诉理由', text: reason }], 2, { userId: user.id })
  return workerStep(ctx, user, id, 'accepted', { reason: `申诉：${reason.trim()}` })
}
