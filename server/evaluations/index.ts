/**
 * 职业技能等级认定 (人社厅发〔2023〕55号 第十条; 沪人社职〔2024〕70号 五、八):
 * - 考核批次 of an evaluator institution (工种, 等级, exam day, place, seats), listed by city and 工种;
 * - a worker signs up (Idempotency-Key; one transaction: per-worker lock, the rules, a seat by conditional
 *   UPDATE so the seats are never oversold) — not when they already hold that level or a higher one of the
 *   same 工种 (their certificates, from the certificates capability); they may cancel until the day before;
 * - the day before the exam: an inbox message and a subscribe message (exam_reminder), exactly once
 *   per registration (the sweep that wins the conditional UPDATE of reminded_at sends it);
 * - the evaluator institution's staff see their batches with the candidates masked, and from the exam day on
 *   enter results (audited); each pass is issued into the certificate registry (CertificateRegistry.issue) after
 *   the results' transaction — a registry that does not answer leaves the pass waiting and the sweep retries —
 *   so that 一键查询 brings the certificate into 我的证书 as verified and the claims pre-check offers
 *   职业技能评价补贴 / 技能提升补贴 at once; the worker gets an inbox message either way.
 */
import { createHash } from 'node:crypto'
import type { EvaluationBatch, EvaluationCandidate, EvaluationQuery, EvaluationRegistration, EvaluationResults, EvaluationResultsBody, InstitutionEvaluation } from '../../src/contract'
import { addDays } from '../../src/domain/working-days'
import { levelLabel, maskHolderName, type CertLevel } from '../../src/domain/certificate'
import { maskIdNumber, maskPhone } from '../../src/domain/masking'
import { getProfileRow, lockUser, requireConsent, type AccountsContext, type AuthUser } from '../accounts'
import { institutionFacts } from '../catalog'
import { listCertificates } from '../certificates'
import { deliverToInbox } from '../inbox'
import { queueNotification, RegistryUnavailableError, type CertificateRegistry, type Notifier } from '../adapters'
import { audit, runOncePerKey, type KeyedResponse } from '../platform'
import { ApiError, badRequest, notFound } from '../errors'
import { newId } from '../crypto'
import type { Queryable } from '../db'
import type { Clock } from '../clock'

export interface EvaluationsContext extends AccountsContext {
  registry: CertificateRegistry
  notifier: Notifier
  clock: Clock
  devMode: boolean
  /** development: the phone of the account that enters each institution's results (evaluatorPhone) */
  evaluatorPhones?: () => Promise<Map<string, string>>
}

export const EVALUATION_MESSAGES = {
  batchNotFound: '没有找到这个考核批次',
  registrationNotFound: '没有找到这条考核报名',
  closed: '这个批次已经截止报名（考试前一天截止），可以看看其他批次',
  full: '这个批次的名额已满，可以看看其他批次',
  already: '你已经报名了这个批次',
  sameLevelPending: '你已经报名了同一工种同一等级的另一个批次，考完之前不能再报',
  profileIncomplete: '报名考核要用你的真实姓名和身份证号（发证书用），请先在“我的资料”里填写',
  keyReused: '这个请求编号已用于另一次不同的报名，请刷新后重试',
  notCancellable: '这条报名已经不能取消了',
  tooLateToCancel: '考试前一天起不能再取消报名',
  examNotHeld: '考试当天起才能录入成绩',
  duplicateResult: '同一个人的成绩只能填写一次',
  passNeedsScore: '通过的成绩不能低于60分，请核对',
  resultExists: '这个人的成绩已经录入过，不能修改',
  cancelledCandidate: '这个人已经取消报名，不能录入成绩'
}

const STATUS_LABEL: Record<EvaluationRegistration['status'], string> = {
  registered: '已报名',
  cancelled: '已取消',
  passed: '考核通过',
  failed: '未通过',
  absent: '缺考'
}

/** 我的证书: where a pass is brought in by 一键查询 */
export const CERTIFICATES_LINK = '/subpackages/certificates/index/index'
/** 我的报名: where the worker's registrations are listed */
export const MY_SIGNUPS_LINK = '/subpackages/signup/mine/index'

const LEVEL_RANK: Record<string, number> = { '5': 1, '4': 2, '3': 3, '2': 4, '1': 5, '0': 6 }

interface BatchRow {
  id: string
  occupation_code: string
  occupation_name: string
  level: '5' | '4' | '3' | '2' | '1'
  exam_on: string
  exam_time: string
  address: string
  region_code: string
  seats_total: number
  seats_left: number
  fee_yuan: number
  institution_id: string
}
const BATCH_COLUMNS = `id, occupation_code, occupation_name, level, exam_on::text AS exam_on, exam_time, address, region_code, seats_total, seats_left, fee_yuan, institution_id`

interface RegistrationRow {
  id: string
  batch_id: string
  user_id: string
  status: EvaluationRegistration['status']
  created_at: Date | string
  score: number | null
  certificate_number: string | null
}
const REG_COLUMNS = 'id, batch_id, user_id, status, created_at, score, certificate_number'

const iso = (d: Date | string) => new Date(d).toISOString()

/** Sign-up is open until the end of the day before the exam. */
const signupOpen = (b: BatchRow, today: string) => b.exam_on > today

async function toBatches(ctx: EvaluationsContext, db: Queryable, rows: BatchRow[]): Promise<EvaluationBatch[]> {
  const institutions = await institutionFacts(
    db,
    rows.map((r) => r.institution_id)
  )
  const phones = ctx.devMode && ctx.evaluatorPhones ? await ctx.evaluatorPhones() : null
  const today = ctx.today()
  return rows.map((r) => {
    const phone = phones?.get(r.institution_id)
    return {
      id: r.id,
      occupationCode: r.occupation_code,
      occupationName: r.occupation_name,
      level: r.level,
      levelLabel: levelLabel(r.level),
      examOn: r.exam_on,
      examTime: r.exam_time,
      address: r.address,
      regionCode: r.region_code,
      regionName: ctx.regions.byCode.get(r.region_code)?.fullName ?? r.region_code,
      seatsTotal: Number(r.seats_total),
      seatsLeft: Number(r.seats_left),
      feeYuan: Number(r.fee_yuan),
      open: signupOpen(r, today) && Number(r.seats_left) > 0,
      evaluator: { id: r.institution_id, name: institutions.get(r.institution_id)?.name ?? '' },
      ...(phone ? { evaluatorPhone: phone } : {})
    }
  })
}

/** Batches are listed for the whole city of the region asked (直辖市: the whole city): workers travel to the exam. */
export function cityPrefixOf(regionCode: string): string {
  let p = regionCode
  while (p.length > 2 && p.endsWith('00')) p = p.slice(0, -2)
  if (p.length <= 2) return p
  return ['11', '12', '31', '50'].includes(p.slice(0, 2)) ? p.slice(0, 2) : p.slice(0, 4)
}

export async function listBatches(ctx: EvaluationsContext, q: EvaluationQuery): Promise<{ items: EvaluationBatch[] }> {
  const rows = await ctx.db.query<BatchRow>(
    `SELECT ${BATCH_COLUMNS} FROM evaluation_batches
     WHERE ($1::text IS NULL OR region_code LIKE $1 || '%') AND ($2::text IS NULL OR occupation_code = $2)
       AND ($3::boolean OR exam_on >= $4::date)
     ORDER BY exam_on, id LIMIT 200`,
    [q.region ? cityPrefixOf(q.region) : null, q.occupation ?? null, q.includePast === true, ctx.today()]
  )
  return { items: await toBatches(ctx, ctx.db, rows) }
}

async function loadBatch(db: Queryable, id: string, lock = false): Promise<BatchRow | null> {
  const rows = await db.query<BatchRow>(`SELECT ${BATCH_COLUMNS} FROM evaluation_batches WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id])
  return rows[0] ?? null
}

export async function getBatch(ctx: EvaluationsContext, id: string): Promise<EvaluationBatch> {
  const row = await loadBatch(ctx.db, id)
  if (!row) throw notFound(EVALUATION_MESSAGES.batchNotFound, 'EVALUATION_NOT_FOUND')
  return (await toBatches(ctx, ctx.db, [row]))[0]
}

function nextStepOf(r: RegistrationRow, b: BatchRow, today: string): string {
  switch (r.status) {
    case 'registered':
      return b.exam_on >= today ? `请在 ${b.exam_on} 带身份证到考点参加考试：${b.address}` : '考试已结束，成绩录入后会通知你'
    case 'passed':
      return r.certificate_number ? '证书已发放：到“我的证书”点“一键查询”添加，然后可以申领评价补贴' : '考核通过，证书正在发放，发放后会通知你'
    case 'failed':
      return '这次没有通过，可以报名下一个批次再考'
    case 'absent':
      return '你没有参加这次考试，可以报名下一个批次'
    case 'cancelled':
      return '已取消报名'
  }
}

async function toRegistrations(ctx: EvaluationsContext, db: Queryable, rows: RegistrationRow[]): Promise<EvaluationRegistration[]> {
  if (rows.length === 0) return []
  const batchRows = await db.query<BatchRow>(`SELECT ${BATCH_COLUMNS} FROM evaluation_batches WHERE id = ANY($1::text[])`, [[...new Set(rows.map((r) => r.batch_id))]])
  const batches = new Map((await toBatches(ctx, db, batchRows)).map((b) => [b.id, b]))
  const rowsById = new Map(batchRows.map((b) => [b.id, b]))
  const today = ctx.today()
  return rows.map((r) => {
    const b = rowsById.get(r.batch_id)!
    return {
      id: r.id,
      status: r.status,
      statusLabel: STATUS_LABEL[r.status],
      createdAt: iso(r.created_at),
      batch: batches.get(r.batch_id)!,
      score: r.score,
      certificateNumber: r.certificate_number,
      nextStep: nextStepOf(r, b, today),
      canCancel: r.status === 'registered' && signupOpen(b, today)
    }
  })
}

export async function myRegistrations(ctx: EvaluationsContext, user: AuthUser): Promise<{ items: EvaluationRegistration[] }> {
  const rows = await ctx.db.query<RegistrationRow>(`SELECT ${REG_COLUMNS} FROM evaluation_registrations WHERE user_id = $1 ORDER BY created_at DESC, id`, [user.id])
  return { items: await toRegistrations(ctx, ctx.db, rows) }
}

/** The certificate that already covers this 工种 at this level or higher (a rejected one does not count). */
async function coveringCertificate(tx: Queryable, userId: string, b: BatchRow): Promise<{ occupationName: string; level: CertLevel } | null> {
  const certs = await listCertificates(tx, userId)
  const found = certs.find(
    (c) =>
      (c.kind === 'skill_level' || c.kind === 'qualification') &&
      c.verification !== 'rejected' &&
      c.occupationCode === b.occupation_code &&
      c.level !== null &&
      (LEVEL_RANK[c.level] ?? 0) >= LEVEL_RANK[b.level]
  )
  return found && found.level ? { occupationName: found.occupationName, level: found.level } : null
}

const fingerprintOf = (batchId: string) => createHash('sha256').update(`POST /api/v1/evaluations/${batchId}/registrations`).digest('base64url')

/** POST /evaluations/{id}/registrations: the same key answers with the first result. */
export async function register(ctx: EvaluationsContext, user: AuthUser, key: string, batchId: string): Promise<KeyedResponse> {
  await requireConsent(ctx.db, user.id)
  return runOncePerKey(
    ctx.db,
    { userId: user.id, key, fingerprint: fingerprintOf(batchId), now: ctx.now, lock: (tx) => lockUser(tx, user.id), reusedMessage: EVALUATION_MESSAGES.keyReused },
    async (tx) => {
      await requireConsent(tx, user.id)
      const b = await loadBatch(tx, batchId)
      if (!b) throw notFound(EVALUATION_MESSAGES.batchNotFound, 'EVALUATION_NOT_FOUND')
      if (!signupOpen(b, ctx.today())) throw new ApiError(409, 'REGISTRATION_CLOSED', EVALUATION_MESSAGES.closed)
      const profile = await getProfileRow(ctx, tx, user)
      if (!profile?.real_name || !profile.id_number_enc) throw new ApiError(422, 'PROFILE_INCOMPLETE', EVALUATION_MESSAGES.profileIncomplete)
      const live = await tx.query<{ batch_id: string; occupation_code: string; level: string; exam_on: string }>(
        `SELECT r.batch_id, b.occupation_code, b.level, b.exam_on::text AS exam_on FROM evaluation_registrations r JOIN evaluation_batches b ON b.id = r.batch_id
         WHERE r.user_id = $1 AND r.status = 'registered'`,
        [user.id]
      )
      if (live.some((r) => r.batch_id === b.id)) throw new ApiError(409, 'ALREADY_REGISTERED', EVALUATION_MESSAGES.already)
      if (live.some((r) => r.occupation_code === b.occupation_code && r.level === b.level)) throw new ApiError(409, 'ALREADY_REGISTERED', EVALUATION_MESSAGES.sameLevelPending)
      const held = await coveringCertificate(tx, user.id, b)
      if (held) {
        throw new ApiError(
          409,
          'ALREADY_CERTIFIED',
          `你已经有「${held.occupationName}」${levelLabel(held.level)}的证书，不用再考这个或更低的等级；可以报名更高等级`
        )
      }
      const seat = await tx.query<{ seats_left: number }>('UPDATE evaluation_batches SET seats_left = seats_left - 1 WHERE id = $1 AND seats_left > 0 RETURNING seats_left', [b.id])
      if (!seat[0]) throw new ApiError(409, 'EVALUATION_FULL', EVALUATION_MESSAGES.full)
      const id = newId('evr')
      const actedBy = user.actedBy?.userId ?? null
      const [row] = await tx.query<RegistrationRow>(
        `INSERT INTO evaluation_registrations (id, batch_id, user_id, status, created_at, acted_by) VALUES ($1, $2, $3, 'registered', $4, $5) RETURNING ${REG_COLUMNS}`,
        [id, b.id, user.id, ctx.now().toISOString(), actedBy]
      )
      await audit(tx, { actor: actedBy ?? user.id, action: 'evaluation.register', objectType: 'evaluation_registration', objectId: id, reason: `batch ${b.id}` })
      return { status: 201, body: (await toRegistrations(ctx, tx, [row]))[0] }
    }
  )
}

export async function cancelRegistration(ctx: EvaluationsContext, user: AuthUser, id: string): Promise<EvaluationRegistration> {
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.query<RegistrationRow>(`SELECT ${REG_COLUMNS} FROM evaluation_registrations WHERE id = $1 AND user_id = $2 FOR UPDATE`, [id, user.id])
    if (!row) throw notFound(EVALUATION_MESSAGES.registrationNotFound, 'REGISTRATION_NOT_FOUND')
    if (row.status !== 'registered') throw new ApiError(409, 'NOT_CANCELLABLE', EVALUATION_MESSAGES.notCancellable)
    const b = (await loadBatch(tx, row.batch_id))!
    if (!signupOpen(b, ctx.today())) throw new ApiError(409, 'TOO_LATE_TO_CANCEL', EVALUATION_MESSAGES.tooLateToCancel)
    const [updated] = await tx.query<RegistrationRow>(
      `UPDATE evaluation_registrations SET status = 'cancelled', cancelled_at = $2 WHERE id = $1 RETURNING ${REG_COLUMNS}`,
      [id, ctx.now().toISOString()]
    )
    await tx.query('UPDATE evaluation_batches SET seats_left = seats_left + 1 WHERE id = $1 AND seats_left < seats_total', [row.batch_id])
    await audit(tx, { actor: user.actedBy?.userId ?? user.id, action: 'evaluation.cancel', objectType: 'evaluation_registration', objectId: id, reason: `batch ${row.batch_id}` })
    return (await toRegistrations(ctx, tx, [updated]))[0]
  })
}

// ───────────────────────── the evaluator institution ─────────────────────────

async function candidatesOf(ctx: EvaluationsContext, db: Queryable, batchId: string): Promise<EvaluationCandidate[]> {
  const rows = await db.query<RegistrationRow>(
    `SELECT ${REG_COLUMNS} FROM evaluation_registrations WHERE batch_id = $1 AND status <> 'cancelled' ORDER BY created_at, id`,
    [batchId]
  )
  const out: EvaluationCandidate[] = []
  for (const r of rows) {
    const p = await getProfileRow(ctx, db, { id: r.user_id } as AuthUser)
    out.push({
      registrationId: r.id,
      nameMasked: p?.real_name ? maskHolderName(p.real_name) : '（资料已删除）',
      idNumberMasked: p?.id_number_enc ? maskIdNumber(ctx.crypto.decrypt(p.id_number_enc)) : null,
      phoneMasked: p?.phone_enc ? maskPhone(ctx.crypto.decrypt(p.phone_enc)) : null,
      status: r.status,
      statusLabel: STATUS_LABEL[r.status],
      score: r.score,
      certificateNumber: r.certificate_number
    })
  }
  return out
}

async function toInstitutionBatch(ctx: EvaluationsContext, db: Queryable, row: BatchRow): Promise<InstitutionEvaluation> {
  const [batch] = await toBatches(ctx, db, [row])
  const candidates = await candidatesOf(ctx, db, row.id)
  return { ...batch, registeredCount: candidates.length, canEnterResults: row.exam_on <= ctx.today(), candidates }
}

async function ownBatch(db: Queryable, institutionId: string, batchId: string, lock = false): Promise<BatchRow> {
  const row = await loadBatch(db, batchId, lock)
  // another institution's batch is answered like a missing one
  if (!row || row.institution_id !== institutionId) throw notFound(EVALUATION_MESSAGES.batchNotFound, 'EVALUATION_NOT_FOUND')
  return row
}

export async function institutionBatches(ctx: EvaluationsContext, institutionId: string): Promise<{ items: InstitutionEvaluation[] }> {
  const rows = await ctx.db.query<BatchRow>(`SELECT ${BATCH_COLUMNS} FROM evaluation_batches WHERE institution_id = $1 ORDER BY exam_on DESC, id`, [institutionId])
  const items: InstitutionEvaluation[] = []
  for (const r of rows) items.push(await toInstitutionBatch(ctx, ctx.db, r))
  return { items }
}

export async function institutionBatch(ctx: EvaluationsContext, institutionId: string, batchId: string): Promise<InstitutionEvaluation> {
  return toInstitutionBatch(ctx, ctx.db, await ownBatch(ctx.db, institutionId, batchId))
}

/** Results of a batch, from the exam day on; a result, once entered, stays (a repeat of it changes nothing). */
export async function enterResults(ctx: EvaluationsContext, staffUserId: string, institutionId: string, batchId: string, body: EvaluationResultsBody): Promise<EvaluationResults> {
  const seen = new Set<string>()
  for (const r of body.results) {
    if (seen.has(r.registrationId)) throw badRequest(EVALUATION_MESSAGES.duplicateResult, 'results', 'DUPLICATE_RESULT')
    seen.add(r.registrationId)
    if (r.passed && r.score < 60) throw badRequest(EVALUATION_MESSAGES.passNeedsScore, 'results', 'SCORE_TOO_LOW_TO_PASS')
  }
  const recorded = await ctx.db.transaction(async (tx) => {
    const b = await ownBatch(tx, institutionId, batchId, true)
    const today = ctx.today()
    if (b.exam_on > today) throw new ApiError(409, 'EXAM_NOT_HELD', `${EVALUATION_MESSAGES.examNotHeld}（考试日期 ${b.exam_on}）`)
    let n = 0
    const now = ctx.now()
    for (const r of body.results) {
      const [reg] = await tx.query<RegistrationRow>(`SELECT ${REG_COLUMNS} FROM evaluation_registrations WHERE id = $1 AND batch_id = $2 FOR UPDATE`, [r.registrationId, b.id])
      if (!reg) throw notFound(`${EVALUATION_MESSAGES.registrationNotFound}（${r.registrationId}）`, 'REGISTRATION_NOT_FOUND')
      if (reg.status === 'cancelled') throw new ApiError(409, 'REGISTRATION_CANCELLED', EVALUATION_MESSAGES.cancelledCandidate)
      const status = r.passed ? 'passed' : 'failed'
      if (reg.status !== 'registered') {
        if (reg.status === status && reg.score === r.score) continue
        throw new ApiError(409, 'RESULT_EXISTS', EVALUATION_MESSAGES.resultExists)
      }
      await tx.query('UPDATE evaluation_registrations SET status = $2, score = $3, result_at = $4, result_by = $5 WHERE id = $1', [reg.id, status, r.score, now.toISOString(), staffUserId])
      await audit(tx, { actor: staffUserId, action: 'evaluation.result', objectType: 'evaluation_registration', objectId: reg.id, reason: `${status} ${r.score} · batch ${b.id}` })
      if (!r.passed) {
        await deliverToInbox(
          tx,
          reg.user_id,
          {
            kind: 'evaluation_result',
            title: `考核未通过：${b.occupation_name} ${levelLabel(b.level)}`,
            body: `你在 ${b.exam_on} 参加的考核成绩为 ${r.score} 分，这次没有通过。可以报名下一个批次再考。`,
            link: MY_SIGNUPS_LINK,
            refType: 'evaluation_registration',
            refId: reg.id
          },
          now
        )
      }
      n++
    }
    return n
  })
  const issued = await issuePending(ctx, batchId)
  return { recorded, issued, batch: await institutionBatch(ctx, institutionId, batchId) }
}

/**
 * Issues the certificate of every pass still without one (of one batch, or all): outside any transaction (the
 * registry is a remote service), then records the number and tells the worker in one transaction. A registry
 * that does not answer leaves the pass for the next sweep; the request id (the registration's) makes a retried
 * issuance return the first certificate.
 */
export async function issuePending(ctx: EvaluationsContext, batchId?: string): Promise<number> {
  const pending = await ctx.db.query<RegistrationRow>(
    `SELECT ${REG_COLUMNS} FROM evaluation_registrations WHERE status = 'passed' AND certificate_number IS NULL AND ($1::text IS NULL OR batch_id = $1)
     ORDER BY result_at, id LIMIT 200`,
    [batchId ?? null]
  )
  let issued = 0
  for (const reg of pending) {
    const b = (await loadBatch(ctx.db, reg.batch_id))!
    const profile = await getProfileRow(ctx, ctx.db, { id: reg.user_id } as AuthUser)
    // the worker erased their data: nothing to issue to
    if (!profile?.real_name || !profile.id_number_enc) continue
    const evaluator = (await institutionFacts(ctx.db, [b.institution_id])).get(b.institution_id)
    let number: string
    let issuedOn: string
    try {
      const cert = await ctx.registry.issue({
        requestId: reg.id,
        holderName: profile.real_name,
        idNumber: ctx.crypto.decrypt(profile.id_number_enc),
        occupationCode: b.occupation_code,
        occupationName: b.occupation_name,
        level: b.level,
        issuedOn: ctx.today(),
        issuer: evaluator?.name ?? '职业技能等级认定机构',
        evaluatorId: b.institution_id,
        regionCode: b.region_code
      })
      number = cert.number
      issuedOn = cert.issuedOn
    } catch (err) {
      if (err instanceof RegistryUnavailableError) continue
      throw err
    }
    const done = await ctx.db.transaction(async (tx) => {
      const now = ctx.now()
      const updated = await tx.query(
        `UPDATE evaluation_registrations SET certificate_number = $2, issued_on = $3::date WHERE id = $1 AND certificate_number IS NULL RETURNING id`,
        [reg.id, number, issuedOn]
      )
      if (!updated[0]) return false
      await audit(tx, { actor: 'system', action: 'evaluation.certificate', objectType: 'evaluation_registration', objectId: reg.id, reason: `issued into the certificate registry (${ctx.registry.kind})` })
      await deliverToInbox(
        tx,
        reg.user_id,
        {
          kind: 'evaluation_result',
          title: `考核通过：${b.occupation_name} ${levelLabel(b.level)}`,
          body: `恭喜！你的职业技能等级证书已发放（证书编号 ${number}），已能在全国联网查询。到“我的证书”点“一键查询”就能添加，不用拍照；然后在“我能领的补贴”里申领职业技能评价补贴或技能提升补贴。`,
          link: CERTIFICATES_LINK,
          refType: 'evaluation_registration',
          refId: reg.id
        },
        now
      )
      return true
    })
    if (done) issued++
  }
  return issued
}

// ───────────────────────── the day before the exam ─────────────────────────

/** 考前提醒 for every registration of a batch examined the day after `today`; returns how many were sent now. */
export async function sendExamReminders(ctx: Pick<EvaluationsContext, 'db' | 'clock'>, today: string): Promise<number> {
  const tomorrow = addDays(today, 1)
  const batches = await ctx.db.query<BatchRow>(`SELECT ${BATCH_COLUMNS} FROM evaluation_batches WHERE exam_on = $1::date`, [tomorrow])
  let sent = 0
  for (const b of batches) {
    const done = await ctx.db.transaction(async (tx) => {
      const now = ctx.clock.now()
      // the sweep whose UPDATE sets reminded_at sends; a concurrent one finds nothing left
      const due = await tx.query<{ id: string; user_id: string }>(
        `UPDATE evaluation_registrations SET reminded_at = $2 WHERE batch_id = $1 AND status = 'registered' AND reminded_at IS NULL RETURNING id, user_id`,
        [b.id, now.toISOString()]
      )
      for (const r of due) {
        await deliverToInbox(
          tx,
          r.user_id,
          {
            kind: 'exam_reminder',
            title: `明天考试：${b.occupation_name} ${levelLabel(b.level)}`,
            body: `明天（${b.exam_on}）${b.exam_time}，地点：${b.address}。请带身份证，提前30分钟到考点。`,
            link: MY_SIGNUPS_LINK,
            refType: 'evaluation_registration',
            refId: r.id
          },
          now
        )
        await queueNotification(
          tx,
          r.user_id,
          { template: 'exam_reminder', data: { thing1: `${b.occupation_name}${levelLabel(b.level)}`, date2: b.exam_on, thing3: b.address, thing4: b.exam_time }, page: MY_SIGNUPS_LINK },
          now
        )
      }
      return due.length
    })
    sent += done
  }
  return sent
}

/** Erasure: open registrations are cancelled (their seats freed); on account deletion every row goes. */
export async function eraseEvaluationsOf(tx: Queryable, userId: string, reason: 'withdraw' | 'delete'): Promise<string> {
  const open = await tx.query<{ batch_id: string }>(`UPDATE evaluation_registrations SET status = 'cancelled', cancelled_at = now() WHERE user_id = $1 AND status = 'registered' RETURNING batch_id`, [userId])
  for (const o of open) await tx.query('UPDATE evaluation_batches SET seats_left = seats_left + 1 WHERE id = $1 AND seats_left < seats_total', [o.batch_id])
  const removed = reason === 'delete' ? (await tx.query('DELETE FROM evaluation_registrations WHERE user_id = $1 RETURNING id', [userId])).length : 0
  return `${open.length} open registrations cancelled, ${removed} deleted`
}
