/**
 * Global request hygiene and response headers (hostile input must never reach a 500): input the schemas cannot see (percent-encoding,
 * NUL bytes, non-finite numbers), security headers and a Content-Security-Policy on every response,
 * `Cache-Control: no-store` on everything that is not a public catalogue read.
 */
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { routes, type RouteContract } from '../../src/contract'
import { ApiError, DEFAULT_RETRY_AFTER_SECONDS, MESSAGES } from '../errors'

/** GET routes anyone may read (no token, nothing personal): the only API answers a cache may keep. */
export function publicReadUrls(table: Record<string, RouteContract> = routes): Set<string> {
  const out = new Set<string>()
  for (const r of Object.values(table)) if (r.method === 'GET' && !r.auth) out.add(r.url)
  out.add('/api/v1/openapi.json')
  return out
}

/**
 * The H5 shell's Content-Security-Policy. Inline scripts in the built index.html (Taro's small bootstrap) are
 * allowed by their hash, computed from the file being served, so the policy follows the build. Styles may be
 * inline: Taro's web components inject <style> elements at run time.
 */
export function contentSecurityPolicy(staticDir?: string): string {
  const hashes: string[] = []
  const index = staticDir ? join(staticDir, 'index.html') : undefined
  if (index && existsSync(index)) {
    const html = readFileSync(index, 'utf8')
    for (const m of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)) {
      if (m[1].trim()) hashes.push(`'sha256-${createHash('sha256').update(m[1], 'utf8').digest('base64')}'`)
    }
  }
  return [
    "default-src 'self'",
    `script-src 'self'${hashes.length ? ' ' + hashes.join(' ') : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "media-src 'self' blob:",
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'"
  ].join('; ')
}

const titleOf = (req: FastifyRequest, part: 'querystring' | 'body' | 'params', key: string): string => {
  const schema = (req.routeOptions.schema as Record<string, { properties?: Record<string, { title?: string }> }> | undefined)?.[part]
  return schema?.properties?.[key]?.title ?? key
}

/** Deepest nesting a JSON body may have; every form this API takes is 3 levels deep at most. */
export const MAX_JSON_DEPTH = 32

/**
 * Whether raw JSON text nests deeper than `max`, by counting brackets outside strings — one pass, no
 * recursion, before anything parses or walks the value (a recursive walk of `[` × 5000 overflows the stack).
 */
export function jsonTooDeep(text: string, max = MAX_JSON_DEPTH): boolean {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c) i++ // backslash: skip the escaped character
      else if (c === 0x22) inString = false
    } else if (c === 0x22) inString = true
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true
    } else if (c === 0x7d || c === 0x5d) depth--
  }
  return false
}

/**
 * Visits every value under `root` with an explicit stack (never recursion); `visit` returns a non-null
 * result to stop. `key` is the top-level key the value sits under ('' for the root).
 */
function walk<T>(root: unknown, visit: (value: unknown, key: string, objectKey: string | null) => T | null): T | null {
  const stack: Array<[unknown, string, string | null]> = [[root, '', null]]
  while (stack.length > 0) {
    const [value, top, ownKey] = stack.pop()!
    const hit = visit(value, top, ownKey)
    if (hit !== null) return hit
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push([value[i], top, null])
    } else if (value && typeof value === 'object') {
      const entries = Object.entries(value)
      for (let i = entries.length - 1; i >= 0; i--) stack.push([entries[i][1], top || entries[i][0], entries[i][0]])
    }
  }
  return null
}

/** First non-finite number (Infinity from `1e309`) in a parsed, coerced value, with its top-level key. */
function nonFinite(value: unknown): string | null {
  return walk(value, (v, key) => (typeof v === 'number' && !Number.isFinite(v) ? key : null))
}

function hasNul(value: unknown): boolean {
  return (
    walk(value, (v, _top, ownKey) => ((typeof v === 'string' && v.includes('\u0000')) || (ownKey !== null && ownKey.includes('\u0000')) ? true : null)) === true
  )
}

export function registerHardening(app: FastifyInstance, opts: { staticDir?: string; publicUrls?: Set<string> } = {}): void {
  const csp = contentSecurityPolicy(opts.staticDir)
  const publicUrls = opts.publicUrls ?? publicReadUrls()

  // the JSON API only: plain text bodies would reach the schemas as one string
  app.removeContentTypeParser('text/plain')

  // JSON bodies: nesting is limited before anything parses or walks them; then Fastify's own parser
  // (prototype-poisoning checks, its empty/invalid-body errors) as before
  const parseJson = app.getDefaultJsonParser('error', 'error')
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    if (jsonTooDeep(body as string)) {
      done(new ApiError(400, 'JSON_TOO_DEEP', MESSAGES.jsonTooDeep), undefined)
      return
    }
    parseJson(req, body as string, done)
  })

  app.addHook('onRequest', async (req) => {
    const q = req.url.indexOf('?')
    if (q < 0) return
    const query = req.url.slice(q + 1)
    // %00 would reach PostgreSQL, which cannot store NUL in text
    if (/%00/i.test(query)) throw new ApiError(400, 'BAD_CHARACTERS', MESSAGES.badCharacters)
    for (const part of query.split('&')) {
      try {
        decodeURIComponent(part.replace(/\+/g, ' '))
      } catch {
        throw new ApiError(400, 'BAD_ENCODING', MESSAGES.badEncoding)
      }
    }
  })

  app.addHook('preValidation', async (req) => {
    if (hasNul(req.body) || hasNul(req.params)) throw new ApiError(400, 'BAD_CHARACTERS', MESSAGES.badCharacters)
  })

  // after validation and type coercion: `1e309` has become Infinity, which no range check refuses
  app.addHook('preHandler', async (req) => {
    for (const part of ['querystring', 'body', 'params'] as const) {
      const value = part === 'querystring' ? req.query : part === 'body' ? req.body : req.params
      const key = nonFinite(value)
      if (key !== null) throw new ApiError(400, 'VALIDATION_FAILED', `「${titleOf(req, part, key)}」应填一个正常大小的数字`, key || undefined)
    }
  })

  app.addHook('onSend', async (req, reply, payload) => {
    // every 429 says when to come back, whichever route or plugin refused (a thrower's own value stands)
    if (reply.statusCode === 429 && !reply.getHeader('retry-after')) reply.header('retry-after', String(DEFAULT_RETRY_AFTER_SECONDS))
    reply.header('x-content-type-options', 'nosniff')
    reply.header('referrer-policy', 'no-referrer')
    reply.header('x-frame-options', 'DENY')
    reply.header('content-security-policy', csp)
    const path = req.url.split('?')[0]
    if (path.startsWith('/api/') || path === '/metrics') {
      const route = req.routeOptions.url
      const isPublic = req.method === 'GET' || req.method === 'HEAD' ? route !== undefined && publicUrls.has(route) : false
      // personal data (and anything not known to be public, including routes added later) is never stored
      // a route's own stricter value (e.g. `private, no-store` on photos) stands
      if (!isPublic && !/no-store/.test(String(reply.getHeader('cache-control') ?? ''))) reply.header('cache-control', 'no-store')
    }
    return payload
  })
}
