/**
 * Size budgets (DESIGN.md §5), measured on the built output:
 *   weapp main package ≤ 600 KB, every subpackage ≤ 400 KB; H5 initial JS ≤ 150 KB gzip.
 * Prints a table, writes test-output/size.json and the budgets' rows of docs/performance.md (with the setData
 * and 2G first-paint figures the weapp and e2e tests left in test-output/, when they ran), exits 1 above a budget.
 */
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import { BUDGET_HEADER, stamp, writePerfRows } from '../../scripts/perf-doc'

const KB = 1024
const WEAPP = path.resolve('dist/weapp')
const H5 = path.resolve('dist/h5')

const sizeOf = (dir: string, skip: (p: string) => boolean = () => false): number => {
  let total = 0
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (skip(full)) continue
    total += entry.isDirectory() ? sizeOf(full, skip) : fs.statSync(full).size
  }
  return total
}

interface Line {
  what: string
  bytes: number
  budget: number
}
const lines: Line[] = []

const appJson = JSON.parse(fs.readFileSync(path.join(WEAPP, 'app.json'), 'utf8')) as { subPackages?: { root: string }[] }
const subRoots = (appJson.subPackages ?? []).map((s) => path.join(WEAPP, s.root))
// project.config.json is DevTools metadata, not part of the uploaded code package.
const notMain = (p: string) => subRoots.includes(p) || p.endsWith('project.config.json')
lines.push({ what: 'weapp main package', bytes: sizeOf(WEAPP, notMain), budget: 600 * KB })
for (const root of subRoots) lines.push({ what: `weapp ${path.relative(WEAPP, root)}`, bytes: sizeOf(root), budget: 400 * KB })

const html = fs.readFileSync(path.join(H5, 'index.html'), 'utf8')
// the start-up scripts: preloaded in <head> and added after the shell's first frame (config/shell-first.ts)
const initialScripts = [...html.matchAll(/<link[^>]+rel="preload"[^>]+as="script"[^>]+href="([^"]+)"|<script[^>]+src="([^"]+)"/g)].map((m) => m[1] ?? m[2])
const gzipBytes = initialScripts.reduce((sum, src) => {
  const file = path.join(H5, src.replace(/^\//, ''))
  return sum + zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length
}, 0)
lines.push({ what: `H5 initial JS gzip (${initialScripts.length} files)`, bytes: gzipBytes, budget: 150 * KB })

let over = false
console.log('size budgets:')
for (const l of lines) {
  const ok = l.bytes <= l.budget
  over ||= !ok
  console.log(`  ${ok ? '✔' : '✘'} ${l.what.padEnd(40)} ${(l.bytes / KB).toFixed(1).padStart(7)} KB  (budget ${l.budget / KB} KB)`)
}
fs.mkdirSync('test-output', { recursive: true })
fs.writeFileSync('test-output/size.json', JSON.stringify(lines, null, 2))

// docs/performance.md: the latest number of each budget, written by the tool that measured it
const kb = (bytes: number) => `${(bytes / KB).toFixed(1)} KB`
const when = `\`npm run size\`, ${stamp()}, production builds`
const [main, ...rest] = lines
const subs = rest.filter((l) => l.what.startsWith('weapp '))
const h5 = rest.find((l) => l.what.startsWith('H5 '))!
const rows: string[][] = [
  ['weapp main package', '≤ 600 KB', kb(main.bytes), when],
  ['weapp each subpackage', '≤ 400 KB', subs.map((l) => `${l.what.replace(/^weapp (subpackages\/)?/, '')} ${kb(l.bytes)}`).join(', '), when],
  ['H5 initial JS', '≤ 150 KB gzip', `${kb(h5.bytes)} gzip (${initialScripts.length} start-up scripts)`, when]
]
// figures the test run left behind (each file's time is when that test measured it)
const measuredAt = (file: string) => stamp(fs.statSync(file).mtime)
const setData = 'test-output/weapp-setdata.json'
if (fs.existsSync(setData)) {
  const d = JSON.parse(fs.readFileSync(setData, 'utf8')) as { courseListFirstScreenBytes: number; largestSetDataBytes: number; calls: number }
  rows.push(['weapp first screen of the course list', '≤ 64 KB setData, no call > 256 KB', `${kb(d.courseListFirstScreenBytes)}, largest call ${kb(d.largestSetDataBytes)}`, `\`test/weapp/discovery.test.ts\`, ${measuredAt(setData)}`])
}
const firstPaint = 'test-output/first-paint.json'
if (fs.existsSync(firstPaint)) {
  const d = JSON.parse(fs.readFileSync(firstPaint, 'utf8')) as { readableMs: number; nearbyListMs: number; network: string }
  rows.push(['H5 first paint, 2G-like link', `${d.network}: readable ≤ 3 s, nearby list ≤ 8 s`, `readable ${(d.readableMs / 1000).toFixed(2)} s, nearby list ${(d.nearbyListMs / 1000).toFixed(2)} s`, `\`test/e2e/first-paint.test.ts\`, ${measuredAt(firstPaint)}`])
}
writePerfRows({ section: 'budgets', header: BUDGET_HEADER, rows, keyColumns: 1 })
process.exit(over ? 1 : 0)
