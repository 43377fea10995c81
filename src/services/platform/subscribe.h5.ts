/** H5 has no subscribe messages: updates reach the worker through the in-app inbox (站内消息). */
import type { SubscribeResult } from './subscribe.types'

export function requestSubscribe(_templateIds: readonly string[]): Promise<SubscribeResult> {
  return Promise.resolve({ answers: {}, accepted: [] })
}

export const SUBSCRIBE_SUPPORTED = false
