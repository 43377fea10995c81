/**
 * 我的资料 and 隐私设置 in the compiled mini program, headless, against a live server: the profile with the ID
 * masked, 查看完整号码, 下载我的数据 written into the app's user folder (parsed), then 隐私设置 → 撤回同意
 * (the two-button modal) → home, logged out, and the server's consent withdrawn.
 */
import path from 'node:path'
import type { DataExport, Me, Session } from '../../src/contract'
import { useLiveServer } from '../support/server'
import { WeappHost } from './host'

const DIST = path.resolve(__dirname, '../../dist/weapp')
const server = useLiveServer()

async function call<T>(method: string, url: string, token?: string, body?: unknown): Promise<T> {
  const res = await fetch(server.url + url, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined
  })
  return (await res.json()) as T
}

test('我的资料: masked ID, reveal, download my data; 隐私设置: withdraw consent → home logged out', async () => {
  const code = `dev:weapp-mydata-${Date.now()}`
  // the worker signed up earlier (same WeChat identity: the development adapter maps the code to one openid)
  const s = await call<Session>('POST', '/api/v1/auth/wechat', undefined, { code })
  const { version } = await call<{ version: string }>('GET', '/api/v1/privacy')
  await call('POST', '/api/v1/me/consent', s.token, { version })
  await call('PUT', '/api/v1/me/profile', s.token, { realName: '王秀英', idNumber: '140302197803150021', groups: ['rural_migrant'] })

  const host = new WeappHost({ distDir: DIST, apiBase: server.url, loginCode: code, privacyAgreed: true })
  const page = await host.launch('subpackages/signup/profile/index')
  const text = await page.waitForText('1403**********0021')
  expect(text).toContain('我的资料')
  expect(text).toContain('存了什么、为什么')
  expect(text).not.toContain('140302197803150021')

  await page.tapId('reveal-id')
  await page.waitForText('140302197803150021')

  await page.tapId('export-data')
  await page.waitForId('export-note')
  const [file] = [...host.userFiles.entries()]
  expect(file[0]).toMatch(/^wxfile:\/\/usr\/我的数据-\d{4}-\d{2}-\d{2}\.json$/)
  const data = JSON.parse(file[1]) as DataExport
  expect(data.profile).toMatchObject({ realName: '王秀英', idNumber: '140302197803150021' })
  expect(data.account.wechatLinked).toBe(true)
  expect(page.text()).toContain('已保存在小程序文件夹')

  await page.tapId('open-privacy-settings')
  await host.settle()
  const settings = host.currentPage
  expect(settings.route).toBe('subpackages/signup/privacy-settings/index')
  await settings.waitForText('你的权利')
  await settings.tapId('withdraw-consent-settings')
  await host.settle()
  const modal = host.calls.filter((c) => c.api === 'showModal').pop()!
  expect(modal.args).toMatchObject({ title: '撤回同意', confirmText: '确认撤回', cancelText: '不撤回' })
  expect(String(modal.args.content)).toContain('证书和照片')
  // home, logged out: the old token is revoked, and the consent is withdrawn on the server
  for (let i = 0; i < 50 && host.currentPage.route !== 'pages/index/index'; i++) await host.settle()
  expect(host.currentPage.route).toBe('pages/index/index')
  const again = await call<Session>('POST', '/api/v1/auth/wechat', undefined, { code: `${code}` })
  expect((await call<Me>('GET', '/api/v1/me', again.token)).consent).toBeNull()
})
