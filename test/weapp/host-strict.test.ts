/**
 * The headless host behaves like WeChat where the platform is strict, so the app's weapp tests can
 * catch what review or a real phone would: subpackage boundaries on require, the 10-page stack,
 * onHide, a real canIUse table, privacy not pre-agreed.
 */
import path from 'node:path'
import { useLiveServer } from '../support/server'
import { PAGE_STACK_LIMIT, WeappHost } from './host'

const DIST = path.resolve(__dirname, '../../dist/weapp')
const server = useLiveServer()
const newHost = () => new WeappHost({ distDir: DIST, apiBase: server.url })

const call = (host: WeappHost, api: string, opts: Record<string, unknown>) =>
  new Promise<{ ok: boolean; errMsg: string }>((resolve) =>
    host.wx[api]({ ...opts, success: (r: { errMsg: string }) => resolve({ ok: true, errMsg: r.errMsg }), fail: (r: { errMsg: string }) => resolve({ ok: false, errMsg: r.errMsg }) })
  )

test('a main-package file cannot require a subpackage file; a subpackage may require the main package', async () => {
  const host = newHost()
  await host.launch()
  const req = (host as unknown as { require(r: string, dir: string, from?: string): unknown }).require.bind(host)
  expect(() => req('./subpackages/signup/mine/index.js', DIST, path.join(DIST, 'app.js'))).toThrow(/is not defined.*subpackage 'subpackages\/signup'/)
  expect(() => req('../../../common.js', path.join(DIST, 'subpackages/signup/mine'), path.join(DIST, 'subpackages/signup/mine/index.js'))).not.toThrow()
  expect(host.packageOf(path.join(DIST, 'subpackages/signup/mine/index.js'))).toBe('subpackages/signup')
  expect(host.packageOf(path.join(DIST, 'pages/course/index.js'))).toBe('')
})

test('page stack: navigateTo fails beyond 10 pages, covered pages get onHide, unknown pages fail', async () => {
  const host = newHost()
  await host.launch('pages/courses/index')
  for (let i = 1; i < PAGE_STACK_LIMIT; i++) {
    expect(await call(host, 'navigateTo', { url: `/pages/courses/index?i=${i}` })).toMatchObject({ ok: true })
  }
  expect(host.pageStack).toHaveLength(PAGE_STACK_LIMIT)
  expect(host.lifecycle.filter((l) => l.hook === 'onHide')).toHaveLength(PAGE_STACK_LIMIT - 1)
  expect(await call(host, 'navigateTo', { url: '/pages/courses/index?i=11' })).toEqual({ ok: false, errMsg: 'navigateTo:fail webview count limit exceed' })
  expect(await call(host, 'redirectTo', { url: '/subpackages/made-up/index/index' })).toMatchObject({ ok: false, errMsg: expect.stringContaining('is not found') })
  expect(await call(host, 'redirectTo', { url: '/pages/index/index' })).toMatchObject({ ok: true })
  expect(host.pageStack).toHaveLength(PAGE_STACK_LIMIT)
  await host.hideApp()
  expect(host.lifecycle.at(-1)).toEqual({ route: 'pages/index/index', hook: 'onHide' })
})

test('canIUse answers from a table, privacy starts not agreed', async () => {
  const host = newHost()
  await host.launch('pages/courses/index')
  expect(host.wx.canIUse('button.open-type.agreePrivacyAuthorization')).toBe(true)
  expect(host.wx.canIUse('getLocation')).toBe(true)
  expect(host.wx.canIUse('button.open-type.nonsense')).toBe(false)
  expect(host.wx.canIUse('openEmbeddedMiniProgramMadeUp')).toBe(false)
  const setting = await new Promise<{ needAuthorization: boolean }>((resolve) => host.wx.getPrivacySetting({ success: resolve }))
  expect(setting.needAuthorization).toBe(true)
})

test('settle() waits for the whole render on a slow phone: the list page as it ends, whatever the scheduler’s pace', async () => {
  const pageAfterSettle = async (slowTimersMs: number) => {
    const host = new WeappHost({ distDir: DIST, apiBase: server.url, slowTimersMs })
    await host.launch('pages/courses/index')
    await host.settle()
    return host.currentPage.text()
  }
  const quick = await pageAfterSettle(0)
  // the where-bar (second pass) and the course cards (a data-ready transition) are both there
  expect(quick).toContain('选择地区')
  expect(quick).toMatch(/剩\d+个名额|名额已满/)
  // each of React's scheduler tasks 40 ms late: longer than the idle wait, so settle() must know the app has work left
  expect(await pageAfterSettle(40)).toEqual(quick)
})
