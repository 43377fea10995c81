/** Consent, profile (progressive, encrypted numbers, masked output), reveal-id and account deletion. */
import type { Me, Profile, ProfileUpdate } from '../../src/contract'
import type { WorkerGroup } from '../../src/domain/catalog'
import { occupationByCode } from '../../src/domain/catalog'
import { checkIdCard } from '../../src/domain/id-card'
import { isMobilePhone, maskIdNumber, maskPhone } from '../../src/domain/masking'
import { isPlausibleRealName, missingForSignup, PRIVACY_NOTICE_VERSION, type SignupField } from '../../src/domain/profile'
import { ApiError, badRequest } from '../errors'
import { prepared, type Queryable } from '../db'
import { releaseSeat } from '../catalog'
import { audit } from '../platform'
import { currentConsent, lockUser, meOf, type AuthUser } from './auth'
import type { AccountsContext } from './context'
import { collectExport, runErasure, runIdentityChange } from './data-rights'
import { ID_CHANGE_CONDITION, phoneHash } from './contact-keys'
import { roleGrantsOf } from '../roles'
import { STORED_ITEMS } from '../../src/domain/personal-data'
import type { DataExport } from '../../src/contract'

export const CONSENT_REQUIRED_MESSAGE = '请先阅读并同意隐私保护指引'

export async function requireConsent(db: Queryable, userId: string): Promise<void> {
  if (!(await currentConsent(db, userId))) throw new ApiError(403, 'CONSENT_REQUIRED', CONSENT_REQUIRED_MESSAGE)
}

/**
 * What a claim submission needs of the claimant's account, in one read: whether they consented (current
 * notice), their profile row, their phone numbers as hashes and when their ID number last changed.
 */
export interface ClaimantRecord {
  consented: boolean
  profile: ProfileRow | null
  phoneHashes: string[]
  lastIdNumberChange: Date | null
}

const CLAIMANT_SQL = prepared(`SELECT u.phone_hash,
    EXISTS (SELECT 1 FROM consents c WHERE c.user_id = u.id AND c.version = $2 AND c.withdrawn_at IS NULL) AS consented,
    (SELECT row_to_json(p) FROM (SELECT real_name, id_number_enc, birth_date::text AS birth_date, gender, phone_enc, hukou_type, home_region, work_region, groups,
            employment_status, insured_locally, wanted_occupations, updated_at FROM profiles WHERE user_id = u.id) p) AS profile,
    (SELECT max(at) FROM audit_log WHERE object_type = 'profile' AND object_id = u.id AND ${ID_CHANGE_CONDITION} AND at >= $3::timestamptz) AS id_changed_at
  FROM users u WHERE u.id = $1`)

/** `idChangeSince`: ID changes before it are not looked for (audit_log is partitioned by month of `at`). */
export async function claimantRecord(ctx: Pick<AccountsContext, 'crypto'>, db: Queryable, userId: string, idChangeSince: Date): Promise<ClaimantRecord> {
  const [r] = await db.query<{ phone_hash: string | null; consented: boolean; profile: (Omit<ProfileRow, 'updated_at'> & { updated_at: string | null }) | string | null; id_changed_at: Date | string | null }>(
    CLAIMANT_SQL,
    [userId, PRIVACY_NOTICE_VERSION, idChangeSince.toISOString()]
  )
  if (!r) return { consented: false, profile: null, phoneHashes: [], lastIdNumberChange: null }
  const p = typeof r.profile === 'string' ? JSON.parse(r.profile) : r.profile
  const profile: ProfileRow | null = p ? { ...p, updated_at: p.updated_at ? new Date(p.updated_at) : null } : null
  const phones = new Set<string>()
  if (r.phone_hash) phones.add(r.phone_hash)
  if (profile?.phone_enc) phones.add(phoneHash(ctx.crypto, ctx.crypto.decrypt(profile.phone_enc)))
  return { consented: r.consented, profile, phoneHashes: [...phones], lastIdNumberChange: r.id_changed_at ? new Date(r.id_changed_at) : null }
}

/** `requireConsent` on a record already read. */
export function requireConsented(record: Pick<ClaimantRecord, 'consented'>): void {
  if (!record.consented) throw new ApiError(403, 'CONSENT_REQUIRED', CONSENT_REQUIRED_MESSAGE)
}

export async function giveConsent(ctx: AccountsContext, user: AuthUser, version: string): Promise<Me> {
  if (version !== PRIVACY_NOTICE_VERSION) {
    throw new ApiError(409, 'CONSENT_VERSION_OUTDATED', '隐私保护指引已经更新，请重新阅读后再同意', 'version')
  }
  return ctx.db.transaction(async (tx) => {
    await lockUser(tx, user.id)
    if (!(await currentConsent(tx, user.id))) {
      await tx.query('INSERT INTO consents (user_id, version, accepted_at) VALUES ($1, $2, $3)', [user.id, version, ctx.now().toISOString()])
      await audit(tx, { actor: user.id, action: 'consent.give', objectType: 'user', objectId: user.id, reason: `version ${version}` })
    }
    return meOf(ctx, tx, user.id)
  })
}

/**
 * Withdrawing consent deletes the personal profile and runs every capability's erasure (certificates and
 * photos, payout account, subscriptions, unfinished claims — src/domain/personal-data.ts says what each
 * does); enrollments stay (fund audit). One transaction; stored objects go after the commit.
 */
export async function withdrawConsent(ctx: AccountsContext, user: AuthUser): Promise<Me> {
  let afterCommit: () => Promise<void> = async () => undefined
  const me = await ctx.db.transaction(async (tx) => {
    await lockUser(tx, user.id)
    await tx.query('UPDATE consents SET withdrawn_at = $2 WHERE user_id = $1 AND withdrawn_at IS NULL', [user.id, ctx.now().toISOString()])
    const deleted = await tx.query('DELETE FROM profiles WHERE user_id = $1 RETURNING user_id', [user.id])
    afterCommit = await runErasure(ctx.db, tx, user.id, 'withdraw')
    await audit(tx, {
      actor: user.id,
      action: 'consent.withdraw',
      objectType: 'user',
      objectId: user.id,
      reason: deleted.length ? 'profile deleted' : 'no profile'
    })
    return meOf(ctx, tx, user.id)
  })
  await afterCommit()
  return me
}

export interface ProfileRow {
  real_name: string | null
  id_number_enc: string | null
  birth_date: string | null
  gender: 'male' | 'female' | null
  phone_enc: string | null
  hukou_type: Profile['hukouType']
  home_region: string | null
  work_region: string | null
  groups: WorkerGroup[]
  employment_status: Profile['employmentStatus']
  insured_locally: boolean | null
  wanted_occupations: string[]
  updated_at: Date | null
}

async function loadProfileRow(db: Queryable, userId: string, lock = false): Promise<ProfileRow | null> {
  const rows = await db.query<ProfileRow>(
    prepared(`SELECT real_name, id_number_enc, birth_date::text AS birth_date, gender, phone_enc, hukou_type, home_region, work_region, groups,
            employment_status, insured_locally, wanted_occupations, updated_at
     FROM profiles WHERE user_id = $1${lock ? ' FOR UPDATE' : ''}`),
    [userId]
  )
  return rows[0] ?? null
}

/** The phone used for sign-up: the profile's, else the one the account logged in with (already verified by SMS). */
function phoneEncOf(row: ProfileRow | null, user: AuthUser): string | null {
  return row?.phone_enc ?? user.phoneEnc
}

export function missingFor(row: ProfileRow | null, user: AuthUser): SignupField[] {
  return missingForSignup({
    realName: row?.real_name ?? null,
    hasIdNumber: !!row?.id_number_enc,
    phone: phoneEncOf(row, user) ? 'set' : null,
    groups: row?.groups ?? []
  })
}

function toProfile(ctx: AccountsContext, row: ProfileRow | null, user: AuthUser): Profile {
  const phoneEnc = phoneEncOf(row, user)
  return {
    realName: row?.real_name ?? null,
    idNumberMasked: row?.id_number_enc ? maskIdNumber(ctx.crypto.decrypt(row.id_number_enc)) : null,
    birthDate: row?.birth_date ?? null,
    gender: row?.gender ?? null,
    phoneMasked: phoneEnc ? maskPhone(ctx.crypto.decrypt(phoneEnc)) : null,
    hukouType: row?.hukou_type ?? null,
    homeRegion: row?.home_region ?? null,
    workRegion: row?.work_region ?? null,
    groups: row?.groups ?? [],
    employmentStatus: row?.employment_status ?? null,
    insuredLocally: row?.insured_locally ?? null,
    wantedOccupations: row?.wanted_occupations ?? [],
    missingForSignup: missingFor(row, user),
    updatedAt: row?.updated_at ? new Date(row.updated_at).toISOString() : null
  }
}

export async function getProfile(ctx: AccountsContext, user: AuthUser): Promise<Profile> {
  return toProfile(ctx, await loadProfileRow(ctx.db, user.id), user)
}

export async function getProfileRow(_ctx: AccountsContext, db: Queryable, user: AuthUser) {
  return loadProfileRow(db, user.id)
}

/** Validates everything first: a 400 changes nothing. */
function validateUpdate(ctx: AccountsContext, body: ProfileUpdate) {
  const set: Record<string, unknown> = {}
  if (body.realName !== undefined) {
    const name = body.realName.trim()
    if (!isPlausibleRealName(name)) throw badRequest('请填写身份证上的真实姓名', 'realName')
    set.real_name = name
  }
  if (body.idNumber !== undefined) {
    const check = checkIdCard(body.idNumber, ctx.today())
    if (!check.ok) throw badRequest(check.message, 'idNumber')
    set.id_number_enc = ctx.crypto.encrypt(check.normalized)
    set.id_hash = ctx.crypto.hmac('id', check.normalized)
    set.birth_date = check.birthDate
    set.gender = check.gender
  }
  if (body.phone !== undefined) {
    if (!isMobilePhone(body.phone)) throw badRequest('手机号应为11位，以1开头', 'phone')
    set.phone_enc = ctx.crypto.encrypt(body.phone)
  }
  for (const [field, column] of [
    ['homeRegion', 'home_region'],
    ['workRegion', 'work_region']
  ] as const) {
    const code = body[field]
    if (code === undefined) continue
    if (!ctx.regions.byCode.has(code)) throw badRequest('没有找到这个地区，请重新选择', field)
    set[column] = code
  }
  if (body.wantedOccupations !== undefined) {
    const unknown = body.wantedOccupations.find((c) => !occupationByCode(c))
    if (unknown) throw badRequest(`没有找到工种 ${unknown}，请重新选择`, 'wantedOccupations')
    set.wanted_occupations = body.wantedOccupations
  }
  if (body.hukouType !== undefined) set.hukou_type = body.hukouType
  if (body.groups !== undefined) set.groups = body.groups
  if (body.employmentStatus !== undefined) set.employment_status = body.employmentStatus
  if (body.insuredLocally !== undefined) set.insured_locally = body.insuredLocally
  return set
}

const FIELD_OF_COLUMN: Record<string, string> = {
  real_name: 'realName',
  id_number_enc: 'idNumber',
  phone_enc: 'phone',
  home_region: 'homeRegion',
  work_region: 'workRegion',
  wanted_occupations: 'wantedOccupations',
  hukou_type: 'hukouType',
  groups: 'groups',
  employment_status: 'employmentStatus',
  insured_locally: 'insuredLocally'
}

export async function updateProfile(ctx: AccountsContext, user: AuthUser, body: ProfileUpdate): Promise<Profile> {
  const set = validateUpdate(ctx, body)
  return ctx.db.transaction(async (tx) => {
    await lockUser(tx, user.id)
    await requireConsent(tx, user.id)
    const now = ctx.now().toISOString()
    // a new real name or ID number is another identity: what was derived from the old one must not stay
    let identityNotes: string[] = []
    const before = set.real_name !== undefined || set.id_number_enc !== undefined ? await loadProfileRow(tx, user.id, true) : null
    const nameChanged = set.real_name !== undefined && before?.real_name != null && before.real_name !== set.real_name
    const idChanged = set.id_hash !== undefined && before?.id_number_enc != null && ctx.crypto.decrypt(before.id_number_enc) !== ctx.crypto.decrypt(set.id_number_enc as string)
    if (idChanged) {
      // 人员类别 and 社保 were declared for the old person: asked again unless sent with the new number
      if (body.groups === undefined) set.groups = []
      if (body.insuredLocally === undefined) set.insured_locally = null
    }
    if (nameChanged || idChanged) identityNotes = await runIdentityChange(ctx.db, tx, user.id)
    const columns = Object.keys(set)
    if (columns.length > 0) {
      await tx.query('INSERT INTO profiles (user_id, updated_at) VALUES ($1, $2) ON CONFLICT (user_id) DO NOTHING', [user.id, now])
      const assignments = columns.map((c, i) => `${c} = $${i + 3}`).join(', ')
      await tx.query(`UPDATE profiles SET ${assignments}, updated_at = $2 WHERE user_id = $1`, [user.id, now, ...columns.map((c) => set[c])])
      const fields = columns.map((c) => FIELD_OF_COLUMN[c]).filter(Boolean)
      const identity = nameChanged || idChanged ? `; identity changed (${[nameChanged && 'name', idChanged && 'id'].filter(Boolean).join('+')})${identityNotes.length ? `: ${identityNotes.join('; ')}` : ''}` : ''
      await audit(tx, { actor: user.id, action: 'profile.update', objectType: 'profile', objectId: user.id, reason: `fields: ${fields.join(',')}${identity}` })
    }
    return toProfile(ctx, await loadProfileRow(tx, user.id), user)
  })
}

export async function revealIdNumber(ctx: AccountsContext, user: AuthUser): Promise<{ idNumber: string }> {
  return ctx.db.transaction(async (tx) => {
    const row = await loadProfileRow(tx, user.id)
    if (!row?.id_number_enc) throw new ApiError(404, 'ID_NUMBER_NOT_SET', '你还没有填写身份证号')
    await audit(tx, { actor: user.id, action: 'profile.reveal_id', objectType: 'profile', objectId: user.id, reason: 'owner viewed full ID number' })
    return { idNumber: ctx.crypto.decrypt(row.id_number_enc) }
  })
}

/**
 * Account deletion: personal data removed (phone, openid, profile), sessions revoked, active enrollments
 * cancelled with seats returned; enrollment rows stay, linked only to the anonymous user id (fund audit).
 */
export async function deleteMe(ctx: AccountsContext, user: AuthUser): Promise<void> {
  let afterCommit: () => Promise<void> = async () => undefined
  await ctx.db.transaction(async (tx) => {
    const now = ctx.now().toISOString()
    await lockUser(tx, user.id)
    const active = await tx.query<{ id: string; course_id: string }>(
      `SELECT id, course_id FROM enrollments WHERE user_id = $1 AND status IN ('registered', 'confirmed', 'in_training') ORDER BY course_id FOR UPDATE`,
      [user.id]
    )
    for (const e of active) {
      await tx.query(`UPDATE enrollments SET status = 'cancelled', cancelled_at = $2 WHERE id = $1`, [e.id, now])
      await releaseSeat(tx, e.course_id)
      await audit(tx, { actor: user.id, action: 'enrollment.cancel', objectType: 'enrollment', objectId: e.id, reason: 'account deleted' })
    }
    await tx.query('DELETE FROM profiles WHERE user_id = $1', [user.id])
    afterCommit = await runErasure(ctx.db, tx, user.id, 'delete')
    await tx.query('UPDATE consents SET withdrawn_at = $2 WHERE user_id = $1 AND withdrawn_at IS NULL', [user.id, now])
    await tx.query('DELETE FROM idempotency_keys WHERE user_id = $1', [user.id])
    await tx.query('UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL', [user.id, now])
    await tx.query('UPDATE users SET wechat_openid = NULL, phone_hash = NULL, phone_enc = NULL, deleted_at = $2 WHERE id = $1', [user.id, now])
    await audit(tx, { actor: user.id, action: 'user.delete', objectType: 'user', objectId: user.id, reason: `anonymised; ${active.length} active enrollments cancelled` })
  })
  await afterCommit()
}

/**
 * 下载我的数据: one consistent read (one transaction) of the account's part plus every capability's
 * registered section; numbers in full — it goes only to the owner, no-store, and is audited.
 */
export async function dataExport(ctx: AccountsContext, user: AuthUser): Promise<DataExport> {
  return ctx.db.transaction(async (tx) => {
    const [u] = await tx.query<{ id: string; login_method: 'wechat' | 'sms'; phone_enc: string | null; wechat_openid: string | null; created_at: Date }>(
      'SELECT id, login_method, phone_enc, wechat_openid, created_at FROM users WHERE id = $1',
      [user.id]
    )
    const row = await loadProfileRow(tx, user.id)
    const consents = await tx.query<{ version: string; accepted_at: Date; withdrawn_at: Date | null }>(
      'SELECT version, accepted_at, withdrawn_at FROM consents WHERE user_id = $1 ORDER BY accepted_at, id',
      [user.id]
    )
    const dec = (v: string | null) => (v ? ctx.crypto.decrypt(v) : null)
    const sections = await collectExport(ctx.db, tx, user)
    await audit(tx, { actor: user.id, action: 'user.export', objectType: 'user', objectId: user.id, reason: 'owner downloaded a copy of their data' })
    return {
      format: 'zsb-data-export/1' as const,
      exportedAt: ctx.now().toISOString(),
      account: {
        id: u.id,
        loginMethod: u.login_method,
        loginPhone: dec(u.phone_enc),
        wechatLinked: !!u.wechat_openid,
        createdAt: new Date(u.created_at).toISOString(),
        roles: await roleGrantsOf(tx, user.id)
      },
      profile: row
        ? {
            realName: row.real_name,
            idNumber: dec(row.id_number_enc),
            birthDate: row.birth_date,
            gender: row.gender,
            phone: dec(row.phone_enc),
            hukouType: row.hukou_type,
            homeRegion: row.home_region,
            workRegion: row.work_region,
            groups: row.groups ?? [],
            employmentStatus: row.employment_status,
            insuredLocally: row.insured_locally,
            wantedOccupations: row.wanted_occupations ?? [],
            updatedAt: row.updated_at ? new Date(row.updated_at).toISOString() : null
          }
        : null,
      consents: consents.map((c) => ({
        version: c.version,
        acceptedAt: new Date(c.accepted_at).toISOString(),
        withdrawnAt: c.withdrawn_at ? new Date(c.withdrawn_at).toISOString() : null
      })),
      enrollments: [],
      certificates: [],
      files: [],
      claims: [],
      payoutAccount: null,
      subscriptions: [],
      inbox: [],
      stationSignups: [],
      evaluations: [],
      ...sections,
      whatIsStored: STORED_ITEMS.map((i) => ({ ...i }))
    }
  })
}
