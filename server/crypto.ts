/**
 * Field encryption for personal numbers (ID, phone) and keyed hashes for lookups.
 * - AES-256-GCM, random 12-byte IV per value; stored as `v1.<iv>.<tag>.<ciphertext>` (base64url).
 * - HMAC-SHA256 (key derived from the data key) for equality lookups (phone → user, ID duplicates).
 * Key: env DATA_KEY (base64, 32 bytes); else `<DATA_DIR>/secret.key` created once (mode 0600);
 * in-memory database (tests) → a random key per process. The key is never logged.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync, chmodSync } from 'node:fs'
import { join } from 'node:path'

export interface FieldCrypto {
  encrypt(plain: string): string
  decrypt(stored: string): string
  /** Keyed hash for lookups; `purpose` separates domains (phone vs id vs sms code) */
  hmac(purpose: string, value: string): string
}

export function createFieldCrypto(key: Buffer): FieldCrypto {
  if (key.length !== 32) throw new Error('DATA_KEY must be 32 bytes (base64)')
  const encKey = createHmac('sha256', key).update('enc-v1').digest()
  const macKey = createHmac('sha256', key).update('mac-v1').digest()
  return {
    encrypt(plain) {
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', encKey, iv)
      const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
      return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ct.toString('base64url')].join('.')
    },
    decrypt(stored) {
      const [v, iv, tag, ct] = stored.split('.')
      if (v !== 'v1' || !iv || !tag || ct === undefined) throw new Error('unknown ciphertext format')
      const decipher = createDecipheriv('aes-256-gcm', encKey, Buffer.from(iv, 'base64url'))
      decipher.setAuthTag(Buffer.from(tag, 'base64url'))
      return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8')
    },
    hmac(purpose, value) {
      return createHmac('sha256', macKey).update(`${purpose}\u0000${value}`).digest('base64url')
    }
  }
}

/** Resolves the data key as described above. `dataDir` undefined = in-memory database. */
export function loadDataKey(opts: { env?: Record<string, string | undefined>; dataDir?: string } = {}): Buffer {
  const env = opts.env ?? process.env
  if (env.DATA_KEY) {
    const key = Buffer.from(env.DATA_KEY, 'base64')
    if (key.length !== 32) throw new Error('DATA_KEY must be base64 of exactly 32 bytes')
    return key
  }
  if (!opts.dataDir) return randomBytes(32)
  const file = join(opts.dataDir, 'secret.key')
  if (existsSync(file)) {
    const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64')
    if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte base64 key`)
    return key
  }
  mkdirSync(opts.dataDir, { recursive: true })
  const key = randomBytes(32)
  writeFileSync(file, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' })
  chmodSync(file, 0o600)
  return key
}

/** SHA-256 of a bearer token (tokens are high-entropy, so no key is needed). */
export const sha256 = (value: string) => createHash('sha256').update(value).digest('base64url')

/** Opaque bearer token: 32 random bytes, base64url. */
export const newToken = () => randomBytes(32).toString('base64url')

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

/** Random id with a prefix, matching the contract's `^<prefix>_[0-9a-z]{1,24}$`. */
export function newId(prefix: string): string {
  const alphabet = '0123456789abcdefghijklmnopqrstuvwxyz'
  const bytes = randomBytes(16)
  let out = ''
  for (const b of bytes) out += alphabet[b % 36]
  return `${prefix}_${out}`
}
