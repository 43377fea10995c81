/**
 * Bank cards as keyed hashes (HMAC): the same card on two people's claims or default accounts is found
 * without decrypting anything. Written with every account (payout account, claim); rows from before the
 * columns existed are filled once at start-up (backfillPayoutHashes).
 */
import type { FieldCrypto } from '../crypto'
import { prepared, type Queryable } from '../db'

export const bankHash = (crypto: FieldCrypto, digits: string) => crypto.hmac('bank', digits)

/** Hashes of every bank card this user has as default account or on a claim. */
export async function payoutHashesOf(db: Queryable, userId: string): Promise<string[]> {
  const rows = await db.query<{ h: string }>(
    prepared(`SELECT account_hash AS h FROM payout_accounts WHERE user_id = $1 AND account_hash IS NOT NULL
     UNION SELECT payout_account_hash AS h FROM claims WHERE user_id = $1 AND payout_account_hash IS NOT NULL`),
    [userId]
  )
  return rows.map((r) => r.h)
}

/** `payoutHashesOf` for several users in one read: user id → hashes. */
export async function payoutHashesOfMany(db: Queryable, userIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(userIds.map((id) => [id, []]))
  if (userIds.length === 0) return out
  const rows = await db.query<{ u: string; h: string }>(
    prepared(`SELECT user_id AS u, account_hash AS h FROM payout_accounts WHERE user_id = ANY($1::text[]) AND account_hash IS NOT NULL
     UNION SELECT user_id AS u, payout_account_hash AS h FROM claims WHERE user_id = ANY($1::text[]) AND payout_account_hash IS NOT NULL`),
    [userIds]
  )
  for (const r of rows) out.get(r.u)?.push(r.h)
  return out
}

/** Other users with one of these cards (default account or a claim). */
export async function usersWithPayoutHash(db: Queryable, hashes: string[], exceptUserId: string): Promise<string[]> {
  if (hashes.length === 0) return []
  const rows = await db.query<{ user_id: string }>(
    prepared(`SELECT user_id FROM payout_accounts WHERE account_hash = ANY($1::text[]) AND user_id <> $2
     UNION SELECT user_id FROM claims WHERE payout_account_hash = ANY($1::text[]) AND user_id <> $2`),
    [hashes, exceptUserId]
  )
  return rows.map((r) => r.user_id)
}

export async function backfillPayoutHashes(crypto: FieldCrypto, db: Queryable): Promise<number> {
  let n = 0
  const accounts = await db.query<{ user_id: string; account_enc: string }>('SELECT user_id, account_enc FROM payout_accounts WHERE account_enc IS NOT NULL AND account_hash IS NULL')
  for (const a of accounts) {
    await db.query('UPDATE payout_accounts SET account_hash = $2 WHERE user_id = $1 AND account_hash IS NULL', [a.user_id, bankHash(crypto, crypto.decrypt(a.account_enc))])
    n++
  }
  const claims = await db.query<{ id: string; payout_account_enc: string }>('SELECT id, payout_account_enc FROM claims WHERE payout_account_enc IS NOT NULL AND payout_account_hash IS NULL')
  for (const c of claims) {
    await db.query('UPDATE claims SET payout_account_hash = $2 WHERE id = $1 AND payout_account_hash IS NULL', [c.id, bankHash(crypto, crypto.decrypt(c.payout_account_enc))])
    n++
  }
  return n
}
