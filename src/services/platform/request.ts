/** Default HTTP transport: Taro.request (wx.request on weapp, fetch on H5). */
import Taro from '@tarojs/taro'
import { NetworkError } from '../http/errors'
import type { Transport, TransportResponse } from '../http/types'
import { takePrefetched } from './prefetch'

export const taroTransport: Transport = (req) => {
  const early = req.method === 'GET' ? takePrefetched(req.url) : null
  // A response the H5 shell requested in parallel with the JS; if it failed, ask again normally.
  return early ? early.then((r) => r as TransportResponse, () => send(req)) : send(req)
}

const send: Transport = (req) =>
  new Promise((resolve, reject) => {
    const task: unknown = Taro.request({
      url: req.url,
      method: req.method,
      header: req.headers,
      data: req.body as never,
      timeout: req.timeoutMs,
      dataType: 'json',
      success: (res) => resolve({ status: res.statusCode, data: res.data }),
      fail: (err: { errMsg?: string; errno?: number }) => {
        const msg = String(err?.errMsg ?? '')
        reject(new NetworkError(/timeout/i.test(msg) ? 'timeout' : 'offline', err))
      }
    })
    // Taro's H5 request calls `fail` AND returns a promise rejected with the same error ('Failed to fetch'
    // offline); `fail` has already turned it into a NetworkError the caller handles, so the second copy is
    // settled here instead of surfacing as an unhandled rejection. (weapp's promise is settled the same way.)
    if (task && typeof (task as Promise<unknown>).catch === 'function') (task as Promise<unknown>).catch(() => undefined)
  })
