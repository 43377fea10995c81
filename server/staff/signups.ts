/**
 * On-the-spot sign-up by station staff. Each item of a batch runs in its own transaction, keyed by
 * (staff member, idempotency key): a replay answers with the first outcome; the seat and duplicate rules
 * are the self sign-up's own (`enrollWorker`). Every outcome is recorded, so the station's list and the
 * staff member's queue agree item by item.
 */
import { createHash } from 'node:crypto'
import type { StaffSignupItem,
  StaffSignupResultItem,
  StationSignup,
  StationSignupList,
  Station } from '../../src/contract'
import { checkWalkInWorker, normalizeWalkInWorker, outcomeForCode, SIGNUP_OUTCOMES, type SignupOutcome } from '../../src/domain/staff-signup'
import { labelOf } from '../../src/domain/catalog'
import { maskIdNumber, maskPhone } from '../../src/domain/masking'
import { PRIVACY_NOTICE_VERSION } from '../../src/domain/profile'
import { formatDate } from '../../src/domain/format'
import { ApiError, notFound } from '../errors'
import { newId } from '../crypto'
import type { Queryable } from '../db'
import { audit } from '../platform'
import { consumeSmsCode, maskedPhonesOf } from '../accounts'
import type { AccountsContext } from '../accounts'
import { enrollWorker } from '../accounts'
import { ensureWalkInWorker } from '../accounts'
import { courseExists, courseTitles } from '../catalog'
import { getStation } from '../roles'

export interface StaffActor {
  userId: string
  stationId: string
}

/** An SMS code read out once stays valid for this long for the same staff member and worker (edit → resubmit). */
const SMS_CONSENT_REUSE_MINUTES = 30
export const SIGNUP_NOT_FOUND = '没有找到这条报名记录'

const fingerprintOf = (item: StaffSignupItem) =>
  createHash('sha256')
    .update(JSON.stringify({ c: item.courseId, w: normalizeWalkInWorker(item.worker), k: item.consent }))
    .digest('base64url')

interface SignupRow {
  id: string
  idempotency_key: string
  fingerprint: string
  outcome: SignupOutcome
  code: string | null
  message: string
  field: string | null
  enrollment_id: string | null
}

const toResult = (r: SignupRow): StaffSignupResultItem => ({
  idempotencyKey: r.idempotency_key,
  outcome: r.outcome,
  ...(r.enrollment_id ? { enrollmentId: r.enrollment_id } : {}),
  ...(r.code ? { code: r.code } : {}),
  message: r.message,
  ...(r.field ? { field: r.field } : {})
})

async function recorded(db: Queryable, staffUserId: string, key: string): Promise<SignupRow | null> {
  const rows = await db.query<SignupRow>(
    `SELECT id, idempotency_key, fingerprint, outcome, code, message, field, enrollment_id
     FROM station_signups WHERE staff_user_id = $1 AND idempotency_key = $2`,
    [staffUserId, key]
  )
  return rows[0] ?? null
}

const KEY_REUSED: StaffSignupResultItem['message'] = '这条报名的编号已用于另一位务工人员，请重新填写后提交'

interface Decided {
  outcome: SignupOutcome
  code?: string
  message: string
  field?: string
  enrollmentId?: string
  workerUserId?: string
  consentId?: string
  consentMethod?: 'sms' | 'signature'
  consentFromKey?: string
  courseTitle?: string
  startDate?: string
}

/** The worker's consent for this item: a live SMS code (used up now), a recent one, or an uploaded signature. */
async function takeConsent(
  ctx: AccountsContext,
  tx: Queryable,
  actor: StaffActor,
  item: StaffSignupItem,
  workerUserId: string
): Promise<{ consentId: string; method: 'sms' | 'signature'; fromKey?: string } | { error: ApiError }> {
  if (item.consent.method === 'prior') return reuseConsent(tx, actor, item.consent.signupKey, workerUserId)
  return recordStationConsent(ctx, tx, actor, item.worker.phone, item.consent, workerUserId)
}

/**
 * The worker's consent given at the station: the SMS code sent to `phone` and read out (used up now; the same
 * code again within 30 minutes for this staff member is the same consent), or a signature this staff member
 * uploaded. Recorded (staff_consents) and audited; also used when staff set up 亲情代办 for a worker.
 */
export async function recordStationConsent(
  ctx: AccountsContext,
  tx: Queryable,
  actor: StaffActor,
  phone: string,
  consent: { method: 'sms'; code: string } | { method: 'signature'; uploadId: string },
  workerUserId: string,
  purpose = 'signup'
): Promise<{ consentId: string; method: 'sms' | 'signature' } | { error: ApiError }> {
  const phoneHash = ctx.crypto.hmac('phone', phone)
  const now = ctx.now()
  let codeHash: string | null = null
  let signatureId: string | null = null
  if (consent.method === 'sms') {
    codeHash = ctx.crypto.hmac('staff-consent', `${phone}:${consent.code}`)
    const [recent] = await tx.query<{ id: string }>(
      `SELECT id FROM staff_consents WHERE worker_phone_hash = $1 AND staff_user_id = $2 AND method = 'sms' AND code_hash = $3
         AND given_at > $4::timestamptz - make_interval(mins => $5) ORDER BY given_at DESC LIMIT 1`,
      [phoneHash, actor.userId, codeHash, now.toISOString(), SMS_CONSENT_REUSE_MINUTES]
    )
    if (!recent) {
      const refused = await consumeSmsCode(ctx, tx, phone, consent.code, 'staff_consent')
      if (refused) return { error: refused }
    }
  } else {
    const [sig] = await tx.query<{ id: string }>('SELECT id FROM staff_signatures WHERE id = $1 AND staff_user_id = $2', [consent.uploadId, actor.userId])
    if (!sig) return { error: new ApiError(400, 'SIGNATURE_MISSING', '没有收到务工人员的手写签名，请让务工人员重新签名', 'consent') }
    signatureId = sig.id
  }
  const consentId = newId('scn')
  await tx.query(
    `INSERT INTO staff_consents (id, station_id, staff_user_id, worker_user_id, worker_phone_hash, method, code_hash, signature_id, notice_version, given_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [consentId, actor.stationId, actor.userId, workerUserId, phoneHash, consent.method, codeHash, signatureId, PRIVACY_NOTICE_VERSION, now.toISOString()]
  )
  await audit(tx, {
    actor: actor.userId,
    action: 'staff.consent',
    objectType: 'user',
    objectId: workerUserId,
    reason: `${consent.method} at station ${actor.stationId}${purpose === 'signup' ? '' : ` for ${purpose}`}`
  })
  return { consentId, method: consent.method }
}

/**
 * Another course after the first was refused as 已开课 / 名额已满: the worker consented to being signed up for
 * training, which still holds — no new SMS code or signature. Only this staff member's own earlier item, only
 * one refused for its course (so the consent was recorded), and only for the same worker.
 */
async function reuseConsent(
  tx: Queryable,
  actor: StaffActor,
  signupKey: string,
  workerUserId: string
): Promise<{ consentId: string; method: 'sms' | 'signature'; fromKey: string } | { error: ApiError }> {
  const [first] = await tx.query<{ consent_id: string; worker_user_id: string; method: 'sms' | 'signature' }>(
    `SELECT s.consent_id, c.worker_user_id, c.method FROM station_signups s JOIN staff_consents c ON c.id = s.consent_id
     WHERE s.staff_user_id = $1 AND s.idempotency_key = $2 AND s.code IN ('COURSE_FULL', 'COURSE_STARTED')`,
    [actor.userId, signupKey]
  )
  if (!first) return { error: new ApiError(400, 'CONSENT_NOT_FOUND', '没有找到务工人员之前的同意记录，请让务工人员本人重新同意（短信验证码或手写签名）', 'consent') }
  if (first.worker_user_id !== workerUserId) {
    return { error: new ApiError(400, 'CONSENT_OTHER_WORKER', '务工人员的身份信息和之前同意的不是同一个人，需要本人重新同意（短信验证码或手写签名）', 'consent') }
  }
  await audit(tx, { actor: actor.userId, action: 'staff.consent.reuse', objectType: 'user', objectId: workerUserId, reason: `consent ${first.consent_id} of item ${signupKey} at station ${actor.stationId}` })
  return { consentId: first.consent_id, method: first.method, fromKey: signupKey }
}

async function decide(ctx: AccountsContext, tx: Queryable, actor: StaffActor, item: StaffSignupItem): Promise<Decided> {
  const problem = checkWalkInWorker(item.worker, ctx.today())
  if (problem) return { outcome: 'invalid', code: 'VALIDATION_FAILED', message: problem.message, field: problem.field }
  if (!(await courseExists(tx, item.courseId))) return { outcome: 'invalid', code: 'COURSE_NOT_FOUND', message: '没有找到这门课程，可能已经下架了，请换一门', field: 'courseId' }
  let worker
  try {
    worker = await ensureWalkInWorker(ctx, tx, normalizeWalkInWorker(item.worker), actor.userId)
  } catch (err) {
    if (err instanceof ApiError && err.statusCode < 500) return { outcome: 'invalid', code: err.code, message: err.message, field: err.field }
    throw err
  }
  const consent = await takeConsent(ctx, tx, actor, item, worker.id)
  if ('error' in consent) {
    return { outcome: 'invalid', code: consent.error.code, message: consent.error.message, field: 'consent', workerUserId: worker.id }
  }
  const linked = { consentId: consent.consentId, consentMethod: consent.method, consentFromKey: consent.fromKey }
  try {
    const e = await enrollWorker(ctx, tx, worker, item.courseId, { kind: 'station', stationId: actor.stationId, staffUserId: actor.userId })
    return {
      outcome: 'enrolled',
      message: `已报名「${e.course.title}」`,
      enrollmentId: e.id,
      workerUserId: worker.id,
      ...linked,
      courseTitle: e.course.title,
      startDate: e.course.startDate
    }
  } catch (err) {
    if (!(err instanceof ApiError) || err.statusCode >= 500 || err.statusCode === 401) throw err
    const outcome = outcomeForCode(err.code)
    const message =
      outcome === 'already_enrolled' ? '这位务工人员已经报过这门课了' : outcome === 'course_full' ? '这门课名额已满，可以换一门附近的课程' : err.message
    return { outcome, code: err.code, message, workerUserId: worker.id, ...linked }
  }
}

/** One item, exactly once: its own transaction, serialised per (staff member, key). */
async function signUpOne(ctx: AccountsContext, actor: StaffActor, item: StaffSignupItem, station: Station): Promise<StaffSignupResultItem> {
  const fingerprint = fingerprintOf(item)
  const earlier = await recorded(ctx.db, actor.userId, item.idempotencyKey)
  if (earlier) return earlier.fingerprint === fingerprint ? toResult(earlier) : { idempotencyKey: item.idempotencyKey, outcome: 'invalid', code: 'IDEMPOTENCY_KEY_REUSED', message: KEY_REUSED }
  let sms: { phone: string; text: string } | null = null
  const result = await ctx.db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`staff-signup:${actor.userId}:${item.idempotencyKey}`])
    const again = await recorded(tx, actor.userId, item.idempotencyKey)
    if (again) {
      return again.fingerprint === fingerprint ? toResult(again) : { idempotencyKey: item.idempotencyKey, outcome: 'invalid' as const, code: 'IDEMPOTENCY_KEY_REUSED', message: KEY_REUSED }
    }
    const d = await decide(ctx, tx, actor, item)
    const w = normalizeWalkInWorker(item.worker)
    const id = newId('ssu')
    const now = ctx.now()
    const [row] = await tx.query<SignupRow>(
      `INSERT INTO station_signups (id, station_id, staff_user_id, idempotency_key, fingerprint, course_id, worker_user_id, worker_name,
         worker_id_enc, worker_phone_enc, consent_method, consent_id, outcome, code, message, field, enrollment_id, day, created_at, consent_from_key)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)
       RETURNING id, idempotency_key, fingerprint, outcome, code, message, field, enrollment_id`,
      [
        id,
        actor.stationId,
        actor.userId,
        item.idempotencyKey,
        fingerprint,
        item.courseId,
        d.workerUserId ?? null,
        w.realName.slice(0, 40),
        ctx.crypto.encrypt(w.idNumber.slice(0, 40)),
        ctx.crypto.encrypt(w.phone.slice(0, 20)),
        // the method the worker consented by (a reused consent keeps the original's)
        d.consentMethod ?? (item.consent.method === 'prior' ? 'signature' : item.consent.method),
        d.consentId ?? null,
        d.outcome,
        d.code ?? null,
        d.message,
        d.field ?? null,
        d.enrollmentId ?? null,
        ctx.today(),
        now.toISOString(),
        d.consentFromKey ?? null
      ]
    )
    await audit(tx, { actor: actor.userId, action: 'staff.signup', objectType: 'station_signup', objectId: id, reason: `${d.outcome} course ${item.courseId} at station ${actor.stationId}` })
    if (d.outcome === 'enrolled') {
      sms = {
        phone: w.phone,
        text:
          `【技能培训掌上办】${w.realName}，${station.name}的工作人员已为你报名「${d.courseTitle}」，${formatDate(d.startDate ?? '')}开课。` +
          `如需取消：用本手机号登录“技能培训掌上办”，在“我的报名”里取消，或到${station.name}办理。`
      }
    }
    return toResult(row)
  })
  // the worker's SMS goes out once the sign-up is committed; a failed SMS does not undo the sign-up
  const message = sms as { phone: string; text: string } | null
  if (message) await ctx.adapters.sms.send(message.phone, message.text).catch(() => undefined)
  return result
}

export async function signUpBatch(ctx: AccountsContext, actor: StaffActor, station: Station, items: StaffSignupItem[]): Promise<StaffSignupResultItem[]> {
  const keys = new Set<string>()
  const out: StaffSignupResultItem[] = []
  for (const item of items) {
    if (keys.has(item.idempotencyKey)) {
      out.push({ idempotencyKey: item.idempotencyKey, outcome: 'invalid', code: 'DUPLICATE_KEY_IN_BATCH', message: '同一批里有两条相同编号的报名，请刷新后重试' })
      continue
    }
    keys.add(item.idempotencyKey)
    out.push(await signUpOne(ctx, actor, item, station))
  }
  return out
}

interface ListRow {
  id: string
  created_at: Date
  worker_name: string
  worker_id_enc: string
  worker_phone_enc: string
  course_id: string
  outcome: SignupOutcome
  message: string
  consent_method: 'sms' | 'signature'
  enrollment_id: string | null
  staff_user_id: string | null
}

const LIST_SQL = `SELECT s.id, s.created_at, s.worker_name, s.worker_id_enc, s.worker_phone_enc, s.course_id,
    s.outcome, s.message, s.consent_method, s.enrollment_id, s.staff_user_id
  FROM station_signups s`

/** Rows as the staff see them: course titles from the catalogue and staff phones from accounts, numbers masked. */
async function toSignups(ctx: AccountsContext, rows: ListRow[]): Promise<StationSignup[]> {
  const titles = await courseTitles(ctx.db, rows.map((r) => r.course_id))
  const staffPhones = await maskedPhonesOf(ctx, ctx.db, rows.flatMap((r) => (r.staff_user_id ? [r.staff_user_id] : [])))
  return rows.map((r) => ({
    id: r.id,
    createdAt: new Date(r.created_at).toISOString(),
    workerName: r.worker_name,
    // '' once the worker deleted their account (eraseStationDataOf): nothing left to show
    idNumberMasked: r.worker_id_enc ? maskIdNumber(ctx.crypto.decrypt(r.worker_id_enc)) : '',
    phoneMasked: r.worker_phone_enc ? maskPhone(ctx.crypto.decrypt(r.worker_phone_enc)) : '',
    courseId: r.course_id,
    courseTitle: titles.get(r.course_id) ?? '（课程已下架）',
    outcome: r.outcome,
    message: r.message,
    consentMethod: r.consent_method,
    enrollmentId: r.enrollment_id,
    staffPhoneMasked: (r.staff_user_id && staffPhones.get(r.staff_user_id)) || null
  }))
}

/** The station's sign-ups of one day (China date), newest first; `q` filters by the worker's name. */
export async function stationSignups(ctx: AccountsContext, actor: StaffActor, station: Station, date: string, q?: string): Promise<StationSignupList> {
  const rows = await ctx.db.query<ListRow>(
    `${LIST_SQL} WHERE s.station_id = $1 AND s.day = $2::date AND ($3::text IS NULL OR s.worker_name LIKE '%' || $3 || '%')
     ORDER BY s.created_at DESC, s.id`,
    [actor.stationId, date, q?.trim() ? q.trim() : null]
  )
  const items = await toSignups(ctx, rows)
  const counts: Record<string, number> = Object.fromEntries(SIGNUP_OUTCOMES.map((o) => [o.code, 0]))
  const perCourse = new Map<string, { courseId: string; title: string; counts: Record<string, number> }>()
  for (const s of items) {
    counts[s.outcome] += 1
    let c = perCourse.get(s.courseId)
    if (!c) perCourse.set(s.courseId, (c = { courseId: s.courseId, title: s.courseTitle, counts: Object.fromEntries(SIGNUP_OUTCOMES.map((o) => [o.code, 0])) }))
    c.counts[s.outcome] += 1
  }
  return { date, station, items, counts, courses: [...perCourse.values()].sort((a, b) => b.counts.enrolled - a.counts.enrolled || a.title.localeCompare(b.title)) }
}

/** Another station's sign-up is "not found", like a missing one. */
export async function stationSignup(ctx: AccountsContext, actor: StaffActor, id: string): Promise<StationSignup> {
  const rows = await ctx.db.query<ListRow>(`${LIST_SQL} WHERE s.id = $1 AND s.station_id = $2`, [id, actor.stationId])
  if (!rows[0]) throw notFound(SIGNUP_NOT_FOUND, 'SIGNUP_NOT_FOUND')
  return (await toSignups(ctx, rows))[0]
}

const csvCell = (v: string) => (/[",\n\r]/.test(v) || /^[=+\-@]/.test(v) ? `"${(/^[=+\-@]/.test(v) ? `'${v}` : v).replace(/"/g, '""')}"` : v)

/** CSV with a UTF-8 BOM (Excel opens it with the Chinese intact); numbers masked; the export is audited. */
export async function exportCsv(ctx: AccountsContext, actor: StaffActor, station: Station, date: string): Promise<string> {
  const list = await stationSignups(ctx, actor, station, date)
  await audit(ctx.db, { actor: actor.userId, action: 'staff.export', objectType: 'station', objectId: actor.stationId, reason: `${date}: ${list.items.length} rows` })
  const header = ['报名时间', '姓名', '身份证号', '手机号', '课程', '结果', '说明', '同意方式', '服务站']
  const lines = [header.join(',')]
  for (const s of [...list.items].reverse()) {
    const time = new Date(Date.parse(s.createdAt) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ')
    lines.push(
      [time, s.workerName, s.idNumberMasked, s.phoneMasked, s.courseTitle, labelOf(SIGNUP_OUTCOMES, s.outcome), s.message, s.consentMethod === 'sms' ? '短信验证码' : '手写签名', station.name]
        .map(csvCell)
        .join(',')
    )
  }
  return '\uFEFF' + lines.join('\r\n') + '\r\n'
}

/** The worker's station sign-ups for 下载我的数据: where, which course, when, outcome, how they consented. */
export async function stationSignupsOfWorker(tx: Queryable, workerUserId: string) {
  const rows = await tx.query<{ station_id: string; course_id: string; day: string; outcome: string; consent_method: string; created_at: Date | string }>(
    `SELECT station_id, course_id, to_char(day, 'YYYY-MM-DD') AS day, outcome, consent_method, created_at
       FROM station_signups WHERE worker_user_id = $1 ORDER BY created_at`,
    [workerUserId]
  )
  const titles = await courseTitles(tx, rows.map((r) => r.course_id))
  const stationNames = new Map<string, string>()
  for (const id of new Set(rows.map((r) => r.station_id))) stationNames.set(id, (await getStation(tx, id))?.name ?? '')
  return rows.map((r) => ({
    stationName: stationNames.get(r.station_id) ?? '',
    courseId: r.course_id,
    courseTitle: titles.get(r.course_id) ?? null,
    day: r.day,
    outcome: r.outcome,
    consentMethod: r.consent_method,
    createdAt: new Date(r.created_at).toISOString()
  }))
}

/**
 * On account deletion the station's records of this worker keep only what reconciliation needs (station,
 * course, day, outcome, consent method): name, ID and phone are overwritten and signature images blanked.
 * On withdrawal they stay (the privacy notice says so: the station must be able to show the consent).
 */
export async function eraseStationDataOf(tx: Queryable, workerUserId: string, reason: 'withdraw' | 'delete'): Promise<string> {
  if (reason !== 'delete') return 'kept (station reconciliation)'
  const signups = await tx.query<{ id: string }>(
    `UPDATE station_signups SET worker_name = '（已注销）', worker_id_enc = '', worker_phone_enc = '' WHERE worker_user_id = $1 RETURNING id`,
    [workerUserId]
  )
  const signatures = await tx.query<{ id: string }>(
    `UPDATE staff_signatures SET image = ''::bytea, width = 0, height = 0
      WHERE id IN (SELECT signature_id FROM staff_consents WHERE worker_user_id = $1 AND signature_id IS NOT NULL) RETURNING id`,
    [workerUserId]
  )
  await tx.query(`UPDATE staff_consents SET worker_phone_hash = '', code_hash = CASE WHEN method = 'sms' THEN '' ELSE code_hash END WHERE worker_user_id = $1`, [workerUserId])
  return `${signups.length} station sign-ups anonymised, ${signatures.length} signatures blanked`
}
