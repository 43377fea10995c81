/**
 * A released mini program may only call https domains registered in the WeChat console: a
 * production weapp build without an https TARO_APP_API_BASE fails, with a message saying what to set.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { checkWeappApiBase } from '../../config'

const ROOT = path.resolve(__dirname, '../..')

test.each([
  [undefined, false],
  ['http://127.0.0.1:8080', false],
  ['https://', false],
  ['ftp://api.example.cn', false],
  ['https://api.example.cn', true],
  ['https://api.example.cn/base', true]
])('production weapp build with TARO_APP_API_BASE=%s → allowed %s', (base, allowed) => {
  const run = () => checkWeappApiBase({ TARO_ENV: 'weapp', NODE_ENV: 'production', TARO_APP_API_BASE: base })
  if (allowed) expect(run).not.toThrow()
  else expect(run).toThrow(/小程序正式构建需要 https 的接口地址[\s\S]*TARO_APP_API_BASE=https:\/\//)
})

test('development and H5 builds keep their defaults', () => {
  expect(() => checkWeappApiBase({ TARO_ENV: 'weapp', NODE_ENV: 'development' })).not.toThrow()
  expect(() => checkWeappApiBase({ TARO_ENV: 'h5', NODE_ENV: 'production' })).not.toThrow()
})

test('the real build command stops before compiling, with the message, and the test build carries the https base', () => {
  const env = { ...process.env, NODE_ENV: 'production', TARO_APP_API_BASE: 'http://127.0.0.1:8080' }
  const r = spawnSync('npx', ['taro', 'build', '--type', 'weapp'], { cwd: ROOT, env, encoding: 'utf8', timeout: 120_000 })
  expect(r.status).not.toBe(0)
  expect(`${r.stdout}${r.stderr}`).toContain('小程序正式构建需要 https 的接口地址')
  // dist/weapp (built by npm test) has the https base compiled in, and no http one
  const common = fs.readFileSync(path.join(ROOT, 'dist/weapp/common.js'), 'utf8')
  expect(common).toContain('https://api.zsb.test')
  expect(common).not.toContain('http://127.0.0.1')
})
