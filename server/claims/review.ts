/**
 * The reviewer's side: region-scoped queue (overdue first), detail with everything needed to decide, decisions
 * through the state machine (two-person rule), batch 公示, the public de-identified 公示 and objections, and the
 * due-work sweep (公示 ends, 补正 deadline passes, reminders).
 */
import type { Announcement, Decision, ReviewClaim, ReviewClaimSummary, ReviewQueue, TransitionBody } from '../../src/contract'
import { REVIEW_PENDING_STATES, checkTransition, claimKindLabel, claimStateLabel, reviewerDecisions, OVERDUE_SUPPLEMENT_REASON, DEADLINE_WORKING_DAYS, type ClaimKind, type ClaimState } from '../../src/domain/claim-state'
import { addWorkingDays, previousWorkingDay, addDays } from '../../src/domain/working-days'
import { maskIdNumber } from '../../src/domain/masking'
import { kindLabel, levelLabel, maskHolderName, verificationLabel, type CertLevel } from '../../src/domain/certificate'
import { getCertificateById } from '../certificates'
import { getProfileRow } from '../accounts'
import type { AuthUser } from '../accounts'
import { audit } from '../platform'
import { rolesOf, regionCovers } from '../roles'
import { reviewerCovers } from '../accounts'
import { type RoleAuth } from '../accounts'
import { deliverToInbox } from '../inbox'
import { passedFileIds } from '../files'
import { queueNotification, flushNotifier } from '../adapters'
import { ApiError, badRequest, notFound } from '../errors'
import { newId } from '../crypto'
import type { Queryable } from '../db'
import type { ClaimsContext } from './context'
import { createHash } from 'node:crypto'
import { conflictOf, refuseIfConflicted } from '../integrity'
import { assessRisks, riskFlagsOf, saveRiskFlags } from './risk'
import { openObjectionCount } from './objections'
import { CLAIM_COLUMNS, CLAIM_MESSAGES, applyTransition, chinaDate, claimEvents, claimLink, loadClaim, officeOf, toClaim, type StoredClaim } from './index'

const isOverdue = (state: ClaimState, deadline: string | null, today: string) => !!deadline && deadline < today && REVIEW_PENDING_STATES.includes(state)

/** A claim inside the reviewer's region, else 404 (a claim elsewhere is indistinguishable from a missing one). */
export async function claimInRegion(db: Queryable, auth: RoleAuth, id: string, lock = false): Promise<StoredClaim> {
  const row = await loadClaim(db, id, lock)
  if (!row || !reviewerCovers(auth, row.office_region)) throw notFound(CLAIM_MESSAGES.notFound, 'CLAIM_NOT_FOUND')
  return row
}

/** Does this user review claims in this region? (GET /claims/{id} for reviewers, file access) */
export async function userReviewsRegion(db: Queryable, userId: string, regionCode: string): Promise<boolean> {
  return (await rolesOf(db, userId)).some((r) => r.role === 'reviewer' && regionCovers(r.regionPrefix, regionCode))
}

const PAGE_RE = /^[0-9]{1,6}$/

export async function reviewQueue(
  ctx: ClaimsContext,
  auth: RoleAuth,
  q: { state?: ClaimState; kind?: ClaimKind; overdue?: boolean; cursor?: string; limit?: number }
): Promise<ReviewQueue> {
  const limit = q.limit ?? 20
  const offset = q.cursor ? Number(PAGE_RE.test(q.cursor) ? q.cursor : NaN) : 0
  if (!Number.isFinite(offset)) throw badRequest('翻页标记不正确，请刷新后重试', 'cursor')
  const today = ctx.today()
  const prefixes = auth.regionPrefixes.map((p) => `${p}%`)
  const rows = await ctx.db.query<StoredClaim & { objections: string; real_name: string | null; overdue: boolean }>(
    `SELECT ${CLAIM_COLUMNS.replace(/(^|,\s*)([a-z_]+)/g, '$1c.$2')},
       (SELECT count(*) FROM objections o WHERE o.claim_id = c.id) AS objections,
       (c.deadline < $2::date AND c.state = ANY($3::text[])) AS overdue
     FROM claims c
     WHERE c.office_region LIKE ANY($1::text[])
       AND ($4::text IS NULL OR c.state = $4) AND ($5::text IS NULL OR c.kind = $5)
       AND ($6::boolean IS NOT TRUE OR (c.deadline < $2::date AND c.state = ANY($3::text[])))
       AND ($4::text IS NOT NULL OR c.state NOT IN ('withdrawn', 'paid'))
     ORDER BY overdue DESC, c.deadline ASC NULLS LAST, c.created_at ASC, c.id
     LIMIT $7 OFFSET $8`,
    [prefixes, today, REVIEW_PENDING_STATES, q.state ?? null, q.kind ?? null, q.overdue ?? false, limit + 1, offset]
  )
  const page = rows.slice(0, limit)
  const items: ReviewClaimSummary[] = []
  for (const r of page) {
    const name = (await getProfileRow(ctx, ctx.db, { id: r.user_id } as AuthUser))?.real_name ?? null
    items.push({
      id: r.id,
      kind: r.kind,
      kindLabel: claimKindLabel(r.kind),
      state: r.state,
      stateLabel: claimStateLabel(r.state),
      title: `${r.occupation_name}${r.level ? ` · ${levelLabel(r.level as CertLevel)}` : ''}`,
      amountYuan: r.amount_yuan,
      applicantMasked: name ? maskHolderName(name) : '（未填写姓名）',
      office: officeOf(ctx, r.office_region),
      submittedAt: new Date(r.created_at).toISOString(),
      deadline: r.deadline,
      overdue: isOverdue(r.state, r.deadline, today),
      objectionCount: Number(r.objections)
    })
  }
  return { items, nextCursor: rows.length > limit ? String(offset + limit) : null }
}

export async function reviewClaimView(ctx: ClaimsContext, auth: RoleAuth, row: StoredClaim, db: Queryable = ctx.db): Promise<ReviewClaim> {
  const profile = await getProfileRow(ctx, db, { id: row.user_id } as AuthUser)
  const base = await toClaim(ctx, db, row, profile?.real_name ?? null)
  const cert = row.certificate_id ? await getCertificateById(db, row.certificate_id) : null
  const supplements = await db.query<{ note: string | null; photo_ids: string[]; at: Date }>('SELECT note, photo_ids, at FROM claim_supplements WHERE claim_id = $1 ORDER BY id', [row.id])
  const objections = await db.query<{ id: string; content: string; contact_masked: string; created_at: Date; status: ObjectionStatus; resolution_reason: string | null }>(
    'SELECT id, content, contact_masked, created_at, status, resolution_reason FROM objections WHERE claim_id = $1 ORDER BY created_at',
    [row.id]
  )
  const events = await claimEvents(db, row)
  const conflict = await conflictOf(ctx.crypto, db, 'claim', auth.user.id, row.user_id, { payoutHashes: [row.payout_account_hash] })
  const riskFlags = await riskFlagsOf(db, row.id)
  const enteredBy: Partial<Record<ClaimState, string>> = {}
  for (const e of events) enteredBy[e.to_state] = e.actor_id
  const certBlock = certificateBlocks(cert)
  const decisions: Decision[] = reviewerDecisions(row.state).map((t) => {
    const refusal = t.notSameActorAs ? checkTransition({ from: row.state, to: t.to, by: 'reviewer', actorId: auth.user.id, reason: 'x', items: ['x'], enteredBy }) : null
    const blocked = conflict?.message ?? (certBlock && NEEDS_VERIFIED_CERTIFICATE.includes(t.to) ? certBlock : null)
    const needsReason = !!t.needsReason || (riskFlags.length > 0 && NEEDS_RISK_REASON.includes(t.to))
    return { to: t.to, label: t.label, needsReason, needsItems: !!t.needsItems, allowed: !refusal && !blocked, refusal: blocked ?? refusal?.message ?? null }
  })
  // 内容安全: only photos that passed are evidence (server/files)
  const certPhotos = cert ? await passedFileIds(ctx.db, cert.photos) : []
  const supplementPhotos = await Promise.all(supplements.map((s) => passedFileIds(ctx.db, s.photo_ids ?? [])))
  return {
    ...base,
    applicantMasked: profile?.real_name ? maskHolderName(profile.real_name) : '（未填写姓名）',
    idNumberMasked: profile?.id_number_enc ? maskIdNumber(ctx.crypto.decrypt(profile.id_number_enc)) : null,
    overdue: isOverdue(row.state, row.deadline, ctx.today()),
    certificate: cert
      ? {
          id: cert.id,
          occupationName: cert.occupationName,
          level: cert.level,
          levelLabel: levelLabel(cert.level),
          kind: cert.kind,
          kindLabel: kindLabel(cert.kind),
          numberMasked: cert.number.length > 8 ? `${cert.number.slice(0, 4)}${'*'.repeat(cert.number.length - 8)}${cert.number.slice(-4)}` : cert.number,
          issueDate: cert.issuedOn,
          verificationLabel: cert.verification === 'verified' && cert.review?.outcome === 'verified' ? `人工核验通过（${cert.review.office}）` : verificationLabel(cert.verification),
          photoFileIds: certPhotos,
          photosWithheld: cert.photos.length - certPhotos.length
        }
      : null,
    supplements: supplements.map((s, i) => ({
      at: new Date(s.at).toISOString(),
      note: s.note,
      photoFileIds: supplementPhotos[i],
      photosWithheld: (s.photo_ids ?? []).length - supplementPhotos[i].length
    })),
    insuranceLabel: row.insurance_label,
    objections: objections.map((o) => ({
      id: o.id,
      content: o.content,
      contactMasked: o.contact_masked,
      createdAt: new Date(o.created_at).toISOString(),
      status: o.status,
      statusLabel: OBJECTION_STATUS_LABEL[o.status],
      resolutionReason: o.resolution_reason
    })),
    decisions,
    riskFlags,
    conflict: conflict ? { code: conflict.code, message: conflict.message } : null
  }
}

/**
 * 初审 / 复核 approve a claim on the strength of its certificate: while that certificate waits for 人工核验
 * (e.g. its registry record went back to 待人工核验 after the worker changed their identity) or failed it, the
 * claim cannot pass those steps; 要求补正 and 驳回 stay open.
 */
const NEEDS_VERIFIED_CERTIFICATE: readonly ClaimState[] = ['first_review', 'second_review']
/** Passing 初审 or 复核 on a claim with risk flags needs the reviewer's written reason (风险隐患清单). */
const NEEDS_RISK_REASON: readonly ClaimState[] = ['first_review', 'second_review']
export const RISK_REASON_MESSAGE = '这个申请有风险提示，请写明你核实了什么、为什么通过（至少4个字）'

type ObjectionStatus = 'open' | 'upheld' | 'dismissed'
const OBJECTION_STATUS_LABEL: Record<ObjectionStatus, string> = { open: '待核查', upheld: '异议成立', dismissed: '异议不成立' }
function certificateBlocks(cert: { verification: string } | null): string | null {
  if (!cert || cert.verification === 'verified') return null
  return cert.verification === 'rejected'
    ? '证书人工核验没有通过，不能审核通过；请驳回或要求补正'
    : '证书还在待人工核验：请先在“证书人工核验”里核验这本证书'
}

/** What a decision's Idempotency-Key stands for: the claim and the body. */
const decisionFingerprint = (id: string, body: TransitionBody) => createHash('sha256').update(`${id}\n${JSON.stringify(body)}`).digest('base64url')

async function storedDecision(ctx: ClaimsContext, auth: RoleAuth, key: string, fingerprint: string): Promise<ReviewClaim | null> {
  const [row] = await ctx.db.query<{ fingerprint: string; response: ReviewClaim | string }>('SELECT fingerprint, response FROM review_decision_keys WHERE actor_id = $1 AND key = $2', [
    auth.user.id,
    key
  ])
  if (!row) return null
  if (row.fingerprint !== fingerprint) throw new ApiError(422, 'IDEMPOTENCY_KEY_REUSED', '这个请求编号已用于另一个决定，请刷新后重试')
  return typeof row.response === 'string' ? JSON.parse(row.response) : row.response
}

/**
 * POST /review/claims/{id}/transitions: role + region checked by the caller (requireRole + claimInRegion).
 * With an Idempotency-Key, a retry (after a lost response) gets the first answer instead of a 409.
 */
export async function reviewTransition(ctx: ClaimsContext, auth: RoleAuth, id: string, body: TransitionBody, key?: string): Promise<ReviewClaim> {
  const fingerprint = key ? decisionFingerprint(id, body) : ''
  if (key) {
    const stored = await storedDecision(ctx, auth, key, fingerprint)
    if (stored) return stored
  }
  const decision = (await loadClaim(ctx.db, id)) ?? null
  if (!decision || !reviewerCovers(auth, decision.office_region)) throw notFound(CLAIM_MESSAGES.notFound, 'CLAIM_NOT_FOUND')
  if (!reviewerDecisions(decision.state).some((t) => t.to === body.to) && body.to === 'announced') {
    throw new ApiError(409, 'NOT_ALLOWED', '发布公示请用“批量发布公示”')
  }
  await refuseIfConflicted(ctx.crypto, ctx.db, `transition ${decision.state} → ${body.to}`, 'claim', id, auth.user.id, decision.user_id, { payoutHashes: [decision.payout_account_hash] })
  if (body.to === 'first_review' && decision.state === 'accepted') {
    // the risk rules run again at 初审 (facts may have changed since submission); kept even if the decision fails
    const flags = await assessRisks(ctx, ctx.db, decision)
    await ctx.db.transaction((tx) => saveRiskFlags(tx, id, flags, 'first_review', ctx.now()))
  }
  try {
    return await ctx.db.transaction(async (tx) => {
      const row = await claimInRegion(tx, auth, id, true)
      const t = reviewerDecisions(row.state).find((d) => d.to === body.to)
      if (!t) {
        // the state machine's own wording (e.g. a worker-only or job-only step)
        const refusal = checkTransition({ from: row.state, to: body.to, by: 'reviewer', actorId: auth.user.id, reason: body.reason, items: body.items })
        throw new ApiError(409, 'NOT_ALLOWED', refusal?.code === 'WRONG_ROLE' ? `「${claimStateLabel(row.state)}」的申请不能由审核员改为「${claimStateLabel(body.to)}」` : refusal?.message ?? CLAIM_MESSAGES.conflict)
      }
      if (NEEDS_VERIFIED_CERTIFICATE.includes(body.to) && row.certificate_id) {
        const blocked = certificateBlocks(await getCertificateById(tx, row.certificate_id))
        if (blocked) throw new ApiError(409, 'CERTIFICATE_NOT_VERIFIED', blocked)
      }
      if (NEEDS_RISK_REASON.includes(body.to) && [...(body.reason ?? '').trim()].length < 4 && (await riskFlagsOf(tx, id)).length > 0) {
        throw new ApiError(422, 'RISK_REASON_REQUIRED', RISK_REASON_MESSAGE, 'reason')
      }
      await applyTransition(ctx, tx, row, body.to, { id: auth.user.id, role: 'reviewer' }, { reason: body.reason, items: body.items, deadline: body.deadline })
      const view = await reviewClaimView(ctx, auth, (await loadClaim(tx, id))!, tx)
      if (key) {
        await tx.query('INSERT INTO review_decision_keys (actor_id, key, claim_id, fingerprint, response, created_at) VALUES ($1, $2, $3, $4, $5, $6)', [
          auth.user.id,
          key,
          id,
          fingerprint,
          JSON.stringify(view),
          ctx.now().toISOString()
        ])
      }
      return view
    })
  } catch (err) {
    // the same key raced with itself: the first one committed, answer with its result
    if (key) {
      const stored = await storedDecision(ctx, auth, key, fingerprint)
      if (stored) return stored
    }
    throw err
  }
}

// ───────────────────────── 公示 ─────────────────────────

interface AnnouncementRow {
  id: string
  region_code: string
  office: string
  start_date: string
  end_date: string
}

async function announcementView(db: Queryable, a: AnnouncementRow, today: string): Promise<Announcement> {
  const items = await db.query<{ id: string; name_masked: string; occupation_name: string; level_label: string; kind_label: string; amount_yuan: number | null }>(
    'SELECT id, name_masked, occupation_name, level_label, kind_label, amount_yuan FROM announcement_items WHERE announcement_id = $1 ORDER BY id',
    [a.id]
  )
  return {
    id: a.id,
    regionCode: a.region_code,
    office: a.office,
    startDate: a.start_date,
    endDate: a.end_date,
    open: today <= a.end_date,
    items: items.map((i) => ({ id: i.id, nameMasked: i.name_masked, occupationName: i.occupation_name, levelLabel: i.level_label, kindLabel: i.kind_label, amountYuan: i.amount_yuan, office: a.office }))
  }
}

class ConflictRefusal extends ApiError {
  constructor(
    readonly claimId: string,
    code: string,
    message: string
  ) {
    super(403, code, message)
  }
}

/** 批量发布公示: every claim 复核通过, in the reviewer's region, one office; each moves to 公示中. */
export async function publishAnnouncement(ctx: ClaimsContext, auth: RoleAuth, claimIds: string[]): Promise<Announcement> {
  const today = ctx.today()
  const endDate = addWorkingDays(today, DEADLINE_WORKING_DAYS.announced)
  const annId = await ctx.db.transaction(async (tx) => {
    return publishIn(tx)
  }).catch(async (err) => {
    if (err instanceof ConflictRefusal) {
      await audit(ctx.db, { actor: auth.user.id, action: 'integrity.conflict_refused', objectType: 'claim', objectId: err.claimId, reason: `announce: ${err.code}` })
      throw new ApiError(403, err.code, `${err.message}（申请 ${err.claimId}）`)
    }
    throw err
  })
  async function publishIn(tx: Queryable): Promise<string> {
    const rows: StoredClaim[] = []
    for (const id of [...claimIds].sort()) rows.push(await claimInRegion(tx, auth, id, true))
    for (const r of rows) {
      const c = await conflictOf(ctx.crypto, tx, 'claim', auth.user.id, r.user_id, { payoutHashes: [r.payout_account_hash] })
      if (c) throw new ConflictRefusal(r.id, c.code, c.message)
    }
    const offices = new Set(rows.map((r) => r.office_region))
    if (offices.size > 1) throw badRequest('一次公示只能包含同一个经办机构的申请', 'claimIds')
    const notReady = rows.find((r) => r.state !== 'second_review')
    if (notReady) throw new ApiError(409, 'NOT_ALLOWED', `只有复核通过的申请才能公示（${notReady.id} 现在是「${claimStateLabel(notReady.state)}」）`)
    const region = rows[0].office_region
    const office = officeOf(ctx, region).name
    const id = newId('ann')
    await tx.query('INSERT INTO announcements (id, region_code, office, start_date, end_date, published_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
      id,
      region,
      office,
      today,
      endDate,
      auth.user.id,
      ctx.now().toISOString()
    ])
    for (const r of rows) {
      const name = (await getProfileRow(ctx, tx, { id: r.user_id } as AuthUser))?.real_name ?? ''
      // 去标识化: masked name, occupation, level, kind, amount — never an ID number or phone
      await tx.query(
        `INSERT INTO announcement_items (id, announcement_id, claim_id, name_masked, occupation_name, level_label, kind_label, amount_yuan) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [newId('ani'), id, r.id, maskHolderName(name) || '*', r.occupation_name, r.level ? levelLabel(r.level as CertLevel) : '—', claimKindLabel(r.kind), r.amount_yuan]
      )
      await applyTransition(ctx, tx, r, 'announced', { id: auth.user.id, role: 'reviewer' }, { announcementId: id, announcementEnd: endDate })
    }
    return id
  }
  const [a] = await ctx.db.query<AnnouncementRow>('SELECT id, region_code, office, start_date::text AS start_date, end_date::text AS end_date FROM announcements WHERE id = $1', [annId])
  return announcementView(ctx.db, a, today)
}

export async function publicAnnouncements(ctx: ClaimsContext, q: { region?: string; all?: boolean }): Promise<{ items: Announcement[] }> {
  const today = ctx.today()
  const rows = await ctx.db.query<AnnouncementRow>(
    `SELECT id, region_code, office, start_date::text AS start_date, end_date::text AS end_date FROM announcements
     WHERE ($1::text IS NULL OR region_code LIKE $1 || '%') AND ($2::boolean IS TRUE OR end_date >= $3::date)
     ORDER BY start_date DESC, id LIMIT 50`,
    [q.region ?? null, q.all ?? false, today]
  )
  const items: Announcement[] = []
  for (const a of rows) items.push(await announcementView(ctx.db, a, today))
  return { items }
}

// ───────────────────────── due work (jobs) ─────────────────────────

const BATCH = 100

/**
 * Claims whose deadline passed, each handled once: rows are taken with SKIP LOCKED and moved with a
 * conditional UPDATE (applyTransition), so two sweeps on two instances never move one claim twice.
 */
async function sweepState(ctx: ClaimsContext, state: ClaimState, to: ClaimState | ((tx: Queryable, row: StoredClaim) => Promise<ClaimState>), today: string, reason?: string): Promise<number> {
  let moved = 0
  for (;;) {
    const n = await ctx.db.transaction(async (tx) => {
      const rows = await tx.query<StoredClaim>(`SELECT ${CLAIM_COLUMNS} FROM claims WHERE state = $1 AND deadline < $2::date ORDER BY deadline, id LIMIT $3 FOR UPDATE SKIP LOCKED`, [
        state,
        today,
        BATCH
      ])
      for (const r of rows) await applyTransition(ctx, tx, r, typeof to === 'function' ? await to(tx, r) : to, { id: 'system', role: 'system' }, { reason: reason ?? null })
      return rows.length
    })
    moved += n
    if (n < BATCH) return moved
  }
}

/** A reminder one working day before the worker's 补正 deadline (once per deadline). */
async function sendReminders(ctx: ClaimsContext, today: string): Promise<number> {
  const candidates = await ctx.db.query<{ id: string; user_id: string; kind: ClaimKind; deadline: string }>(
    `SELECT id, user_id, kind, deadline::text AS deadline FROM claims
     WHERE state = 'needs_supplement' AND deadline >= $1::date AND deadline <= $2::date AND reminded_for IS DISTINCT FROM deadline`,
    [today, addDays(today, 20)]
  )
  let sent = 0
  for (const c of candidates) {
    if (today < previousWorkingDay(c.deadline)) continue
    const done = await ctx.db.transaction(async (tx) => {
      const claimed = await tx.query('UPDATE claims SET reminded_for = deadline WHERE id = $1 AND reminded_for IS DISTINCT FROM deadline AND state = $2 RETURNING id', [
        c.id,
        'needs_supplement'
      ])
      if (!claimed[0]) return false
      const now = ctx.now()
      await deliverToInbox(
        tx,
        c.user_id,
        { kind: 'claim_reminder', title: `${claimKindLabel(c.kind)}：补正明天截止`, body: `请在 ${c.deadline} 前提交补正材料，逾期申请会被驳回。`, link: claimLink(c.id), refType: 'claim', refId: c.id },
        now
      )
      await queueNotification(tx, c.user_id, { template: 'claim_reminder', data: { thing1: claimKindLabel(c.kind), date2: c.deadline, thing3: '请提交补正材料' }, page: claimLink(c.id) }, now)
      return true
    })
    if (done) sent++
  }
  return sent
}

/**
 * 异议核查中 past its deadline: the office is late, so neither paying (an objection is open) nor refusing (the worker
 * did nothing wrong) is the job's to decide. Once per deadline the worker is told it is late and has been chased,
 * and the overdue check is audited; the reviewers' queue already lists it first, marked overdue.
 */
async function escalateOverdueObjections(ctx: ClaimsContext, today: string): Promise<number> {
  let told = 0
  for (;;) {
    const n = await ctx.db.transaction(async (tx) => {
      const rows = await tx.query<{ id: string; user_id: string; kind: ClaimKind; deadline: string }>(
        `UPDATE claims SET reminded_for = deadline
         WHERE id IN (SELECT id FROM claims WHERE state = 'objection_review' AND deadline < $1::date AND reminded_for IS DISTINCT FROM deadline
                      ORDER BY deadline, id LIMIT $2 FOR UPDATE SKIP LOCKED)
         RETURNING id, user_id, kind, deadline::text AS deadline`,
        [today, BATCH]
      )
      const now = ctx.now()
      for (const c of rows) {
        await audit(tx, { actor: 'system', action: 'claim.objection_overdue', objectType: 'claim', objectId: c.id, reason: `异议核查期限 ${c.deadline} 已过` })
        await deliverToInbox(
          tx,
          c.user_id,
          {
            kind: 'claim_state',
            title: `${claimKindLabel(c.kind)}：异议核查超过了期限`,
            body: `经办机构原定在 ${c.deadline} 前核查完异议，现在已经超过期限，我们已提醒经办机构尽快办理。核查期间暂不拨付，你不需要做什么。`,
            link: claimLink(c.id),
            refType: 'claim',
            refId: c.id
          },
          now
        )
      }
      return rows.length
    })
    told += n
    if (n < BATCH) return told
  }
}

export function claimsSweeper(ctx: ClaimsContext) {
  return async (_now: Date, today: string) => {
    // an objection still open when 公示 ends holds the claim in 异议核查中 instead of 待拨付
    const announcementsEnded = await sweepState(ctx, 'announced', async (tx, r) => ((await openObjectionCount(tx, r.id)) > 0 ? 'objection_review' : 'awaiting_payment'), today)
    const supplementsExpired = await sweepState(ctx, 'needs_supplement', 'rejected', today, OVERDUE_SUPPLEMENT_REASON)
    const reminders = await sendReminders(ctx, today)
    const objectionsOverdue = await escalateOverdueObjections(ctx, today)
    await flushNotifier(ctx.db, ctx.notifier, ctx.clock.now)
    return { announcementsEnded, supplementsExpired, reminders, objectionsOverdue }
  }
}

/** Reviewers of a claim's region may read its certificate and 补正 photos (server/files access rule). */
export function claimFileAccessRule(ctx: ClaimsContext) {
  return async (viewer: { userId: string }, file: { id: string; ownerUserId: string }): Promise<boolean> => {
    const claims = await ctx.db.query<{ id: string; certificate_id: string | null; office_region: string; in_supplement: boolean }>(
      `SELECT c.id, c.certificate_id, c.office_region,
         EXISTS (SELECT 1 FROM claim_supplements s WHERE s.claim_id = c.id AND $2 = ANY(s.photo_ids)) AS in_supplement
       FROM claims c WHERE c.user_id = $1`,
      [file.ownerUserId, file.id]
    )
    for (const c of claims) {
      if (!(await userReviewsRegion(ctx.db, viewer.userId, c.office_region))) continue
      if (c.in_supplement) return true
      if (c.certificate_id) {
        const cert = await getCertificateById(ctx.db, c.certificate_id)
        if (cert?.photos.includes(file.id)) return true
      }
    }
    return false
  }
}

export { chinaDate }
