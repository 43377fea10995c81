/**
 * A small WeChat stand-in for the real ContentSafety adapter's tests: a node http server speaking the three
 * endpoints the adapter calls — `cgi-bin/stable_token`, `wxa/msg_sec_check`, `wxa/media_check_async` — with
 * WeChat's shapes and error codes (42001 expired token), and, when a test says so, the verdict push: it fetches
 * the photo from the media_url it was given (as WeChat does) and POSTs the signed JSON push to our callback.
 */
import http from 'node:http'
import { createHash, randomBytes } from 'node:crypto'
import type { AddressInfo } from 'node:net'

export interface MediaSubmission {
  traceId: string
  media_url: string
  media_type: number
  version: number
  scene: number
  openid: string
}

export interface FakeWechat {
  base: string
  /** every msg_sec_check body received */
  texts: { content: string; version: number; scene: number; openid: string }[]
  media: MediaSubmission[]
  /** stable_token calls, with their force_refresh flag */
  tokenCalls: { force: boolean }[]
  /** while true every endpoint answers 503 */
  down: boolean
  /** the token handed out so far stops working (WeChat answers 42001 until a new one is fetched) */
  expireToken(): void
  /** set: the next media_check_async pushes this verdict BEFORE answering with the trace id (a push that overtakes) */
  pushFirst: 'pass' | 'risky' | null
  /** text containing any of these words is 'risky' */
  riskyWords: string[]
  /** fetches the photo like WeChat, then pushes the verdict to `callbackUrl`; returns the photo fetch status and the push's answer */
  push(traceId: string, suggest: 'pass' | 'risky' | 'review', opts?: { token?: string; timestamp?: number }): Promise<{ photoStatus: number; photoType: string | null; pushStatus: number; pushBody: string }>
  close(): Promise<void>
}

export function pushSignature(token: string, timestamp: string, nonce: string): string {
  return createHash('sha1').update([token, timestamp, nonce].sort().join('')).digest('hex')
}

export async function startFakeWechat(opts: { appId: string; secret: string; pushToken: string; callbackUrl: () => string }): Promise<FakeWechat> {
  let token = ''
  let tokenN = 0
  const expired = new Set<string>()
  const read = (req: http.IncomingMessage) =>
    new Promise<any>((resolve) => {
      const chunks: Buffer[] = []
      req.on('data', (c) => chunks.push(c))
      req.on('end', () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'))
        } catch {
          resolve({})
        }
      })
    })
  const send = (res: http.ServerResponse, status: number, body: object) => {
    res.writeHead(status, { 'content-type': 'application/json' })
    res.end(JSON.stringify(body))
  }
  const fake: FakeWechat = {
    base: '',
    texts: [],
    media: [],
    tokenCalls: [],
    down: false,
    pushFirst: null,
    riskyWords: ['违规词'],
    expireToken() {
      expired.add(token)
    },
    async push(traceId, suggest, o = {}) {
      const m = fake.media.find((x) => x.traceId === traceId)
      if (!m) throw new Error(`no media submission with trace ${traceId}`)
      const photo = await fetch(m.media_url)
      await photo.arrayBuffer()
      const timestamp = String(o.timestamp ?? Math.floor(Date.now() / 1000))
      const nonce = randomBytes(6).toString('hex')
      const signature = pushSignature(o.token ?? opts.pushToken, timestamp, nonce)
      const body = {
        ToUserName: 'gh_fake',
        FromUserName: 'o_system',
        CreateTime: Number(timestamp),
        MsgType: 'event',
        Event: 'wxa_media_check',
        appid: opts.appId,
        trace_id: traceId,
        version: 2,
        detail: [{ strategy: 'content_model', errcode: 0, suggest, label: suggest === 'pass' ? 100 : 20002, prob: 90 }],
        errcode: 0,
        errmsg: 'ok',
        result: { suggest, label: suggest === 'pass' ? 100 : 20002 }
      }
      const r = await fetch(`${opts.callbackUrl()}?signature=${signature}&timestamp=${timestamp}&nonce=${nonce}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body)
      })
      return { photoStatus: photo.status, photoType: photo.headers.get('content-type'), pushStatus: r.status, pushBody: await r.text() }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve()))
  }
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake')
    const body = await read(req)
    if (fake.down) return send(res, 503, { errcode: -1, errmsg: 'system error' })
    if (req.method === 'POST' && url.pathname === '/cgi-bin/stable_token') {
      if (body.appid !== opts.appId || body.secret !== opts.secret || body.grant_type !== 'client_credential') return send(res, 200, { errcode: 40125, errmsg: 'invalid appsecret' })
      fake.tokenCalls.push({ force: body.force_refresh === true })
      if (!token || expired.has(token) || body.force_refresh === true) token = `tok-${++tokenN}`
      return send(res, 200, { access_token: token, expires_in: 7200 })
    }
    const access = url.searchParams.get('access_token')
    if (url.pathname === '/wxa/msg_sec_check' || url.pathname === '/wxa/media_check_async') {
      if (access && expired.has(access)) return send(res, 200, { errcode: 42001, errmsg: 'access_token expired' })
      if (access !== token) return send(res, 200, { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' })
    }
    if (req.method === 'POST' && url.pathname === '/wxa/msg_sec_check') {
      if (body.version !== 2 || !body.openid || typeof body.content !== 'string') return send(res, 200, { errcode: 47001, errmsg: 'data format error' })
      fake.texts.push(body)
      const risky = fake.riskyWords.some((w) => body.content.includes(w))
      return send(res, 200, {
        errcode: 0,
        errmsg: 'ok',
        trace_id: randomBytes(8).toString('hex'),
        result: { suggest: risky ? 'risky' : 'pass', label: risky ? 20001 : 100 },
        detail: [{ strategy: 'content_model', errcode: 0, suggest: risky ? 'risky' : 'pass', label: risky ? 20001 : 100 }]
      })
    }
    if (req.method === 'POST' && url.pathname === '/wxa/media_check_async') {
      if (body.version !== 2 || !body.openid || typeof body.media_url !== 'string' || body.media_type !== 2) return send(res, 200, { errcode: 47001, errmsg: 'data format error' })
      const traceId = `trace-${randomBytes(8).toString('hex')}`
      fake.media.push({ traceId, ...body })
      if (fake.pushFirst) {
        const suggest = fake.pushFirst
        fake.pushFirst = null
        await fake.push(traceId, suggest)
      }
      return send(res, 200, { errcode: 0, errmsg: 'ok', trace_id: traceId })
    }
    send(res, 404, { errcode: 404, errmsg: 'not found' })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  fake.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return fake
}
