/**
 * 人工核验 of hand-added certificates on a real PostgreSQL server (row locks make the concurrent decisions a
 * real race). Opt-in: TEST_DATABASE_URL=postgres://… (npm test sets it). Skipped otherwise.
 */
import { startCertServer } from './cert-support'
import { certificateReviewSuite } from './cert-review-suite'

const url = process.env.TEST_DATABASE_URL
const maybe = url ? describe : describe.skip
if (!url) console.log('certificates-review-postgres: skipped (TEST_DATABASE_URL not set)')

maybe('certificate 人工核验 (PostgreSQL)', () => {
  certificateReviewSuite('postgres', () => startCertServer({ databaseUrl: url }))
})
