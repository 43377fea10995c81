/**
 * 职业技能等级认定 on PostgreSQL (true concurrency for the seat race): the same suite as the PGlite test on a
 * fresh database. Opt-in: TEST_DATABASE_URL=postgres://… — skipped otherwise.
 */
import { freshDatabase, describePostgres } from '../support/postgres'
import { startTestServer, type TestServer } from './helpers'
import { evaluationReminderTests, evaluationWorkerTests, evaluatorTests } from './evaluations-suite'

describePostgres('职业技能等级认定 (PostgreSQL)', () => {
  let server: TestServer
  let fresh: Awaited<ReturnType<typeof freshDatabase>>
  beforeAll(async () => {
    fresh = await freshDatabase('zsb_evaluations')
    server = await startTestServer({ databaseUrl: fresh.url })
  }, 60_000)
  afterAll(async () => {
    await server?.close()
    await fresh?.drop()
  })
  // one describe each: a block's beforeAll runs when its tests start, after the earlier blocks moved the clock
  describe('worker side', () => evaluationWorkerTests(() => server))
  describe('考前提醒', () => evaluationReminderTests(() => server))
  describe('evaluator side', () => evaluatorTests(() => server))
})
