import { ApiError, NetworkError, createHttpClient, type Transport, type TransportRequest, type TransportResponse } from '../../src/services/http'
import { createAuthedClient } from '../../src/services/http/authed'

import { scripted } from '../support/scripted-transport'

const ok = (data: unknown, status = 200): TransportResponse => ({ status, data })
const unauth = (): TransportResponse => ({ status: 401, data: { code: 'UNAUTHENTICATED', message: '登录已过期，请重新登录' } })

/** Mirrors the app wiring: relogin = wx.login code → POST /auth/wechat through the same transport. */
function setup(transport: Transport, opts: { code?: string | null; token?: string | null } = {}) {
  const http = createHttpClient({ baseUrl: 'https://api.example.cn', transport, sleep: async () => undefined })
  let token: string | null = opts.token === undefined ? 'old' : opts.token
  const code = opts.code === undefined ? 'wx-code' : opts.code
  const relogin = jest.fn(async () => {
    if (!code) return null
    const s = await http.post<{ token: string }>('/api/v1/auth/wechat', { code })
    token = s.token
    return token
  })
  const onUnauthenticated = jest.fn(() => {
    token = null
  })
  const client = createAuthedClient({ http, getToken: () => token, relogin, onUnauthenticated })
  return { client, relogin, onUnauthenticated, token: () => token }
}

const auth = (req: TransportRequest) => req.headers.Authorization

describe('authenticated calls', () => {
  it('sends the bearer token', async () => {
    const { calls, transport } = scripted(ok({ id: 'usr_1' }))
    const { client } = setup(transport)
    await expect(client.request('/api/v1/me')).resolves.toEqual({ id: 'usr_1' })
    expect(auth(calls[0])).toBe('Bearer old')
  })

  it('on 401 logs in silently once and retries the original call once with the new token', async () => {
    const { calls, transport } = scripted(unauth(), ok({ token: 'new' }), ok({ items: [] }))
    const { client, relogin, onUnauthenticated, token } = setup(transport)
    await expect(client.request('/api/v1/me/enrollments')).resolves.toEqual({ items: [] })
    expect(relogin).toHaveBeenCalledTimes(1)
    expect(onUnauthenticated).not.toHaveBeenCalled()
    expect(calls.map((c) => c.url.replace('https://api.example.cn', ''))).toEqual([
      '/api/v1/me/enrollments',
      '/api/v1/auth/wechat',
      '/api/v1/me/enrollments'
    ])
    expect(calls[1].body).toEqual({ code: 'wx-code' })
    expect(auth(calls[2])).toBe('Bearer new')
    expect(token()).toBe('new')
  })

  it('does not loop when the retried call is refused again: clears the session and throws the 401', async () => {
    const { calls, transport } = scripted(unauth(), ok({ token: 'new' }), unauth())
    const { client, relogin, onUnauthenticated } = setup(transport)
    const error = await client.request('/api/v1/me').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' })
    expect(relogin).toHaveBeenCalledTimes(1)
    expect(onUnauthenticated).toHaveBeenCalledTimes(1)
    expect(calls).toHaveLength(3)
  })

  it('does not loop when the re-login itself is refused with 401', async () => {
    const { calls, transport } = scripted(unauth(), unauth())
    const { client, relogin, onUnauthenticated, token } = setup(transport)
    const error = await client.request('/api/v1/me').catch((e: unknown) => e)
    expect(error).toMatchObject({ status: 401 })
    expect(relogin).toHaveBeenCalledTimes(1)
    expect(onUnauthenticated).toHaveBeenCalledTimes(1)
    expect(calls).toHaveLength(2)
    expect(token()).toBeNull()
  })

  it('H5 (no silent login): clears the session and throws so the page can send the user to login', async () => {
    const { calls, transport } = scripted(unauth())
    const { client, onUnauthenticated } = setup(transport, { code: null })
    await expect(client.request('/api/v1/me')).rejects.toMatchObject({ status: 401 })
    expect(onUnauthenticated).toHaveBeenCalledTimes(1)
    expect(calls).toHaveLength(1)
  })

  it('without any token: tries silent login first, and fails without a request when that is impossible', async () => {
    const none = scripted()
    const h5 = setup(none.transport, { code: null, token: null })
    await expect(h5.client.request('/api/v1/me')).rejects.toMatchObject({ status: 401, code: 'UNAUTHENTICATED' })
    expect(none.calls).toHaveLength(0)

    const { calls, transport } = scripted(ok({ token: 't1' }), ok({ id: 'usr_1' }))
    const weapp = setup(transport, { token: null })
    await expect(weapp.client.request('/api/v1/me')).resolves.toEqual({ id: 'usr_1' })
    expect(auth(calls[1])).toBe('Bearer t1')
  })

  it('shares one re-login between calls that fail together', async () => {
    const { transport } = scripted(unauth(), unauth(), ok({ token: 'new' }), ok(1), ok(2))
    const { client, relogin } = setup(transport)
    await Promise.all([client.request('/a'), client.request('/b')])
    expect(relogin).toHaveBeenCalledTimes(1)
  })

  it('other errors pass through without re-login', async () => {
    const { transport } = scripted({ status: 409, data: { code: 'COURSE_FULL', message: '名额已满' } })
    const { client, relogin } = setup(transport)
    await expect(client.request('/api/v1/enrollments', { method: 'POST', body: {} })).rejects.toMatchObject({ code: 'COURSE_FULL', message: '名额已满' })
    expect(relogin).not.toHaveBeenCalled()
  })
})

describe('Idempotency-Key', () => {
  it('is reused across network retries and across the retry after re-login', async () => {
    const { calls, transport } = scripted(
      new NetworkError('timeout'),
      { status: 503, data: { code: 'X', message: '忙' } },
      unauth(),
      ok({ token: 'new' }),
      ok({ id: 'enr_1' }, 201)
    )
    const { client } = setup(transport)
    const key = 'k-123'
    await expect(
      client.request('/api/v1/enrollments', { method: 'POST', body: { courseId: 'crs_1' }, headers: { 'Idempotency-Key': key } })
    ).resolves.toEqual({ id: 'enr_1' })
    const enrollCalls = calls.filter((c) => c.url.endsWith('/api/v1/enrollments'))
    expect(enrollCalls).toHaveLength(4)
    expect(enrollCalls.map((c) => c.headers['Idempotency-Key'])).toEqual([key, key, key, key])
  })

  it('a POST without a key is never retried on a network failure', async () => {
    const { calls, transport } = scripted(new NetworkError('timeout'))
    const { client } = setup(transport)
    await expect(client.request('/api/v1/enrollments/enr_1/cancel', { method: 'POST' })).rejects.toBeInstanceOf(NetworkError)
    expect(calls).toHaveLength(1)
  })
})
