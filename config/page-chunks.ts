/**
 * Writes into the H5 app shell which code chunks each page needs (`/*PAGE_CHUNKS*​/null` in src/index.html →
 * `{"/pages/index/index":["/js/105.….js", …], …}`), so the shell's first script can preload the current page's
 * chunks while app.js downloads. Without it a page's chunk is requested only after app.js has run: on a
 * 2G-like link (800 ms round trip) that costs a round trip and a queue behind app.js, and the 2G bar is nearby list ≤ 8 s.
 * Taro's H5 router imports each page with a plain `import()`, so the page of a chunk group is read from its
 * origin request (the page's path relative to src/).
 */
import path from 'node:path'
import type { Compiler } from 'webpack'

const PLACEHOLDER = '/*PAGE_CHUNKS*/null'

export class PageChunksPlugin {
  apply(compiler: Compiler): void {
    // the html-webpack-plugin instance Taro's H5 runner uses (one copy in the tree)
    const HtmlWebpackPlugin = require(require.resolve('html-webpack-plugin', { paths: [require.resolve('@tarojs/webpack5-runner')] }))
    compiler.hooks.thisCompilation.tap('PageChunksPlugin', (compilation) => {
      HtmlWebpackPlugin.getHooks(compilation).beforeEmit.tap('PageChunksPlugin', (data: { html: string }) => {
        if (!data.html.includes(PLACEHOLDER)) return data
        const src = path.join(compiler.context, 'src') + path.sep
        const publicPath = String(compilation.outputOptions.publicPath ?? '/')
        const pages: Record<string, string[]> = {}
        for (const group of compilation.chunkGroups) {
          for (const origin of group.origins) {
            const request = origin.request ?? ''
            // './pages/index/index' as Taro's router writes it (relative to src/), or an absolute path
            const rel = path.isAbsolute(request) ? (request.startsWith(src) ? path.relative(src, request).split(path.sep).join('/') : '') : request.replace(/^\.\//, '')
            if (!/^(pages|subpackages)\//.test(rel)) continue
            const route = `/${rel.replace(/\.(tsx?|jsx?)$/, '')}`
            const files = new Set(pages[route] ?? [])
            for (const chunk of group.chunks) {
              if (chunk.canBeInitial()) continue
              for (const f of chunk.files) if (/\.(js|css)$/.test(f)) files.add(publicPath + f)
            }
            if (files.size) pages[route] = [...files]
          }
        }
        data.html = data.html.replace(PLACEHOLDER, JSON.stringify(pages))
        return data
      })
    })
  }
}
