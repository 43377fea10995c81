import { ApiError, NetworkError, NETWORK_MESSAGE, buildQuery, createHttpClient, type Transport, type TransportResponse } from '../../src/services/http'
import { scripted } from '../support/scripted-transport'

const ok = (data: unknown): TransportResponse => ({ status: 200, data })
const fail = (status: number, code = 'X', message = '出错了'): TransportResponse => ({ status, data: { code, message } })
const noSleep = async () => undefined

function client(transport: Transport, extra: Partial<Parameters<typeof createHttpClient>[0]> = {}) {
  return createHttpClient({ baseUrl: 'https://api.example.cn', transport, sleep: noSleep, ...extra })
}

describe('http client', () => {
  it('returns the body of a 2xx response and builds the URL', async () => {
    const { calls, transport } = scripted(ok({ items: [] }))
    await expect(client(transport).get('/api/v1/courses', { q: '家政', limit: 10 })).resolves.toEqual({ items: [] })
    expect(calls[0].url).toBe('https://api.example.cn/api/v1/courses?q=%E5%AE%B6%E6%94%BF&limit=10')
    expect(calls[0].method).toBe('GET')
    expect(calls[0].timeoutMs).toBe(15_000)
  })

  it('turns a 4xx into an ApiError carrying the server code and Chinese message', async () => {
    const { transport } = scripted(fail(400, 'VALIDATION_FAILED', '纬度应在 -90 到 90 之间'))
    const error = await client(transport).get('/x').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect(error).not.toBeInstanceOf(NetworkError)
    expect(error).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', message: '纬度应在 -90 到 90 之间' })
  })

  it('gives a readable Chinese message when the error body is not JSON', async () => {
    const { transport } = scripted({ status: 502, data: '<html>Bad Gateway</html>' })
    const error = await client(transport, { maxRetries: 0 }).get('/x').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).status).toBe(502)
    expect((error as ApiError).code).toBe('HTTP_502')
    expect((error as ApiError).message).toMatch(/请稍后再试/)
  })

  it('turns a transport failure into a NetworkError with the network message', async () => {
    const { transport } = scripted(new Error('request:fail errno 600001'))
    const error = await client(transport, { maxRetries: 0 }).get('/x').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(NetworkError)
    expect(error).not.toBeInstanceOf(ApiError)
    expect((error as NetworkError).message).toBe(NETWORK_MESSAGE)
    expect(NETWORK_MESSAGE).toBe('网络不太好，请稍后再试')
  })

  it('times out a request that never answers', async () => {
    const transport: Transport = () => new Promise(() => undefined)
    const error = await client(transport, { timeoutMs: 20, maxRetries: 0 }).get('/x').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(NetworkError)
    expect((error as NetworkError).reason).toBe('timeout')
  })

  it('retries a GET after a network error and a 5xx, then succeeds', async () => {
    const sleeps: number[] = []
    const { calls, transport } = scripted(new Error('offline'), fail(503), ok('done'))
    const result = await client(transport, { sleep: async (ms) => void sleeps.push(ms), backoffMs: 100 }).get('/x')
    expect(result).toBe('done')
    expect(calls).toHaveLength(3)
    expect(sleeps).toEqual([100, 200])
  })

  it('retries a 429 for a GET', async () => {
    const { calls, transport } = scripted(fail(429, 'RATE_LIMITED', '请求太频繁'), ok(1))
    await expect(client(transport).get('/x')).resolves.toBe(1)
    expect(calls).toHaveLength(2)
  })

  it('gives up after 2 retries (3 attempts) and throws the last error', async () => {
    const { calls, transport } = scripted(fail(500), fail(500), fail(500, 'INTERNAL', '服务出错了'), ok('never'))
    const error = await client(transport).get('/x').catch((e: unknown) => e)
    expect(calls).toHaveLength(3)
    expect(error).toMatchObject({ status: 500, message: '服务出错了' })
  })

  it.each([400, 401, 403, 404, 409, 422])('does not retry a GET answered %i', async (status) => {
    const { calls, transport } = scripted(fail(status), ok('never'))
    await expect(client(transport).get('/x')).rejects.toBeInstanceOf(ApiError)
    expect(calls).toHaveLength(1)
  })

  it('does not retry a POST without an Idempotency-Key', async () => {
    const { calls, transport } = scripted(new Error('offline'), ok('never'))
    await expect(client(transport).post('/api/v1/enrollments', { a: 1 })).rejects.toBeInstanceOf(NetworkError)
    expect(calls).toHaveLength(1)

    const again = scripted(fail(503), ok('never'))
    await expect(client(again.transport).post('/x', {})).rejects.toBeInstanceOf(ApiError)
    expect(again.calls).toHaveLength(1)
  })

  it('retries a POST that carries an Idempotency-Key, sending the same key and body each time', async () => {
    const { calls, transport } = scripted(new Error('offline'), fail(502), ok({ id: 'enr_1' }))
    const result = await client(transport).post('/api/v1/enrollments', { courseId: 'crs_1' }, { headers: { 'Idempotency-Key': 'k-123' } })
    expect(result).toEqual({ id: 'enr_1' })
    expect(calls).toHaveLength(3)
    for (const c of calls) {
      expect(c.method).toBe('POST')
      expect(c.headers['Idempotency-Key']).toBe('k-123')
      expect(c.headers['Content-Type']).toBe('application/json')
      expect(c.body).toEqual({ courseId: 'crs_1' })
    }
  })

  it('does not retry a keyed POST answered 400', async () => {
    const { calls, transport } = scripted(fail(400), ok('never'))
    await expect(client(transport).post('/x', {}, { headers: { 'idempotency-key': 'k' } })).rejects.toBeInstanceOf(ApiError)
    expect(calls).toHaveLength(1)
  })

  it('works with a same-origin base URL', async () => {
    const { calls, transport } = scripted(ok(null))
    await createHttpClient({ baseUrl: '', transport }).get('/api/v1/regions')
    expect(calls[0].url).toBe('/api/v1/regions')
  })
})

describe('buildQuery', () => {
  it('encodes keys and values and drops undefined, null and empty strings', () => {
    expect(buildQuery({ q: 'a b&c=d/中', lat: 31.23, region: undefined, cursor: null, category: '' })).toBe(
      '?q=a%20b%26c%3Dd%2F%E4%B8%AD&lat=31.23'
    )
  })

  it('writes booleans and zero, repeats arrays, and returns empty for nothing', () => {
    expect(buildQuery({ subsidizedOnly: true, hasSeats: false, radiusKm: 0 })).toBe('?subsidizedOnly=true&hasSeats=false&radiusKm=0')
    expect(buildQuery({ schedule: ['evening', 'weekend'] })).toBe('?schedule=evening&schedule=weekend')
    expect(buildQuery({})).toBe('')
    expect(buildQuery(undefined)).toBe('')
    expect(buildQuery({ a: undefined })).toBe('')
  })

  it('drops non-finite numbers', () => {
    expect(buildQuery({ lat: Number.NaN, lng: Infinity })).toBe('')
  })
})
