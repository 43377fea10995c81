/** 亲情代办 on the phone: X-Act-For is added in the one authed client; asSelf leaves it out; an ended relationship stops acting. */
import { ApiError, createHttpClient, type TransportResponse } from '../../src/services/http'
import { createAuthedClient } from '../../src/services/http/authed'
import { actedByText, actingBarText, relationLabel } from '../../src/domain/proxy'
import { scripted } from '../support/scripted-transport'

const ok = (data: unknown): TransportResponse => ({ status: 200, data })
const ended = (): TransportResponse => ({ status: 403, data: { code: 'PROXY_ENDED', message: '对方已结束代办授权，你不能再替对方办理' } })
const forbidden = (): TransportResponse => ({ status: 403, data: { code: 'PROXY_FORBIDDEN', message: '这件事只能由本人办理，请让对方用自己的手机操作' } })

function setup(responses: TransportResponse[], acting: string | null) {
  const { calls, transport } = scripted(...responses)
  const http = createHttpClient({ baseUrl: 'https://api.example.cn', transport, sleep: async () => undefined })
  let actingFor = acting
  const onActingEnded = jest.fn(() => {
    actingFor = null
  })
  const client = createAuthedClient({ http, getToken: () => 'tok', relogin: async () => null, onUnauthenticated: () => undefined, getActingFor: () => actingFor, onActingEnded })
  return { calls, client, onActingEnded, acting: () => actingFor }
}

describe('X-Act-For', () => {
  it('is sent on every call while acting, with the token', async () => {
    const { calls, client } = setup([ok({ items: [] }), ok({ id: 'enr_1' })], 'usr_mother')
    await client.request('/api/v1/me/enrollments')
    await client.request('/api/v1/enrollments', { method: 'POST', body: { courseId: 'crs_1' }, headers: { 'Idempotency-Key': 'k'.repeat(16) } })
    expect(calls.map((c) => [c.headers['X-Act-For'], c.headers.Authorization])).toEqual([
      ['usr_mother', 'Bearer tok'],
      ['usr_mother', 'Bearer tok']
    ])
  })

  it('is not sent when not acting, nor on calls made as oneself', async () => {
    const notActing = setup([ok({})], null)
    await notActing.client.request('/api/v1/me')
    expect(notActing.calls[0].headers['X-Act-For']).toBeUndefined()
    const self = setup([ok({ items: [] })], 'usr_mother')
    await self.client.request('/api/v1/me/principals', { asSelf: true })
    expect(self.calls[0].headers['X-Act-For']).toBeUndefined()
    expect('asSelf' in self.calls[0]).toBe(false)
  })

  it('PROXY_ENDED stops acting and the error reaches the page; PROXY_FORBIDDEN does not stop acting', async () => {
    const { client, onActingEnded, acting } = setup([forbidden(), ended()], 'usr_mother')
    await expect(client.request('/api/v1/me/data-export')).rejects.toMatchObject({ status: 403, code: 'PROXY_FORBIDDEN' })
    expect(acting()).toBe('usr_mother')
    const error = await client.request('/api/v1/me/claims').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).message).toBe('对方已结束代办授权，你不能再替对方办理')
    expect(onActingEnded).toHaveBeenCalledTimes(1)
    expect(acting()).toBeNull()
  })
})

describe('how a relative is named', () => {
  it.each([
    ['child', 'female', '女儿'],
    ['child', 'male', '儿子'],
    ['child', null, '子女'],
    ['parent', 'female', '母亲'],
    ['sibling', 'male', '兄弟'],
    ['spouse', 'female', '配偶'],
    ['village_helper', 'male', '村/社区帮办员']
  ] as const)('%s (%s) → %s', (relation, gender, label) => {
    expect(relationLabel(relation, gender)).toBe(label)
  })
  it('the tag and the bar', () => {
    expect(actedByText('女儿', '138****2002')).toBe('由 女儿 138****2002 代办')
    expect(actingBarText('王*英')).toBe('正在为 王*英 办理')
  })
})
