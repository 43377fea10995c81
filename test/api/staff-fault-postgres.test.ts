/**
 * Staff sign-ups exactly once through a lossy network, on PostgreSQL (the test: staff-fault-suite.ts).
 * Opt-in: TEST_DATABASE_URL=postgres://… (npm test sets it).
 */
import { faultSuite } from './staff-fault-suite'

if (process.env.TEST_DATABASE_URL) faultSuite('PostgreSQL', process.env.TEST_DATABASE_URL)
else describe('staff sign-up exactly once (PostgreSQL)', () => test.skip('TEST_DATABASE_URL not set: PostgreSQL run skipped', () => undefined))
