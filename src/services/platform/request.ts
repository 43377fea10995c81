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
    Taro.request({
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
  })
