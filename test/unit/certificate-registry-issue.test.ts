/**
 * The production certificate registry adapter's issuance call: what it sends (URL, method, headers, body) and
 * how it reads the answer; every failure is a RegistryUnavailableError (the pass then waits for the next sweep).
 */
import { realCertificateRegistry, RegistryUnavailableError, type IssueRequest } from '../../server/adapters/certificate-registry'

const REQ: IssueRequest = {
  requestId: 'evr_abc123',
  holderName: '赵小满',
  idNumber: '140302199203150021',
  occupationCode: '4-10-01-05',
  occupationName: '养老护理员',
  level: '4',
  issuedOn: '2026-12-09',
  issuer: '阳泉市城区职业培训学校',
  evaluatorId: 'ins_001a',
  regionCode: '140302'
}

function fakeFetch(answer: () => Response) {
  const calls: { url: string; init: RequestInit }[] = []
  const fn = (async (url: string | URL, init?: RequestInit) => {
    calls.push({ url: String(url), init: init ?? {} })
    return answer()
  }) as typeof fetch
  return { fn, calls }
}

test('POSTs the pass to <CERT_REGISTRY_URL>/issue with the bearer token and Idempotency-Key; returns the assigned certificate', async () => {
  const cert = { number: 'S000114000021264000123', holderName: '赵小满', kind: 'skill_level', occupationCode: '4-10-01-05', occupationName: '养老护理员', level: '4', issuedOn: '2026-12-09', issuer: 'x' }
  const f = fakeFetch(() => new Response(JSON.stringify({ certificate: cert }), { status: 201, headers: { 'content-type': 'application/json' } }))
  const registry = realCertificateRegistry({ url: 'https://registry.example.cn/api/certificates/', token: 'T0K', fetchImpl: f.fn })
  expect(await registry.issue(REQ)).toEqual(cert)
  expect(f.calls).toHaveLength(1)
  const { url, init } = f.calls[0]
  expect(url).toBe('https://registry.example.cn/api/certificates/issue')
  expect(init.method).toBe('POST')
  const headers = init.headers as Record<string, string>
  expect(headers.authorization).toBe('Bearer T0K')
  expect(headers['idempotency-key']).toBe('evr_abc123')
  expect(JSON.parse(String(init.body))).toEqual({
    requestId: 'evr_abc123',
    name: '赵小满',
    idNumber: '140302199203150021',
    certificate: { kind: 'skill_level', occupationCode: '4-10-01-05', occupationName: '养老护理员', level: '4', issuedOn: '2026-12-09', issuer: '阳泉市城区职业培训学校' }
  })
})

test('CERT_REGISTRY_ISSUE_URL overrides the path; it must be https', async () => {
  const f = fakeFetch(() => new Response(JSON.stringify({ certificate: { number: 'S1' } }), { status: 200 }))
  await realCertificateRegistry({ url: 'https://r.example.cn/q', issueUrl: 'https://r.example.cn/report', fetchImpl: f.fn }).issue(REQ)
  expect(f.calls[0].url).toBe('https://r.example.cn/report')
  expect(() => realCertificateRegistry({ url: 'https://r.example.cn/q', issueUrl: 'http://r.example.cn/report' })).toThrow(/https/)
})

test.each([
  ['a server error', () => new Response('oops', { status: 502 })],
  ['an answer without a number', () => new Response(JSON.stringify({ certificate: {} }), { status: 200 })],
  ['a 404', () => new Response('', { status: 404 })]
])('%s is RegistryUnavailableError', async (_name, answer) => {
  const f = fakeFetch(answer)
  await expect(realCertificateRegistry({ url: 'https://r.example.cn/q', fetchImpl: f.fn }).issue(REQ)).rejects.toBeInstanceOf(RegistryUnavailableError)
})

test('a network failure is RegistryUnavailableError', async () => {
  const failing = (async () => {
    throw new TypeError('fetch failed')
  }) as typeof fetch
  await expect(realCertificateRegistry({ url: 'https://r.example.cn/q', fetchImpl: failing }).issue(REQ)).rejects.toBeInstanceOf(RegistryUnavailableError)
})
