/**
 * WeChat login: `code2Session` exchanges a `wx.login` code for the user's openid.
 * - real: calls https://api.weixin.qq.com/sns/jscode2session with WX_APPID / WX_SECRET. The session_key
 *   it returns stays on the server (we do not even keep it: nothing here needs to decrypt wx data).
 * - dev: deterministic, no network. `dev:<name>` → openid `dev_<name>`; `invalid` (or `invalid:*`) →
 *   the error WeChat gives for a bad code (errcode 40029); any other code → a stable hash.
 */
import { createHash } from 'node:crypto'

export class WechatLoginError extends Error {
  constructor(
    readonly errcode: number,
    readonly errmsg: string
  ) {
    super(`code2Session failed: ${errcode}`)
  }
}

export interface WechatAuthAdapter {
  readonly kind: 'real' | 'dev'
  code2Session(code: string): Promise<{ openid: string; unionid?: string }>
}

export function devWechatAdapter(): WechatAuthAdapter {
  return {
    kind: 'dev',
    async code2Session(code) {
      if (code === 'invalid' || code.startsWith('invalid:')) throw new WechatLoginError(40029, 'invalid code')
      if (code.startsWith('dev:') && /^[A-Za-z0-9_-]{1,60}$/.test(code.slice(4))) return { openid: `dev_${code.slice(4)}` }
      return { openid: `dev_${createHash('sha256').update(code).digest('base64url').slice(0, 28)}` }
    }
  }
}

export function realWechatAdapter(opts: { appId: string; secret: string; fetchImpl?: typeof fetch; timeoutMs?: number }): WechatAuthAdapter {
  const doFetch = opts.fetchImpl ?? fetch
  return {
    kind: 'real',
    async code2Session(code) {
      const url = new URL('https://api.weixin.qq.com/sns/jscode2session')
      url.searchParams.set('appid', opts.appId)
      url.searchParams.set('secret', opts.secret)
      url.searchParams.set('js_code', code)
      url.searchParams.set('grant_type', 'authorization_code')
      const res = await doFetch(url, { signal: AbortSignal.timeout(opts.timeoutMs ?? 5000) })
      if (!res.ok) throw new WechatLoginError(-1, `http ${res.status}`)
      const body = (await res.json()) as { openid?: string; unionid?: string; session_key?: string; errcode?: number; errmsg?: string }
      if (body.errcode || !body.openid) throw new WechatLoginError(body.errcode ?? -1, body.errmsg ?? 'no openid')
      // body.session_key is deliberately dropped: never stored in logs, never returned to the client
      return { openid: body.openid, ...(body.unionid ? { unionid: body.unionid } : {}) }
    }
  }
}
