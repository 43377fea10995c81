/**
 * 我的证书 in the compiled mini program, headless, against a live server: 我的 → silent login →
 * 一键查询 → privacy consent → real name + ID → the demo identity's three certificates imported as 已联网核验;
 * the add form checks the number as it is typed; the public 证书真伪查询 works without a session.
 */
import path from 'node:path'
import { startServer, type RunningServer } from '../support/server'
import { WeappHost } from './host'

const DIST = path.resolve(__dirname, '../../dist/weapp')
// started here with a generous start-up allowance: the shared 2-core machine can be slow
let server: RunningServer
beforeAll(async () => {
  server = await startServer({}, 240_000)
}, 250_000)
afterAll(async () => server?.stop())

test('我的 → 我的证书 → 一键查询 imports the registry certificates; the add form explains a bad number', async () => {
  const host = new WeappHost({ distDir: DIST, apiBase: server.url, loginCode: 'dev:weapp-cert-1' })
  const me = await host.launch('pages/me/index')
  await me.waitForText('我的证书')
  expect(me.text()).not.toMatch(/我的证书[^\n]*\n[^\n]*\n建设中/)
  await me.tapId('entry-certificates')
  await host.settle()
  const page = host.currentPage
  expect(page.route).toBe('subpackages/certificates/index/index')
  await page.waitForText('还没有证书')
  expect(host.calls.some((c) => c.api === 'login')).toBe(true)

  // no consent yet → the privacy notice, then back
  await page.tapId('cert-lookup')
  await host.settle()
  expect(host.currentPage.route).toBe('subpackages/signup/privacy/index')
  await host.currentPage.waitForText('用户隐私保护指引')
  await host.currentPage.tapId('agree')
  await host.settle()
  expect(host.currentPage.route).toBe('subpackages/certificates/index/index')

  // no real name / ID yet → asked right here, checked before sending
  const list = host.currentPage
  await list.tapId('cert-lookup')
  await list.waitForId('identity-id')
  await list.inputId('identity-name', '王秀英')
  await list.inputId('identity-id', '140302197803150022')
  await list.tapId('identity-save')
  await list.waitForText('身份证号校验位不正确')
  await list.inputId('identity-id', '140302197803150021')
  await list.tapId('identity-save')
  const text = await list.waitForText('已导入3本')
  expect(text.match(/已联网核验/g)).toHaveLength(3)
  expect(text).toContain('育婴员 · 四级/中级工')
  expect(text).toContain('育婴员 · 五级/初级工')
  expect(text).toContain('家政服务员 · 五级/初级工')

  // again: nothing new
  await list.tapId('cert-lookup')
  await list.waitForText('都已经在下面了')
  expect((list.text().match(/已联网核验/g) ?? []).length).toBe(3)

  // the add form: live number check
  await list.tapId('cert-add')
  await host.settle()
  const add = host.currentPage
  expect(add.route).toBe('subpackages/certificates/add/index')
  await add.waitForId('cert-number')
  await add.inputId('cert-number', 'X000114000021254000123')
  await add.waitForText('第一位应为Y（用人单位）或S（社会培训评价组织），现在是X')
  await add.inputId('cert-number', 'S000199000021254000123')
  await add.waitForText('省份代码“99”不存在')
  await add.inputId('cert-number', 'S000114000021254000123')
  await add.waitForText('编号格式正确：山西，2025年，四级')
  await add.tapId('level-5')
  await add.waitForText('证书编号显示是四级，和你选的五级不一样')
  await add.tapId('cert-submit')
  await add.waitForText('证书编号显示是四级，和你选的五级不一样')
  expect(host.requests.filter((r) => r.method === 'POST' && r.url.endsWith('/api/v1/me/certificates'))).toEqual([])
})

test('证书真伪查询 without logging in', async () => {
  const host = new WeappHost({ distDir: DIST, apiBase: server.url, loginCode: 'dev:weapp-cert-2' })
  const numbers = await fetch(`${server.url}/api/v1/public/institutions/verify?q=${encodeURIComponent('速通')}`).then((r) => r.json())
  expect(numbers.items[0].statusLabel).toBe('已注销')
  const page = await host.launch('subpackages/certificates/verify/index')
  await page.waitForId('verify-number')
  await page.inputId('verify-number', 'S000114000021254000123')
  await page.inputId('verify-name', '张三')
  await page.tapId('verify-submit')
  await page.waitForText('没有查到这本证书')
  expect(host.calls.some((c) => c.api === 'login')).toBe(false)
  await page.tapId('go-institution')
  await host.settle()
  const ins = host.currentPage
  expect(ins.route).toBe('subpackages/certificates/institution/index')
  await ins.waitForText('12333')
  await ins.inputId('ins-q', '速通职业技能培训学校')
  await ins.tapId('ins-submit')
  await ins.waitForText('已注销')
})
