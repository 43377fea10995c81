import path from 'node:path'
import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import devConfig from './dev'
import prodConfig from './prod'
import { PrecompressPlugin } from './precompress'
import { PageChunksPlugin } from './page-chunks'
import { ShellFirstPlugin } from './shell-first'
import { CompileHintsPlugin } from './compile-hints'

/**
 * API base the client talks to. H5 is served by the API server itself, so it defaults to the same
 * origin (''); the mini program needs an absolute https URL registered in the WeChat console.
 */
const apiBase = (platform: string | undefined) =>
  process.env.TARO_APP_API_BASE ?? (platform === 'h5' ? '' : 'http://127.0.0.1:8080')

/**
 * A released mini program may only call https domains registered in the WeChat console; DevTools'
 * urlCheck:false would hide an http base until review. So a production weapp build refuses one.
 */
export function checkWeappApiBase(env: NodeJS.ProcessEnv): void {
  if (env.TARO_ENV !== 'weapp' || env.NODE_ENV !== 'production') return
  const base = env.TARO_APP_API_BASE
  if (base && /^https:\/\/[^/\s]+/.test(base)) return
  throw new Error(
    `小程序正式构建需要 https 的接口地址：TARO_APP_API_BASE ${base ? `是 "${base}"` : '没有设置'}。\n` +
      'A production weapp build needs TARO_APP_API_BASE=https://<your API domain registered in the WeChat console>, e.g.\n' +
      '  TARO_APP_API_BASE=https://api.example.cn NODE_ENV=production npx taro build --type weapp\n' +
      'The headless weapp tests build with TARO_APP_API_BASE=https://api.zsb.test (test/weapp/host.ts sends it to the test server).'
  )
}

/** Packages that ship untranspiled ES2015+ (zustand 5) but run in the mini program's ES5 target (project.config.json es6:false). */
const TRANSPILE_PACKAGES = /[\\/]node_modules[\\/](zustand|use-sync-external-store|qrcode-generator)[\\/]/

export default defineConfig<'webpack5'>(async (merge) => {
  checkWeappApiBase(process.env)
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'zhangshangban',
    date: '2026-11-23',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: `dist/${process.env.TARO_ENV}`,
    plugins: [],
    defineConstants: {
      API_BASE: JSON.stringify(apiBase(process.env.TARO_ENV))
    },
    alias: {},
    // The service worker is H5 only: the mini program build never sees it.
    copy: {
      patterns: process.env.TARO_ENV === 'h5' ? [{ from: 'src/sw.js', to: `dist/h5/sw.js` }] : [{ from: 'src/sitemap.json', to: 'dist/weapp/sitemap.json' }],
      options: {}
    },
    framework: 'react',
    compiler: { type: 'webpack5', prebundle: { enable: false } },
    cache: { enable: false },
    mini: {
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } }
      },
      optimizeMainPackage: { enable: true },
      compile: { include: [(file: string) => TRANSPILE_PACKAGES.test(file)] }
    },
    h5: {
      webpackChain(chain) {
        chain.resolve.alias.set('platform$', path.resolve(__dirname, 'platform-lazy.js'))
        chain.resolve.alias.set('whatwg-fetch$', path.resolve(__dirname, 'empty-polyfill.js'))
        chain.resolve.alias.set('abortcontroller-polyfill/dist/abortcontroller-polyfill-only$', path.resolve(__dirname, 'empty-polyfill.js'))
        chain.plugin('page-chunks').use(PageChunksPlugin)
        chain.plugin('shell-first').use(ShellFirstPlugin)
        chain.plugin('compile-hints').use(CompileHintsPlugin)
        // React and React DOM in their own start-up script: V8 compiles each script in its own task (compile-hints.ts),
        // so the app's start-up task no longer compiles 130 KB of React DOM
        const split = chain.optimization.get('splitChunks')
        if (split && split.cacheGroups) {
          split.cacheGroups.react = { test: /[\\/]node_modules[\\/](react|react-dom|scheduler)[\\/]/, chunks: 'initial', name: false, priority: 90, enforce: true }
          chain.optimization.splitChunks(split)
        }
        // The app's start-up as two tasks, not one: the entry evaluates every module, then yields to the browser once
        // before it creates the app and the router (Taro's generated entry runs this line just before createReactApp).
        // A phone stays responsive in between, and the longest start-up task is shorter (Lighthouse's blocking time).
        chain.plugin('mainPlugin').tap((args) => {
          const options = args[0] as { loaderMeta?: { execBeforeCreateWebApp?: string } }
          const meta = (options.loaderMeta ??= {})
          meta.execBeforeCreateWebApp = `${meta.execBeforeCreateWebApp ?? ''}await new Promise(function (r) { setTimeout(r, 0) })\n`
          return args
        })
        chain.plugin('precompress').use(PrecompressPlugin)
      },
      // H5_SOURCE_MAP=1: separate .map files (not referenced by the scripts) to read a performance profile by source
      ...(process.env.H5_SOURCE_MAP === '1' ? { enableSourceMap: true, sourceMapType: 'hidden-source-map' } : {}),
      useHtmlComponents: true,
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'browser' },
      output: { filename: 'js/[name].[contenthash:8].js', chunkFilename: 'js/[name].[chunkhash:8].js' },
      miniCssExtractPluginOption: { ignoreOrder: true, filename: 'css/[name].[contenthash:8].css', chunkFilename: 'css/[name].[chunkhash].css' },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } }
      }
    }
  }
  if (process.env.NODE_ENV === 'development') return merge({}, baseConfig, devConfig)
  return merge({}, baseConfig, prodConfig)
})
