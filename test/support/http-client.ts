/** A tiny JSON client for tests that talk to server processes (startServer); see test/support/api.ts. */
import { request, worker } from './api'

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
  return request<T>(base, method, path, opts.body, { token: opts.token, headers: opts.headers, timeoutMs: opts.timeoutMs ?? 10_000 })
}

/** Logged in (dev WeChat adapter), consented, profile complete: ready to sign up. Same as `worker(base, name, n, …)`. */
export async function readyWorkerAt(base: string, name: string, n: number): Promise<string> {
  return worker(base, name, n, { realName: '李四', phonePrefix: '1390000' })
}
