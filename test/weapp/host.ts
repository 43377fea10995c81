/**
 * A small WeChat host that runs the compiled mini program (`dist/weapp`) in Node.
 *
 * It executes the real bundle — React reconciler, Taro runtime, our pages — inside `node:vm` with the
 * globals a mini program expects (`wx`, `App`, `Page`, `Component`, `getApp`, `getCurrentPages`).
 * `wx.request` goes to a real HTTP server through `fetch`. It does not render WXML or check styles:
 * it reads the page's `data.root` tree that Taro keeps in sync through `setData` (TARO-NOTES.md).
 */
import fs from 'node:fs'
import path from 'node:path'
import vm from 'node:vm'

/** The API base the weapp test build compiles in (scripts/test.mjs); requests to it go to the live test server. */
export const TEST_API_BASE = 'https://api.zsb.test'
/** WeChat keeps at most 10 pages in the stack; navigateTo fails beyond that. */
export const PAGE_STACK_LIMIT = 10
/** APIs WeChat refuses until the privacy guide is agreed (those this app or its neighbours may call). */
const PRIVACY_APIS = new Set([
  'getLocation', 'chooseLocation', 'startLocationUpdate', 'chooseMedia', 'chooseImage', 'chooseAddress', 'setClipboardData', 'getClipboardData',
  'saveImageToPhotosAlbum', 'addPhoneCalendar'
])
/** How long the app may take to put an agreePrivacyAuthorization button on screen after WeChat asked. */
export const PRIVACY_SHEET_DEADLINE_MS = 2000
/** Components and their attributes/open-types in base library 3.5 (wx.canIUse answers from this, not "true for everything"). */
const CAN_I_USE_SCHEMAS = new Set([
  'button.open-type.agreePrivacyAuthorization', 'button.open-type.share', 'button.open-type.contact', 'button.open-type.getPhoneNumber',
  'button.open-type.openSetting', 'button.open-type.feedback', 'input.type.idcard', 'input.type.number', 'input.type.digit',
  'scroll-view.enhanced', 'page-meta', 'root-portal', 'getLocation.object.type', 'request.object.enableHttp2', 'showModal.object.editable'
])
const CAN_I_USE_COMPONENTS = new Set(['view', 'text', 'button', 'input', 'textarea', 'image', 'scroll-view', 'swiper', 'picker', 'picker-view', 'navigator', 'map', 'form', 'label', 'checkbox', 'radio', 'switch', 'slider', 'icon', 'rich-text', 'progress', 'cover-view', 'web-view'])

type Callbacks = { success?: (r: unknown) => void; fail?: (e: unknown) => void; complete?: (r: unknown) => void }
type AnyRecord = Record<string, any>

/** WeChat's storage limits: 1 MB per key, 10 MB for the whole mini program */
export const STORAGE_KEY_BYTES = 1024 * 1024
export const STORAGE_TOTAL_BYTES = 10 * 1024 * 1024

export interface HostOptions {
  distDir: string
  /** Where `wx.request` URLs that start with `requestBaseFrom` are sent instead (the live test server). */
  apiBase: string
  /** The base URL compiled into the bundle (`API_BASE`), rewritten to `apiBase`; default the test build's https base. */
  requestBaseFrom?: string
  /** The worker agreed to the privacy guide in an earlier run (default: a first launch, not agreed). */
  privacyAgreed?: boolean
  /** Scopes granted in an earlier run, as wx.getSetting reports them (e.g. { 'scope.userLocation': true }). */
  authSetting?: Record<string, boolean>
  /** Position answered by `wx.getLocation`; undefined = the user refuses. */
  location?: { latitude: number; longitude: number }
  /** What the camera reads when the app calls `wx.scanCode` (change it later with `host.setScanResult`); undefined = the user closes the scanner. */
  scanResult?: string
  storage?: Record<string, string>
  /** What `wx.login` answers; the server's development adapter maps `dev:<name>` to a stable openid. */
  loginCode?: string
  /** WeChat's 字体大小 setting in px (16 = standard), as getSystemInfo / getAppBaseInfo report it. */
  fontSizeSetting?: number
  /** Added to every short timer (the app's and the wx callbacks'): a busy, slow phone, where each of React's scheduler tasks comes late. */
  slowTimersMs?: number
  /** What `wx.getNetworkType` answers at launch (default 'wifi'); change it later with `host.setNetwork`. */
  networkType?: NetworkType
}

export type NetworkType = 'wifi' | '4g' | '3g' | '2g' | '5g' | 'unknown' | 'none'

export interface TreeNode {
  nn?: string
  sid?: string
  v?: string
  cl?: string
  cn?: TreeNode[]
  [key: string]: unknown
}

/** One call the bundle made on `wx`, for assertions (e.g. makePhoneCall, openLocation). */
export interface WxCall {
  api: string
  args: AnyRecord
}

export class PageHandle {
  constructor(
    readonly host: WeappHost,
    readonly route: string,
    readonly instance: AnyRecord
  ) {}

  get root(): TreeNode {
    return (this.instance.data?.root ?? {}) as TreeNode
  }

  /** All visible text of the page, in document order, joined by newlines. */
  text(): string {
    const parts: string[] = []
    const walk = (node: TreeNode | undefined) => {
      if (!node) return
      if (typeof node.v === 'string' && node.v.trim()) parts.push(node.v.trim())
      node.cn?.forEach(walk)
    }
    walk(this.root)
    return parts.join('\n')
  }

  /** Nodes (with their ancestors) whose own text or descendants' text contains `needle`. */
  private pathsTo(predicate: (n: TreeNode) => boolean): TreeNode[][] {
    const found: TreeNode[][] = []
    const walk = (node: TreeNode, trail: TreeNode[]) => {
      const here = [...trail, node]
      if (predicate(node)) found.push(here)
      node.cn?.forEach((child) => walk(child, here))
    }
    walk(this.root, [])
    return found
  }

  /** The element with a class name containing `className` (first match). */
  findByClass(className: string): TreeNode[] {
    return this.pathsTo((n) => typeof n.cl === 'string' && n.cl.split(/\s+/).includes(className)).map((p) => p[p.length - 1])
  }

  textOf(node: TreeNode): string {
    const parts: string[] = []
    const walk = (n: TreeNode) => {
      if (typeof n.v === 'string' && n.v.trim()) parts.push(n.v.trim())
      n.cn?.forEach(walk)
    }
    walk(node)
    return parts.join('\n')
  }

  /** Taro id (`sid`) of the element rendered with the given component `id` prop. */
  sidOf(id: string): string {
    const found = this.pathsTo((n) => n.uid === id)[0]
    const sid = found?.[found.length - 1].sid
    if (!sid) throw new Error(`no element #${id} on ${this.route}:\n${this.text()}`)
    return sid
  }

  has(id: string): boolean {
    return this.pathsTo((n) => n.uid === id).length > 0
  }

  /**
   * Evidence of what is on screen (the host renders no pixels): the element #id's rendered subtree (node names,
   * ids, classes, text) and its text, written to test-output/weapp-rendered/<name>.json and .txt.
   */
  saveRenderedTree(id: string, name: string): string {
    const found = this.pathsTo((n) => n.uid === id)[0]
    if (!found) throw new Error(`no element #${id} on ${this.route}:\n${this.text()}`)
    const node = found[found.length - 1]
    const strip = (n: TreeNode): AnyRecord => ({
      ...(n.nn !== undefined ? { nn: n.nn } : {}),
      ...(n.uid !== undefined ? { id: n.uid } : {}),
      ...(n.cl ? { cl: n.cl } : {}),
      ...(typeof n.v === 'string' && n.v.trim() ? { v: n.v } : {}),
      ...(n.cn?.length ? { cn: n.cn.map(strip) } : {})
    })
    const dir = path.resolve(__dirname, '../../test-output/weapp-rendered')
    fs.mkdirSync(dir, { recursive: true })
    const text = this.textOf(node)
    fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify({ route: this.route, id, tree: strip(node) }, null, 1))
    fs.writeFileSync(path.join(dir, `${name}.txt`), `${this.route} #${id}\n\n${text}\n`)
    return text
  }

  /** Taps the element with component id `id`, once it is rendered (as Playwright waits; a finger waits too). */
  async tapId(id: string): Promise<void> {
    await this.waitForId(id)
    return this.tap(this.sidOf(id))
  }

  async inputId(id: string, value: string): Promise<void> {
    await this.waitForId(id)
    return this.input(this.sidOf(id), value)
  }

  /** Waits until an element with component id `id` is rendered. */
  async waitForId(id: string, timeoutMs = 8000): Promise<void> {
    const deadline = Date.now() + timeoutMs
    while (!this.has(id)) {
      this.host.assertPrivacyKept()
      if (Date.now() > deadline) throw new Error(`timed out waiting for #${id} on ${this.route}; page shows:\n${this.text()}`)
      await new Promise((r) => setTimeout(r, 25))
    }
  }

  /** Taps the innermost element with an id whose text contains `needle` (like a finger on that text). */
  async tapText(needle: string): Promise<void> {
    const paths = this.pathsTo((n) => typeof n.v === 'string' && n.v.includes(needle))
    if (paths.length === 0) throw new Error(`no text "${needle}" on ${this.route}:\n${this.text()}`)
    const trail = paths[0]
    const target = [...trail].reverse().find((n) => typeof n.sid === 'string' && n.v === undefined)
    if (!target?.sid) throw new Error(`no tappable element around "${needle}"`)
    await this.tap(target.sid)
  }

  /**
   * Dispatches an event at the element with Taro id `sid` the way WeChat does: the element's `eh`
   * first, then every ancestor whose template binds that event (native bubbling), until a `catch`.
   * Taro relies on this: a child's handler is queued until the topmost bound ancestor's call.
   */
  async dispatch(sid: string, type: string, detail: AnyRecord = {}): Promise<void> {
    const trail = this.pathsTo((n) => n.sid === sid)[0]
    if (!trail) throw new Error(`no element ${sid} on ${this.route}`)
    const target = trail[trail.length - 1]
    const ref = (n: TreeNode) => ({ id: (n.uid as string | undefined) ?? n.sid, dataset: { sid: n.sid } })
    const timeStamp = Date.now()
    for (let i = trail.length - 1; i >= 0; i--) {
      const node = trail[i]
      const binding = this.host.bindings.get(String(node.nn))
      if (!node.sid || !binding?.bound.has(type)) continue
      this.instance.eh({ type, timeStamp, currentTarget: ref(node), target: ref(target), detail })
      if (binding.caught.has(type)) break
    }
    await this.host.settle()
  }

  async tap(sid: string): Promise<void> {
    const node = this.pathsTo((n) => n.sid === sid)[0]?.at(-1)
    const key = node ? this.host.bindings.get(String(node.nn))?.attrs.get('open-type') : undefined
    const openType = node && key ? node[key] : undefined
    if (openType === 'agreePrivacyAuthorization') {
      // WeChat records the agreement on the tap of this button itself, then fires its event.
      this.host.privacy.tappedAgreeButton = String(node?.uid ?? node?.sid)
      this.host.privacy.agreed = true
      await this.dispatch(sid, 'tap')
      return this.dispatch(sid, 'agreeprivacyauthorization')
    }
    return this.dispatch(sid, 'tap')
  }

  /** Types into an Input: fires `input` with the value, as WeChat does on every keystroke. */
  async input(sid: string, value: string): Promise<void> {
    await this.dispatch(sid, 'input', { value, cursor: value.length })
  }

  /** Waits until the page text contains `needle` (data arrives from the real server). */
  async waitForText(needle: string | RegExp, timeoutMs = 8000): Promise<string> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      this.host.assertPrivacyKept()
      const text = this.text()
      if (typeof needle === 'string' ? text.includes(needle) : needle.test(text)) return text
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(needle)} on ${this.route}; page shows:\n${text}`)
      await new Promise((r) => setTimeout(r, 25))
    }
  }

  /** Calls a page lifecycle hook that WeChat would call (onPullDownRefresh, onReachBottom, onShareAppMessage…). */
  async call(hook: string, ...args: unknown[]): Promise<unknown> {
    const result = this.instance[hook]?.(...args)
    await this.host.settle()
    return result
  }
}

/** Timers up to this long are the app's next steps (React's scheduler, a wx callback), not a wait or a poll. */
const SHORT_TIMER_MS = 100

export class WeappHost {
  readonly calls: WxCall[] = []
  /** files the app wrote into wx.env.USER_DATA_PATH (path → text) */
  readonly userFiles = new Map<string, string>()
  readonly requests: { method: string; url: string; status: number }[] = []
  /** Sizes in bytes of every setData payload (JSON), per page route, for the setData budget. */
  readonly setDataSizes: { route: string; bytes: number }[] = []
  /** Page lifecycle calls the host made beyond load/show (onHide, onUnload), in order. */
  readonly lifecycle: { route: string; hook: string }[] = []
  /** Every wx.canIUse question and its answer. */
  readonly canIUseAsked: { schema: string; answer: boolean }[] = []
  readonly appJson: { pages: string[]; subPackages: { root: string; pages: string[] }[]; preloadRule?: AnyRecord }
  /** Privacy state as WeChat keeps it: agreed or not, the app's listener, and the requests it holds. */
  readonly privacy = {
    agreed: false,
    listener: null as null | ((resolve: (r: AnyRecord) => void, info: AnyRecord) => void),
    /** Each time WeChat asked the app (onNeedPrivacyAuthorization fired), with the API that triggered it. */
    asked: [] as string[],
    events: [] as string[],
    /** id of the agreePrivacyAuthorization button the user tapped last */
    tappedAgreeButton: null as string | null,
    waiting: [] as { api: string; go: () => void; refuse: () => void }[],
    /** Held calls that ran after 同意 / failed after 不同意, in order. */
    proceeded: [] as string[],
    refused: [] as string[],
    /** Broken rules of WeChat's privacy flow (no agree button on screen in time, exposure before render): fail the test. */
    violations: [] as string[]
  }
  /**
   * WeChat's update manager as a test drives it: `updateReady()` / `updateFailed()` fire the app's listeners;
   * `applied` counts applyUpdate calls (WeChat would restart into the new version).
   */
  readonly update = {
    ready: [] as Array<() => void>,
    failed: [] as Array<() => void>,
    applied: 0
  }
  /** How the next showModal calls are answered, in order (then 确定 as before). */
  readonly modalAnswers: Array<'confirm' | 'cancel'> = []

  async updateReady(): Promise<void> {
    for (const l of this.update.ready) l()
    await this.settle()
  }

  async updateFailed(): Promise<void> {
    for (const l of this.update.failed) l()
    await this.settle()
  }

  /** What getNetworkType answers and onNetworkStatusChange listeners hear (drive it with setNetwork). */
  private network: NetworkType
  private readonly networkListeners = new Set<(r: { isConnected: boolean; networkType: NetworkType }) => void>()
  private authSetting: Record<string, boolean>
  private readonly storage = new Map<string, string>()
  /** Set by a test: every storage write fails as on a full phone (WeChat's own error text) */
  storageFull = false
  /** folders the app made under wx.env.USER_DATA_PATH */
  readonly userDirs = new Set<string>()

  /** The storage as the phone holds it, to start another host from ("the app restarted") */
  storageSnapshot(): Record<string, string> {
    return Object.fromEntries(this.storage)
  }

  /** Bytes the app's storage holds (keys and values, UTF-8), as WeChat counts against its 10 MB */
  storageBytes(except?: string): number {
    let n = 0
    for (const [k, v] of this.storage) if (k !== except) n += Buffer.byteLength(k) + Buffer.byteLength(v)
    return n
  }

  /** Largest single value the app has stored, in bytes (WeChat: 1 MB per key) */
  largestStorageValue(): { key: string; bytes: number } {
    let best = { key: '', bytes: 0 }
    for (const [k, v] of this.storage) if (Buffer.byteLength(v) > best.bytes) best = { key: k, bytes: Buffer.byteLength(v) }
    return best
  }

  /** WeChat's refusal of a write, or null: 1 MB per key, 10 MB in all, or a full phone */
  storageRefusal(api: string, key: string, value: unknown): string | null {
    const text = JSON.stringify(value) ?? ''
    const bytes = Buffer.byteLength(text)
    if (this.storageFull) return `${api}:fail:storage is full`
    if (bytes > STORAGE_KEY_BYTES) return `${api}:fail:entry size limit reached`
    if (this.storageBytes(key) + Buffer.byteLength(key) + bytes > STORAGE_TOTAL_BYTES) return `${api}:fail exceed storage max size 10Mb`
    return null
  }
  private readonly modules = new Map<string, AnyRecord>()
  private readonly context: vm.Context
  private pageConfigs = new Map<string, AnyRecord>()
  private registeringRoute = ''
  private app: AnyRecord | undefined
  private stack: PageHandle[] = []
  private pending = 0
  /** The short timers (app's and wx callbacks') that have not fired yet. */
  private readonly shortTimers = new Set<NodeJS.Timeout>()
  readonly wx: AnyRecord
  /** Per template node name (`nn`): events its WXML binds to `eh`, and whether it catches (stops bubbling). */
  readonly bindings = new Map<string, { bound: Set<string>; caught: Set<string>; attrs: Map<string, string> }>()

  constructor(private readonly options: HostOptions) {
    const appJson = JSON.parse(fs.readFileSync(path.join(options.distDir, 'app.json'), 'utf8'))
    this.appJson = { pages: appJson.pages ?? [], subPackages: appJson.subPackages ?? appJson.subpackages ?? [], preloadRule: appJson.preloadRule }
    this.privacy.agreed = options.privacyAgreed ?? false
    this.network = options.networkType ?? 'wifi'
    this.authSetting = { ...(options.authSetting ?? {}) }
    for (const [k, v] of Object.entries(options.storage ?? {})) this.storage.set(k, v)
    this.readTemplateBindings()
    this.wx = this.buildWx()
    const host = this
    const sandbox: AnyRecord = {
      wx: this.wx,
      App: (config: AnyRecord) => {
        host.app = config
      },
      Page: (config: AnyRecord) => {
        host.pageConfigs.set(host.registeringRoute, config)
      },
      Component: () => {},
      Behavior: (b: unknown) => b,
      getApp: () => host.app,
      getCurrentPages: () => host.stack.map((p) => p.instance),
      console,
      setTimeout: this.trackedSetTimeout,
      clearTimeout: this.trackedClearTimeout,
      setInterval,
      clearInterval,
      queueMicrotask,
      requirePlugin: () => ({}),
      __wxConfig: { envVersion: 'develop', platform: 'devtools' }
    }
    sandbox.global = sandbox
    sandbox.globalThis = sandbox
    this.context = vm.createContext(sandbox)
  }

  /** Reads base.wxml: which node types bind which events, as WeChat would see them. */
  private readTemplateBindings() {
    const wxml = fs.readFileSync(path.join(this.options.distDir, 'base.wxml'), 'utf8')
    for (const m of wxml.matchAll(/<template name="tmpl_0_([^"]+)">\s*<[\w-]+([^>]*)>/g)) {
      const attrs = m[2]
      // Variants like tmpl_0_33_focus / tmpl_0_33_blur (Input) render node type "33": merge them.
      const nn = m[1].split('_')[0]
      const entry = this.bindings.get(nn) ?? { bound: new Set<string>(), caught: new Set<string>(), attrs: new Map<string, string>() }
      // Taro compresses attribute names in the data tree (open-type="{{i.p11}}"): remember the mapping
      for (const a of attrs.matchAll(/\s([\w-]+)="\{\{(?:xs\.b\()?i\.(\w+)/g)) entry.attrs.set(a[1], a[2])
      for (const a of attrs.matchAll(/\b(?:bind|catch)(\w+)="eh"/g)) entry.bound.add(a[1])
      for (const a of attrs.matchAll(/\bcatch(\w+)="eh"/g)) entry.caught.add(a[1])
      this.bindings.set(nn, entry)
    }
  }

  /** Loads app.js and runs App.onLaunch / onShow, as WeChat does on a cold start. */
  async launch(route = 'pages/index/index', query: Record<string, string> = {}): Promise<PageHandle> {
    this.require('app.js', this.options.distDir)
    if (!this.app) throw new Error('app.js did not call App()')
    const launchOptions = { path: route, query, scene: 1001 }
    this.app.onLaunch?.call(this.app, launchOptions)
    this.app.onShow?.call(this.app, launchOptions)
    return this.openPage(route, query)
  }

  get currentPage(): PageHandle {
    const page = this.stack[this.stack.length - 1]
    if (!page) throw new Error('no page open')
    return page
  }

  get pageStack(): string[] {
    return this.stack.map((p) => p.route)
  }

  /**
   * Resolves when the app has nothing left to do: no request in flight, no short timer of the app's or of a wx
   * callback waiting (React's scheduler finishes a transition in later setTimeout tasks — useSecondPass, the
   * data-ready renders — and a slice can take longer than any fixed idle wait on a busy machine), and no render
   * for a few macrotasks. A page that keeps scheduling work (a countdown) is given up on after 3 s.
   */
  async settle(): Promise<void> {
    this.assertPrivacyKept()
    const start = Date.now()
    let renders = this.setDataSizes.length
    for (let idle = 0; idle < 3; ) {
      await new Promise((r) => setTimeout(r, 5))
      const busy = Date.now() - start < 3000 && (this.setDataSizes.length !== renders || this.shortTimers.size > 0)
      renders = this.setDataSizes.length
      idle = this.pending === 0 && !busy ? idle + 1 : 0
    }
  }

  /** Throws (failing the test) when the app broke WeChat's privacy flow. */
  assertPrivacyKept(): void {
    if (this.privacy.violations.length) throw new Error(`privacy flow broken:\n${this.privacy.violations.join('\n')}`)
  }

  /** Another renderer (miniprogram-simulate) answers whether the agree button is on screen. */
  agreeButtonProbe: (() => boolean) | null = null

  /** Whether the page on top shows a button with open-type agreePrivacyAuthorization. */
  agreeButtonRendered(): boolean {
    if (this.agreeButtonProbe) return this.agreeButtonProbe()
    const page = this.stack[this.stack.length - 1]
    if (!page) return false
    const walk = (n: TreeNode | undefined): boolean => {
      if (!n) return false
      const key = this.bindings.get(String(n.nn))?.attrs.get('open-type')
      if (key && n[key] === 'agreePrivacyAuthorization') return true
      return (n.cn ?? []).some(walk)
    }
    return walk(page.root)
  }

  /** The phone's network changes: getNetworkType answers it and onNetworkStatusChange listeners hear it. */
  /** What the next `wx.scanCode` reads (a test shows the camera a code); null = the user closes the scanner. */
  setScanResult(text: string | null): void {
    this.options.scanResult = text ?? undefined
  }

  async setNetwork(type: NetworkType): Promise<void> {
    this.network = type
    for (const l of [...this.networkListeners]) l({ isConnected: type !== 'none', networkType: type })
    await this.settle()
  }

  /** setTimeout for the app's sandbox and the host's wx callbacks: short timers count as work settle() waits for. */
  private readonly trackedSetTimeout = (fn: (...a: unknown[]) => void, ms = 0, ...args: unknown[]): NodeJS.Timeout => {
    if (typeof ms !== 'number' || ms > SHORT_TIMER_MS) return setTimeout(fn, ms, ...args)
    const timer = setTimeout(() => {
      this.shortTimers.delete(timer)
      fn(...args)
    }, ms + (this.options.slowTimersMs ?? 0))
    this.shortTimers.add(timer)
    return timer
  }

  private readonly trackedClearTimeout = (timer: NodeJS.Timeout | undefined): void => {
    if (timer) this.shortTimers.delete(timer)
    clearTimeout(timer)
  }

  private async openPage(url: string, presetQuery: Record<string, string> = {}, settle = true): Promise<PageHandle> {
    const [rawRoute, search = ''] = url.replace(/^\//, '').split('?')
    const query: Record<string, string> = { ...presetQuery }
    for (const [k, v] of new URLSearchParams(search)) query[k] = v
    const route = rawRoute
    if (!this.pageConfigs.has(route)) {
      this.registeringRoute = route
      this.require(`${route}.js`, this.options.distDir)
    }
    const config = this.pageConfigs.get(route)
    if (!config) throw new Error(`page ${route} did not call Page()`)
    const host = this
    const instance: AnyRecord = Object.create(config)
    instance.data = JSON.parse(JSON.stringify(config.data ?? {}))
    instance.route = route
    instance.__route__ = route
    instance.options = query
    instance.setData = (patch: AnyRecord, callback?: () => void) => {
      host.setDataSizes.push({ route, bytes: Buffer.byteLength(JSON.stringify(patch)) })
      for (const [key, value] of Object.entries(patch)) applyPatch(instance.data, key, value)
      if (callback) host.trackedSetTimeout(callback, 0)
    }
    instance.selectComponent = () => null
    instance.createSelectorQuery = () => this.wx.createSelectorQuery()
    const handle = new PageHandle(this, route, instance)
    this.stack.push(handle)
    instance.onLoad?.call(instance, query)
    instance.onShow?.call(instance)
    instance.onReady?.call(instance)
    if (settle) await this.settle()
    return handle
  }

  /** The page stays in the stack but is covered: WeChat calls onHide. */
  private hideTop() {
    const top = this.stack[this.stack.length - 1]
    if (!top) return
    this.lifecycle.push({ route: top.route, hook: 'onHide' })
    top.instance.onHide?.call(top.instance)
  }

  /** The mini program goes to the background (home button, another app) and comes back. */
  async hideApp(): Promise<void> {
    this.hideTop()
    this.app?.onHide?.call(this.app)
    await this.settle()
  }

  async showApp(): Promise<void> {
    this.app?.onShow?.call(this.app, { path: this.currentPage.route, query: {}, scene: 1001 })
    this.currentPage.instance.onShow?.call(this.currentPage.instance)
    await this.settle()
  }

  private closeTop() {
    const top = this.stack.pop()
    if (top) this.lifecycle.push({ route: top.route, hook: 'onUnload' })
    top?.instance.onUnload?.call(top.instance)
  }

  /** Which package a file belongs to: '' for the main package, else the subpackage root. */
  packageOf(file: string): string {
    const rel = path.relative(this.options.distDir, file).replace(/\\/g, '/')
    return this.appJson.subPackages.find((p) => rel.startsWith(`${p.root.replace(/\/$/, '')}/`))?.root ?? ''
  }

  private subPackagePages(): string[] {
    return this.appJson.subPackages.flatMap((p) => p.pages.map((page) => `${p.root.replace(/\/$/, '')}/${page}`))
  }

  /**
   * Like WeChat: a main-package file cannot require a subpackage's file, nor one subpackage
   * another's (`fromFile` undefined = the framework loading a page, which may load any package).
   */
  private require(request: string, fromDir: string, fromFile?: string): unknown {
    const file = path.resolve(fromDir, request.endsWith('.js') ? request : `${request}.js`)
    if (fromFile) {
      const from = this.packageOf(fromFile)
      const to = this.packageOf(file)
      if (to && to !== from) {
        throw new Error(`module '${path.relative(this.options.distDir, file)}' is not defined, require args is '${request}' (from package '${from || 'main'}' into subpackage '${to}')`)
      }
    }
    const cached = this.modules.get(file)
    if (cached) return cached.exports
    const module: AnyRecord = { exports: {} }
    this.modules.set(file, module)
    const code = fs.readFileSync(file, 'utf8')
    const wrapper = vm.runInContext(`(function (exports, require, module, __filename, __dirname) {${code}\n})`, this.context, {
      filename: file
    })
    const dir = path.dirname(file)
    wrapper(module.exports, (r: string) => this.require(r, dir, file), module, file, dir)
    return module.exports
  }

  private record(api: string, args: AnyRecord = {}) {
    this.calls.push({ api, args })
  }

  private buildWx(): AnyRecord {
    const host = this
    const ok = (api: string, extra: AnyRecord = {}) => (opts: AnyRecord & Callbacks = {}) => {
      host.record(api, opts)
      const res = { errMsg: `${api}:ok`, ...extra }
      host.trackedSetTimeout(() => {
        opts.success?.(res)
        opts.complete?.(res)
      }, 0)
    }
    const windowInfo = {
      pixelRatio: 2,
      screenWidth: 375,
      screenHeight: 667,
      windowWidth: 375,
      windowHeight: 603,
      statusBarHeight: 20,
      safeArea: { left: 0, right: 375, top: 20, bottom: 667, width: 375, height: 647 }
    }
    const systemInfo = {
      ...windowInfo,
      brand: 'devtools',
      model: 'headless',
      system: 'Android 10',
      platform: 'devtools',
      version: '8.0.50',
      SDKVersion: '3.5.0',
      language: 'zh_CN',
      fontSizeSetting: this.options.fontSizeSetting ?? 16,
      theme: 'light'
    }
    const storage = this.storage
    const wx: AnyRecord = {
      getSystemInfoSync: () => systemInfo,
      getSystemInfo: ok('getSystemInfo', systemInfo),
      getWindowInfo: () => windowInfo,
      getDeviceInfo: () => ({ brand: 'devtools', model: 'headless', system: 'Android 10', platform: 'devtools' }),
      getAppBaseInfo: () => ({ SDKVersion: '3.5.0', language: 'zh_CN', version: '8.0.50', theme: 'light', fontSizeSetting: systemInfo.fontSizeSetting }),
      getMenuButtonBoundingClientRect: () => ({ width: 87, height: 32, top: 24, right: 365, bottom: 56, left: 278 }),
      getLaunchOptionsSync: () => ({ path: 'pages/index/index', query: {}, scene: 1001 }),
      getEnterOptionsSync: () => ({ path: 'pages/index/index', query: {}, scene: 1001 }),
      canIUse: (schema: string) => {
        const [head, ...rest] = String(schema).split('.')
        const known =
          CAN_I_USE_SCHEMAS.has(schema) ||
          (rest.length === 0 && (typeof wx[head] === 'function' || CAN_I_USE_COMPONENTS.has(head)))
        host.canIUseAsked.push({ schema, answer: known })
        return known
      },
      nextTick: (fn: () => void) => host.trackedSetTimeout(fn, 0),
      getStorageSync: (key: string) => (storage.has(key) ? JSON.parse(storage.get(key) as string) : ''),
      setStorageSync: (key: string, value: unknown) => {
        const refused = host.storageRefusal('setStorageSync', key, value)
        if (refused) throw new Error(refused)
        storage.set(key, JSON.stringify(value))
      },
      removeStorageSync: (key: string) => {
        storage.delete(key)
      },
      clearStorageSync: () => storage.clear(),
      getStorage: (opts: AnyRecord & Callbacks) => {
        host.trackedSetTimeout(() => {
          if (storage.has(opts.key)) opts.success?.({ data: JSON.parse(storage.get(opts.key) as string), errMsg: 'getStorage:ok' })
          else opts.fail?.({ errMsg: 'getStorage:fail data not found' })
          opts.complete?.({})
        }, 0)
      },
      setStorage: (opts: AnyRecord & Callbacks) => {
        const refused = host.storageRefusal('setStorage', String(opts.key), opts.data)
        if (refused) {
          host.trackedSetTimeout(() => {
            opts.fail?.({ errMsg: refused })
            opts.complete?.({ errMsg: refused })
          }, 0)
          return
        }
        storage.set(opts.key, JSON.stringify(opts.data))
        ok('setStorage')(opts)
      },
      removeStorage: (opts: AnyRecord & Callbacks) => {
        storage.delete(opts.key)
        ok('removeStorage')(opts)
      },
      getStorageInfoSync: () => ({ keys: [...storage.keys()], currentSize: Math.ceil(host.storageBytes() / 1024), limitSize: STORAGE_TOTAL_BYTES / 1024 }),
      request: (opts: AnyRecord & Callbacks) => host.request(opts),
      getLocation: (opts: AnyRecord & Callbacks) => {
        host.record('getLocation', opts)
        host.privacyGate('getLocation', opts, () => {
          const loc = host.options.location
          if (loc) {
            host.authSetting['scope.userLocation'] = true
            const res = { ...loc, accuracy: 30, errMsg: 'getLocation:ok' }
            opts.success?.(res)
            opts.complete?.(res)
          } else {
            host.authSetting['scope.userLocation'] = false
            const err = { errMsg: 'getLocation:fail auth deny', errno: 103 }
            opts.fail?.(err)
            opts.complete?.(err)
          }
        })
      },
      // the camera scanner: answers what the test put in front of it, or a cancel (the user closed it)
      scanCode: (opts: AnyRecord & Callbacks = {}) => {
        host.record('scanCode', opts)
        host.trackedSetTimeout(() => {
          const text = host.options.scanResult
          if (text !== undefined) {
            const res = { result: text, scanType: 'QR_CODE', charSet: 'utf-8', path: '', rawData: Buffer.from(text).toString('base64'), errMsg: 'scanCode:ok' }
            opts.success?.(res)
            opts.complete?.(res)
          } else {
            const err = { errMsg: 'scanCode:fail cancel' }
            opts.fail?.(err)
            opts.complete?.(err)
          }
        }, 0)
      },
      getSetting: (opts: AnyRecord & Callbacks = {}) => ok('getSetting', { authSetting: { ...host.authSetting } })(opts),
      authorize: ok('authorize'),
      getPrivacySetting: (opts: AnyRecord & Callbacks = {}) =>
        ok('getPrivacySetting', { needAuthorization: !host.privacy.agreed, privacyContractName: '《用户隐私保护指引》' })(opts),
      requirePrivacyAuthorize: (opts: AnyRecord & Callbacks = {}) => {
        host.record('requirePrivacyAuthorize', opts)
        host.privacyGate('requirePrivacyAuthorize', opts, () => {
          const res = { errMsg: 'requirePrivacyAuthorize:ok' }
          opts.success?.(res)
          opts.complete?.(res)
        })
      },
      onNeedPrivacyAuthorization: (listener: (resolve: (r: AnyRecord) => void, info: AnyRecord) => void) => {
        host.record('onNeedPrivacyAuthorization', {})
        host.privacy.listener = listener
      },
      navigateTo: (opts: AnyRecord & Callbacks) => host.navigate('navigateTo', opts),
      redirectTo: (opts: AnyRecord & Callbacks) => host.navigate('redirectTo', opts),
      reLaunch: (opts: AnyRecord & Callbacks) => host.navigate('reLaunch', opts),
      switchTab: (opts: AnyRecord & Callbacks) => host.navigate('switchTab', opts),
      navigateBack: (opts: AnyRecord & Callbacks = {}) => {
        host.record('navigateBack', opts)
        const delta = Math.max(1, Number(opts.delta ?? 1))
        for (let i = 0; i < delta && host.stack.length > 1; i++) host.closeTop()
        host.currentPage.instance.onShow?.call(host.currentPage.instance)
        ok('navigateBack')({ success: opts.success, complete: opts.complete })
      },
      createSelectorQuery: () => {
        const query: AnyRecord = {
          in: () => query,
          select: () => query,
          selectAll: () => query,
          selectViewport: () => query,
          boundingClientRect: () => query,
          scrollOffset: () => query,
          fields: () => query,
          node: () => query,
          exec: (cb?: (r: unknown[]) => void) => host.trackedSetTimeout(() => cb?.([]), 0)
        }
        return query
      },
      createIntersectionObserver: () => ({ relativeTo: () => ({ observe: () => {} }), relativeToViewport: () => ({ observe: () => {} }), disconnect: () => {} }),
      onAppShow: () => {},
      onAppHide: () => {},
      offAppShow: () => {},
      offAppHide: () => {},
      onNetworkStatusChange: (l: (r: { isConnected: boolean; networkType: NetworkType }) => void) => {
        host.networkListeners.add(l)
      },
      offNetworkStatusChange: (l?: (r: { isConnected: boolean; networkType: NetworkType }) => void) => {
        if (l) host.networkListeners.delete(l)
        else host.networkListeners.clear()
      },
      onWindowResize: () => {},
      offWindowResize: () => {},
      onMemoryWarning: () => {},
      reportAnalytics: () => {}
    }
    for (const api of [
      'showToast', 'hideToast', 'showLoading', 'hideLoading', 'showActionSheet', 'stopPullDownRefresh', 'startPullDownRefresh',
      'setNavigationBarTitle', 'setNavigationBarColor', 'makePhoneCall', 'openLocation', 'setClipboardData', 'showShareMenu',
      'hideShareMenu', 'updateShareMenu', 'pageScrollTo', 'vibrateShort', 'setBackgroundColor', 'setBackgroundTextStyle',
      'hideKeyboard', 'login', 'checkSession', 'requestSubscribeMessage', 'previewImage', 'openPrivacyContract', 'shareFileMessage'
    ]) {
      const extra: AnyRecord = api === 'login' ? { code: this.options.loginCode ?? `dev:headless-${Date.now()}` } : {}
      wx[api] = ok(api, extra)
    }
    wx.getNetworkType = (opts: AnyRecord & Callbacks = {}) => ok('getNetworkType', { networkType: host.network })(opts)
    // every privacy API is held by the privacy gate until the worker agreed (a test may replace one to check its arguments)
    const gated = (api: string, extra: () => AnyRecord = () => ({})) => (opts: AnyRecord & Callbacks = {}) => {
      host.record(api, opts)
      host.privacyGate(api, opts, () => {
        const res = { errMsg: `${api}:ok`, ...extra() }
        opts.success?.(res)
        opts.complete?.(res)
      })
    }
    wx.chooseMedia = gated('chooseMedia', () => ({ type: 'image', tempFiles: [] }))
    wx.chooseImage = gated('chooseImage', () => ({ tempFilePaths: [], tempFiles: [] }))
    wx.chooseLocation = gated('chooseLocation', () => ({ name: '', address: '', latitude: 0, longitude: 0 }))
    wx.setClipboardData = gated('setClipboardData')
    wx.saveImageToPhotosAlbum = gated('saveImageToPhotosAlbum')
    wx.addPhoneCalendar = gated('addPhoneCalendar')
    wx.showModal = (opts: AnyRecord & Callbacks) => {
      host.record('showModal', opts)
      const confirm = (host.modalAnswers.shift() ?? 'confirm') === 'confirm'
      const res = { confirm, cancel: !confirm, errMsg: 'showModal:ok' }
      host.trackedSetTimeout(() => {
        opts.success?.(res)
        opts.complete?.(res)
      }, 0)
    }
    wx.getClipboardData = gated('getClipboardData', () => ({ data: '' }))
    wx.getUpdateManager = () => ({
      onCheckForUpdate: () => {},
      onUpdateReady: (l: () => void) => void host.update.ready.push(l),
      onUpdateFailed: (l: () => void) => void host.update.failed.push(l),
      applyUpdate: () => {
        host.record('applyUpdate', {})
        host.update.applied++
      }
    })
    // the app's own user folder: files written there are kept in `host.userFiles` (path → text)
    wx.env = { USER_DATA_PATH: 'wxfile://usr' }
    // synchronous file calls the app uses for queued signatures (a file per signature, never one storage key);
    // `storageFull` makes writes fail as on a full phone
    const fileError = (api: string, why: string) => new Error(`${api}:fail ${why}`)
    const inUser = (p: string) => String(p).startsWith('wxfile://usr/')
    wx.getFileSystemManager = () => ({
      accessSync: (p: string) => {
        if (!host.userFiles.has(p) && ![...host.userFiles.keys()].some((k) => k.startsWith(`${p}/`)) && !host.userDirs.has(p)) throw fileError('accessSync', `no such file or directory ${p}`)
      },
      mkdirSync: (p: string) => {
        if (!inUser(p)) throw fileError('mkdirSync', `permission denied, open ${p}`)
        host.userDirs.add(p)
      },
      writeFileSync: (p: string, data: string, encoding = 'utf8') => {
        if (!inUser(p)) throw fileError('writeFileSync', `permission denied, open ${p}`)
        if (host.storageFull) throw fileError('writeFileSync', 'the maximum size of the file storage limit is exceeded')
        host.userFiles.set(p, encoding === 'base64' ? `base64:${data}` : String(data))
      },
      readFileSync: (p: string, encoding?: string) => {
        const v = host.userFiles.get(p)
        if (v === undefined) throw fileError('readFileSync', `no such file or directory ${p}`)
        if (v.startsWith('base64:')) return encoding === 'base64' ? v.slice(7) : Buffer.from(v.slice(7), 'base64').toString('utf8')
        return encoding === 'base64' ? Buffer.from(v).toString('base64') : v
      },
      unlinkSync: (p: string) => {
        if (!host.userFiles.delete(p)) throw fileError('unlinkSync', `no such file or directory ${p}`)
      },
      writeFile: (opts: AnyRecord & Callbacks) => {
        host.record('writeFile', { filePath: opts.filePath, encoding: opts.encoding })
        const path = String(opts.filePath)
        const res = path.startsWith('wxfile://usr/') ? { errMsg: 'writeFile:ok' } : { errMsg: `writeFile:fail permission denied, open ${path}` }
        if (res.errMsg === 'writeFile:ok') host.userFiles.set(path, String(opts.data))
        host.trackedSetTimeout(() => {
          if (res.errMsg === 'writeFile:ok') opts.success?.(res)
          else opts.fail?.(res)
          opts.complete?.(res)
        }, 0)
      }
    })
    return wx
  }

  /**
   * WeChat's privacy check for a personal-data API: runs it at once when agreed; otherwise fires the
   * app's onNeedPrivacyAuthorization and holds the call until the app resolves — 'agree' only counts
   * after the user tapped an agreePrivacyAuthorization button with that id. Without a listener the
   * call fails (errno 104), as an app that never wired its privacy flow would see.
   */
  privacyGate(api: string, opts: AnyRecord & Callbacks, run: () => void): void {
    if (!PRIVACY_APIS.has(api) && api !== 'requirePrivacyAuthorize') return void this.trackedSetTimeout(run, 0)
    const proceed = () => {
      this.privacy.proceeded.push(api)
      run()
    }
    const refuse = () => {
      this.privacy.refused.push(api)
      const err = { errMsg: `${api}:fail privacy permission is not authorized`, errno: 104 }
      opts.fail?.(err)
      opts.complete?.(err)
    }
    if (this.privacy.agreed) return void this.trackedSetTimeout(run, 0)
    if (!this.privacy.listener) return void this.trackedSetTimeout(refuse, 0)
    this.privacy.waiting.push({ api, go: proceed, refuse })
    if (this.privacy.waiting.length > 1) return // one popup answers every held call
    this.privacy.asked.push(api)
    let settled = false
    const resolve = (r: AnyRecord) => {
      this.privacy.events.push(String(r.event))
      if (r.event === 'exposureAuthorization' && !settled && !this.agreeButtonRendered()) {
        this.privacy.violations.push(`${api}: exposureAuthorization reported before an agreePrivacyAuthorization button was on screen`)
      }
      if (r.event === 'exposureAuthorization' || settled) return
      settled = true
      const held = this.privacy.waiting.splice(0)
      const agreed = r.event === 'agree' && this.privacy.agreed && r.buttonId === this.privacy.tappedAgreeButton
      if (r.event === 'agree' && !agreed) this.privacy.events.push('agree-without-button')
      if (!agreed) this.privacy.agreed = false
      for (const h of held) this.trackedSetTimeout(agreed ? h.go : h.refuse, 0)
    }
    const listener = this.privacy.listener
    this.trackedSetTimeout(() => listener(resolve, { referrer: api }), 0)
    // WeChat shows nothing itself: without the app's agree button on screen the call would wait forever
    const askedAt = Date.now()
    const watch = () => {
      if (settled || this.agreeButtonRendered()) return
      if (Date.now() - askedAt >= PRIVACY_SHEET_DEADLINE_MS) {
        this.privacy.violations.push(`${api}: no agreePrivacyAuthorization button on screen ${PRIVACY_SHEET_DEADLINE_MS} ms after WeChat asked`)
        return
      }
      setTimeout(watch, SHORT_TIMER_MS + 1).unref() // a long timer: the host's own watch is not the app's work
    }
    setTimeout(watch, SHORT_TIMER_MS + 1).unref()
  }

  private navigate(api: string, opts: AnyRecord & Callbacks) {
    this.record(api, opts)
    this.pending++
    setTimeout(async () => {
      try {
        if (api === 'navigateTo' && this.stack.length >= PAGE_STACK_LIMIT) throw new Error('webview count limit exceed')
        const target = String(opts.url).replace(/^\//, '').split('?')[0]
        if (!this.appJson.pages.includes(target) && !this.subPackagePages().includes(target)) throw new Error(`page "${target}" is not found`)
        if (api === 'navigateTo') this.hideTop()
        if (api === 'redirectTo') this.closeTop()
        if (api === 'reLaunch' || api === 'switchTab') while (this.stack.length) this.closeTop()
        // no settle here: this navigation itself counts as pending work for the caller's settle()
        await this.openPage(String(opts.url), {}, false)
        const res = { errMsg: `${api}:ok` }
        opts.success?.(res)
        opts.complete?.(res)
      } catch (error) {
        const res = { errMsg: `${api}:fail ${(error as Error).message}` }
        opts.fail?.(res)
        opts.complete?.(res)
      } finally {
        this.pending--
      }
    }, 0)
  }

  private request(opts: AnyRecord & Callbacks) {
    const controller = new AbortController()
    const from = this.options.requestBaseFrom ?? TEST_API_BASE
    let url = String(opts.url)
    if (url.startsWith(from)) url = this.options.apiBase + url.slice(from.length)
    const method = String(opts.method ?? 'GET').toUpperCase()
    const headers: Record<string, string> = { ...(opts.header ?? {}) }
    let body: string | undefined
    if (opts.data !== undefined && opts.data !== null) {
      if (method === 'GET') {
        // wx.request serialises GET data into the query string
        const params = new URLSearchParams()
        for (const [k, v] of Object.entries(opts.data as AnyRecord)) if (v !== undefined) params.append(k, String(v))
        const qs = params.toString()
        if (qs) url += (url.includes('?') ? '&' : '?') + qs
      } else {
        body = typeof opts.data === 'string' ? opts.data : JSON.stringify(opts.data)
        if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json'
      }
    }
    this.pending++
    fetch(url, { method, headers, body, signal: controller.signal })
      .then(async (response) => {
        const text = await response.text()
        let data: unknown = text
        if (opts.dataType !== 'text') {
          try {
            data = JSON.parse(text)
          } catch {
            data = text
          }
        }
        this.requests.push({ method, url, status: response.status })
        const header: AnyRecord = {}
        response.headers.forEach((v, k) => (header[k] = v))
        // Like WeChat: any HTTP status is a "success"; the app must turn 4xx/5xx into errors.
        const res = { data, statusCode: response.status, header, errMsg: 'request:ok' }
        opts.success?.(res)
        opts.complete?.(res)
      })
      .catch((error: Error) => {
        this.requests.push({ method, url, status: 0 })
        const res = { errMsg: `request:fail ${error.message}`, errno: 600001 }
        opts.fail?.(res)
        opts.complete?.(res)
      })
      .finally(() => {
        this.pending--
      })
    return { abort: () => controller.abort(), onHeadersReceived: () => {}, offHeadersReceived: () => {} }
  }
}

/** Applies one Taro setData key (`root.cn.[0].cn.[1].v`) to the page data. */
export function applyPatch(target: AnyRecord, key: string, value: unknown): void {
  const parts = key.split('.').map((p) => (/^\[\d+\]$/.test(p) ? Number(p.slice(1, -1)) : p))
  let node: AnyRecord = target
  for (let i = 0; i < parts.length - 1; i++) {
    const part = parts[i]
    if (node[part as string] === undefined || node[part as string] === null) {
      node[part as string] = typeof parts[i + 1] === 'number' ? [] : {}
    }
    node = node[part as string]
  }
  node[parts[parts.length - 1] as string] = value
}
