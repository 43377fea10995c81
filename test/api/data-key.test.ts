/**
 * Data key safety: the wrong DATA_KEY refuses to start (the real server process, naming DATA_KEY), and a rotation
 * A → B through DATA_KEY_PREVIOUS and `npm run admin -- rekey` keeps every encrypted field and every login —
 * on PGlite (a data folder) and on PostgreSQL (TEST_DATABASE_URL).
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildApp, openDb } from '../../server/app'
import { createFieldCrypto, type FieldCrypto } from '../../server/crypto'
import type { Db } from '../../server/db'
import { DataKeyError } from '../../server/ops/data-key'
import { runAdmin } from '../../server/roles/cli'
import { startServer } from '../support/server'
import { describePostgres, freshDatabase } from '../support/postgres'
import { validIdNumber } from './helpers'

const A = randomBytes(32)
const B = randomBytes(32)
const b64 = (k: Buffer) => k.toString('base64')
const HOUR = 3_600_000

interface Engine {
  open(): Promise<Db>
  /** env for the admin CLI on the same database */
  env: Record<string, string>
}

/** One server instance on `db` with these keys; `phase` moves its clock hours ahead (fresh SMS limits). */
async function instance(db: Db, crypto: FieldCrypto, phase: number) {
  const app = await buildApp({ db, crypto, now: () => new Date(Date.now() + phase * 2 * HOUR), jobs: false })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.address()
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
  const call = async (method: string, url: string, body?: unknown, token?: string) => {
    const headers: Record<string, string> = {}
    if (token) headers.authorization = `Bearer ${token}`
    if (body !== undefined) headers['content-type'] = 'application/json'
    const res = await fetch(base + url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
    return { status: res.status, body: (await res.json()) as any }
  }
  const login = async (phone: string) => {
    const sent = await call('POST', '/api/v1/auth/sms/send', { phone })
    expect(sent.status).toBe(200)
    const res = await call('POST', '/api/v1/auth/sms/verify', { phone, code: sent.body.devCode })
    expect(res.status).toBe(200)
    return res.body.token as string
  }
  const userId = async (token: string) => (await call('GET', '/api/v1/me', undefined, token)).body.id as string
  const revealed = async (token: string) => {
    const r = await call('POST', '/api/v1/me/profile/reveal-id', undefined, token)
    expect(r.status).toBe(200)
    return r.body.idNumber as string
  }
  return { app, call, login, userId, revealed, close: () => app.close() }
}

async function rotation(engine: Engine) {
  const P = '13912340001'
  const Q = '13912340002'
  const idP = validIdNumber('14030219800101001')
  const idQ = validIdNumber('14030219800101002')

  // 1. key A: a worker with an encrypted ID and phone
  let db = await engine.open()
  let s = await instance(db, createFieldCrypto(A), 0)
  const tokenP = await s.login(P)
  const userP = await s.userId(tokenP)
  const version = (await s.call('GET', '/api/v1/privacy')).body.version
  expect((await s.call('POST', '/api/v1/me/consent', { version }, tokenP)).status).toBe(200)
  expect((await s.call('PUT', '/api/v1/me/profile', { realName: '李四', idNumber: idP, phone: P, groups: ['rural_migrant'] }, tokenP)).status).toBe(200)
  expect(await s.revealed(tokenP)).toBe(idP)
  await s.close()

  // B alone on A's data: refused before anything is served
  await expect(buildApp({ db, crypto: createFieldCrypto(B), jobs: false })).rejects.toThrow(DataKeyError)
  await expect(buildApp({ db, crypto: createFieldCrypto(B), jobs: false })).rejects.toThrow(/DATA_KEY/)

  // 2. DATA_KEY=B, DATA_KEY_PREVIOUS=A: old data reads, old hashes match, new data is written under B
  s = await instance(db, createFieldCrypto(B, A), 1)
  expect(await s.revealed(tokenP)).toBe(idP)
  expect((await s.call('GET', '/api/v1/me/profile', undefined, tokenP)).body.phoneMasked).toBe('139****0001')
  expect(await s.userId(await s.login(P))).toBe(userP) // the same account, found by the previous key's hash
  const tokenQ = await s.login(Q)
  const userQ = await s.userId(tokenQ)
  expect((await s.call('POST', '/api/v1/me/consent', { version }, tokenQ)).status).toBe(200)
  expect((await s.call('PUT', '/api/v1/me/profile', { realName: '王五', idNumber: idQ, phone: Q, groups: ['rural_migrant'] }, tokenQ)).status).toBe(200)
  const [q] = await db.query<{ id_number_enc: string }>('SELECT id_number_enc FROM profiles WHERE user_id = $1', [userQ])
  expect(createFieldCrypto(B).decryptCurrent(q.id_number_enc)).toBe(idQ)
  await s.close()
  // the old key alone is refused now: it could not read what B wrote
  await expect(buildApp({ db, crypto: createFieldCrypto(A), jobs: false })).rejects.toThrow(/DATA_KEY/)
  await db.close()

  // 3. npm run admin -- rekey
  const out: string[] = []
  expect(await runAdmin(['rekey'], { ...engine.env, DATA_KEY: b64(B), DATA_KEY_PREVIOUS: b64(A) }, (l) => out.push(l))).toBe(0)
  expect(out.join('\n')).toContain('密钥轮换完成')

  // 4. B alone: everything reads, every stored value and hash is B's
  db = await engine.open()
  s = await instance(db, createFieldCrypto(B), 2)
  expect(await s.revealed(tokenP)).toBe(idP)
  expect(await s.revealed(tokenQ)).toBe(idQ)
  expect(await s.userId(await s.login(P))).toBe(userP)
  expect(await s.userId(await s.login(Q))).toBe(userQ)
  const onlyB = createFieldCrypto(B)
  const cols = await db.query<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() AND column_name LIKE '%\\_enc'`
  )
  let values = 0
  for (const c of cols) {
    const rows = await db.query<{ v: string }>(`SELECT "${c.column_name}" AS v FROM "${c.table_name}" WHERE "${c.column_name}" IS NOT NULL`)
    for (const r of rows) expect(() => onlyB.decryptCurrent(r.v)).not.toThrow()
    values += rows.length
  }
  expect(values).toBeGreaterThanOrEqual(5) // users.phone_enc ×2 (+ demo accounts), profiles id and phone ×2
  const [u] = await db.query<{ phone_hash: string }>('SELECT phone_hash FROM users WHERE id = $1', [userP])
  expect(u.phone_hash).toBe(onlyB.hmac('phone', P))
  await s.close()
  // after the rekey the old key opens nothing here
  await expect(buildApp({ db, crypto: createFieldCrypto(A), jobs: false })).rejects.toThrow(/DATA_KEY/)
  await db.close()
}

describe('data key on PGlite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zsb-rekey-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  test('rotation A → B: read old with DATA_KEY_PREVIOUS, rekey, then B alone reads everything', async () => {
    const dataDir = join(dir, 'db')
    await rotation({ open: async () => (await openDb({ dataDir, seedCourses: 20 })).db, env: { DATA_DIR: dataDir } })
  }, 240_000)

  test('the server process refuses to start with another DATA_KEY, naming DATA_KEY, without a stack', async () => {
    const dataDir = join(dir, 'proc')
    const first = await startServer({ DATA_DIR: dataDir, DATA_KEY: b64(A), SEED_COURSES: '20', LOG_LEVEL: 'warn' }, 180_000)
    await first.stop()
    let message = ''
    await startServer({ DATA_DIR: dataDir, DATA_KEY: b64(B), SEED_COURSES: '20', LOG_LEVEL: 'warn' }, 180_000).then(
      async (s) => s.stop(),
      (err: Error) => (message = err.message)
    )
    expect(message).toMatch(/server exited with 1/)
    expect(message).toMatch(/Refusing to start: DATA_KEY does not match the data/)
    expect(message).not.toMatch(/\n\s+at /) // a plain message, no stack trace
  }, 400_000)
})

describePostgres('data key on PostgreSQL', () => {
  test('rotation A → B on PostgreSQL', async () => {
    const fresh = await freshDatabase('zsb_rekey')
    try {
      await rotation({ open: async () => (await openDb({ databaseUrl: fresh.url, seedCourses: 20 })).db, env: { DATABASE_URL: fresh.url } })
    } finally {
      await fresh.drop()
    }
  }, 240_000)
})
