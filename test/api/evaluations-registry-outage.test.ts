/**
 * A pass while the certificate registry does not answer: the result is recorded, the certificate waits, and the
 * due-work sweep issues it once the registry is back — one certificate and one message, however often it runs.
 */
import { devCertificateRegistry, RegistryUnavailableError, type CertificateRegistry } from '../../server/adapters'
import { todayInChina } from '../../src/domain/format'
import { addDaysIso, readyWorker, startTestServer, type TestServer } from './helpers'
import { clockToday, demoEvaluator, fixtureBatch } from './evaluations-suite'

let server: TestServer
let registryDown = true
let issueCalls = 0

beforeAll(async () => {
  let inner: CertificateRegistry | null = null
  const registry: CertificateRegistry = {
    kind: 'dev',
    findByHolder: (n, id) => inner!.findByHolder(n, id),
    findByNumber: (n) => inner!.findByNumber(n),
    async issue(req) {
      issueCalls++
      if (registryDown) throw new RegistryUnavailableError('http 503')
      return inner!.issue(req)
    }
  }
  server = await startTestServer({ certificateRegistry: registry })
  inner = devCertificateRegistry({ db: server.db, today: () => todayInChina() })
}, 60_000)
afterAll(async () => {
  await server?.close()
})

test('registry down at the results: recorded, certificate pending; the sweep issues it once the registry answers', async () => {
  const today = await clockToday(server)
  const staff = await demoEvaluator(server)
  const batchId = await fixtureBatch(server, { id: 'evb_out', institutionId: staff.id, occupationCode: '6-18-02-04', occupationName: '焊工', level: '5', examOn: addDaysIso(today, 1), seats: 5 })
  const worker = await readyWorker(server, 'evl-outage', 901)
  const reg = await server.post(`/api/v1/evaluations/${batchId}/registrations`, undefined, { token: worker, headers: { 'idempotency-key': 'evl-outage-key-1' } })
  expect(reg.status).toBe(201)
  await server.post('/api/v1/dev/clock', { days: 1 })

  const res = await server.post(`/api/v1/institution/evaluations/${batchId}/results`, { results: [{ registrationId: reg.body.id, passed: true, score: 88 }] }, { token: staff.token })
  expect(res.status).toBe(200)
  expect(res.body).toEqual(expect.objectContaining({ recorded: 1, issued: 0 }))
  expect(res.body.batch.candidates[0]).toEqual(expect.objectContaining({ status: 'passed', certificateNumber: null }))
  expect(issueCalls).toBeGreaterThanOrEqual(1)
  const mine = async () => (await server.get('/api/v1/me/evaluations', { token: worker })).body.items[0]
  expect((await mine()).nextStep).toContain('证书正在发放')
  const passMessages = async () =>
    ((await server.get('/api/v1/me/inbox?limit=50', { token: worker })).body.items as { kind: string; title: string }[]).filter((m) => m.title.startsWith('考核通过'))
  expect(await passMessages()).toEqual([])

  // still down: the sweep tries and leaves it waiting
  expect((await server.app.jobs.runDueWork())['evaluations.certificatesIssued']).toBe(0)
  registryDown = false
  expect((await server.app.jobs.runDueWork())['evaluations.certificatesIssued']).toBe(1)
  expect((await server.app.jobs.runDueWork())['evaluations.certificatesIssued']).toBe(0)
  const after = await mine()
  expect(after.certificateNumber).toMatch(/^S[0-9]{21}$/)
  expect(await passMessages()).toHaveLength(1)
  const lookup = await server.post('/api/v1/me/certificates/lookup', undefined, { token: worker })
  expect(lookup.body.items.find((c: { number: string }) => c.number === after.certificateNumber)?.verification).toBe('verified')
})
