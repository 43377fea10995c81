/** The Idempotency-Key header every retryable write carries (sign-up, claims, certificates, staff sync). */
import { ApiError } from '../errors'
import type { Db, Queryable } from '../db'

export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{8,64}$/

export function requireIdempotencyKey(header: unknown): string {
  if (typeof header !== 'string' || !IDEMPOTENCY_KEY_PATTERN.test(header)) {
    throw new ApiError(400, 'IDEMPOTENCY_KEY_REQUIRED', '请求缺少有效的 Idempotency-Key（8到64个字符），请刷新后重试')
  }
  return header
}

/** What a keyed write answered: replayed as is for the same key and the same request. */
export interface KeyedResponse {
  status: number
  body: unknown
}

/** Outcomes worth replaying for the same key: success and business refusals (not auth, not malformed input). */
const REPLAYABLE_STATUSES = new Set([404, 409, 422])

async function storedAnswer(db: Queryable, userId: string, key: string, fingerprint: string, reusedMessage: string): Promise<KeyedResponse | null> {
  const rows = await db.query<{ fingerprint: string; response_status: number; response_body: unknown }>(
    'SELECT fingerprint, response_status, response_body FROM idempotency_keys WHERE user_id = $1 AND key = $2',
    [userId, key]
  )
  const r = rows[0]
  if (!r) return null
  if (r.fingerprint !== fingerprint) throw new ApiError(422, 'IDEMPOTENCY_KEY_REUSED', reusedMessage)
  return { status: r.response_status, body: typeof r.response_body === 'string' ? JSON.parse(r.response_body) : r.response_body }
}

/**
 * Runs a keyed write once per (user, key): `run` gets the transaction, which has already taken the caller's
 * per-user lock through `lock` (so a retry with the same key waits for the first attempt and then replays it);
 * its answer is stored in that transaction. Business refusals (404/409/422 ApiError) are stored and replayed too.
 * `fingerprint` names the request (method, path, body): the same key for another request is a 422.
 */
export async function runOncePerKey(
  db: Queryable & Pick<Db, 'transaction'>,
  opts: { userId: string; key: string; fingerprint: string; now: () => Date; lock: (tx: Queryable) => Promise<void>; reusedMessage: string },
  run: (tx: Queryable) => Promise<KeyedResponse>
): Promise<KeyedResponse> {
  const { userId, key, fingerprint, reusedMessage } = opts
  const earlier = await storedAnswer(db, userId, key, fingerprint, reusedMessage)
  if (earlier) return earlier
  const save = (tx: Queryable, r: KeyedResponse, onConflict = '') =>
    tx.query(
      `INSERT INTO idempotency_keys (user_id, key, fingerprint, response_status, response_body, created_at) VALUES ($1, $2, $3, $4, $5, $6)${onConflict}`,
      [userId, key, fingerprint, r.status, JSON.stringify(r.body), opts.now().toISOString()]
    )
  try {
    return await db.transaction(async (tx) => {
      await opts.lock(tx)
      const again = await storedAnswer(tx, userId, key, fingerprint, reusedMessage)
      if (again) return again
      const answer = await run(tx)
      await save(tx, answer)
      return answer
    })
  } catch (err) {
    if ((err as { code?: string })?.code === '23505') {
      const winner = await storedAnswer(db, userId, key, fingerprint, reusedMessage)
      if (winner) return winner
      throw err
    }
    if (err instanceof ApiError && REPLAYABLE_STATUSES.has(err.statusCode)) {
      const body = { code: err.code, message: err.message }
      await save(db, { status: err.statusCode, body }, ' ON CONFLICT (user_id, key) DO NOTHING')
      return (await storedAnswer(db, userId, key, fingerprint, reusedMessage)) ?? { status: err.statusCode, body }
    }
    throw err
  }
}
