/**
 * Integrity of the money path on a real PostgreSQL server (row locks and the audit chain's head lock make
 * concurrent appends and replays real races; `npm run admin -- audit-verify` runs against it).
 * Opt-in: TEST_DATABASE_URL=postgres://… — skipped otherwise.
 */
import { startTestServer, type TestServer } from './helpers'
import { integritySuite } from './integrity-suite'
import { describePostgres, freshDatabase } from '../support/postgres'

describePostgres('integrity (PostgreSQL)', () => {
  let fresh: Awaited<ReturnType<typeof freshDatabase>> | undefined
  let url = ''
  const start = async (): Promise<TestServer> => {
    fresh = await freshDatabase('zsb_integrity')
    url = fresh.url
    const s = await startTestServer({ databaseUrl: fresh.url })
    return { ...s, close: async () => (await s.close(), await fresh?.drop()) }
  }
  integritySuite('postgres', start, () => url)
})
