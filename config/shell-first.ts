/**
 * The H5 app shell (src/index.html) is on screen before the app's code starts. html-webpack-plugin writes
 * `<script defer src=…>` tags; a deferred script runs as soon as the HTML is parsed, and when the code is
 * already at hand (a fast link, the service worker's cache) the app's start-up — which replaces the shell —
 * runs before the browser has shown the shell at all: the worker stares at a blank screen for the whole
 * start-up instead of reading home's entries. So this plugin turns those tags into
 *   <link rel="preload" as="script" href=… fetchpriority="low">   (still fetched at once, in parallel; after the CSS)
 * plus one small inline script at the end of <body> that adds the scripts, in order, once the browser reports
 * the shell's first contentful paint (bootScript below).
 * On a slow link nothing changes: the code arrives long after that frame.
 */
import type { Compiler } from 'webpack'

interface HtmlTag {
  tagName: string
  voidTag: boolean
  attributes: Record<string, string | boolean | undefined>
  innerHTML?: string
}

export function bootScript(sources: readonly string[]): string {
  // boot() once the browser reports the shell's first contentful paint (a paint-timing entry arrives only after
  // the frame is on screen); two animation frames where paint timing is missing (Safari < 14.1); at once in a
  // hidden tab, where frames never come; and after 1 s in any case.
  return (
    '(function(s){var done=false;function boot(){if(done)return;done=true;' +
    "for(var i=0;i<s.length;i++){var e=document.createElement('script');e.src=s[i];e.async=false;document.body.appendChild(e)}}" +
    "if(document.visibilityState==='hidden'||!window.requestAnimationFrame)return boot();" +
    'setTimeout(boot,1000);' +
    "var P=window.PerformanceObserver;if(!P||!P.supportedEntryTypes||P.supportedEntryTypes.indexOf('paint')<0)" +
    'return requestAnimationFrame(function(){requestAnimationFrame(boot)});' +
    "function shown(){return performance.getEntriesByName('first-contentful-paint').length>0}" +
    'if(shown())return setTimeout(boot,0);' +
    'var o=new P(function(){if(shown()){o.disconnect();setTimeout(boot,0)}});o.observe({type:\'paint\',buffered:true})' +
    `})(${JSON.stringify(sources)})`
  )
}

export class ShellFirstPlugin {
  apply(compiler: Compiler): void {
    // the html-webpack-plugin instance Taro's H5 runner uses (one copy in the tree)
    const HtmlWebpackPlugin = require(require.resolve('html-webpack-plugin', { paths: [require.resolve('@tarojs/webpack5-runner')] }))
    compiler.hooks.thisCompilation.tap('ShellFirstPlugin', (compilation) => {
      HtmlWebpackPlugin.getHooks(compilation).alterAssetTagGroups.tap(
        'ShellFirstPlugin',
        (data: { headTags: HtmlTag[]; bodyTags: HtmlTag[] }) => {
          const sources: string[] = []
          const rewrite = (tags: HtmlTag[]) =>
            tags.map((tag) => {
              const src = tag.attributes.src
              if (tag.tagName !== 'script' || typeof src !== 'string') return tag
              sources.push(src)
              return { tagName: 'link', voidTag: true, attributes: { rel: 'preload', as: 'script', href: src, fetchpriority: 'low' } }
            })
          // The shell's first paint waits for the stylesheet, not for the scripts: the preloads go after the stylesheets
          // and ask for low priority, so on a slow link the CSS is not queued behind ≈ 110 KB of script. (Lighthouse
          // counts a high-priority script that finished before the first paint as render-blocking: FCP 1.45 s → 0.93 s.)
          const isPreload = (tag: HtmlTag) => tag.tagName === 'link' && tag.attributes.rel === 'preload'
          const head = rewrite(data.headTags)
          data.headTags = [...head.filter((t) => !isPreload(t)), ...head.filter(isPreload)]
          data.bodyTags = rewrite(data.bodyTags)
          if (sources.length) {
            data.bodyTags.push({ tagName: 'script', voidTag: false, attributes: {}, innerHTML: bootScript(sources) })
          }
          return data
        }
      )
    })
  }
}
