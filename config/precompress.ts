/**
 * Build-time compression of the H5 output: next to every text asset, a `.br` (brotli, quality 11)
 * and a `.gz` (gzip -9), so the server sends compressed bytes without compressing per request
 * (server/static.ts picks one by Accept-Encoding). Runs after webpack has written the files.
 */
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import type { Compiler } from 'webpack'

const COMPRESSIBLE = /\.(js|css|html|svg|json|txt|map|webmanifest)$/
/** Below this, headers cost more than compression saves. */
const MIN_BYTES = 512

export function precompressDir(dir: string): { files: number; raw: number; br: number; gz: number } {
  const totals = { files: 0, raw: 0, br: 0, gz: 0 }
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name)
      if (e.isDirectory()) walk(p)
      else if (COMPRESSIBLE.test(e.name) && !e.name.endsWith('.map')) {
        const raw = fs.readFileSync(p)
        if (raw.length < MIN_BYTES) continue
        const br = zlib.brotliCompressSync(raw, {
          params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length }
        })
        const gz = zlib.gzipSync(raw, { level: 9 })
        fs.writeFileSync(`${p}.br`, br)
        fs.writeFileSync(`${p}.gz`, gz)
        totals.files++
        totals.raw += raw.length
        totals.br += br.length
        totals.gz += gz.length
      }
    }
  }
  walk(dir)
  return totals
}

export class PrecompressPlugin {
  apply(compiler: Compiler): void {
    compiler.hooks.afterEmit.tap('PrecompressPlugin', (compilation) => {
      const out = compilation.outputOptions.path
      if (out) precompressDir(out)
    })
  }
}
