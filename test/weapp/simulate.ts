/**
 * WeChat's own component test kit (`miniprogram-simulate`, with its exparser and j-component) rendering
 * the compiled `dist/weapp` pages: WXML compiled by WeChat's wcc, real DOM (jsdom), WeChat's event
 * dispatch — beside our headless host, which reads Taro's data tree instead of rendering it.
 *
 * How (TARO-NOTES 2026-12-07): load `app.js` and call the app's onLaunch, compile the project's WXML with
 * the bundled wcc, turn `Page({...})` into `Component({ methods })`, `simulate.render` the page, fire its
 * onLoad/onShow/onReady, then tap elements by id and read the DOM. `wx` is a WeappHost's (requests go to
 * the live server, the privacy gate and storage are WeChat's), except navigation, which is recorded.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { jest } from '@jest/globals'
import { JSDOM } from 'jsdom'
import { WeappHost, type HostOptions } from './host'

type AnyRecord = Record<string, any>

/** WeChat's wcc ships without the executable bit: run a copy so node_modules stays as installed. */
function wccBinary(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wx-simulate-'))
  const file = path.join(dir, 'wcc')
  fs.copyFileSync(path.join(path.dirname(require.resolve('miniprogram-compiler/package.json')), 'bin/linux/wcc'), file)
  fs.chmodSync(file, 0o755)
  return file
}

function listFiles(root: string, ext: string): string[] {
  const out: string[] = []
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name)
      if (e.isDirectory()) walk(p)
      else if (e.name.endsWith(ext)) out.push(path.relative(root, p).replace(/\\/g, '/'))
    }
  }
  walk(root)
  return out.sort()
}

/** The whole project's WXML through wcc, as DevTools compiles it (same arguments as miniprogram-compiler). */
function compileProject(root: string): string {
  const files = listFiles(root, '.wxml')
  const withComponents = files
    .map((f) => {
      const json = path.join(root, f.replace(/\.wxml$/, '.json'))
      const using = fs.existsSync(json) ? Object.keys(JSON.parse(fs.readFileSync(json, 'utf8')).usingComponents ?? {}) : []
      return using.length ? [f, String(using.length), ...using] : []
    })
    .filter((a) => a.length)
  const header = [String(withComponents.length), ...withComponents.flat()].join(' ')
  const r = spawnSync(wccBinary(), ['-d', '-cc', header, ...files, ...listFiles(root, '.wxs'), '-gn', '$gwx'], { cwd: root, maxBuffer: 64 * 1024 * 1024 })
  if (r.status !== 0) throw new Error(`wcc: ${r.stderr.toString()}`)
  return `${r.stdout.toString()};\nreturn $gwx;`
}

/** wcc output per project (compiling takes seconds; the files do not change within a run) */
const compiled: Record<string, string> = {}

export interface SimulatedPage {
  route: string
  /** the rendered component (j-component wrapper): querySelector, dispatchEvent, dom */
  comp: AnyRecord
  /** the page instance Taro drives (setData, eh, lifecycle) */
  instance: AnyRecord
  text(): string
  has(id: string): boolean
  tap(id: string): Promise<void>
  /** A button with open-type agreePrivacyAuthorization: WeChat records the agreement on the tap, then fires its event. */
  tapAgree(id: string): Promise<void>
  waitForText(needle: string, timeoutMs?: number): Promise<string>
  waitForId(id: string, timeoutMs?: number): Promise<void>
}

export class SimulatedApp {
  readonly host: WeappHost
  /** navigateTo / redirectTo / switchTab / reLaunch urls the app asked for */
  readonly navigations: { api: string; url: string }[] = []
  private simulate: AnyRecord
  private app: AnyRecord | undefined
  private readonly pages: AnyRecord[] = []

  constructor(readonly distDir: string, options: Omit<HostOptions, 'distDir'>) {
    // a DOM for exparser / j-component, in a Node test environment (which keeps fetch for wx.request)
    const dom = new JSDOM('<!doctype html><html><head></head><body></body></html>', { pretendToBeVisual: true })
    const g = globalThis as AnyRecord
    for (const key of ['window', 'document', 'Node', 'Element', 'HTMLElement', 'Event', 'CustomEvent', 'MouseEvent', 'TouchEvent', 'DocumentFragment', 'Text', 'Comment', 'MutationObserver', 'getComputedStyle', 'navigator']) {
      const value = key === 'window' ? dom.window : (dom.window as unknown as AnyRecord)[key]
      if (value !== undefined) Object.defineProperty(g, key, { value, configurable: true, writable: true })
    }
    this.host = new WeappHost({ distDir, ...options })
    const wx = this.host.wx
    for (const api of ['navigateTo', 'redirectTo', 'switchTab', 'reLaunch']) {
      wx[api] = (opts: AnyRecord) => {
        this.navigations.push({ api, url: String(opts.url) })
        setTimeout(() => opts.success?.({ errMsg: `${api}:ok` }), 0)
      }
    }
    g.wx = wx
    // a cold start: fresh copies of the bundle's modules (and of the kit), bound to this app's wx
    jest.resetModules()
    const compiler = require('miniprogram-compiler') as AnyRecord
    compiled[distDir] ??= compileProject(distDir)
    compiler.wxmlToJs = () => compiled[distDir]
    this.simulate = require('miniprogram-simulate')
    g.App = (config: AnyRecord) => {
      this.app = config
    }
    g.getApp = () => this.app
    g.getCurrentPages = () => this.pages
    g.Page = (config: AnyRecord) => {
      // A page is a component whose methods are the page's functions (Taro's onLoad, eh, …) and whose data is its data
      const methods: AnyRecord = {}
      for (const [k, v] of Object.entries(config)) if (typeof v === 'function') methods[k] = v
      g.Component({ data: config.data ?? {}, methods })
    }
    g.requirePlugin = () => ({})
    g.__wxConfig = { envVersion: 'develop', platform: 'devtools' }
    require(path.join(distDir, 'app.js'))
    if (!this.app) throw new Error('app.js did not call App()')
    const launch = { path: 'pages/index/index', query: {}, scene: 1001 }
    this.app.onLaunch?.call(this.app, launch)
    this.app.onShow?.call(this.app, launch)
  }

  /** Renders one page the way WeChat opens it: load, show, ready. */
  async open(route: string, query: Record<string, string> = {}): Promise<SimulatedPage> {
    const id = this.simulate.load(path.join(this.distDir, route), { rootPath: this.distDir, compiler: 'official' })
    const comp = this.simulate.render(id)
    const parent = document.createElement('parent-wrapper')
    comp.attach(parent)
    const instance = comp.instance as AnyRecord
    instance.route = route
    instance.__route__ = route
    instance.options = query
    this.pages.push(instance)
    // WeChat's privacy gate looks at what is on screen: here, the rendered DOM of the page on top
    this.host.agreeButtonProbe = () => {
      // on screen: rendered in the DOM; an agree button: its open-type in Taro's data for that element
      // (j-component keeps only id, class and data-* of WeChat's built-in components)
      if (this.pages.at(-1) !== instance || !comp.querySelector('#privacy-agree')) return false
      const walk = (n: AnyRecord | undefined): boolean => {
        if (!n) return false
        const key = this.host.bindings.get(String(n.nn))?.attrs.get('open-type')
        if (n.uid === 'privacy-agree' && key && n[key] === 'agreePrivacyAuthorization') return true
        return (n.cn ?? []).some(walk)
      }
      return walk(instance.data.root)
    }
    instance.onLoad?.call(instance, query)
    instance.onShow?.call(instance)
    instance.onReady?.call(instance)
    await this.settle()
    const app = this
    const textOf = () => (comp.dom as HTMLElement).textContent?.replace(/\s+/g, ' ').trim() ?? ''
    const find = (id: string) => comp.querySelector(`#${id}`)
    const page: SimulatedPage = {
      route,
      comp,
      instance,
      text: textOf,
      has: (id) => !!find(id),
      async tap(id) {
        const el = find(id)
        if (!el) throw new Error(`no #${id} on ${route}: ${textOf()}`)
        el.dispatchEvent('tap')
        await app.settle()
      },
      async tapAgree(id) {
        const el = find(id)
        if (!el) throw new Error(`no #${id} on ${route}: ${textOf()}`)
        app.host.privacy.tappedAgreeButton = id
        app.host.privacy.agreed = true
        el.dispatchEvent('tap')
        el.dispatchEvent('agreeprivacyauthorization')
        await app.settle()
      },
      async waitForText(needle, timeoutMs = 8000) {
        const deadline = Date.now() + timeoutMs
        for (;;) {
          const t = textOf()
          if (t.includes(needle)) return t
          if (Date.now() > deadline) throw new Error(`timed out waiting for ${needle} on ${route}: ${t}`)
          await new Promise((r) => setTimeout(r, 25))
        }
      },
      async waitForId(id, timeoutMs = 8000) {
        const deadline = Date.now() + timeoutMs
        while (!find(id)) {
          if (Date.now() > deadline) throw new Error(`timed out waiting for #${id} on ${route}: ${textOf()}`)
          await new Promise((r) => setTimeout(r, 25))
        }
      }
    }
    return page
  }

  /** Lets requests, React's scheduler and exparser's rendering finish. */
  async settle(): Promise<void> {
    await this.simulate.sleep(0)
    await this.host.settle()
    await this.simulate.sleep(10)
  }
}
