// Profiles the built H5 page load in Chromium (4× CPU throttle, like Lighthouse): lists the long main-thread tasks and
// what ran in each (CPU samples mapped through source maps: build with H5_SOURCE_MAP=1). Usage:
//   node scripts/h5-profile.mjs home|list|detail [trace.json]   (STATIC_DIR=another build, THROTTLE=n, WAIT=ms)
// Diagnosis only, not part of npm test (source-map-js is in the tree through postcss).
import { spawn } from 'node:child_process'
import fs from 'node:fs'; import os from 'node:os'; import path from 'node:path'
import { createRequire } from 'node:module'
const require = createRequire(path.resolve('package.json'))
const { chromium } = require('playwright-core')
const { SourceMapConsumer } = require('source-map-js')
const ROOT = process.cwd()
const which = process.argv[2] ?? 'home'
const THROTTLE = Number(process.env.THROTTLE ?? 4)
const port = 19000 + (process.pid % 900)
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zsb-tr-'))
const server = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'server/main.ts'], { cwd: ROOT, env: { ...process.env, NODE_ENV: 'test', PORT: String(port), HOST: '127.0.0.1', DATA_DIR: path.join(dataDir, 'db') }, stdio: 'ignore', detached: true })
const base = `http://127.0.0.1:${port}`
let browser
try {
  for (let i = 0; ; i++) { try { if ((await fetch(`${base}/api/v1/health`)).ok) break } catch {} if (i > 600) throw new Error('no server'); await new Promise((r) => setTimeout(r, 200)) }
  const list = await (await fetch(`${base}/api/v1/courses?region=310000&limit=1`)).json()
  const url = { home: `${base}/`, list: `${base}/pages/courses/index`, detail: `${base}/pages/course/index?id=${list.items[0].id}` }[which]
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless=new', '--no-sandbox', '--disable-gpu'] })
  const ctx = await browser.newContext({ viewport: { width: 412, height: 823 }, deviceScaleFactor: 1.75, isMobile: true, hasTouch: true })
  const page = await ctx.newPage()
  await page.goto('about:blank')
  const cdp = await ctx.newCDPSession(page)
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE })
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'disabled-by-default-v8.cpu_profiler', 'blink.user_timing', 'loading', 'toplevel', 'v8'] })
  await page.goto(url, { waitUntil: 'load' })
  await page.waitForTimeout(Number(process.env.WAIT ?? 4000))
  const buf = await browser.stopTracing()
  const trace = JSON.parse(buf.toString())
  fs.writeFileSync(process.argv[3] ?? path.join(os.tmpdir(), `zsb-trace-${which}.json`), buf)
  analyze(trace, base)
} finally { await browser?.close(); try { process.kill(-server.pid, 'SIGTERM') } catch {}; fs.rmSync(dataDir, { recursive: true, force: true }) }

function analyze(trace, base) {
  const ev = trace.traceEvents
  // renderer main thread: the thread with CrRendererMain name
  const mains = ev.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`)
  // pick the one with most RunTask durations
  let best = null, bestDur = 0
  for (const m of mains) { const d = ev.filter((e) => `${e.pid}:${e.tid}` === m && e.ph === 'X' && e.name === 'RunTask').reduce((s, e) => s + e.dur, 0); if (d > bestDur) { bestDur = d; best = m } }
  const onMain = ev.filter((e) => `${e.pid}:${e.tid}` === best)
  const nav = ev.find((e) => e.name === 'navigationStart' && e.args?.data?.documentLoaderURL?.startsWith('http')) ?? onMain[0]
  const t0 = nav.ts
  const tasks = onMain.filter((e) => e.ph === 'X' && e.name === 'RunTask' && e.ts >= t0).sort((a, b) => a.ts - b.ts)
  // CPU profile
  const prof = ev.find((e) => e.name === 'Profile' && `${e.pid}:${e.tid}` === best)
  const chunks = ev.filter((e) => (e.name === 'ProfileChunk' || e.name === 'Profile') && e.pid === prof.pid && e.id === prof.id)
  const nodes = new Map(); let startTime = null; const samples = []; let t = null
  for (const c of chunks) {
    if (c.name === 'Profile') { startTime = c.args.data.startTime; t = startTime; continue }
    const d = c.args.data
    for (const n of d.cpuProfile?.nodes ?? []) nodes.set(n.id, n)
    const s = d.cpuProfile?.samples ?? []; const td = d.timeDeltas ?? []
    for (let i = 0; i < s.length; i++) { t += td[i]; samples.push([t, s[i]]) }
  }
  const maps = {}
  const srcOf = (cf) => {
    if (!cf.url || !cf.url.startsWith(base)) return cf.url ? cf.url.replace(base, '') : `(${cf.functionName || 'native'})`
    const rel = cf.url.replace(base, '').split('?')[0]
    const file = path.join(process.env.STATIC_DIR ?? path.join(ROOT, 'dist/h5'), rel)
    if (!fs.existsSync(file + '.map')) return rel
    maps[file] ??= new SourceMapConsumer(JSON.parse(fs.readFileSync(file + '.map', 'utf8')))
    const p = maps[file].originalPositionFor({ line: cf.lineNumber + 1, column: cf.columnNumber })
    let s = p.source ?? rel
    const i = s.lastIndexOf('node_modules/'); if (i >= 0) s = s.slice(i + 13)
    return s.replace(/^webpack:\/\/[^/]*\//, '') + (p.name ? ` ${p.name}` : cf.functionName ? ` ${cf.functionName}` : '')
  }
  const parentOf = new Map(); for (const n of nodes.values()) for (const ch of n.children ?? []) parentOf.set(ch, n.id)
  const label = new Map(); const lab = (id) => { if (!label.has(id)) label.set(id, srcOf(nodes.get(id).callFrame)); return label.get(id) }
  const pkg = (l) => l.split(' ')[0].replace(/^(@[^/]+\/[^/]+|[^/@(][^/]*)\/.*$/, '$1')
  console.log(`main ${best}, tasks after nav: ${tasks.length}, samples ${samples.length}`)
  let tbt = 0
  for (const task of tasks) {
    const ms = task.dur / 1000
    if (ms < 12) continue
    tbt += Math.max(0, ms * (4 / THROTTLE) - 50)
    const s = samples.filter(([ts]) => ts >= task.ts && ts <= task.ts + task.dur)
    const self = {}, incl = {}, pk = {}
    for (let i = 0; i < s.length; i++) {
      const dt = (i + 1 < s.length ? s[i + 1][0] : task.ts + task.dur) - s[i][0]
      const l = lab(s[i][1]); self[l] = (self[l] ?? 0) + dt
      pk[pkg(l)] = (pk[pkg(l)] ?? 0) + dt
      const seen = new Set(); let id = s[i][1]
      while (id != null) { const L = lab(id); if (!seen.has(L)) { seen.add(L); incl[L] = (incl[L] ?? 0) + dt } id = parentOf.get(id) }
    }
    // what kind of task: direct child events
    const kids = onMain.filter((e) => e.ph === 'X' && e.ts >= task.ts && e.ts + e.dur <= task.ts + task.dur && e !== task && e.dur > 2000 && ['EvaluateScript', 'FunctionCall', 'v8.compile', 'Layout', 'UpdateLayoutTree', 'ParseHTML', 'TimerFire', 'FireAnimationFrame', 'RunMicrotasks', 'v8.evaluateModule', 'EventDispatch', 'Paint', 'v8.run', 'ParseAuthorStyleSheet', 'PrePaint', 'Layerize', 'V8.GC_SCAVENGER', 'MajorGC', 'MinorGC'].includes(e.name))
    const kindSum = {}; for (const k of kids) kindSum[k.name] = (kindSum[k.name] ?? 0) + k.dur / 1000
    const url = kids.find((k) => k.args?.data?.url)?.args.data.url?.replace(base, '') ?? ''
    console.log(`\n== task @${((task.ts - t0) / 1000).toFixed(0)} ms: ${ms.toFixed(1)} ms ${url} | ${Object.entries(kindSum).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', ')}`)
    console.log('   by package (self):', Object.entries(pk).sort((a, b) => b[1] - a[1]).slice(0, 8).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)}`).join(' | '))
    console.log('   top self:', Object.entries(self).sort((a, b) => b[1] - a[1]).slice(0, 8).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)}`).join(' | '))
    console.log('   top incl:', Object.entries(incl).sort((a, b) => b[1] - a[1]).filter(([k]) => !k.startsWith('(')).slice(0, 14).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)}`).join(' | '))
  }
  console.log(`\nsum over tasks of (4x-equivalent − 50): ${tbt.toFixed(0)} ms (rough, not Lighthouse's simulation)`)
}
