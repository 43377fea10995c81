/** The training lifecycle on a real PostgreSQL server. Opt-in: TEST_DATABASE_URL=postgres://… (npm test sets it). */
import { freshDatabase } from '../support/postgres'
import { startTestServer, type TestServer } from './helpers'
import { lifecycleSuite, roleSuite } from './training-suite'

const url = process.env.TEST_DATABASE_URL
const maybe = url ? describe : describe.skip
if (!url) console.log('training-postgres: skipped (TEST_DATABASE_URL not set)')

maybe('training lifecycle (PostgreSQL)', () => {
  let server: TestServer
  let drop: (() => Promise<void>) | undefined
  beforeAll(async () => {
    const fresh = await freshDatabase('zsb_training')
    drop = fresh.drop
    server = await startTestServer({ databaseUrl: fresh.url })
  })
  afterAll(async () => {
    await server?.close()
    await drop?.()
  })

  describe('institution role', () => roleSuite(() => server))
  describe('training lifecycle', () => lifecycleSuite(() => server))
})
