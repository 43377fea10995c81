/**
 * Field encryption for personal numbers (ID, phone) and keyed hashes for lookups.
 * - AES-256-GCM, random 12-byte IV per value; stored as `v1.<iv>.<tag>.<ciphertext>` (base64url).
 * - HMAC-SHA256 (key derived from the data key) for equality lookups (phone → user, ID duplicates).
 * Key: env DATA_KEY (base64, 32 bytes); else `<DATA_DIR>/secret.key` created once (mode 0600);
 * in-memory database (tests) → a random key per process. The key is never logged.
 * Rotation: DATA_KEY_PREVIOUS is tried when DATA_KEY cannot open a value; `npm run admin -- rekey` rewrites
 * everything under DATA_KEY (server/ops/data-key.ts).
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync, chmodSync } from 'node:fs'
import { join } from 'node:path'

export interface FieldCrypto {
  encrypt(plain: string): string
  /** With the current key, else (during a rotation) the previous one */
  decrypt(stored: string): string
  /** With the current key only: throws when `stored` was sealed with another key */
  decryptCurrent(stored: string): string
  /** Keyed hash for lookups; `purpose` separates domains (phone vs id vs sms code) */
  hmac(purpose: string, value: string): string
  /**
   * Every hash a stored row may hold for this value: the current key's, then (during a rotation, until
   * `npm run admin -- rekey` has rewritten them) the previous key's. Lookups of long-lived rows match any of them.
   */
  hmacs(purpose: string, value: string): string[]
  /** Whether a previous key (DATA_KEY_PREVIOUS) is loaded */
  readonly rotating: boolean
}

interface KeySet {
  encKey: Buffer
  macKey: Buffer
}

function keySet(key: Buffer, name: string): KeySet {
  if (key.length !== 32) throw new Error(`${name} must be 32 bytes (base64)`)
  return { encKey: createHmac('sha256', key).update('enc-v1').digest(), macKey: createHmac('sha256', key).update('mac-v1').digest() }
}

function open(keys: KeySet, stored: string): string {
  const [v, iv, tag, ct] = stored.split('.')
  if (v !== 'v1' || !iv || !tag || ct === undefined) throw new Error('unknown ciphertext format')
  const decipher = createDecipheriv('aes-256-gcm', keys.encKey, Buffer.from(iv, 'base64url'))
  decipher.setAuthTag(Buffer.from(tag, 'base64url'))
  return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8')
}

const mac = (keys: KeySet, purpose: string, value: string) => createHmac('sha256', keys.macKey).update(`${purpose}\u0000${value}`).digest('base64url')

/** `previous` (DATA_KEY_PREVIOUS) is read from when the current key cannot open a value; nothing is written with it. */
export function createFieldCrypto(key: Buffer, previous?: Buffer): FieldCrypto {
  const current = keySet(key, 'DATA_KEY')
  const old = previous && !previous.equals(key) ? keySet(previous, 'DATA_KEY_PREVIOUS') : undefined
  return {
    rotating: old !== undefined,
    encrypt(plain) {
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', current.encKey, iv)
      const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
      return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ct.toString('base64url')].join('.')
    },
    decrypt(stored) {
      if (!old) return open(current, stored)
      try {
        return open(current, stored)
      } catch {
        return open(old, stored)
      }
    },
    decryptCurrent: (stored) => open(current, stored),
    hmac: (purpose, value) => mac(current, purpose, value),
    hmacs: (purpose, value) => (old ? [mac(current, purpose, value), mac(old, purpose, value)] : [mac(current, purpose, value)])
  }
}

/** DATA_KEY_PREVIOUS (base64, 32 bytes) while data moves to a new DATA_KEY; undefined when unset. */
export function loadPreviousDataKey(env: Record<string, string | undefined> = process.env): Buffer | undefined {
  if (!env.DATA_KEY_PREVIOUS) return undefined
  const key = Buffer.from(env.DATA_KEY_PREVIOUS, 'base64')
  if (key.length !== 32) throw new Error('DATA_KEY_PREVIOUS must be base64 of exactly 32 bytes')
  return key
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
