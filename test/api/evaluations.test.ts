/** 职业技能等级认定 on PGlite (the suite: test/api/evaluations-suite.ts). */
import { startTestServer, type TestServer } from './helpers'
import { evaluationReminderTests, evaluationWorkerTests } from './evaluations-suite'

let server: TestServer
beforeAll(async () => {
  server = await startTestServer()
}, 60_000)
afterAll(async () => {
  await server?.close()
})

describe('职业技能等级认定 (PGlite)', () => {
  evaluationWorkerTests(() => server)
  evaluationReminderTests(() => server)
})
