/** Field encryption and the data key's origin (DATA_KEY, <DATA_DIR>/secret.key 0600, random in memory). */
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { createFieldCrypto, loadDataKey, newId } from '../../server/crypto'

test('AES-256-GCM round trip, random IV, tampering detected; HMAC stable per purpose', () => {
  const c = createFieldCrypto(randomBytes(32))
  const a = c.encrypt('110105194912310029')
  const b = c.encrypt('110105194912310029')
  expect(a).not.toBe(b)
  expect(a).not.toContain('1101051949')
  expect(c.decrypt(a)).toBe('110105194912310029')
  const parts = a.split('.')
  parts[3] = Buffer.from('x' + Buffer.from(parts[3], 'base64url').toString('latin1'), 'latin1').toString('base64url')
  expect(() => c.decrypt(parts.join('.'))).toThrow()
  expect(c.hmac('phone', '13812345678')).toBe(c.hmac('phone', '13812345678'))
  expect(c.hmac('phone', '13812345678')).not.toBe(c.hmac('id', '13812345678'))
  expect(() => createFieldCrypto(randomBytes(16))).toThrow()
})

test('data key: DATA_KEY wins; else secret.key is created once with mode 0600 and reused; in memory → random', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zsb-key-'))
  try {
    const k1 = loadDataKey({ env: {}, dataDir: dir })
    expect(statSync(join(dir, 'secret.key')).mode & 0o777).toBe(0o600)
    expect(loadDataKey({ env: {}, dataDir: dir }).equals(k1)).toBe(true)
    const explicit = randomBytes(32)
    expect(loadDataKey({ env: { DATA_KEY: explicit.toString('base64') }, dataDir: dir }).equals(explicit)).toBe(true)
    expect(() => loadDataKey({ env: { DATA_KEY: 'c2hvcnQ=' } })).toThrow(/32 bytes/)
    expect(loadDataKey({ env: {} }).equals(loadDataKey({ env: {} }))).toBe(false)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('ids match the contract patterns', () => {
  expect(newId('enr')).toMatch(/^enr_[0-9a-z]{1,24}$/)
  expect(newId('usr')).toMatch(/^usr_[0-9a-z]{1,24}$/)
})
