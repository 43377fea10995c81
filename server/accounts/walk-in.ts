/**
 * A worker signed up on the spot by station staff, who may have no smartphone: the account is the one their
 * ID number or phone already belongs to, else a new SMS account for that phone (the worker can log in with
 * it later and find the sign-up in 我的报名). The worker's own data is never overwritten: only empty profile
 * fields are filled. Consent to the current privacy notice is recorded as given through the station.
 */
import type { WalkInWorker } from '../../src/domain/staff-signup'
import { checkIdCard } from '../../src/domain/id-card'
import { PRIVACY_NOTICE_VERSION } from '../../src/domain/profile'
import { ApiError } from '../errors'
import { newId } from '../crypto'
import type { Queryable } from '../db'
import { audit } from '../platform'
import { currentConsent, lockUser } from './auth'
import type { AccountsContext } from './context'
import type { EnrollWorker } from './enrollments'

/**
 * `worker` must have passed checkWalkInWorker. Throws ApiError 409 when ID and phone belong to different people.
 * `contactOnly`: the worker has no phone of their own; `worker.phone` is a relative's, kept only as the profile's
 * contact number — never as the account's login phone (that phone logs in as the relative, not as the worker).
 */
export async function ensureWalkInWorker(
  ctx: AccountsContext,
  tx: Queryable,
  worker: WalkInWorker,
  staffUserId: string,
  opts: { contactOnly?: boolean } = {}
): Promise<EnrollWorker> {
  const id = checkIdCard(worker.idNumber, ctx.today())
  if (!id.ok) throw new ApiError(400, 'VALIDATION_FAILED', id.message, 'idNumber')
  const idHash = ctx.crypto.hmac('id', id.normalized)
  const phoneHash = ctx.crypto.hmac('phone', worker.phone)
  const now = ctx.now().toISOString()
  // one walk-in registration of this person at a time (two stations, or a replayed request)
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [idHash])

  const [byId] = await tx.query<{ user_id: string }>(
    `SELECT p.user_id FROM profiles p JOIN users u ON u.id = p.user_id WHERE p.id_hash = ANY($1::text[]) AND u.deleted_at IS NULL ORDER BY p.updated_at LIMIT 1`,
    [ctx.crypto.hmacs('id', id.normalized)]
  )
  const [byPhone] = opts.contactOnly
    ? []
    : await tx.query<{ id: string; id_hash: string | null }>(
        'SELECT u.id, p.id_hash FROM users u LEFT JOIN profiles p ON p.user_id = u.id WHERE u.phone_hash = ANY($1::text[]) AND u.deleted_at IS NULL',
        [ctx.crypto.hmacs('phone', worker.phone)]
      )
  if (!byId && byPhone?.id_hash && !ctx.crypto.hmacs('id', id.normalized).includes(byPhone.id_hash)) {
    throw new ApiError(409, 'PHONE_BELONGS_TO_OTHER', '这个手机号已经登记在另一个人名下，请核对手机号', 'phone')
  }
  let userId = byId?.user_id ?? byPhone?.id
  if (!userId) {
    userId = newId('usr')
    await tx.query(`INSERT INTO users (id, phone_hash, phone_enc, login_method, created_at) VALUES ($1, $2, $3, 'sms', $4)`, [
      userId,
      opts.contactOnly ? null : phoneHash,
      opts.contactOnly ? null : ctx.crypto.encrypt(worker.phone),
      now
    ])
    await audit(tx, {
      actor: staffUserId,
      action: 'user.create',
      objectType: 'user',
      objectId: userId,
      reason: opts.contactOnly ? 'walk-in at a station, no phone of their own' : 'walk-in sign-up at a station'
    })
  }
  await lockUser(tx, userId)
  if (!(await currentConsent(tx, userId))) {
    await tx.query('INSERT INTO consents (user_id, version, accepted_at) VALUES ($1, $2, $3)', [userId, PRIVACY_NOTICE_VERSION, now])
    await audit(tx, { actor: staffUserId, action: 'consent.give', objectType: 'user', objectId: userId, reason: `version ${PRIVACY_NOTICE_VERSION}, given at a station` })
  }
  await tx.query('INSERT INTO profiles (user_id, updated_at) VALUES ($1, $2) ON CONFLICT (user_id) DO NOTHING', [userId, now])
  const filled = await tx.query(
    `UPDATE profiles SET
       real_name = COALESCE(real_name, $2),
       id_number_enc = COALESCE(id_number_enc, $3),
       id_hash = COALESCE(id_hash, $4),
       birth_date = COALESCE(birth_date, $5::date),
       gender = COALESCE(gender, $6),
       phone_enc = COALESCE(phone_enc, $7),
       groups = CASE WHEN cardinality(groups) = 0 THEN $8::text[] ELSE groups END,
       updated_at = $9
     WHERE user_id = $1 AND (real_name IS NULL OR id_number_enc IS NULL OR phone_enc IS NULL OR cardinality(groups) = 0)
     RETURNING user_id`,
    [userId, worker.realName, ctx.crypto.encrypt(id.normalized), idHash, id.birthDate, id.gender, ctx.crypto.encrypt(worker.phone), worker.groups, now]
  )
  if (filled.length > 0) await audit(tx, { actor: staffUserId, action: 'profile.update', objectType: 'profile', objectId: userId, reason: 'walk-in sign-up filled empty fields' })
  const [u] = await tx.query<{ phone_enc: string | null }>('SELECT phone_enc FROM users WHERE id = $1', [userId])
  return { id: userId, phoneEnc: u?.phone_enc ?? null }
}
