/** The privacy notice, the 我的资料 page and the export read one table: the notice names every item and what withdraw / delete do to it. */
import { PRIVACY_NOTICE } from '../../server/accounts/privacy'
import { ERASURE_SUMMARY, erasureSentence, STORED_ITEMS } from '../../src/domain/personal-data'

const text = PRIVACY_NOTICE.sections.map((s) => s.body).join('\n')

test.each(STORED_ITEMS.map((i) => [i.label, i]))('the notice states purpose, withdraw and delete for %s', (_label, item) => {
  expect(text).toContain(`${item.label}：${item.purpose}`)
  expect(text).toContain(`${item.label}：${item.onWithdraw}`)
  expect(text).toContain(`${item.label}：${item.onDelete}`)
})

test('the notice promises only pages that exist: 我的资料 and 隐私设置 with download, withdraw, delete', () => {
  const rights = PRIVACY_NOTICE.sections.find((s) => s.heading.startsWith('你的权利'))!.body
  for (const word of ['我的资料', '隐私设置', '下载', '撤回同意', '注销账号']) expect(rights).toContain(word)
})

test('keys are unique; the short confirm texts name what goes', () => {
  expect(new Set(STORED_ITEMS.map((i) => i.key)).size).toBe(STORED_ITEMS.length)
  expect(erasureSentence('delete').endsWith('。')).toBe(true)
  for (const r of ['withdraw', 'delete'] as const) for (const w of ['个人资料', '证书和照片', '收款账户']) expect(ERASURE_SUMMARY[r]).toContain(w)
  expect(ERASURE_SUMMARY.delete).toContain('站内消息')
})
