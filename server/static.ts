/** Serves the built H5 app with SPA fallback (Taro H5 uses browser-history routes). */
import type { FastifyInstance } from 'fastify'
import fastifyStatic from '@fastify/static'
import { existsSync } from 'node:fs'
import { join } from 'node:path'

const LONG_CACHE = 'public, max-age=31536000, immutable'

export function hasH5Build(dir: string): boolean {
  return existsSync(join(dir, 'index.html'))
}

export async function registerStatic(app: FastifyInstance, root: string): Promise<void> {
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    index: false,
    cacheControl: false,
    // serves index.js.gz / .br next to a file when the build produced them (no compression at runtime)
    preCompressed: true,
    setHeaders(res, filePath) {
      const rel = filePath.slice(root.length).replace(/\\/g, '/')
      if (/^\/(js|css|static)\//.test(rel) || /\.[0-9a-f]{8,}\./.test(rel)) res.setHeader('cache-control', LONG_CACHE)
      else if (rel.endsWith('.html')) res.setHeader('cache-control', 'no-cache')
      else res.setHeader('cache-control', 'public, max-age=3600')
    }
  })
}
