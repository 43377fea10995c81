/**
 * dist/weapp compiled by WeChat's own WXML and WXSS compilers (wcc / wcsc from miniprogram-compiler,
 * the binaries DevTools uses): a template or style WeChat rejects fails here, not in review.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const DIST = path.resolve(__dirname, '../../dist/weapp')
const BIN = path.dirname(require.resolve('miniprogram-compiler/package.json')) + '/bin/linux'

/** The binaries ship without the executable bit; run copies so node_modules is left as installed. */
function binary(name: 'wcc' | 'wcsc'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wx-compiler-'))
  const file = path.join(dir, name)
  fs.copyFileSync(path.join(BIN, name), file)
  fs.chmodSync(file, 0o755)
  return file
}

function list(ext: string): string[] {
  const out: string[] = []
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name)
      if (e.isDirectory()) walk(p)
      else if (e.name.endsWith(ext)) out.push(path.relative(DIST, p).replace(/\\/g, '/'))
    }
  }
  walk(DIST)
  return out.sort()
}

const platformOk = process.platform === 'linux' && process.arch === 'x64'
const maybe = platformOk ? test : test.skip
if (!platformOk) console.warn('wechat-compilers: WeChat ships wcc/wcsc for linux x64 here; skipped on', process.platform, process.arch)

maybe('every WXML file compiles with wcc', () => {
  const files = list('.wxml')
  expect(files).toEqual(expect.arrayContaining(['base.wxml', 'pages/index/index.wxml']))
  const wxs = list('.wxs')
  // the component-usage header wcc expects: how many files declare usingComponents, then each with its names
  const withComponents = files
    .map((f) => {
      const json = path.join(DIST, f.replace(/\.wxml$/, '.json'))
      const using = fs.existsSync(json) ? Object.keys(JSON.parse(fs.readFileSync(json, 'utf8')).usingComponents ?? {}) : []
      return using.length ? [f, String(using.length), ...using] : []
    })
    .filter((a) => a.length)
  const header = [String(withComponents.length), ...withComponents.flat()].join(' ')
  const r = spawnSync(binary('wcc'), ['-d', '-cc', header, ...files, ...wxs, '-gn', '$gwx'], { cwd: DIST, maxBuffer: 64 * 1024 * 1024 })
  expect(r.stderr.toString()).toBe('')
  expect(r.status).toBe(0)
  expect(r.stdout.toString()).toContain('$gwx')
})

maybe('every WXSS file compiles with wcsc', () => {
  const files = list('.wxss')
  expect(files).toContain('app.wxss')
  // page/component styles (those with a .json) first, as DevTools orders them
  const isComp = (f: string) => fs.existsSync(path.join(DIST, f.replace(/\.wxss$/, '.json')))
  const ordered = [...files.filter(isComp), ...files.filter((f) => !isComp(f))]
  const r = spawnSync(binary('wcsc'), ['-db', '-pc', String(files.filter(isComp).length), ...ordered], { cwd: DIST, maxBuffer: 64 * 1024 * 1024 })
  expect(r.stderr.toString()).toBe('')
  expect(r.status).toBe(0)
  expect(r.stdout.toString()).toContain('app.wxss')
})

maybe('wcsc does reject a broken stylesheet (the check can fail)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wxss-bad-'))
  fs.writeFileSync(path.join(dir, 'bad.wxss'), '.a { color: red; \n .b { }} }}} @import "missing.wxss";')
  const r = spawnSync(binary('wcsc'), ['-db', '-pc', '0', 'bad.wxss'], { cwd: dir })
  expect(r.status !== 0 || r.stderr.toString() !== '').toBe(true)
})

test('every JS file of dist/weapp parses as ES5 (project.config.json es6:false: vendors such as zustand transpiled)', () => {
  const acorn = require('acorn') as typeof import('acorn')
  const bad: string[] = []
  for (const f of list('.js')) {
    try {
      acorn.parse(fs.readFileSync(path.join(DIST, f), 'utf8'), { ecmaVersion: 5 })
    } catch (e) {
      bad.push(`${f}: ${(e as Error).message}`)
    }
  }
  expect(bad).toEqual([])
  // the check can fail: zustand as published is ES2015+ (arrow functions) and is in the bundle
  const zustand = fs.readFileSync(require.resolve('zustand/vanilla'), 'utf8')
  expect(() => acorn.parse(zustand, { ecmaVersion: 5 })).toThrow()
  expect(fs.readFileSync(path.join(DIST, 'vendors.js'), 'utf8') + fs.readFileSync(path.join(DIST, 'common.js'), 'utf8')).toMatch(/getInitialState|subscribe/)
  const project = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../project.config.json'), 'utf8'))
  expect(project.setting.es6).toBe(false)
})
