/** What the worker answered when asked for WeChat subscribe messages, per template id. */
export type SubscribeAnswer = 'accept' | 'reject' | 'ban' | 'filter' | 'unsupported'

export interface SubscribeResult {
  /** template id → answer; empty when nothing was asked (H5, or no template configured) */
  answers: Record<string, SubscribeAnswer>
  /** at least one template accepted: the server may send one message per accepted template */
  accepted: string[]
}
