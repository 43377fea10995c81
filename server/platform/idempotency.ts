/** The Idempotency-Key header every retryable write carries (sign-up, claims, certificates, staff sync). */
import { ApiError } from '../errors'

export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{8,64}$/

export function requireIdempotencyKey(header: unknown): string {
  if (typeof header !== 'string' || !IDEMPOTENCY_KEY_PATTERN.test(header)) {
    throw new ApiError(400, 'IDEMPOTENCY_KEY_REQUIRED', '请求缺少有效的 Idempotency-Key（8到64个字符），请刷新后重试')
  }
  return header
}
