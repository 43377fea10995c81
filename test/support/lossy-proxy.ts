/**
 * A fault-injecting HTTP proxy for loopback tests: in front of a real server it drops requests (the
 * connection is cut before forwarding), drops responses after the server has processed the request,
 * delays some requests by seconds and sends some twice. Decisions come from a seeded generator, so a
 * run can be repeated; the counters say how many faults actually happened.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'

export interface LossyProxyOptions {
  target: string
  /** share of requests cut before they reach the server */
  dropRequest: number
  /** share of responses cut after the server answered */
  dropResponse: number
  /** share of requests held for delayMs before forwarding */
  delay: number
  delayMs: [number, number]
  /** share of requests forwarded twice (the second answer is thrown away) */
  duplicate: number
  seed?: number
}

export interface ProxyStats {
  requests: number
  droppedRequests: number
  droppedResponses: number
  delayed: number
  duplicated: number
  forwarded: number
}

export interface LossyProxy {
  url: string
  stats: ProxyStats
  /** switch faults off (e.g. to drain at the end) or on */
  setFaults(on: boolean): void
  close(): Promise<void>
}

/** mulberry32: small, fast, seeded */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'host', 'content-length'])

export async function startLossyProxy(opts: LossyProxyOptions): Promise<LossyProxy> {
  const random = seededRandom(opts.seed ?? 20261125)
  const stats: ProxyStats = { requests: 0, droppedRequests: 0, droppedResponses: 0, delayed: 0, duplicated: 0, forwarded: 0 }
  let faults = true
  const forward = async (req: http.IncomingMessage, body: Buffer) => {
    const headers: Record<string, string> = {}
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && !HOP_BY_HOP.has(k)) headers[k] = v
    stats.forwarded += 1
    const res = await fetch(opts.target + req.url, { method: req.method, headers, body: body.length ? new Uint8Array(body) : undefined })
    return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) }
  }
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', async () => {
      stats.requests += 1
      const body = Buffer.concat(chunks)
      if (faults && random() < opts.dropRequest) {
        stats.droppedRequests += 1
        req.socket.destroy()
        return
      }
      if (faults && random() < opts.delay) {
        stats.delayed += 1
        const [lo, hi] = opts.delayMs
        await new Promise((r) => setTimeout(r, lo + random() * (hi - lo)))
      }
      try {
        const twice = faults && random() < opts.duplicate
        const first = forward(req, body)
        if (twice) {
          stats.duplicated += 1
          void forward(req, body).catch(() => undefined)
        }
        const answer = await first
        if (faults && random() < opts.dropResponse) {
          stats.droppedResponses += 1
          req.socket.destroy()
          return
        }
        const headers: Record<string, string> = {}
        answer.headers.forEach((v, k) => {
          if (!HOP_BY_HOP.has(k)) headers[k] = v
        })
        res.writeHead(answer.status, headers)
        res.end(answer.body)
      } catch {
        req.socket.destroy()
      }
    })
  })
  // a cut connection is expected here, not an error of the test
  server.on('clientError', (_e, socket) => socket.destroy())
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    setFaults: (on) => {
      faults = on
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
