/**
 * The compiled mini program, headless, against a live server: the demo worker (silent WeChat login) opens
 * 我能领的补贴, the claim form pre-checks 育婴员 四级, submits (subscribe permission asked from the tap when a
 * template is configured; one POST with an Idempotency-Key), lands on the detail with its timeline, and
 * 我的补贴 lists the claim with its state and next step.
 */
import path from 'node:path'
import { startServer, type RunningServer } from '../support/server'
import { WeappHost } from './host'

const DIST = path.resolve(__dirname, '../../dist/weapp')
// The server is started by hand with a longer start-up allowance: seeding on a busy 2-core CI box can take > 60 s.
let running: RunningServer | undefined
beforeAll(async () => {
  running = await startServer({}, 180_000)
}, 200_000)
afterAll(async () => {
  await running?.stop()
})
const server = {
  get url() {
    return running!.url
  }
}
const CODE = 'dev:weapp-claims-1'

async function call<T>(token: string | null, method: string, p: string, body?: unknown): Promise<T> {
  const res = await fetch(`${server.url}${p}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body)
  })
  const text = await res.text()
  if (!res.ok) throw new Error(`${method} ${p} → ${res.status} ${text}`)
  return (text ? JSON.parse(text) : null) as T
}

test('我能领的补贴 → claim form → submit → detail → 我的补贴', async () => {
  // The same WeChat user as the app below: consent, real-name profile and 一键查询 (other features' pages).
  const session = await call<{ token: string }>(null, 'POST', '/api/v1/auth/wechat', { code: CODE })
  const privacy = await call<{ version: string }>(null, 'GET', '/api/v1/privacy')
  await call(session.token, 'POST', '/api/v1/me/consent', { version: privacy.version })
  await call(session.token, 'PUT', '/api/v1/me/profile', { realName: '王秀英', idNumber: '140302197803150021', phone: '13912340022', groups: ['rural_migrant'], employmentStatus: 'employed' })
  await call(session.token, 'POST', '/api/v1/me/certificates/lookup')

  const host = new WeappHost({ distDir: DIST, apiBase: server.url, loginCode: CODE })
  const available = await host.launch('subpackages/subsidies/available/index')
  const list = await available.waitForText('育婴员 四级')
  expect(list).toContain('可以申请')
  expect(list).toContain('依据')
  // 家政服务员 五级 was issued 400 days ago: refused with its reason
  expect(list).toMatch(/暂不能申请\n家政服务员 五级/)
  expect(list).toContain('证书发证已超过12个月')

  // 申请这项补贴 is shown only on claims that passed; the first is 育婴员 四级 (issued most recently)
  await available.tapText('申请这项补贴')
  await host.settle()
  const form = host.currentPage
  expect(form.route).toBe('subpackages/subsidies/apply/index')
  await form.waitForText('符合')
  await form.tapId('claim-next')
  await form.waitForId('claim-submit')
  expect(form.text()).toContain('社会保障卡（推荐）')
  await form.tapId('claim-submit')
  await host.settle()

  const detail = host.currentPage
  expect(detail.route).toBe('subpackages/subsidies/detail/index')
  const text = await detail.waitForText('办理进度')
  expect(text).toContain('已提交')
  expect(text).toContain('阳泉市')
  const posts = host.requests.filter((r) => r.method === 'POST' && r.url.endsWith('/api/v1/claims'))
  expect(posts.map((r) => r.status)).toEqual([201])

  host.wx.redirectTo({ url: '/subpackages/subsidies/index/index' })
  await host.settle()
  const mine = host.currentPage
  expect(mine.route).toBe('subpackages/subsidies/index/index')
  const mineText = await mine.waitForText('下一步')
  expect(mineText).toContain('职业技能评价补贴')
  expect(mineText).toContain('已提交')
})
