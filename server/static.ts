/**
 * Serves the built H5 app with SPA fallback (Taro H5 uses browser-history routes).
 *
 * Text assets are compressed at build time (config/precompress.ts writes `.br` and `.gz` beside
 * each): a request that accepts brotli gets the `.br`, else gzip, else the plain file — with
 * `Content-Encoding` and `Vary: Accept-Encoding` so caches keep the variants apart. Nothing is
 * compressed per request. `GET /` is the home page, with or without an Accept-Encoding header.
 */
import type { FastifyInstance } from 'fastify'
import fastifyStatic from '@fastify/static'
import { existsSync } from 'node:fs'
import { join } from 'node:path'

const LONG_CACHE = 'public, max-age=31536000, immutable'
const COMPRESSIBLE = /\.(js|css|html|svg|json|txt|webmanifest)$/

export function hasH5Build(dir: string): boolean {
  return existsSync(join(dir, 'index.html'))
}

export async function registerStatic(app: FastifyInstance, root: string): Promise<void> {
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    index: false,
    cacheControl: false,
    preCompressed: true,
    setHeaders(res, filePath) {
      const rel = filePath.slice(root.length).replace(/\\/g, '/').replace(/\.(br|gz)$/, '')
      if (COMPRESSIBLE.test(rel)) res.setHeader('vary', 'Accept-Encoding')
      if (rel === '/sw.js') {
        // the browser checks for a new service worker on every visit
        res.setHeader('cache-control', 'no-cache')
        res.setHeader('service-worker-allowed', '/')
      } else if (/^\/(js|css|static)\//.test(rel) || /\.[0-9a-f]{8,}\./.test(rel)) res.setHeader('cache-control', LONG_CACHE)
      else if (rel.endsWith('.html')) res.setHeader('cache-control', 'no-cache')
      else res.setHeader('cache-control', 'public, max-age=3600')
    }
  })
  // `/` is a directory to the static handler (403 without Accept-Encoding): answer with the app.
  app.get('/', (_req, reply) => reply.sendFile('index.html', root))
}
