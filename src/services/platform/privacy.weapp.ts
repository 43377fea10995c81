/**
 * Mini program privacy authorization (required since 2023-10-17 for personal-data APIs).
 * When a privacy API is called before the worker agreed, WeChat fires onNeedPrivacyAuthorization;
 * we show our own sheet, whose 同意 button carries open-type="agreePrivacyAuthorization", and settle
 * WeChat's pending request with the worker's answer.
 *
 * Taro passes these APIs through to `wx` without promisifying them, so they are called with callbacks.
 */
import Taro from '@tarojs/taro'

type PrivacyResolve = (result: { event: 'exposureAuthorization' | 'agree' | 'disagree'; buttonId?: string }) => void
type Callbacks<T> = { success?: (res: T) => void; fail?: (err: unknown) => void }
interface PrivacyApis {
  requirePrivacyAuthorize?: (o: Callbacks<unknown>) => void
  getPrivacySetting?: (o: Callbacks<{ needAuthorization: boolean }>) => void
  onNeedPrivacyAuthorization?: (cb: (resolve: PrivacyResolve, info?: { referrer?: string }) => void) => void
  openPrivacyContract?: (o: Callbacks<unknown>) => void
}
const api = Taro as unknown as PrivacyApis

/** id of the sheet's agree button: WeChat matches resolve({ buttonId }) against the tapped button. */
export const AGREE_BUTTON_ID = 'privacy-agree'

let pending: PrivacyResolve | null = null

/** Resolves true once the worker agreed (at once if they already had), false if they refused. */
export function requirePrivacyAuthorize(): Promise<boolean> {
  return new Promise((resolve) => {
    if (typeof api.requirePrivacyAuthorize !== 'function') return resolve(true) // base library < 2.32.3: no privacy gate
    api.requirePrivacyAuthorize({ success: () => resolve(true), fail: () => resolve(false) })
  })
}

/** Whether the worker still has to agree before privacy APIs work. */
export function privacyNeedsAgreement(): Promise<boolean> {
  return new Promise((resolve) => {
    if (typeof api.getPrivacySetting !== 'function') return resolve(false)
    api.getPrivacySetting({ success: (res) => resolve(res.needAuthorization), fail: () => resolve(true) })
  })
}

export const AGREE_OPEN_TYPE = 'agreePrivacyAuthorization'

/**
 * Registered once at launch: when WeChat needs the agreement, remember its resolver, tell WeChat
 * our sheet is showing, and let the handler show it.
 */
export function onNeedPrivacyAuthorization(handler: () => void): void {
  if (typeof api.onNeedPrivacyAuthorization !== 'function') return
  api.onNeedPrivacyAuthorization((resolve) => {
    pending = resolve
    resolve({ event: 'exposureAuthorization' })
    handler()
  })
}

/** Called after the worker tapped 同意 (the agreePrivacyAuthorization button) or 不同意. */
export function settlePrivacyAuthorization(agreed: boolean, buttonId: string = AGREE_BUTTON_ID): void {
  if (!pending) return
  pending(agreed ? { event: 'agree', buttonId } : { event: 'disagree' })
  pending = null
}

/** The official 用户隐私保护指引 as configured in the WeChat console. */
export function openPrivacyContract(): void {
  api.openPrivacyContract?.({})
}
