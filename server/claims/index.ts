/**
 * Subsidy claims: pre-check (no side effects), submission (idempotent, one transaction), the worker's steps
 * (withdraw, 补正, appeal, payout account) and the one transition function every step goes through — state
 * machine from src/domain/claim-state, conditional UPDATE, timeline row, audit row, inbox entry and queued
 * subscribe message, all in the caller's transaction.
 */
import { createHash } from 'node:crypto'
import type { Office, PayoutAccount, PayoutAccountBody, Precheck, SubsidyClaim, TimelineEntry, Verdict } from '../../src/contract'
import { APPEAL_DAYS,
  DEADLINE_WORKING_DAYS,
  checkTransition,
  claimKindLabel,
  claimNextStep,
  claimStateLabel,
  findTransition,
  type ClaimActorRole,
  type ClaimKind,
  type ClaimState,
  OBJECTION_REVIEW_MEANING
} from '../../src/domain/claim-state'
import { bankHash } from './payout-keys'
import { phoneHashesOf } from '../accounts'
import { assessRisks, saveRiskFlags } from './risk'
import { precheckClaim, daysBetween, type PrecheckCertificate, type PrecheckEnrollment, type PrecheckInput, type PriorClaim } from '../../src/domain/claim-rules'
import { addDays, addWorkingDays } from '../../src/domain/working-days'
import { occupationByCode } from '../../src/domain/catalog'
import { levelLabel, maskHolderName, type CertLevel } from '../../src/domain/certificate'
import { checkBankCard, maskAccountNumber } from '../../src/domain/payout'
import { audit } from '../platform'
import { lockUser, type AuthUser } from '../accounts'
import { getProfileRow, requireConsent } from '../accounts'
import { myEnrollments } from '../accounts'
import { actedByLabels } from '../accounts'
import { getOwnedCertificate, markCertificateUsed, type Certificate } from '../certificates'
import { ownedFileIds } from '../files'
import { deliverToInbox } from '../inbox'
import { queueNotification } from '../adapters'
import { ApiError, badRequest, notFound } from '../errors'
import { newId } from '../crypto'
import type { Queryable } from '../db'
import type { ClaimsContext } from './context'

export const CLAIM_MESSAGES = {
  notFound: '没有找到这个补贴申请',
  certificateNotFound: '没有找到这本证书',
  enrollmentNotFound: '没有找到这条报名记录',
  precheckFailed: '还不能提交：有条件没有满足，请看每一项的说明',
  keyReused: '这个请求编号已用于另一次不同的申请，请刷新后重试',
  conflict: '这个申请的状态刚刚变了，请刷新后再操作',
  realNameNeeded: '请先在“我的资料”里填写真实姓名和身份证号',
  photoMissing: '有照片没有上传成功或已失效，请重新上传',
  supplementEmpty: '请写补正说明或上传照片',
  deadlinePast: '补正期限应晚于今天',
  socialSecurityOnly: '社会保障卡不用填写卡号，补贴会发到与你身份证绑定的社保卡'
}

const SSC_LABEL = '社会保障卡'

export interface ClaimRow {
  id: string
  user_id: string
  kind: ClaimKind
  state: ClaimState
  certificate_id: string | null
  enrollment_id: string | null
  occupation_code: string | null
  occupation_name: string
  level: string | null
  amount_yuan: number | null
  office_region: string
  verdicts: Verdict[] | string
  insurance_label: string
  payout_type: 'social_security_card' | 'bank_card'
  payout_bank: string | null
  payout_account_enc: string | null
  payout_last4: string | null
  deadline: string | null
  supplement_items: string[]
  appeals_used: number
  announcement_id: string | null
  idempotency_key: string
  request_fingerprint: string
  submitted_on: string
  created_at: Date | string
  /** the relative who submitted it for the worker (亲情代办), else null */
  acted_by: string | null
  payout_account_hash: string | null
  contact_hashes: string[]
  institution_id: string | null
}

export const CLAIM_COLUMNS = `id, user_id, kind, state, certificate_id, enrollment_id, occupation_code, occupation_name, level, amount_yuan,
  office_region, verdicts, insurance_label, payout_type, payout_bank, payout_account_enc, payout_last4, deadline::text AS deadline,
  supplement_items, appeals_used, announcement_id, idempotency_key, request_fingerprint, submitted_on::text AS submitted_on, created_at, acted_by,
  payout_account_hash, contact_hashes, institution_id`

export async function loadClaim(db: Queryable, id: string, lock = false): Promise<ClaimRow | null> {
  const rows = await db.query<ClaimRow>(`SELECT ${CLAIM_COLUMNS} FROM claims WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id])
  return rows[0] ?? null
}

/** e.g. 阳泉市城区人力资源和社会保障局 */
export function officeOf(ctx: Pick<ClaimsContext, 'regions'>, regionCode: string): Office {
  const region = ctx.regions.byCode.get(regionCode)
  return { regionCode, name: `${region?.fullName ?? regionCode}人力资源和社会保障局` }
}

const verdictsOf = (row: ClaimRow): Verdict[] => (typeof row.verdicts === 'string' ? JSON.parse(row.verdicts) : row.verdicts)

function claimTitle(row: Pick<ClaimRow, 'occupation_name' | 'level' | 'kind'>): string {
  const level = row.level ? ` · ${levelLabel(row.level as CertLevel)}` : ''
  return `${row.occupation_name}${level}`
}

function payoutOf(row: Pick<ClaimRow, 'payout_type' | 'payout_bank' | 'payout_last4'>, holder: string | null): PayoutAccount {
  if (row.payout_type === 'social_security_card') return { type: 'social_security_card', bankName: null, accountMasked: null, holderMasked: holder ? maskHolderName(holder) : null }
  return {
    type: 'bank_card',
    bankName: row.payout_bank,
    accountMasked: row.payout_last4 ? `**** **** **** ${row.payout_last4}` : null,
    holderMasked: holder ? maskHolderName(holder) : null
  }
}

interface EventRow {
  from_state: ClaimState | null
  to_state: ClaimState
  actor_id: string
  actor_role: ClaimActorRole
  office: string
  reason: string | null
  items: string[]
  deadline: string | null
  at: Date | string
}

export async function claimEvents(db: Queryable, claimId: string): Promise<EventRow[]> {
  return db.query<EventRow>(
    'SELECT from_state, to_state, actor_id, actor_role, office, reason, items, deadline::text AS deadline, at FROM claim_events WHERE claim_id = $1 ORDER BY id',
    [claimId]
  )
}

/** The worker-facing claim with its timeline. */
export async function toClaim(ctx: ClaimsContext, db: Queryable, row: ClaimRow, holder?: string | null): Promise<SubsidyClaim> {
  const events = await claimEvents(db, row.id)
  const timeline: TimelineEntry[] = events.map((e) => ({
    state: e.to_state,
    stateLabel: claimStateLabel(e.to_state),
    at: new Date(e.at).toISOString(),
    actorRole: e.actor_role,
    office: e.office,
    reason: e.reason,
    items: e.items ?? [],
    deadline: e.deadline
  }))
  const today = ctx.today()
  const rejectedAt = row.state === 'rejected' ? events.filter((e) => e.to_state === 'rejected').pop() : undefined
  const canAppeal =
    row.state === 'rejected' && row.appeals_used === 0 && !!rejectedAt && daysBetween(chinaDate(rejectedAt.at), today) <= APPEAL_DAYS
  if (holder === undefined) holder = (await getProfileRow(ctx, db, { id: row.user_id } as AuthUser))?.real_name ?? null
  return {
    id: row.id,
    kind: row.kind,
    kindLabel: claimKindLabel(row.kind),
    state: row.state,
    stateLabel: claimStateLabel(row.state),
    amountYuan: row.amount_yuan,
    certificateId: row.certificate_id,
    enrollmentId: row.enrollment_id,
    title: claimTitle(row),
    office: officeOf(ctx, row.office_region),
    submittedAt: new Date(row.created_at).toISOString(),
    nextStep: claimNextStep(row.state, row.deadline),
    deadline: row.deadline,
    supplementItems: row.state === 'needs_supplement' ? row.supplement_items : [],
    verdicts: verdictsOf(row),
    payoutAccount: payoutOf(row, holder),
    canWithdraw: ['submitted', 'accepted', 'needs_supplement'].includes(row.state),
    canAppeal,
    timeline,
    ...(row.acted_by ? { actedBy: (await actedByLabels(ctx, db, row.user_id, [row.acted_by])).get(row.acted_by) } : {})
  }
}

/** YYYY-MM-DD in China of a timestamp. */
export const chinaDate = (at: Date | string) => new Date(new Date(at).getTime() + 8 * 3_600_000).toISOString().slice(0, 10)

// ───────────────────────── facts and the pre-check ─────────────────────────

interface Facts {
  input: PrecheckInput
  certificate: Certificate | null
  realName: string | null
  insuranceLabel: string
  occupationName: string
  occupationCode: string | null
  level: string | null
  institutionId: string | null
}

function certificateFacts(c: Certificate): PrecheckCertificate {
  return {
    id: c.id,
    occupationCode: c.occupationCode,
    occupationName: c.occupationName,
    level: c.level,
    kind: c.kind,
    issueDate: c.issuedOn,
    verified: c.verification === 'verified',
    verifiedBy: c.verification !== 'verified' ? undefined : c.review?.outcome === 'verified' ? 'reviewer' : 'registry',
    rejected: c.verification === 'rejected',
    // registry records are the holder's by construction (looked up by real name + ID); a reviewer's 核验通过
    // includes comparing the name on the photo with the real name (server/certificates/review.ts)
    holderMatches: c.source === 'registry' || c.review?.outcome === 'verified' ? true : null
  }
}

export async function priorClaimsOf(db: Queryable, userId: string): Promise<PriorClaim[]> {
  const rows = await db.query<{ id: string; kind: ClaimKind; state: ClaimState; certificate_id: string | null; occupation_code: string | null; level: string | null; submitted_on: string }>(
    'SELECT id, kind, state, certificate_id, occupation_code, level, submitted_on::text AS submitted_on FROM claims WHERE user_id = $1',
    [userId]
  )
  return rows.map((r) => ({ id: r.id, kind: r.kind, state: r.state, certificateId: r.certificate_id, occupationCode: r.occupation_code, level: r.level, submittedOn: r.submitted_on }))
}

/** Everything the pre-check needs, looked up (certificate, course, insurance), never asked. Reads only. */
async function gatherFacts(ctx: ClaimsContext, user: AuthUser, body: { kind: ClaimKind; certificateId?: string; enrollmentId?: string }): Promise<Facts> {
  const profile = await getProfileRow(ctx, ctx.db, user)
  let certificate: Certificate | null = null
  if (body.certificateId) {
    certificate = await getOwnedCertificate(ctx.db, user.id, body.certificateId)
    if (!certificate) throw notFound(CLAIM_MESSAGES.certificateNotFound, 'CERTIFICATE_NOT_FOUND')
  }
  let enrollment: PrecheckEnrollment | null = null
  let institutionId: string | null = null
  if (body.enrollmentId) {
    const found = (await myEnrollments(ctx, user)).items.find((e) => e.id === body.enrollmentId)
    if (!found) throw notFound(CLAIM_MESSAGES.enrollmentNotFound, 'ENROLLMENT_NOT_FOUND')
    const c = found.course
    institutionId = c.institution.id
    enrollment = {
      id: found.id,
      status: found.status,
      completedAt: found.completedAt ?? null,
      courseId: c.id,
      occupationCode: c.occupationCode,
      occupationName: c.occupationName,
      level: c.level,
      regionCode: c.regionCode,
      startDate: c.startDate,
      endDate: c.endDate,
      subsidized: c.subsidized,
      shortageOccupation: occupationByCode(c.occupationCode)?.shortage ?? false
    }
  }
  let insurance: PrecheckInput['worker']['insurance'] = null
  let insuranceLabel = '未查询（资料里没有身份证号）'
  if (profile?.real_name && profile.id_number_enc) {
    try {
      const rec = await ctx.insurance.lookup({ idNumber: ctx.crypto.decrypt(profile.id_number_enc), name: profile.real_name })
      insurance = rec ? { insured: rec.insured, regionCode: rec.regionCode, since: rec.since } : { insured: false, regionCode: null, since: null }
      const where = rec ? ctx.regions.byCode.get(rec.regionCode)?.fullName ?? rec.regionCode : ''
      insuranceLabel = rec ? (rec.insured ? `社保系统：在${where}参保（自 ${rec.since ?? '—'}）` : `社保系统：曾在${where}参保，目前未参保`) : '社保系统：没有参保记录'
    } catch {
      insuranceLabel = '社保系统暂时查不到'
    }
  }
  const employed = profile?.employment_status ? profile.employment_status !== 'unemployed' : null
  const input: PrecheckInput = {
    kind: body.kind,
    today: ctx.today(),
    worker: { groups: profile?.groups ?? [], homeRegion: profile?.home_region ?? null, employed, insurance },
    certificate: certificate ? certificateFacts(certificate) : null,
    enrollment,
    priorClaims: await priorClaimsOf(ctx.db, user.id)
  }
  return {
    input,
    certificate,
    realName: profile?.real_name ?? null,
    insuranceLabel,
    occupationName: certificate?.occupationName ?? enrollment?.occupationName ?? claimKindLabel(body.kind),
    occupationCode: certificate?.occupationCode ?? enrollment?.occupationCode ?? null,
    level: certificate?.level ?? enrollment?.level ?? null,
    institutionId
  }
}

function precheckAnswer(ctx: ClaimsContext, result: ReturnType<typeof precheckClaim>): Precheck {
  return {
    ok: result.ok,
    verdicts: result.verdicts,
    office: result.officeRegion && ctx.regions.byCode.has(result.officeRegion) ? officeOf(ctx, result.officeRegion) : null,
    amountYuan: result.amountYuan,
    amountSource: result.amountSource
  }
}

/** POST /claims/precheck: reads only, writes nothing. */
export async function precheck(ctx: ClaimsContext, user: AuthUser, body: { kind: ClaimKind; certificateId?: string; enrollmentId?: string }): Promise<Precheck> {
  const facts = await gatherFacts(ctx, user, body)
  return precheckAnswer(ctx, precheckClaim(facts.input))
}

// ───────────────────────── transitions ─────────────────────────

export interface Actor {
  id: string
  role: ClaimActorRole
}

export interface TransitionOptions {
  reason?: string | null
  items?: string[] | null
  /** 需补正: YYYY-MM-DD chosen by the reviewer */
  deadline?: string | null
  /** 公示 end date (announcement route) */
  announcementId?: string
  announcementEnd?: string
}

/** The next step's deadline when a claim enters `to` (working days on China's calendar). */
export function deadlineFor(to: ClaimState, today: string, opts: TransitionOptions = {}): string | null {
  switch (to) {
    case 'accepted':
      return addWorkingDays(today, DEADLINE_WORKING_DAYS.accepted)
    case 'first_review':
      return addWorkingDays(today, DEADLINE_WORKING_DAYS.first_review)
    case 'announced':
      return opts.announcementEnd ?? addWorkingDays(today, DEADLINE_WORKING_DAYS.announced)
    case 'needs_supplement':
      return opts.deadline ?? addWorkingDays(today, DEADLINE_WORKING_DAYS.needs_supplement)
    case 'rejected':
      return addDays(today, APPEAL_DAYS)
    case 'objection_review':
      return addWorkingDays(today, DEADLINE_WORKING_DAYS.objection_review)
    default:
      return null
  }
}

const INBOX_BODY: Partial<Record<ClaimState, string>> = {
  accepted: '经办机构已受理你的申请，正在审核。',
  first_review: '初审已通过，等待复核。',
  second_review: '复核已通过，将进行公示。',
  announced: '你的申请正在公示，公示期满后拨付。',
  awaiting_payment: '公示期满，等待拨付到你的收款账户。',
  objection_review: `${OBJECTION_REVIEW_MEANING}。`,
  paid: '补贴已拨付，请查收。',
  needs_supplement: '需要补充材料，请在期限内提交，逾期会被驳回。',
  rejected: '你的申请被驳回。',
  payment_failed: '拨付没有成功，请核对并更新收款账户。',
  withdrawn: '你已撤回申请。',
  submitted: '申请已提交，等待经办机构受理。'
}

export const claimLink = (id: string) => `/subpackages/subsidies/detail/index?id=${id}`

/**
 * Moves a locked claim row to `to` as `actor`; refuses what the state machine refuses. Writes the state
 * (conditional on the old one), the timeline row, the audit row, the owner's inbox entry and the queued
 * subscribe message, all in `tx`.
 */
export async function applyTransition(ctx: ClaimsContext, tx: Queryable, row: ClaimRow, to: ClaimState, actor: Actor, opts: TransitionOptions = {}): Promise<ClaimRow> {
  const events = await claimEvents(tx, row.id)
  const enteredBy: Partial<Record<ClaimState, string>> = {}
  for (const e of events) enteredBy[e.to_state] = e.actor_id
  const rejectedAt = events.filter((e) => e.to_state === 'rejected').pop()
  const today = ctx.today()
  const refusal = checkTransition({
    from: row.state,
    to,
    by: actor.role,
    actorId: actor.id,
    reason: opts.reason,
    items: opts.items,
    enteredBy,
    appealsUsed: row.appeals_used,
    daysSinceRejection: rejectedAt ? daysBetween(chinaDate(rejectedAt.at), today) : 0
  })
  if (refusal) {
    const status = refusal.code === 'WRONG_ROLE' ? 403 : refusal.code === 'NOT_ALLOWED' ? 409 : refusal.code === 'SAME_REVIEWER' ? 409 : 422
    throw new ApiError(status, refusal.code === 'WRONG_ROLE' ? 'FORBIDDEN' : refusal.code, refusal.message, refusal.code === 'REASON_REQUIRED' ? 'reason' : refusal.code === 'ITEMS_REQUIRED' ? 'items' : undefined)
  }
  if (to === 'needs_supplement' && opts.deadline && opts.deadline <= today) throw badRequest(CLAIM_MESSAGES.deadlinePast, 'deadline')
  const deadline = deadlineFor(to, today, opts)
  const items = to === 'needs_supplement' ? (opts.items ?? []).map((i) => i.trim()).filter(Boolean) : []
  const transition = findTransition(row.state, to)!
  const now = ctx.now()
  const updated = await tx.query<{ id: string }>(
    `UPDATE claims SET state = $3, deadline = $4, reminded_for = NULL, updated_at = $5,
       supplement_items = CASE WHEN $3 = 'needs_supplement' THEN $6::text[] ELSE supplement_items END,
       appeals_used = appeals_used + CASE WHEN $7 THEN 1 ELSE 0 END,
       announcement_id = COALESCE($8, announcement_id)
     WHERE id = $1 AND state = $2 RETURNING id`,
    [row.id, row.state, to, deadline, now.toISOString(), items, transition.via === 'appeal', opts.announcementId ?? null]
  )
  if (!updated[0]) throw new ApiError(409, 'CLAIM_CONFLICT', CLAIM_MESSAGES.conflict)
  const office = officeOf(ctx, row.office_region).name
  const reason = opts.reason?.trim() || null
  await tx.query(
    `INSERT INTO claim_events (claim_id, from_state, to_state, actor_id, actor_role, office, reason, items, deadline, at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [row.id, row.state, to, actor.id, actor.role, office, reason, items, deadline, now.toISOString()]
  )
  await audit(tx, {
    actor: actor.id,
    action: to === 'announced' ? 'claim.announce' : 'claim.transition',
    objectType: 'claim',
    objectId: row.id,
    reason: `${actor.role} ${row.state} → ${to}${reason ? `：${reason}` : ''}`
  })
  await notifyOwner(tx, row, to, { reason, items, deadline }, now)
  return { ...row, state: to, deadline, supplement_items: to === 'needs_supplement' ? items : row.supplement_items, appeals_used: row.appeals_used + (transition.via === 'appeal' ? 1 : 0) }
}

async function notifyOwner(tx: Queryable, row: ClaimRow, to: ClaimState, extra: { reason: string | null; items: string[]; deadline: string | null }, now: Date): Promise<void> {
  const parts = [INBOX_BODY[to] ?? '']
  if (extra.items.length) parts.push(`需要补充：${extra.items.join('、')}。`)
  if (extra.reason) parts.push(`理由：${extra.reason}`)
  if (extra.deadline && (to === 'needs_supplement' || to === 'announced')) parts.push(`期限：${extra.deadline}。`)
  const title = `${claimKindLabel(row.kind)}：${claimStateLabel(to)}`
  await deliverToInbox(tx, row.user_id, { kind: 'claim_state', title, body: parts.join(''), link: claimLink(row.id), refType: 'claim', refId: row.id }, now)
  await queueNotification(
    tx,
    row.user_id,
    { template: 'claim_state', data: { thing1: claimKindLabel(row.kind), phrase2: claimStateLabel(to), date3: chinaDate(now), thing4: (extra.reason ?? INBOX_BODY[to] ?? '').slice(0, 20) }, page: claimLink(row.id) },
    now
  )
}

// ───────────────────────── submission ─────────────────────────

const fingerprintOf = (body: unknown) => createHash('sha256').update(`POST /api/v1/claims\n${JSON.stringify(body)}`).digest('base64url')

export class PrecheckRefused extends ApiError {
  constructor(readonly verdicts: Verdict[]) {
    super(422, 'PRECHECK_FAILED', CLAIM_MESSAGES.precheckFailed)
  }
}

async function payoutDefault(db: Queryable, userId: string) {
  const rows = await db.query<{ type: 'social_security_card' | 'bank_card'; bank_name: string | null; account_enc: string | null; account_last4: string | null }>(
    'SELECT type, bank_name, account_enc, account_last4 FROM payout_accounts WHERE user_id = $1',
    [userId]
  )
  return rows[0] ?? { type: 'social_security_card' as const, bank_name: null, account_enc: null, account_last4: null }
}

/** POST /claims: same key → the first claim; a failing hard rule → 422 with the verdicts; one transaction. */
export async function submitClaim(
  ctx: ClaimsContext,
  user: AuthUser,
  key: string,
  body: { kind: ClaimKind; certificateId?: string; enrollmentId?: string }
): Promise<{ status: number; claim: SubsidyClaim }> {
  await requireConsent(ctx.db, user.id)
  const fingerprint = fingerprintOf(body)
  const existing = await ctx.db.query<ClaimRow>(`SELECT ${CLAIM_COLUMNS} FROM claims WHERE user_id = $1 AND idempotency_key = $2`, [user.id, key])
  if (existing[0]) {
    if (existing[0].request_fingerprint !== fingerprint) throw new ApiError(422, 'IDEMPOTENCY_KEY_REUSED', CLAIM_MESSAGES.keyReused)
    return { status: 201, claim: await toClaim(ctx, ctx.db, existing[0]) }
  }
  const facts = await gatherFacts(ctx, user, body)
  const id = await ctx.db.transaction(async (tx) => {
    // one submission per worker at a time: the annual cap and no-repeat rules see every earlier claim
    await lockUser(tx, user.id)
    const again = await tx.query<{ id: string; request_fingerprint: string }>('SELECT id, request_fingerprint FROM claims WHERE user_id = $1 AND idempotency_key = $2', [user.id, key])
    if (again[0]) {
      if (again[0].request_fingerprint !== fingerprint) throw new ApiError(422, 'IDEMPOTENCY_KEY_REUSED', CLAIM_MESSAGES.keyReused)
      return again[0].id
    }
    const result = precheckClaim({ ...facts.input, priorClaims: await priorClaimsOf(tx, user.id) })
    if (!result.ok || !result.officeRegion) throw new PrecheckRefused(result.verdicts)
    const payout = await payoutDefault(tx, user.id)
    const now = ctx.now()
    const claimId = newId('clm')
    const payoutHash = payout.account_enc ? bankHash(ctx.crypto, ctx.crypto.decrypt(payout.account_enc)) : null
    await tx.query(
      `INSERT INTO claims (id, user_id, kind, state, certificate_id, enrollment_id, occupation_code, occupation_name, level, amount_yuan, office_region,
         verdicts, insurance_label, payout_type, payout_bank, payout_account_enc, payout_last4, idempotency_key, request_fingerprint, submitted_on, created_at, updated_at, acted_by,
         payout_account_hash, contact_hashes, institution_id)
       VALUES ($1, $2, $3, 'submitted', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $20, $21, $22, $23, $24)`,
      [
        claimId,
        user.id,
        body.kind,
        body.certificateId ?? null,
        body.enrollmentId ?? null,
        facts.occupationCode,
        facts.occupationName,
        facts.level,
        result.amountYuan,
        result.officeRegion,
        JSON.stringify(result.verdicts),
        facts.insuranceLabel,
        payout.type,
        payout.bank_name,
        payout.account_enc,
        payout.account_last4,
        key,
        fingerprint,
        ctx.today(),
        now.toISOString(),
        user.actedBy?.userId ?? null,
        payoutHash,
        await phoneHashesOf(ctx.crypto, tx, user.id),
        facts.institutionId
      ]
    )
    const office = officeOf(ctx, result.officeRegion).name
    await tx.query(
      `INSERT INTO claim_events (claim_id, from_state, to_state, actor_id, actor_role, office, reason, items, deadline, at) VALUES ($1, NULL, 'submitted', $2, 'worker', $3, NULL, '{}', NULL, $4)`,
      [claimId, user.id, office, now.toISOString()]
    )
    if (body.certificateId) await markCertificateUsed(tx, body.certificateId, now)
    await audit(tx, {
      actor: user.actedBy?.userId ?? user.id,
      action: 'claim.submit',
      objectType: 'claim',
      objectId: claimId,
      reason: `${body.kind} → ${result.officeRegion}${user.actedBy ? ` for ${user.id} by proxy ${user.actedBy.proxyId}` : ''}`
    })
    const row = (await loadClaim(tx, claimId))!
    // 风险隐患清单: the risk rules run on the stored claim, flags saved with it
    await saveRiskFlags(tx, claimId, await assessRisks(ctx, tx, row), 'submission', now)
    await notifyOwner(tx, row, 'submitted', { reason: null, items: [], deadline: null }, now)
    return claimId
  })
  const row = (await loadClaim(ctx.db, id))!
  return { status: 201, claim: await toClaim(ctx, ctx.db, row, facts.realName) }
}

// ───────────────────────── the worker's steps ─────────────────────────

/** The worker's own claim, else 404 (another worker's claim is indistinguishable from a missing one). */
export async function ownedClaim(db: Queryable, userId: string, id: string, lock = false): Promise<ClaimRow> {
  const row = await loadClaim(db, id, lock)
  if (!row || row.user_id !== userId) throw notFound(CLAIM_MESSAGES.notFound, 'CLAIM_NOT_FOUND')
  return row
}

export async function myClaims(ctx: ClaimsContext, user: AuthUser): Promise<{ items: SubsidyClaim[] }> {
  const rows = await ctx.db.query<ClaimRow>(`SELECT ${CLAIM_COLUMNS} FROM claims WHERE user_id = $1 ORDER BY created_at DESC, id`, [user.id])
  const holder = (await getProfileRow(ctx, ctx.db, user))?.real_name ?? null
  const items: SubsidyClaim[] = []
  for (const r of rows) items.push(await toClaim(ctx, ctx.db, r, holder))
  return { items }
}

async function workerStep(ctx: ClaimsContext, user: AuthUser, id: string, to: ClaimState, opts: TransitionOptions, before?: (tx: Queryable, row: ClaimRow) => Promise<void>): Promise<SubsidyClaim> {
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

// ───────────────────────── payout account ─────────────────────────

interface CheckedPayout {
  type: 'social_security_card' | 'bank_card'
  bankName: string | null
  accountEnc: string | null
  accountHash: string | null
  last4: string | null
  masked: string | null
}

async function checkPayout(ctx: ClaimsContext, user: AuthUser, body: PayoutAccountBody): Promise<{ checked: CheckedPayout; holder: string }> {
  await requireConsent(ctx.db, user.id)
  const profile = await getProfileRow(ctx, ctx.db, user)
  // the account holder is the worker's verified real name: a card in anyone else's name cannot be entered
  if (!profile?.real_name || !profile.id_number_enc) throw new ApiError(409, 'PROFILE_INCOMPLETE', CLAIM_MESSAGES.realNameNeeded)
  if (body.type === 'social_security_card') {
    if (body.accountNumber) throw badRequest(CLAIM_MESSAGES.socialSecurityOnly, 'accountNumber')
    return { checked: { type: 'social_security_card', bankName: null, accountEnc: null, accountHash: null, last4: null, masked: null }, holder: profile.real_name }
  }
  const card = checkBankCard(body.accountNumber, body.bankName)
  if (!card.ok) throw badRequest(card.message, card.field)
  return {
    checked: { type: 'bank_card', bankName: card.bankName, accountEnc: ctx.crypto.encrypt(card.digits), accountHash: bankHash(ctx.crypto, card.digits), last4: card.digits.slice(-4), masked: maskAccountNumber(card.digits) },
    holder: profile.real_name
  }
}

function payoutView(c: CheckedPayout, holder: string): PayoutAccount {
  return { type: c.type, bankName: c.type === 'bank_card' ? c.bankName : null, accountMasked: c.masked, holderMasked: maskHolderName(holder) }
}

async function saveDefaultPayout(ctx: ClaimsContext, tx: Queryable, userId: string, c: CheckedPayout): Promise<void> {
  await tx.query(
    `INSERT INTO payout_accounts (user_id, type, bank_name, account_enc, account_last4, updated_at, account_hash) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (user_id) DO UPDATE SET type = EXCLUDED.type, bank_name = EXCLUDED.bank_name, account_enc = EXCLUDED.account_enc,
       account_last4 = EXCLUDED.account_last4, updated_at = EXCLUDED.updated_at, account_hash = EXCLUDED.account_hash`,
    [userId, c.type, c.bankName, c.accountEnc, c.last4, ctx.now().toISOString(), c.accountHash]
  )
  await audit(tx, { actor: userId, action: 'payout_account.update', objectType: 'user', objectId: userId, reason: c.type })
}

export async function getPayoutAccount(ctx: ClaimsContext, user: AuthUser): Promise<PayoutAccount> {
  const p = await payoutDefault(ctx.db, user.id)
  const holder = (await getProfileRow(ctx, ctx.db, user))?.real_name ?? null
  return {
    type: p.type,
    bankName: p.type === 'bank_card' ? p.bank_name : null,
    accountMasked: p.account_enc ? maskAccountNumber(ctx.crypto.decrypt(p.account_enc)) : null,
    holderMasked: holder ? maskHolderName(holder) : null
  }
}

export async function putPayoutAccount(ctx: ClaimsContext, user: AuthUser, body: PayoutAccountBody): Promise<PayoutAccount> {
  const { checked, holder } = await checkPayout(ctx, user, body)
  await ctx.db.transaction((tx) => saveDefaultPayout(ctx, tx, user.id, checked))
  return payoutView(checked, holder)
}

/** After 拨付失败: the new account goes on the claim (and becomes the default); the claim returns to 待拨付. */
export async function updateClaimPayoutAccount(ctx: ClaimsContext, user: AuthUser, id: string, body: PayoutAccountBody): Promise<SubsidyClaim> {
  const { checked } = await checkPayout(ctx, user, body)
  return workerStep(ctx, user, id, 'awaiting_payment', { reason: `已更新收款账户（${checked.type === 'bank_card' ? `${checked.bankName} ${checked.masked}` : SSC_LABEL}）` }, async (tx, row) => {
    if (row.state !== 'payment_failed') return
    await tx.query('UPDATE claims SET payout_type = $2, payout_bank = $3, payout_account_enc = $4, payout_last4 = $5, payout_account_hash = $6 WHERE id = $1', [
      row.id,
      checked.type,
      checked.bankName,
      checked.accountEnc,
      checked.last4,
      checked.accountHash
    ])
    await saveDefaultPayout(ctx, tx, user.id, checked)
  })
}

export { levelLabel }

// ───────────────────────── data rights (server/accounts/data-rights.ts) ─────────────────────────

/** 下载我的数据: the worker's claims with timelines, and the default payout account (masked). */
export async function exportClaimsOf(ctx: ClaimsContext, tx: Queryable, user: AuthUser): Promise<{ claims: SubsidyClaim[]; payoutAccount: PayoutAccount | null }> {
  const rows = await tx.query<ClaimRow>(`SELECT ${CLAIM_COLUMNS} FROM claims WHERE user_id = $1 ORDER BY created_at DESC, id`, [user.id])
  const holder = (await getProfileRow(ctx, tx, user))?.real_name ?? null
  const claims: SubsidyClaim[] = []
  for (const r of rows) claims.push(await toClaim(ctx, tx, r, holder))
  const [p] = await tx.query<{ type: 'social_security_card' | 'bank_card'; bank_name: string | null; account_enc: string | null }>(
    'SELECT type, bank_name, account_enc FROM payout_accounts WHERE user_id = $1',
    [user.id]
  )
  const payoutAccount: PayoutAccount | null = p
    ? {
        type: p.type,
        bankName: p.type === 'bank_card' ? p.bank_name : null,
        accountMasked: p.account_enc ? maskAccountNumber(ctx.crypto.decrypt(p.account_enc)) : null,
        holderMasked: holder ? maskHolderName(holder) : null
      }
    : null
  return { claims, payoutAccount }
}

/** States a claim can still move on from through review; erasure closes these (review needs the person's data). */
const ERASE_CLOSES: readonly ClaimState[] = ['submitted', 'accepted', 'first_review', 'second_review', 'announced', 'objection_review', 'awaiting_payment', 'needs_supplement', 'payment_failed']

/**
 * Erasure (撤回同意 / 注销): the payout account goes (and every account number copied onto claims); claims
 * still under way are closed as 已撤回 with a system event saying why; 补正 notes and photo references go.
 * The claim rows and their timelines stay, without name, ID or account (资金审计, 55号 第十三条).
 */
export async function eraseClaimsDataOf(ctx: ClaimsContext, tx: Queryable, userId: string, reason: 'withdraw' | 'delete'): Promise<string> {
  const payout = await tx.query('DELETE FROM payout_accounts WHERE user_id = $1 RETURNING user_id', [userId])
  await tx.query('UPDATE claims SET payout_bank = NULL, payout_account_enc = NULL, payout_last4 = NULL, payout_account_hash = NULL WHERE user_id = $1', [userId])
  const open = await tx.query<ClaimRow>(`SELECT ${CLAIM_COLUMNS} FROM claims WHERE user_id = $1 AND state = ANY($2::text[]) ORDER BY id FOR UPDATE`, [userId, ERASE_CLOSES])
  const now = ctx.now().toISOString()
  const why = reason === 'withdraw' ? '申请人撤回了个人信息使用同意，申请自动撤回' : '申请人注销了账号，申请自动撤回'
  for (const row of open) {
    await tx.query(`UPDATE claims SET state = 'withdrawn', deadline = NULL, updated_at = $2 WHERE id = $1`, [row.id, now])
    await tx.query(
      `INSERT INTO claim_events (claim_id, from_state, to_state, actor_id, actor_role, office, reason, items, deadline, at)
       VALUES ($1, $2, 'withdrawn', 'system', 'system', $3, $4, '{}', NULL, $5)`,
      [row.id, row.state, officeOf(ctx, row.office_region).name, why, now]
    )
    await audit(tx, { actor: 'system', action: 'claim.transition', objectType: 'claim', objectId: row.id, reason: `${row.state} → withdrawn: ${reason}` })
  }
  const supplements = await tx.query(
    `UPDATE claim_supplements SET note = NULL, photo_ids = '{}' WHERE claim_id IN (SELECT id FROM claims WHERE user_id = $1) AND (note IS NOT NULL OR cardinality(photo_ids) > 0) RETURNING id`,
    [userId]
  )
  const outbox = reason === 'delete' ? await tx.query('DELETE FROM notifier_outbox WHERE user_id = $1 RETURNING id', [userId]) : []
  return `${payout.length} payout account, ${open.length} open claims withdrawn, ${supplements.length} supplements cleared, ${outbox.length} queued messages deleted`
}

export type { ClaimsContext } from './context'
