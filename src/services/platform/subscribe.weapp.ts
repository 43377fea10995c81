/**
 * WeChat subscribe messages (一次性订阅消息): the worker allows each message the server may send later.
 * WeChat only shows the dialog when this is called from a tap handler (at most 3 templates per call),
 * so callers start it synchronously inside onTap, before any await.
 */
import Taro from '@tarojs/taro'
import type { SubscribeAnswer, SubscribeResult } from './subscribe.types'

const MAX_TEMPLATES_PER_CALL = 3
const ANSWERS: readonly SubscribeAnswer[] = ['accept', 'reject', 'ban', 'filter']

export function requestSubscribe(templateIds: readonly string[]): Promise<SubscribeResult> {
  const tmplIds = templateIds.filter(Boolean).slice(0, MAX_TEMPLATES_PER_CALL)
  if (tmplIds.length === 0) return Promise.resolve({ answers: {}, accepted: [] })
  return Taro.requestSubscribeMessage({ tmplIds, entityIds: [] } as Parameters<typeof Taro.requestSubscribeMessage>[0]).then(
    (res) => {
      const answers: Record<string, SubscribeAnswer> = {}
      for (const id of tmplIds) {
        const a = (res as unknown as Record<string, unknown>)[id]
        answers[id] = ANSWERS.includes(a as SubscribeAnswer) ? (a as SubscribeAnswer) : 'reject'
      }
      return { answers, accepted: tmplIds.filter((id) => answers[id] === 'accept') }
    },
    // Refused by WeChat (old client, main switch off, bad template): the claim goes ahead; the inbox still gets every update.
    () => ({ answers: Object.fromEntries(tmplIds.map((id) => [id, 'unsupported' as const])), accepted: [] })
  )
}

export const SUBSCRIBE_SUPPORTED = true
