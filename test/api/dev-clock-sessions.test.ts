/**
 * Session tokens under the development clock, on PGlite and (with TEST_DATABASE_URL) PostgreSQL: a jump of the
 * clock moves every session with it, so a token keeps the lifetime it had left — a jump of months no longer
 * expires every token (tests walking a claim through 公示 got 401), an expired or revoked token stays dead, and
 * a jump back does not bring an expired token back to life.
 */
import { sessionsFollowClock } from '../../server/accounts'
import { sha256 } from '../../server/crypto'
import { freshDatabase } from '../support/postgres'
import { loginAs, startTestServer, type TestServer } from './helpers'

const DAY = 86_400_000

function suite(databaseUrl?: string) {
  let server: TestServer
  let drop: (() => Promise<void>) | undefined
  beforeAll(async () => {
    let url = databaseUrl
    if (url) ({ url, drop } = await freshDatabase('zsb_clock_sessions'))
    server = await startTestServer({ databaseUrl: url })
  })
  afterAll(async () => {
    await server?.close()
    await drop?.()
  })

  const expiresAt = async (token: string) =>
    new Date((await server.db.query<{ expires_at: Date }>('SELECT expires_at FROM sessions WHERE token_hash = $1', [sha256(token)]))[0].expires_at).getTime()
  const devNow = async () => Date.parse((await server.post('/api/v1/dev/clock', { days: 0 })).body.now)
  const me = (token: string) => server.get('/api/v1/me', { token })

  test('jumping 60 days, then to a moment 25 days later: a live token keeps its lifetime; expired and revoked tokens stay dead', async () => {
    const live = await loginAs(server, 'clock-live')
    const expired = await loginAs(server, 'clock-expired')
    const revoked = await loginAs(server, 'clock-revoked')
    await server.db.query('UPDATE sessions SET expires_at = $2 WHERE token_hash = $1', [sha256(expired), new Date((await devNow()) - 3600_000).toISOString()])
    expect((await server.post('/api/v1/auth/logout', undefined, { token: revoked })).status).toBe(200)
    expect((await me(live)).status).toBe(200)
    expect((await me(expired)).status).toBe(401)
    const before = await expiresAt(live)

    const moved = await server.post('/api/v1/dev/clock', { days: 60 })
    expect(moved.status).toBe(200)
    expect((await me(live)).status).toBe(200)
    // moved with the clock, to the second (the real time spent in the request is not a jump)
    expect(Math.abs((await expiresAt(live)) - before - 60 * DAY)).toBeLessThan(5000)
    expect((await me(expired)).status).toBe(401)
    expect((await me(revoked)).status).toBe(401)

    // 85 days after login by the clock, longer than a session's 30: still the same token
    const to = new Date((await devNow()) + 25 * DAY).toISOString()
    expect((await server.post('/api/v1/dev/clock', { to })).status).toBe(200)
    expect((await me(live)).status).toBe(200)
    expect(Math.abs((await expiresAt(live)) - before - 85 * DAY)).toBeLessThan(5000)
    // a token one minute from its end, then a jump of two minutes: the expiry moves too
    await server.db.query('UPDATE sessions SET expires_at = $2 WHERE token_hash = $1', [sha256(live), new Date((await devNow()) + 60_000).toISOString()])
    expect((await me(live)).status).toBe(200)
    const later = new Date((await devNow()) + 120_000).toISOString()
    expect((await server.post('/api/v1/dev/clock', { to: later })).status).toBe(200)
    // the expiry moved by the same 2 minutes, so the token is alive: a jump is not time passing for it
    expect((await me(live)).status).toBe(200)
  })

  test('a jump back does not revive an expired token, and keeps a live one alive', async () => {
    const live = await loginAs(server, 'clock-back-live')
    const expired = await loginAs(server, 'clock-back-expired')
    await server.db.query('UPDATE sessions SET expires_at = $2 WHERE token_hash = $1', [sha256(expired), new Date((await devNow()) - 3600_000).toISOString()])
    expect((await me(expired)).status).toBe(401)
    // the route only moves forward; a clock set back out of band (a restored database, a reset offset) goes
    // through the same function with a negative jump
    await server.db.transaction(async (tx) => {
      await tx.query('UPDATE dev_clock SET offset_days = offset_days - 10 WHERE id = 1')
      await sessionsFollowClock(tx, -10 * DAY)
    })
    await devNow() // re-read the offset
    expect((await me(expired)).status).toBe(401)
    expect((await me(live)).status).toBe(200)
    // without following the clock, the same jump back would have revived it
    await server.db.query('UPDATE sessions SET expires_at = expires_at + interval \'10 days\' WHERE token_hash = $1', [sha256(expired)])
    expect((await me(expired)).status).toBe(200)
  })
}

describe('dev clock and sessions (PGlite)', () => suite())
const url = process.env.TEST_DATABASE_URL
;(url ? describe : describe.skip)('dev clock and sessions (PostgreSQL)', () => suite(url))
