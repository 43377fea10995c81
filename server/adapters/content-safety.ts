/**
 * ContentSafety (内容安全): WeChat requires user-generated text and images a mini program shows to be checked.
 * - dev (`CONTENT_SAFETY_ADAPTER=dev`, default outside production): no network. Text containing 「内容安全测试」
 *   is risky, anything else passes. Photos pass, but through the same asynchronous path as the real one: a
 *   trace id now, the verdict a moment later through `onMediaResult` — so 待检测 exists in development too.
 * - real (default in production): WeChat `msgSecCheck` v2 for text (answer in the call) and `mediaCheckAsync`
 *   v2 for photos (a trace id now; WeChat fetches the photo from `mediaUrl` and pushes the verdict to our
 *   callback, server/safety/routes.ts). Access token from the stable-token endpoint, cached, renewed on
 *   40001/42001/40014. `WX_API_BASE` points it elsewhere (tests run a fake WeChat server).
 * Any network failure, timeout or unexpected WeChat error is a ContentSafetyUnavailableError: callers decide
 * (text fails closed with a 503, photos stay 待检测 and are sent again by the sweep).
 */
import { randomBytes } from 'node:crypto'

/** WeChat's scene numbers: 1 资料, 2 评论, 3 论坛, 4 社交日志 */
export type SafetyScene = 1 | 2 | 3 | 4
export type Suggest = 'pass' | 'review' | 'risky'

export interface TextVerdict {
  suggest: Suggest
  /** WeChat's label (100 = normal, 20001 时政, 20002 色情, …); 0 when unknown */
  label: number
  traceId: string | null
}

export interface MediaResult {
  traceId: string
  suggest: Suggest
  label: number
}

export class ContentSafetyUnavailableError extends Error {
  constructor(detail: string) {
    super(`content safety unavailable: ${detail}`)
  }
}

export interface ContentSafety {
  readonly kind: 'dev' | 'real'
  checkText(input: { content: string; scene: SafetyScene; openid: string | null }): Promise<TextVerdict>
  /** Starts an asynchronous photo check; the verdict arrives later (dev: onMediaResult; real: the callback route). */
  submitMedia(input: { mediaUrl: string; scene: SafetyScene; openid: string | null }): Promise<{ traceId: string }>
  /** Verdicts the adapter produces itself (dev); the real adapter's arrive at the callback route instead. */
  onMediaResult(listener: (r: MediaResult) => void | Promise<void>): void
  /** Resolves when every verdict the adapter is still delivering has been handled (graceful close, tests). */
  idle(): Promise<void>
}

/** The marker the development adapter refuses, so the refusal path is testable end to end. */
export const DEV_UNSAFE_MARKER = '内容安全测试'
/** msgSecCheck takes at most 2500 characters per call */
export const TEXT_CHUNK = 2500

export function devContentSafety(): ContentSafety {
  const listeners: ((r: MediaResult) => void | Promise<void>)[] = []
  const inFlight = new Set<Promise<void>>()
  return {
    kind: 'dev',
    async checkText({ content }) {
      return content.includes(DEV_UNSAFE_MARKER) ? { suggest: 'risky', label: 20001, traceId: null } : { suggest: 'pass', label: 100, traceId: null }
    },
    async submitMedia() {
      const traceId = `dev_${randomBytes(12).toString('hex')}`
      // a moment later, like WeChat's push — possibly before the caller has stored the trace id, which the
      // service handles (server/safety: early verdicts wait for their submission)
      const p = new Promise<void>((resolve) => setImmediate(resolve))
        .then(async () => {
          for (const l of listeners) await l({ traceId, suggest: 'pass', label: 100 })
        })
        .catch(() => undefined)
        .finally(() => inFlight.delete(p))
      inFlight.add(p)
      return { traceId }
    },
    onMediaResult(listener) {
      listeners.push(listener)
    },
    async idle() {
      while (inFlight.size > 0) await Promise.all([...inFlight])
    }
  }
}

export interface RealContentSafetyOptions {
  appId: string
  secret: string
  /** openid used when the author has none (H5 / SMS login, anonymous 异议): WeChat v2 requires one */
  fallbackOpenid: string
  /** default https://api.weixin.qq.com */
  apiBase?: string
  fetchImpl?: typeof fetch
  timeoutMs?: number
}

interface WxBody {
  errcode?: number
  errmsg?: string
  access_token?: string
  expires_in?: number
  trace_id?: string
  result?: { suggest?: string; label?: number }
}

const TOKEN_ERRORS = new Set([40001, 42001, 40014])

/**
 * The server-side access token through `cgi-bin/stable_token`: every instance gets the same token while it is
 * valid (the plain `cgi-bin/token` would invalidate the other instances' tokens). A token WeChat calls
 * invalid or expired is renewed once with force_refresh.
 */
export function stableAccessToken(opts: { appId: string; secret: string; apiBase: string; fetchImpl: typeof fetch; timeoutMs: number; now?: () => number }) {
  const now = opts.now ?? Date.now
  let cached: { value: string; until: number } | null = null
  let pending: Promise<string> | null = null
  async function fetchToken(force: boolean): Promise<string> {
    let body: WxBody
    try {
      const res = await opts.fetchImpl(`${opts.apiBase}/cgi-bin/stable_token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ grant_type: 'client_credential', appid: opts.appId, secret: opts.secret, force_refresh: force }),
        signal: AbortSignal.timeout(opts.timeoutMs)
      })
      if (!res.ok) throw new ContentSafetyUnavailableError(`token http ${res.status}`)
      body = (await res.json()) as WxBody
    } catch (err) {
      if (err instanceof ContentSafetyUnavailableError) throw err
      throw new ContentSafetyUnavailableError(`token ${(err as Error).name}`)
    }
    if (!body.access_token) throw new ContentSafetyUnavailableError(`token errcode ${body.errcode ?? '?'}`)
    // renew five minutes early so a call never carries a token that expires on the way
    cached = { value: body.access_token, until: now() + Math.max(60, (body.expires_in ?? 7200) - 300) * 1000 }
    return cached.value
  }
  return {
    async get(): Promise<string> {
      if (cached && cached.until > now()) return cached.value
      // concurrent callers share one request
      pending ??= fetchToken(false).finally(() => (pending = null))
      return pending
    },
    async renew(stale: string): Promise<string> {
      if (cached && cached.value !== stale && cached.until > now()) return cached.value
      cached = null
      pending ??= fetchToken(true).finally(() => (pending = null))
      return pending
    }
  }
}

function suggestOf(v: unknown): Suggest {
  return v === 'pass' || v === 'review' || v === 'risky' ? v : 'review'
}

export function realContentSafety(opts: RealContentSafetyOptions): ContentSafety {
  const apiBase = (opts.apiBase ?? 'https://api.weixin.qq.com').replace(/\/$/, '')
  const doFetch = opts.fetchImpl ?? fetch
  const timeoutMs = opts.timeoutMs ?? 5000
  const token = stableAccessToken({ appId: opts.appId, secret: opts.secret, apiBase, fetchImpl: doFetch, timeoutMs })

  async function post(path: string, payload: object): Promise<WxBody> {
    let access = await token.get()
    for (let attempt = 0; ; attempt++) {
      let body: WxBody
      try {
        const res = await doFetch(`${apiBase}${path}?access_token=${encodeURIComponent(access)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(payload),
          signal: AbortSignal.timeout(timeoutMs)
        })
        if (!res.ok) throw new ContentSafetyUnavailableError(`${path} http ${res.status}`)
        body = (await res.json()) as WxBody
      } catch (err) {
        if (err instanceof ContentSafetyUnavailableError) throw err
        throw new ContentSafetyUnavailableError(`${path} ${(err as Error).name}`)
      }
      if (body.errcode && TOKEN_ERRORS.has(body.errcode) && attempt === 0) {
        access = await token.renew(access)
        continue
      }
      if (body.errcode) throw new ContentSafetyUnavailableError(`${path} errcode ${body.errcode}`)
      return body
    }
  }

  return {
    kind: 'real',
    async checkText({ content, scene, openid }) {
      const body = await post('/wxa/msg_sec_check', { content, version: 2, scene, openid: openid ?? opts.fallbackOpenid })
      return { suggest: suggestOf(body.result?.suggest), label: Number(body.result?.label ?? 0), traceId: body.trace_id ?? null }
    },
    async submitMedia({ mediaUrl, scene, openid }) {
      const body = await post('/wxa/media_check_async', { media_url: mediaUrl, media_type: 2, version: 2, scene, openid: openid ?? opts.fallbackOpenid })
      if (!body.trace_id) throw new ContentSafetyUnavailableError('media_check_async without trace_id')
      return { traceId: body.trace_id }
    },
    onMediaResult() {
      // verdicts arrive at POST /api/v1/safety/wechat (server/safety/routes.ts)
    },
    async idle() {}
  }
}

export interface ContentSafetyConfig {
  adapter: ContentSafety
  /** the token configured for WeChat's message push (消息推送), used to verify the callback's signature; null = callback refused */
  pushToken: string | null
  /** where WeChat can fetch a photo for mediaCheckAsync, e.g. https://api.example.gov.cn */
  publicBaseUrl: string | null
}

/**
 * CONTENT_SAFETY_ADAPTER=dev|real (default: real in production, else dev). real needs WX_APPID, WX_SECRET,
 * WX_PUSH_TOKEN, PUBLIC_BASE_URL (https) and WX_SAFETY_OPENID; WX_API_BASE overrides https://api.weixin.qq.com.
 */
export function contentSafetyFromEnv(env: Record<string, string | undefined> = process.env): ContentSafetyConfig {
  const kind = env.CONTENT_SAFETY_ADAPTER === 'real' || env.CONTENT_SAFETY_ADAPTER === 'dev' ? env.CONTENT_SAFETY_ADAPTER : env.NODE_ENV === 'production' ? 'real' : 'dev'
  if (kind === 'dev') return { adapter: devContentSafety(), pushToken: env.WX_PUSH_TOKEN || null, publicBaseUrl: env.PUBLIC_BASE_URL || null }
  const missing = ['WX_APPID', 'WX_SECRET', 'WX_PUSH_TOKEN', 'PUBLIC_BASE_URL', 'WX_SAFETY_OPENID'].filter((k) => !env[k])
  if (missing.length) throw new Error(`CONTENT_SAFETY_ADAPTER=real needs ${missing.join(', ')}`)
  if (!/^https?:\/\//.test(env.PUBLIC_BASE_URL!)) throw new Error('PUBLIC_BASE_URL must be an http(s):// URL WeChat can reach')
  return {
    adapter: realContentSafety({ appId: env.WX_APPID!, secret: env.WX_SECRET!, fallbackOpenid: env.WX_SAFETY_OPENID!, apiBase: env.WX_API_BASE || undefined }),
    pushToken: env.WX_PUSH_TOKEN!,
    publicBaseUrl: env.PUBLIC_BASE_URL!.replace(/\/$/, '')
  }
}
