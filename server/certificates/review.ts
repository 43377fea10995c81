/**
 * 人工核验: a certificate the national registry could not confirm (待人工核验) is checked by a reviewer of its
 * region against its photos, and decided 核验通过 (then it backs a subsidy claim) or 核验不通过 with a reason
 * the worker acts on. Decision, audit row, inbox entry and queued subscribe message commit together.
 *
 * Region of a certificate: the worker's registered home region (户籍地, 我的资料) when it starts waiting —
 * the same office that handles 技能提升 / 评价补贴 claims for them — else the province coded in the certificate
 * number (then a provincial reviewer, prefix such as `14`, sees it). Fixed at that moment so the queue is one
 * indexed query; a certificate with neither waits unseen (README: known gap).
 */
import type { CertDecisionBody, CertReview, CertReviewQueue, CertReviewSummary } from '../../src/contract'
import { kindLabel, levelLabel, maskHolderName, parseCertificateNumber, verificationLabel, type CertKind } from '../../src/domain/certificate'
import { maskIdNumber } from '../../src/domain/masking'
import { audit } from '../platform'
import type { AuthUser } from '../accounts'
import { getProfileRow } from '../accounts'
import type { AccountsContext } from '../accounts'
import { flushNotifier, queueNotification, type Notifier } from '../adapters'
import { ApiError, badRequest, notFound } from '../errors'
import { deliverToInbox } from '../inbox'
import { passedFileIds } from '../files'
import type { Queryable } from '../db'
import { regionCovers, rolesOf } from '../roles'
import { reviewerCovers, type RoleAuth } from '../accounts'
import type { CertificatesContext, CertRow } from './context'
import { conflictOf, refuseIfConflicted } from '../integrity'

export const REVIEW_MESSAGES = {
  notFound: '没有找到这本证书',
  reasonRequired: '请写明核验不通过的原因（至少4个字），申请人要按它去补办',
  ownCertificate: '不能核验自己的证书，请交给另一位审核员',
  decided: (label: string) => `这本证书已经核验过了（${label}），不能再改`,
  registryVerified: '这本证书已经联网核验，不需要人工核验'
}

export interface ReviewDeps {
  notifier: Notifier
}

/** GB/T 2260 region whose reviewers check this certificate (see the module comment); null when unknown. */
export async function reviewRegionFor(db: Queryable, userId: string, kind: CertKind, number: string, today: string): Promise<string | null> {
  const profile = await getProfileRow({} as AccountsContext, db, { id: userId } as AuthUser)
  if (profile?.home_region && /^[1-8][0-9]{5}$/.test(profile.home_region)) return profile.home_region
  const parsed = parseCertificateNumber(kind, number, today)
  if (parsed.ok && parsed.parsed.provinceCode && /^[1-8][0-9]$/.test(parsed.parsed.provinceCode)) return `${parsed.parsed.provinceCode}0000`
  return null
}

/** Puts a certificate in its region's queue (hand-added 待人工核验, or a registry one sent back after an identity change). */
export async function requestReview(tx: Queryable, certId: string, region: string | null, at: Date): Promise<void> {
  await tx.query(
    `UPDATE certificates SET review_region = $2, review_requested_at = $3, reviewed_by = NULL, reviewed_at = NULL, review_office = NULL, review_reason = NULL
     WHERE id = $1`,
    [certId, region, at.toISOString()]
  )
}

/** At start-up: certificates that were waiting before this migration get their region (one-off, idempotent). */
export async function assignMissingReviewRegions(db: Queryable, today: string): Promise<number> {
  const rows = await db.query<{ id: string; user_id: string; kind: CertKind; number: string; created_at: Date }>(
    `SELECT id, user_id, kind, number, created_at FROM certificates WHERE verification = 'pending' AND deleted_at IS NULL AND review_requested_at IS NULL`
  )
  for (const r of rows) await requestReview(db, r.id, await reviewRegionFor(db, r.user_id, r.kind, r.number, today), new Date(r.created_at))
  return rows.length
}

/** What the review queries select: the certificate row (less its timestamps and occupation code) and the review columns. */
interface ReviewRow extends Omit<CertRow, 'occupation_code' | 'created_at'> {
  review_region: string | null
  review_requested_at: Date | string | null
  reviewed_by: string | null
}

const REVIEW_COLUMNS = `id, user_id, kind, number, occupation_name, level, issued_on::text AS issued_on, issuer, source, verification, photos, used_at,
  review_region, review_requested_at, reviewed_by, reviewed_at, review_office, review_reason`

type Ctx = CertificatesContext & ReviewDeps

const regionName = (ctx: Pick<AccountsContext, 'regions'>, code: string) => ctx.regions.byCode.get(code)?.fullName ?? code

/** The office a reviewer decides for: the region of their prefix that covers the certificate, e.g. 阳泉市人力资源和社会保障局. */
function officeName(ctx: Pick<AccountsContext, 'regions'>, auth: RoleAuth, region: string): string {
  const prefix = auth.regionPrefixes.filter((p) => regionCovers(p, region)).sort((a, b) => b.length - a.length)[0] ?? region
  const code = prefix.padEnd(6, '0')
  return `${ctx.regions.byCode.get(code)?.fullName ?? regionName(ctx, region)}人力资源和社会保障局`
}

const titleOf = (r: Pick<ReviewRow, 'occupation_name' | 'level'>) => (r.level ? `${r.occupation_name} · ${levelLabel(r.level)}` : r.occupation_name)
const iso = (d: Date | string) => new Date(d).toISOString()

/** A certificate that waits (or waited) in one of the reviewer's regions; anything else is the same 404 as a missing one. */
async function certificateInRegion(db: Queryable, auth: RoleAuth, id: string, lock = false): Promise<ReviewRow> {
  const [row] = await db.query<ReviewRow>(`SELECT ${REVIEW_COLUMNS} FROM certificates WHERE id = $1 AND deleted_at IS NULL${lock ? ' FOR UPDATE' : ''}`, [id])
  if (!row || !row.review_region || !row.review_requested_at || !reviewerCovers(auth, row.review_region)) throw notFound(REVIEW_MESSAGES.notFound, 'CERTIFICATE_NOT_FOUND')
  return row
}

async function holderMasked(ctx: Ctx, db: Queryable, userId: string, withId = true): Promise<{ name: string; id: string | null }> {
  const p = await getProfileRow(ctx, db, { id: userId } as AuthUser)
  // the queue shows the name only: the ID number is decrypted for the one certificate opened
  return { name: p?.real_name ? maskHolderName(p.real_name) : '（未填写姓名）', id: withId && p?.id_number_enc ? maskIdNumber(ctx.crypto.decrypt(p.id_number_enc)) : null }
}

const PAGE = 20

export async function certificateReviewQueue(ctx: Ctx, auth: RoleAuth, q: { status?: 'pending' | 'decided'; cursor?: string; limit?: number }): Promise<CertReviewQueue> {
  const limit = q.limit ?? PAGE
  const offset = q.cursor ? Number(q.cursor) : 0
  const prefixes = auth.regionPrefixes.map((p) => `${p}%`)
  const decided = q.status === 'decided'
  // pending: oldest first (first come, first served); decided: latest decisions first
  const rows = await ctx.db.query<ReviewRow>(
    `SELECT ${REVIEW_COLUMNS} FROM certificates
     WHERE deleted_at IS NULL AND review_region LIKE ANY($1::text[]) AND review_requested_at IS NOT NULL
       AND ${decided ? "verification <> 'pending' AND reviewed_at IS NOT NULL" : "verification = 'pending'"}
     ORDER BY ${decided ? 'reviewed_at DESC, id' : 'review_requested_at ASC, id'} LIMIT $2 OFFSET $3`,
    [prefixes, limit + 1, offset]
  )
  const [count] = await ctx.db.query<{ n: string | number }>(
    `SELECT count(*) AS n FROM certificates WHERE deleted_at IS NULL AND verification = 'pending' AND review_requested_at IS NOT NULL AND review_region LIKE ANY($1::text[])`,
    [prefixes]
  )
  const items: CertReviewSummary[] = []
  for (const r of rows.slice(0, limit)) {
    items.push({
      id: r.id,
      holderMasked: (await holderMasked(ctx, ctx.db, r.user_id, false)).name,
      kindLabel: kindLabel(r.kind),
      title: titleOf(r),
      issuedOn: r.issued_on,
      requestedAt: iso(r.review_requested_at!),
      regionCode: r.review_region!,
      regionName: regionName(ctx, r.review_region!),
      photoCount: r.photos?.length ?? 0,
      verification: r.verification,
      verificationLabel: reviewLabel(r),
      usedByClaim: !!r.used_at
    })
  }
  return { items, pendingCount: Number(count.n), nextCursor: rows.length > limit ? String(offset + limit) : null }
}

/** 核验通过 (by a reviewer) reads differently from 已联网核验. */
const reviewLabel = (r: Pick<ReviewRow, 'verification' | 'reviewed_at'>) => (r.verification === 'verified' && r.reviewed_at ? '人工核验通过' : verificationLabel(r.verification))

function numberFacts(kind: CertKind, number: string, today: string): string[] {
  const check = parseCertificateNumber(kind, number, today)
  if (!check.ok) return [`编号格式：${check.message}`]
  const p = check.parsed
  const out: string[] = []
  if (p.evaluator) out.push(`评价机构：${p.evaluator === 'employer' ? '用人单位（Y）' : '社会培训评价组织（S）'}${p.evaluatorCode ? `，代码 ${p.evaluatorCode}` : ''}`)
  if (p.provinceName) out.push(`省份代码 ${p.provinceCode}：${p.provinceName}`)
  if (p.year !== undefined) out.push(`编号里的年份：${p.year}`)
  if (p.level) out.push(`编号里的等级：${levelLabel(p.level)}`)
  return out.length ? out : ['编号格式正确']
}

export async function certificateReviewView(ctx: Ctx, auth: RoleAuth, row: ReviewRow): Promise<CertReview> {
  const holder = await holderMasked(ctx, ctx.db, row.user_id)
  let registryNote: string
  try {
    const rec = await ctx.registry.findByNumber(row.number)
    registryNote = rec
      ? `全国联网查询有这个编号：${maskHolderName(rec.holderName)}，${rec.occupationName} ${levelLabel(rec.level)}，${rec.issuedOn} 发证（请核对是否同一人）`
      : '全国联网查询没有这个编号（常见于较早的纸质证书或外省证书），请以照片和发证机构为准'
  } catch {
    registryNote = '全国联网查询暂时连不上，请稍后刷新再看'
  }
  // nobody checks their own certificate or that of someone sharing their phone or payout account
  const conflict = await conflictOf(ctx.crypto, ctx.db, 'certificate', auth.user.id, row.user_id)
  const own = !!conflict
  const passed = await passedFileIds(ctx.db, row.photos ?? [])
  return {
    id: row.id,
    kind: row.kind,
    kindLabel: kindLabel(row.kind),
    number: row.number,
    numberFacts: numberFacts(row.kind, row.number, ctx.today()),
    occupationName: row.occupation_name,
    level: row.level,
    levelLabel: levelLabel(row.level),
    issuedOn: row.issued_on,
    issuer: row.issuer,
    sourceLabel: row.source === 'upload' ? '申请人拍照添加' : '联网导入，申请人改了实名信息后需重新核验',
    holderMasked: holder.name,
    idNumberMasked: holder.id,
    regionCode: row.review_region!,
    regionName: regionName(ctx, row.review_region!),
    registryNote,
    // 内容安全: a photo still 待检测 or refused is never evidence (server/files)
    photoFileIds: passed,
    photosWithheld: (row.photos ?? []).length - passed.length,
    requestedAt: iso(row.review_requested_at!),
    verification: row.verification,
    verificationLabel: reviewLabel(row),
    usedByClaim: !!row.used_at,
    review: row.reviewed_at
      ? {
          outcome: row.verification === 'rejected' ? 'rejected' : 'verified',
          reason: row.review_reason,
          decidedAt: iso(row.reviewed_at),
          office: row.review_office ?? '',
          byMe: row.reviewed_by === auth.user.id
        }
      : null,
    canDecide: row.verification === 'pending' && !own,
    refusal: row.verification !== 'pending' ? null : conflict ? (conflict.code === 'OWN_CERTIFICATE' ? REVIEW_MESSAGES.ownCertificate : conflict.message) : null
  }
}

export async function getCertificateReview(ctx: Ctx, auth: RoleAuth, id: string): Promise<CertReview> {
  return certificateReviewView(ctx, auth, await certificateInRegion(ctx.db, auth, id))
}

export const certificateLink = (id: string) => `/subpackages/certificates/detail/index?id=${id}`

/**
 * 核验通过 / 核验不通过. The same decision again answers with the recorded one and writes nothing (a retried
 * click); the opposite decision, or any decision on a certificate no longer waiting, is a 409.
 */
export async function decideCertificate(ctx: Ctx, auth: RoleAuth, id: string, body: CertDecisionBody): Promise<CertReview> {
  const reason = (body.reason ?? '').replace(/\s+/g, ' ').trim()
  // control characters never reach the worker's screen
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(body.reason ?? '')) throw badRequest('原因里有无法显示的字符，请重新输入', 'reason')
  const subject = await certificateInRegion(ctx.db, auth, id)
  if (subject.verification === 'pending') await refuseIfConflicted(ctx.crypto, ctx.db, 'certificate.review', 'certificate', id, auth.user.id, subject.user_id)
  await ctx.db.transaction(async (tx) => {
    const row = await certificateInRegion(tx, auth, id, true)
    if (row.verification !== 'pending') {
      if (row.reviewed_at && row.verification === body.to) return // the same decision, already recorded
      if (!row.reviewed_at) throw new ApiError(409, 'CERTIFICATE_DECIDED', REVIEW_MESSAGES.registryVerified)
      throw new ApiError(409, 'CERTIFICATE_DECIDED', REVIEW_MESSAGES.decided(reviewLabel(row)))
    }
    if (row.user_id === auth.user.id) throw new ApiError(403, 'OWN_CERTIFICATE', REVIEW_MESSAGES.ownCertificate)
    if (body.to === 'rejected' && [...reason].length < 4) throw badRequest(REVIEW_MESSAGES.reasonRequired, 'reason', 'REASON_REQUIRED')
    const now = ctx.now()
    const office = officeName(ctx, auth, row.review_region!)
    const updated = await tx.query(
      `UPDATE certificates SET verification = $2, reviewed_by = $3, reviewed_at = $4, review_office = $5, review_reason = $6
       WHERE id = $1 AND verification = 'pending' RETURNING id`,
      [row.id, body.to, auth.user.id, now.toISOString(), office, reason || null]
    )
    if (!updated[0]) throw new ApiError(409, 'CERTIFICATE_DECIDED', '这本证书的状态刚刚变了，请刷新后再看')
    await audit(tx, {
      actor: auth.user.id,
      action: 'certificate.review',
      objectType: 'certificate',
      objectId: row.id,
      reason: `${body.to === 'verified' ? 'verified' : 'rejected'} by reviewer for ${row.review_region}${reason ? `: ${reason}` : ''}`
    })
    const title = titleOf(row)
    const verified = body.to === 'verified'
    const link = certificateLink(row.id)
    await deliverToInbox(
      tx,
      row.user_id,
      {
        kind: 'certificate_review',
        title: verified ? `证书核验通过：${title}` : `证书核验没有通过：${title}`,
        body: verified
          ? `${office}已核验你的证书，现在可以用它申领补贴了。${row.used_at ? '用这本证书的补贴申请会继续审核。' : ''}`
          : `${office}没有通过核验。原因：${reason}`,
        link,
        refType: 'certificate',
        refId: row.id
      },
      now
    )
    await queueNotification(
      tx,
      row.user_id,
      {
        template: 'certificate_review',
        data: { thing1: title, phrase2: verified ? '核验通过' : '未通过', date3: now.toISOString().slice(0, 10), thing4: verified ? '可以申领补贴了' : reason },
        page: link
      },
      now
    )
  })
  await flushNotifier(ctx.db, ctx.notifier, ctx.now).catch(() => undefined)
  return getCertificateReview(ctx, auth, id)
}

/** Reviewers of a certificate's region may read its photos (server/files access rule). */
export function certificateFileAccessRule(db: Queryable) {
  return async (viewer: { userId: string }, file: { id: string; ownerUserId: string }): Promise<boolean> => {
    const certs = await db.query<{ review_region: string }>(
      `SELECT review_region FROM certificates WHERE user_id = $1 AND $2 = ANY(photos) AND deleted_at IS NULL AND review_region IS NOT NULL AND review_requested_at IS NOT NULL`,
      [file.ownerUserId, file.id]
    )
    if (certs.length === 0) return false
    const roles = await rolesOf(db, viewer.userId)
    return certs.some((c) => roles.some((r) => r.role === 'reviewer' && regionCovers(r.regionPrefix, c.review_region)))
  }
}
