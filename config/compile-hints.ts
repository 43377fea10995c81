/**
 * Marks the H5 start-up scripts (the entry point's chunks: Taro's vendor chunk, React, app.js) with V8's explicit
 * compile hint `//# allFunctionsCalledOnLoad` (Chrome/WebView ≥ 136, ignored elsewhere). Nearly every
 * function in them runs while the app starts, and by default V8 pre-parses each one when the script loads
 * and parses it again, on the main thread, when it is first called — inside the one long start-up task.
 * With the hint each function is compiled once, when its script is compiled: on a background thread if
 * the script streams in, else in that script's own task. Measured on the built H5 (4× CPU): the app.js
 * start-up task fell from ≈ 250 ms to ≈ 160 ms. Page and subpackage chunks are left to V8's heuristics:
 * much of their code (other tabs, dialogs) never runs on a visit.
 */
import type { Compilation, Compiler } from 'webpack'

export const COMPILE_HINT = '//# allFunctionsCalledOnLoad\n'

export class CompileHintsPlugin {
  apply(compiler: Compiler): void {
    const { Compilation: C, sources } = compiler.webpack
    compiler.hooks.thisCompilation.tap('CompileHintsPlugin', (compilation: Compilation) => {
      // after minification (which would drop the comment), before source maps and content hashes
      compilation.hooks.processAssets.tap(
        { name: 'CompileHintsPlugin', stage: C.PROCESS_ASSETS_STAGE_OPTIMIZE_SIZE + 50 },
        () => {
          for (const entry of compilation.entrypoints.values()) {
            for (const chunk of entry.chunks) {
              for (const file of chunk.files) {
                if (!file.endsWith('.js')) continue
                compilation.updateAsset(file, (old) => new sources.ConcatSource(COMPILE_HINT, old))
              }
            }
          }
        }
      )
    })
  }
}
