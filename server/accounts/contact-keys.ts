/**
 * A person's phone numbers as keyed hashes (HMAC, server/crypto.ts): the login phone and the contact phone
 * in 我的资料. Conflict-of-interest and risk checks compare these, never the numbers.
 */
import type { FieldCrypto } from '../crypto'
import { prepared, type Queryable } from '../db'

/** An audit row of an identity change that touched the ID number (written by the profile route). */
export const ID_CHANGE_CONDITION = `action = 'profile.update' AND reason ~ 'identity changed \\([^)]*id'`

export const phoneHash = (crypto: FieldCrypto, phone: string) => crypto.hmac('phone', phone)

export async function phoneHashesOf(crypto: FieldCrypto, db: Queryable, userId: string): Promise<string[]> {
  const rows = await db.query<{ phone_hash: string | null; profile_phone_enc: string | null }>(
    prepared(`SELECT u.phone_hash, p.phone_enc AS profile_phone_enc FROM users u LEFT JOIN profiles p ON p.user_id = u.id WHERE u.id = $1`),
    [userId]
  )
  const out = new Set<string>()
  for (const r of rows) {
    if (r.phone_hash) out.add(r.phone_hash)
    if (r.profile_phone_enc) out.add(phoneHash(crypto, crypto.decrypt(r.profile_phone_enc)))
  }
  return [...out]
}

/** `phoneHashesOf` for several users in one read: user id → hashes (every id present, maybe with none). */
export async function phoneHashesOfMany(crypto: FieldCrypto, db: Queryable, userIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, Set<string>>(userIds.map((id) => [id, new Set<string>()]))
  if (userIds.length === 0) return new Map()
  const rows = await db.query<{ id: string; phone_hash: string | null; profile_phone_enc: string | null }>(
    prepared(`SELECT u.id, u.phone_hash, p.phone_enc AS profile_phone_enc FROM users u LEFT JOIN profiles p ON p.user_id = u.id WHERE u.id = ANY($1::text[])`),
    [userIds]
  )
  for (const r of rows) {
    const set = out.get(r.id) as Set<string>
    if (r.phone_hash) set.add(r.phone_hash)
    if (r.profile_phone_enc) set.add(phoneHash(crypto, crypto.decrypt(r.profile_phone_enc)))
  }
  return new Map([...out].map(([id, set]) => [id, [...set]]))
}

/** Other (not deleted) users whose login phone is one of these hashes. */
export async function usersWithLoginPhone(db: Queryable, hashes: string[], exceptUserId: string): Promise<string[]> {
  if (hashes.length === 0) return []
  const rows = await db.query<{ id: string }>(prepared('SELECT id FROM users WHERE phone_hash = ANY($1::text[]) AND id <> $2 AND deleted_at IS NULL'), [hashes, exceptUserId])
  return rows.map((r) => r.id)
}

/**
 * When the ID number was last changed (an identity change recorded by the profile route in the audit
 * trail: `identity changed (…id…)`) at or after `since`, or null. audit_log is partitioned by month of `at`:
 * the lower bound keeps the search to the months the caller cares about.
 */
export async function lastIdNumberChange(db: Queryable, userId: string, since: Date): Promise<Date | null> {
  const [row] = await db.query<{ at: Date | string | null }>(
    prepared(`SELECT max(at) AS at FROM audit_log WHERE object_type = 'profile' AND object_id = $1 AND ${ID_CHANGE_CONDITION} AND at >= $2::timestamptz`),
    [userId, since.toISOString()]
  )
  return row?.at ? new Date(row.at) : null
}
