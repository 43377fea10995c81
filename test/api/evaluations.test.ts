/** 职业技能等级认定 on PGlite (the suite: test/api/evaluations-suite.ts). */
import { startTestServer, type TestServer } from './helpers'
import { evaluationReminderTests, evaluationWorkerTests, evaluatorTests } from './evaluations-suite'

let server: TestServer
beforeAll(async () => {
  server = await startTestServer()
}, 60_000)
afterAll(async () => {
  await server?.close()
})

describe('职业技能等级认定 (PGlite)', () => {
  // one describe each: a block's beforeAll runs when its tests start, after the earlier blocks moved the clock
  describe('worker side', () => evaluationWorkerTests(() => server))
  describe('考前提醒', () => evaluationReminderTests(() => server))
  describe('evaluator side', () => evaluatorTests(() => server))
})
