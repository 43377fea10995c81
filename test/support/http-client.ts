/** A tiny JSON client for tests that talk to server processes (startServer) rather than an in-process app. */
import { validIdNumber } from '../api/helpers'

export interface Answer<T = any> {
  status: number
  body: T
  ms: number
}

export async function call<T = any>(
  base: string,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; headers?: Record<string, string>; timeoutMs?: number } = {}
): Promise<Answer<T>> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) }
  if (opts.token) headers.authorization = `Bearer ${opts.token}`
  if (opts.body !== undefined) headers['content-type'] = 'application/json'
  const t0 = Date.now()
  const res = await fetch(base + path, {
    method,
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000)
  })
  const text = await res.text()
  let body: any = text
  try {
    body = JSON.parse(text)
  } catch {
    /* not JSON */
  }
  return { status: res.status, body, ms: Date.now() - t0 }
}

/** Logged in (dev WeChat adapter), consented, profile complete: ready to sign up. */
export async function readyWorkerAt(base: string, name: string, n: number): Promise<string> {
  const login = await call(base, 'POST', '/api/v1/auth/wechat', { body: { code: `dev:${name}` } })
  if (login.status !== 200) throw new Error(`login → ${login.status} ${JSON.stringify(login.body)}`)
  const token = login.body.token as string
  const version = (await call(base, 'GET', '/api/v1/privacy')).body.version
  const c = await call(base, 'POST', '/api/v1/me/consent', { token, body: { version } })
  if (c.status !== 200) throw new Error(`consent → ${c.status}`)
  const seq = String(n).padStart(3, '0')
  const p = await call(base, 'PUT', '/api/v1/me/profile', {
    token,
    body: { realName: '李四', idNumber: validIdNumber(`14030219900101${seq}`), phone: `1390000${String(n).padStart(4, '0')}`, groups: ['rural_migrant'] }
  })
  if (p.status !== 200) throw new Error(`profile → ${p.status} ${JSON.stringify(p.body)}`)
  return token
}
