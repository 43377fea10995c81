/**
 * 我的证书: registry import (免证明 first), hand-added certificates with photos, delete, and the reads other
 * capabilities use (claims: listCertificates / getOwnedCertificate; reviewers: getCertificateById).
 */
import { createHash } from 'node:crypto'
import type { Certificate, CertificateCreate, LookupResult } from '../../src/contract'
import { occupationByCode } from '../../src/domain/catalog'
import { checkCertificate, kindHasLevel, type CertKind, type CertLevel, type Verification } from '../../src/domain/certificate'
import { prepared, type Queryable } from '../db'
import type { SqlParams, StatementPart } from '../db'
import { ApiError, badRequest } from '../errors'
import { newId } from '../crypto'
import { audit } from '../platform'
import { getProfileRow, lockUser, requireConsent, type AuthUser } from '../accounts'
import { RegistryUnavailableError, type RegistryCertificate } from '../adapters'
import { ownedFileIds, photoSafetyOf, type PhotoSafety } from '../files'
import { requestReview, reviewRegionFor } from './review'
import type { CertificatesContext, CertRow } from './context'

export type { Certificate } from '../../src/contract'
export type { CertificatesContext, CertRow } from './context'

export const CERT_MESSAGES = {
  notFound: '没有找到这本证书',
  profileIncomplete: '一键查询要用你的真实姓名和身份证号，请先在“我的资料”里填写',
  registryUnavailable: '全国联网查询暂时连不上，请稍后再试，或先拍照添加证书',
  duplicate: '这本证书已经在你的证书里了',
  duplicateRejected: '这本证书核验没有通过：请先在“我的证书”里删除它，再重新拍照添加',
  photoMissing: '有照片没有上传成功或已失效，请重新上传',
  occupationUnknown: '没有找到这个工种，请重新选择',
  badDate: '发证日期不正确，请重新选择',
  tooOld: '发证日期太早了，请核对',
  registryCannotDelete: '联网核验的证书不能删除',
  usedCannotDelete: '这本证书已用于补贴申请，不能删除',
  keyReused: '这个请求编号已用于另一本证书，请刷新后重试'
}

const COLUMNS = `id, user_id, kind, number, occupation_code, occupation_name, level, issued_on::text AS issued_on, issuer, source,
  verification, photos, created_at, used_at, reviewed_at, review_office, review_reason`

function toCertificate(r: CertRow, safety: Map<string, PhotoSafety>): Certificate {
  return {
    id: r.id,
    kind: r.kind,
    number: r.number,
    occupationCode: r.occupation_code,
    occupationName: r.occupation_name,
    level: r.level,
    issuedOn: r.issued_on,
    issuer: r.issuer,
    source: r.source,
    verification: r.verification,
    photos: r.photos ?? [],
    photoChecks: (r.photos ?? []).map((id) => ({ id, safety: safety.get(id) ?? 'pending' })),
    createdAt: new Date(r.created_at).toISOString(),
    canDelete: r.source === 'upload' && !r.used_at,
    review:
      r.reviewed_at && r.verification !== 'pending'
        ? { outcome: r.verification === 'rejected' ? 'rejected' : 'verified', reason: r.review_reason, decidedAt: new Date(r.reviewed_at).toISOString(), office: r.review_office ?? '' }
        : null
  }
}

/** Certificates with the 内容安全 state of their photos (one query for all of them). */
async function toCertificates(db: Queryable, rows: CertRow[]): Promise<Certificate[]> {
  const safety = await photoSafetyOf(db, rows.flatMap((r) => r.photos ?? []))
  return rows.map((r) => toCertificate(r, safety))
}

/** A worker's live certificates, newest issue date first. */
export async function listCertificates(db: Queryable, userId: string): Promise<Certificate[]> {
  const rows = await db.query<CertRow>(`SELECT ${COLUMNS} FROM certificates WHERE user_id = $1 AND deleted_at IS NULL ORDER BY issued_on DESC, id`, [userId])
  return toCertificates(db, rows)
}

/** The certificate if it is this worker's; null otherwise (callers answer 404, never 403). */
export async function getOwnedCertificate(db: Queryable, userId: string, id: string): Promise<Certificate | null> {
  const [row] = await db.query<CertRow>(prepared(`SELECT ${COLUMNS} FROM certificates WHERE id = $1 AND user_id = $2 AND deleted_at IS NULL`), [id, userId])
  return row ? (await toCertificates(db, [row]))[0] : null
}

/** Any live certificate with its owner — for reviewers; the caller checks the reviewer's region. */
export async function getCertificateById(db: Queryable, id: string): Promise<(Certificate & { userId: string }) | null> {
  const [row] = await db.query<CertRow>(`SELECT ${COLUMNS} FROM certificates WHERE id = $1 AND deleted_at IS NULL`, [id])
  return row ? { ...(await toCertificates(db, [row]))[0], userId: row.user_id } : null
}

/** The certificates of `userId` that show photo `fileId` (to tell the worker which one needs a new photo). */
export async function certificatesWithPhoto(db: Queryable, userId: string, fileId: string): Promise<{ id: string; occupationName: string; level: CertLevel | null }[]> {
  const rows = await db.query<{ id: string; occupation_name: string; level: CertLevel | null }>(
    'SELECT id, occupation_name, level FROM certificates WHERE user_id = $1 AND $2 = ANY(photos) AND deleted_at IS NULL ORDER BY id',
    [userId, fileId]
  )
  return rows.map((r) => ({ id: r.id, occupationName: r.occupation_name, level: r.level }))
}

/** Marks a certificate as relied on by a claim (it can no longer be deleted). For the claims capability. */
/** `markCertificateUsed` as a part of a composed statement (server/db/compose.ts), only when `when` holds. */
export function markCertificateUsedPart(p: SqlParams, id: string, at: Date, when: string, name = 'certificate_used'): StatementPart {
  return { name, sql: `UPDATE certificates SET used_at = COALESCE(used_at, ${p.add(at.toISOString(), 'timestamptz')}) WHERE id = ${p.add(id)} AND ${when}` }
}

export async function markCertificateUsed(db: Queryable, id: string, at: Date): Promise<void> {
  await db.query('UPDATE certificates SET used_at = COALESCE(used_at, $2) WHERE id = $1', [id, at.toISOString()])
}

async function holderOf(ctx: CertificatesContext, user: AuthUser): Promise<{ realName: string; idNumber: string } | null> {
  const row = await getProfileRow(ctx, ctx.db, user)
  if (!row?.real_name || !row.id_number_enc) return null
  return { realName: row.real_name, idNumber: ctx.crypto.decrypt(row.id_number_enc) }
}

async function askRegistry<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (err) {
    if (err instanceof RegistryUnavailableError) throw new ApiError(503, 'REGISTRY_UNAVAILABLE', CERT_MESSAGES.registryUnavailable)
    throw err
  }
}

/** 一键查询: imports what the registry holds for the worker's verified identity. A second lookup adds nothing. */
export async function lookupAndImport(ctx: CertificatesContext, user: AuthUser): Promise<LookupResult> {
  await requireConsent(ctx.db, user.id)
  const holder = await holderOf(ctx, user)
  if (!holder) throw new ApiError(409, 'PROFILE_INCOMPLETE', CERT_MESSAGES.profileIncomplete)
  const found = await askRegistry(() => ctx.registry.findByHolder(holder.realName, holder.idNumber))
  const imported = await ctx.db.transaction(async (tx) => {
    await lockUser(tx, user.id)
    let n = 0
    for (const c of found) {
      const id = newId('crt')
      const inserted = await tx.query<{ id: string }>(
        `INSERT INTO certificates (id, user_id, kind, number, occupation_code, occupation_name, level, issued_on, issuer, source, verification, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'registry', 'verified', $10)
         ON CONFLICT (user_id, kind, number) WHERE deleted_at IS NULL DO NOTHING RETURNING id`,
        [id, user.id, c.kind, c.number, c.occupationCode, c.occupationName, c.level, c.issuedOn, c.issuer, ctx.now().toISOString()]
      )
      if (inserted[0]) {
        n++
        await audit(tx, { actor: user.id, action: 'certificate.import', objectType: 'certificate', objectId: id, reason: 'registry lookup by real name + ID' })
      } else {
        // the worker had added it by hand: the registry now confirms it
        const upgraded = await tx.query<{ id: string }>(
          `UPDATE certificates SET verification = 'verified' WHERE user_id = $1 AND kind = $2 AND number = $3 AND deleted_at IS NULL
             AND verification = 'pending' RETURNING id`,
          [user.id, c.kind, c.number]
        )
        for (const u of upgraded) await audit(tx, { actor: user.id, action: 'certificate.import', objectType: 'certificate', objectId: u.id, reason: 'registry confirmed hand-added certificate' })
      }
    }
    return n
  })
  return { found: found.length, imported, items: await listCertificates(ctx.db, user.id) }
}

const digestOf = (body: CertificateCreate) => createHash('sha256').update(JSON.stringify(body)).digest('base64url')

function validDate(iso: string): boolean {
  const t = Date.parse(`${iso}T00:00:00Z`)
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === iso
}

/** Hand-added certificate: checked like the phone checks it; 已联网核验 when the registry knows the number for this holder. */
export async function addCertificate(ctx: CertificatesContext, user: AuthUser, key: string, body: CertificateCreate): Promise<{ status: number; certificate: Certificate }> {
  const digest = digestOf(body)
  const replay = async (db: Queryable) => {
    const [row] = await db.query<CertRow & { request_digest: string; deleted_at: unknown }>(
      `SELECT ${COLUMNS}, request_digest FROM certificates WHERE user_id = $1 AND idempotency_key = $2`,
      [user.id, key]
    )
    if (!row) return null
    if (row.request_digest !== digest) throw new ApiError(422, 'IDEMPOTENCY_KEY_REUSED', CERT_MESSAGES.keyReused)
    return { status: 201, certificate: (await toCertificates(db, [row]))[0] }
  }
  const earlier = await replay(ctx.db)
  if (earlier) return earlier
  await requireConsent(ctx.db, user.id)

  const today = ctx.today()
  const occupation = occupationByCode(body.occupationCode)
  if (!occupation) throw badRequest(CERT_MESSAGES.occupationUnknown, 'occupationCode')
  if (!validDate(body.issuedOn)) throw badRequest(CERT_MESSAGES.badDate, 'issuedOn')
  if (body.issuedOn < '1990-01-01') throw badRequest(CERT_MESSAGES.tooOld, 'issuedOn')
  const level = kindHasLevel(body.kind) ? body.level ?? null : null
  const { parsed, issues } = checkCertificate({ kind: body.kind, number: body.number, level, issuedOn: body.issuedOn }, today)
  const error = issues.find((i) => i.severity === 'error')
  if (error || !parsed) throw badRequest(error?.message ?? '证书编号不正确', error?.field ?? 'number', 'CERTIFICATE_INVALID')
  const issuer = body.issuer.trim()
  if (issuer.length < 2) throw badRequest('请填写发证机构（证书上盖章的单位）', 'issuer')
  const owned = await ownedFileIds(ctx.db, user.id, body.photos)
  if (body.photos.some((p) => !owned.has(p))) throw badRequest(CERT_MESSAGES.photoMissing, 'photos', 'PHOTO_NOT_FOUND')

  // 免证明: the registry confirms the number only for the same holder
  const holder = await holderOf(ctx, user)
  let record: RegistryCertificate | null = null
  if (holder) record = await ctx.registry.findByNumber(parsed.normalized).catch(() => null)
  const verified = !!record && !!holder && record.holderName === holder.realName && record.kind === body.kind

  try {
    return await ctx.db.transaction(async (tx) => {
      await lockUser(tx, user.id)
      const again = await replay(tx)
      if (again) return again
      const dup = await tx.query<{ verification: Verification }>('SELECT verification FROM certificates WHERE user_id = $1 AND kind = $2 AND number = $3 AND deleted_at IS NULL', [user.id, body.kind, parsed.normalized])
      if (dup.length) throw new ApiError(409, 'CERTIFICATE_EXISTS', dup[0].verification === 'rejected' ? CERT_MESSAGES.duplicateRejected : CERT_MESSAGES.duplicate, 'number')
      const id = newId('crt')
      const [row] = await tx.query<CertRow>(
        `INSERT INTO certificates (id, user_id, kind, number, occupation_code, occupation_name, level, issued_on, issuer, source, verification,
           photos, created_at, idempotency_key, request_digest)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'upload', $10, $11, $12, $13, $14) RETURNING ${COLUMNS}`,
        [id, user.id, body.kind, parsed.normalized, occupation.code, occupation.name, level, body.issuedOn, issuer, verified ? 'verified' : 'pending',
          body.photos, ctx.now().toISOString(), key, digest]
      )
      await audit(tx, { actor: user.id, action: 'certificate.create', objectType: 'certificate', objectId: id, reason: verified ? 'hand-added; found in registry' : 'hand-added; awaits manual check' })
      // 待人工核验: into the queue of the reviewers of its region (server/certificates/review.ts)
      if (!verified) await requestReview(tx, id, await reviewRegionFor(tx, user.id, body.kind, parsed.normalized, today), ctx.now())
      return { status: 201, certificate: (await toCertificates(tx, [row]))[0] }
    })
  } catch (err) {
    // two concurrent retries with one key: the loser returns the winner's row
    if ((err as { code?: string }).code === '23505') {
      const winner = await replay(ctx.db)
      if (winner) return winner
      throw new ApiError(409, 'CERTIFICATE_EXISTS', CERT_MESSAGES.duplicate, 'number')
    }
    throw err
  }
}

/** Deletes a hand-added certificate no claim uses; its photos go too (they were only for it). */
export async function deleteCertificate(ctx: CertificatesContext, user: AuthUser, id: string): Promise<void> {
  const keys = await ctx.db.transaction(async (tx) => {
    const [row] = await tx.query<CertRow>(`SELECT ${COLUMNS} FROM certificates WHERE id = $1 AND user_id = $2 AND deleted_at IS NULL FOR UPDATE`, [id, user.id])
    if (!row) throw new ApiError(404, 'NOT_FOUND', CERT_MESSAGES.notFound)
    if (row.source === 'registry') throw new ApiError(409, 'CERTIFICATE_FROM_REGISTRY', CERT_MESSAGES.registryCannotDelete)
    if (row.used_at) throw new ApiError(409, 'CERTIFICATE_IN_USE', CERT_MESSAGES.usedCannotDelete)
    const now = ctx.now().toISOString()
    await tx.query('UPDATE certificates SET deleted_at = $2 WHERE id = $1', [id, now])
    const files = await tx.query<{ storage_key: string }>(
      `UPDATE files SET deleted_at = $3 WHERE owner_user_id = $1 AND id = ANY($2::text[]) AND deleted_at IS NULL RETURNING storage_key`,
      [user.id, row.photos, now]
    )
    await audit(tx, { actor: user.id, action: 'certificate.delete', objectType: 'certificate', objectId: id, reason: `by owner; ${files.length} photos removed` })
    return files.map((f) => f.storage_key)
  })
  for (const k of keys) await ctx.files.store.delete(k).catch(() => undefined)
}

/** Erasure (撤回同意 / 注销): every certificate row of the worker, live or deleted, goes. Claims keep their own copy of occupation and level. */
export async function eraseCertificatesOf(tx: Queryable, userId: string): Promise<number> {
  return (await tx.query('DELETE FROM certificates WHERE user_id = $1 RETURNING id', [userId])).length
}

/**
 * A new real name or ID number: certificates the registry found for the old identity no longer prove
 * anything. Unused ones are removed (一键查询 finds the new identity's); ones a claim relies on go back to
 * 待人工核验 so a reviewer looks again.
 */
export async function resetRegistryCertificates(tx: Queryable, userId: string): Promise<string | null> {
  const removed = await tx.query(`DELETE FROM certificates WHERE user_id = $1 AND source = 'registry' AND used_at IS NULL RETURNING id`, [userId])
  const pending = await tx.query<{ id: string; kind: CertKind; number: string }>(
    `UPDATE certificates SET verification = 'pending' WHERE user_id = $1 AND source = 'registry' AND used_at IS NOT NULL AND deleted_at IS NULL RETURNING id, kind, number`,
    [userId]
  )
  const now = new Date()
  for (const c of pending) await requestReview(tx, c.id, await reviewRegionFor(tx, userId, c.kind, c.number, now.toISOString().slice(0, 10)), now)
  if (removed.length + pending.length === 0) return null
  return `${removed.length} registry certificates removed, ${pending.length} back to pending`
}
