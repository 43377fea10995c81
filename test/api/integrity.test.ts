/** Integrity of the money path on the embedded database (PGlite); the same suite runs on PostgreSQL in integrity-postgres.test.ts. */
import { startTestServer } from './helpers'
import { integritySuite } from './integrity-suite'

describe('integrity (PGlite)', () => {
  integritySuite('pglite', () => startTestServer())
})
