/**
 * One way for every test to talk to a server, whichever harness started it: the in-process app
 * (`startTestServer`, `startCertServer`), the real `server/main.ts` process (`startServer`, `useLiveServer`), or a
 * bare URL. `clientFor(target)` gives `get/post/put/delete` answering `{ status, body, headers, text, ms }`;
 * `login` and `worker` make the sessions most tests need (WeChat development login by name, or the SMS login
 * of a phone number with the development adapter's `devCode`).
 */

export interface Answer<T = any> {
  status: number
  body: T
  headers: Record<string, unknown>
  /** raw response text (for "no personal number anywhere" checks) */
  text: string
  ms: number
}

export interface RequestOptions {
  token?: string
  headers?: Record<string, string>
  timeoutMs?: number
}

export interface ApiClient {
  base: string
  request<T = any>(method: string, url: string, body?: unknown, opts?: RequestOptions): Promise<Answer<T>>
  get<T = any>(url: string, opts?: RequestOptions): Promise<Answer<T>>
  post<T = any>(url: string, body?: unknown, opts?: RequestOptions): Promise<Answer<T>>
  put<T = any>(url: string, body?: unknown, opts?: RequestOptions): Promise<Answer<T>>
  delete<T = any>(url: string, opts?: RequestOptions): Promise<Answer<T>>
}

/** A server address: a URL, or any harness handle that has `base` (in-process) or `url` (process). */
export type Target = string | { base: string } | { url: string }

export function baseOf(target: Target): string {
  if (typeof target === 'string') return target
  return 'base' in target ? target.base : target.url
}

export async function request<T = any>(base: string, method: string, url: string, body?: unknown, o: RequestOptions = {}): Promise<Answer<T>> {
  const headers: Record<string, string> = { ...(o.headers ?? {}) }
  if (o.token) headers.authorization = `Bearer ${o.token}`
  if (body !== undefined) headers['content-type'] = 'application/json'
  const t0 = Date.now()
  const res = await fetch(base + url, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: o.timeoutMs ? AbortSignal.timeout(o.timeoutMs) : undefined
  })
  const text = await res.text()
  let parsed: any = text
  try {
    parsed = JSON.parse(text)
  } catch {
    /* not JSON */
  }
  const out: Record<string, unknown> = {}
  res.headers.forEach((value, key) => {
    out[key] = value
  })
  return { status: res.status, body: parsed, headers: out, text, ms: Date.now() - t0 }
}

export function clientFor(target: Target): ApiClient {
  const base = baseOf(target)
  return {
    base,
    request: (method, url, body, o) => request(base, method, url, body, o),
    get: (url, o) => request(base, 'GET', url, undefined, o),
    post: (url, body, o) => request(base, 'POST', url, body, o),
    put: (url, body, o) => request(base, 'PUT', url, body, o),
    delete: (url, o) => request(base, 'DELETE', url, undefined, o)
  }
}

export interface Session {
  token: string
  expiresAt: string
  me: { id: string; [k: string]: unknown }
}

/**
 * A session: `login(s, 'name')` through the development WeChat adapter (`dev:<name>` → a stable openid), or
 * `login(s, { phone })` by SMS with the development adapter's code (the seeded reviewers, admin and staff are
 * phone accounts, e.g. 13800000001). Throws with the server's answer when refused.
 */
export async function loginSession(target: Target, who: string | { phone: string }): Promise<Session> {
  const api = clientFor(target)
  if (typeof who === 'string') {
    const res = await api.post('/api/v1/auth/wechat', { code: `dev:${who}` })
    if (res.status !== 200) throw new Error(`login ${who} → ${res.status} ${res.text}`)
    return res.body
  }
  const sent = await api.post('/api/v1/auth/sms/send', { phone: who.phone })
  if (sent.status !== 200) throw new Error(`sms send ${who.phone} → ${sent.status} ${sent.text}`)
  const res = await api.post('/api/v1/auth/sms/verify', { phone: who.phone, code: sent.body.devCode })
  if (res.status !== 200) throw new Error(`sms verify ${who.phone} → ${res.status} ${res.text}`)
  return res.body
}

/** The token of `loginSession`. */
export async function login(target: Target, who: string | { phone: string }): Promise<string> {
  return (await loginSession(target, who)).token
}

/**
 * The demo accounts the development seed grants a role (phone logins with the development SMS code): who they
 * are, so a test names the role it means rather than a number.
 */
export const DEMO = {
  /** reviewer of 阳泉 (region 1403) */
  reviewer: '13800000001',
  /** station staff of 阳泉市城区北大街就业服务站 (stn_yqcq01) */
  stationStaff: '13800000002',
  admin: '13800000003',
  /** the second reviewer of 阳泉 (two-person rule) */
  secondReviewer: '13800000004',
  /** reviewer of 上海 (region 31) */
  shanghaiReviewer: '13800000005',
  /** station staff in 上海 (stn_shmh01) */
  shanghaiStationStaff: '13800000006',
  /** institution staff of the 阳泉 institution with the most upcoming courses */
  institutionStaff: '13800000007'
} as const

/** A valid 18-digit ID number (GB 11643 check digit computed). */
export function validIdNumber(first17 = '14030219900101123'): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * w[i]
  return first17 + '10X98765432'[sum % 11]
}

/**
 * A worker ready to sign up: logged in by WeChat as `name`, privacy notice consented, profile complete. `n`
 * makes the ID and phone numbers distinct between workers of one test (`1380000nnnn` unless `phonePrefix`).
 */
export async function worker(target: Target, name: string, n = 1, o: { realName?: string; phonePrefix?: string } = {}): Promise<string> {
  const api = clientFor(target)
  const token = await login(target, name)
  const version = (await api.get('/api/v1/privacy')).body.version
  const c = await api.post('/api/v1/me/consent', { version }, { token })
  if (c.status !== 200) throw new Error(`consent → ${c.status} ${c.text}`)
  const seq = String(n).padStart(3, '0')
  const p = await api.put(
    '/api/v1/me/profile',
    {
      realName: o.realName ?? '张三',
      idNumber: validIdNumber(`14030219900101${seq}`),
      phone: `${o.phonePrefix ?? '1380000'}${String(n).padStart(4, '0')}`,
      groups: ['rural_migrant']
    },
    { token }
  )
  if (p.status !== 200) throw new Error(`profile → ${p.status} ${p.text}`)
  return token
}
