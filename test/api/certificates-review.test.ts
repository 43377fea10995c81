/** 人工核验 of hand-added certificates on the embedded database (PGlite); the same suite runs on PostgreSQL in certificates-review-postgres.test.ts. */
import { startCertServer } from './cert-support'
import { certificateReviewSuite } from './cert-review-suite'

describe('certificate 人工核验 (PGlite)', () => {
  certificateReviewSuite('pglite', () => startCertServer())
})
