/**
 * 亲情代办: who may act for a worker, what they may do, and how the worker's pages name them.
 * Pure and shared: the invitation form, the consent text the worker agrees to, the server's records.
 */

export const PROXY_RELATIONS = ['parent', 'child', 'spouse', 'sibling', 'relative', 'village_helper'] as const
export type ProxyRelation = (typeof PROXY_RELATIONS)[number]

export const PROXY_RELATION_LABELS: Record<ProxyRelation, string> = {
  parent: '父母',
  child: '子女',
  spouse: '配偶',
  sibling: '兄弟姐妹',
  relative: '亲属',
  village_helper: '村/社区帮办员'
}

/** The relation as the worker would say it, more precise when the relative's gender is known (from their ID number). */
export function relationLabel(relation: ProxyRelation, gender: 'male' | 'female' | null = null): string {
  if (gender) {
    const m = gender === 'male'
    if (relation === 'child') return m ? '儿子' : '女儿'
    if (relation === 'parent') return m ? '父亲' : '母亲'
    if (relation === 'sibling') return m ? '兄弟' : '姐妹'
  }
  return PROXY_RELATION_LABELS[relation]
}

/** 「由 女儿 138****2002 代办」 */
export const actedByText = (label: string, phoneMasked: string) => `由 ${label} ${phoneMasked} 代办`

/** At most this many relatives at once, pending invitations included (电子社保卡 亲情服务 allows 8). */
export const MAX_PROXIES = 8
export const PROXY_CODE_TTL_HOURS = 24
export const PROXY_CODE_MAX_WRONG = 5

/** The version of the consent text below; a new text is a new version. */
export const PROXY_CONSENT_VERSION = 'proxy-2026-12-07'

/** What the worker agrees the relative may do (recorded with the consent) and what stays with the worker alone. */
export const PROXY_MAY = [
  '查看课程和我能享受的补贴',
  '替我报名和取消报名',
  '查询、添加我的证书（含拍照）',
  '替我预检和提交补贴申请、补正材料',
  '查看我的站内消息和申请进度'
] as const
export const PROXY_MAY_NOT = ['修改收款账户', '查看完整身份证号', '下载我的数据', '撤回同意或注销账号', '邀请或移除亲属'] as const

export function proxyConsentText(label: string, phoneMasked: string): string {
  return `我同意 ${label}（${phoneMasked}）替我办理：${PROXY_MAY.join('、')}。以下只能由我本人办理：${PROXY_MAY_NOT.join('、')}。我可以随时在“亲属代办”中移除。`
}

/** Shown to the relative (and on the acting bar) for whom they act: 「正在为 王*英 办理」 */
export const actingBarText = (maskedName: string) => `正在为 ${maskedName} 办理`

export const PROXY_ENDED_MESSAGE = '对方已结束代办授权，你不能再替对方办理'
export const PROXY_FORBIDDEN_MESSAGE = '这件事只能由本人办理，请让对方用自己的手机操作'
