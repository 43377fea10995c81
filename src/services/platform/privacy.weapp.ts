/**
 * Mini program privacy authorization (required since 2023-10-17 for personal-data APIs).
 * When a privacy API is called before the worker agreed, WeChat holds the call and fires
 * onNeedPrivacyAuthorization; the page shell shows our sheet (which says what this call is for), tells
 * WeChat once the sheet is on screen, and its 同意 button carries open-type="agreePrivacyAuthorization".
 * 同意 lets the held call proceed; 不同意 makes it fail (errno 104), which `withPrivacy` turns into a
 * plain message.
 *
 * Taro passes these APIs through to `wx` without promisifying them, so they are called with callbacks.
 */
import Taro from '@tarojs/taro'
import { PRIVACY_PURPOSES, PrivacyRefused, type PrivacyPurpose } from '../../domain/privacy-purpose'
import { toast } from './ui'

export * from '../../domain/privacy-purpose'

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
let exposed = false
/** What the call in progress is for (set by withPrivacy just before it calls WeChat). */
let currentPurpose: PrivacyPurpose = 'other'

/** Resolves true once the worker agreed (at once if they already had), false if they refused. */
export function requirePrivacyAuthorize(purpose: PrivacyPurpose = 'other'): Promise<boolean> {
  currentPurpose = purpose
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
 * Registered once at launch: when WeChat needs the agreement, remember its resolver and let the
 * handler show the sheet for what the held call is for. WeChat hears that a popup shows only from
 * `privacySheetShown`, once the sheet has rendered.
 */
export function onNeedPrivacyAuthorization(handler: (purpose: PrivacyPurpose) => void): void {
  if (typeof api.onNeedPrivacyAuthorization !== 'function') return
  api.onNeedPrivacyAuthorization((resolve) => {
    pending = resolve
    exposed = false
    handler(currentPurpose)
  })
}

/** The sheet is on screen (called by the page shell after it rendered it): tell WeChat, once per request. */
export function privacySheetShown(): void {
  // after the view layer applied the render that carries the sheet
  Taro.nextTick(() => {
    if (!pending || exposed) return
    exposed = true
    pending({ event: 'exposureAuthorization' })
  })
}

/** Called after the worker tapped 同意 (the agreePrivacyAuthorization button) or 不同意. */
export function settlePrivacyAuthorization(agreed: boolean, buttonId: string = AGREE_BUTTON_ID): void {
  if (!pending) return
  pending(agreed ? { event: 'agree', buttonId } : { event: 'disagree' })
  pending = null
  exposed = false
}

/** WeChat's answer when the worker did not agree (errno 104; 112 = the API is missing from the guide). */
function isPrivacyRefusal(err: unknown): boolean {
  const e = err as { errMsg?: string; errno?: number } | null
  return e?.errno === 104 || /privacy permission is not authorized|privacy agreement/i.test(String(e?.errMsg ?? ''))
}

/**
 * Every personal-data API goes through here: the sheet (if WeChat asks) names `purpose`; a refusal
 * shows its plain message and throws PrivacyRefused so the caller stops quietly.
 */
export async function withPrivacy<T>(purpose: PrivacyPurpose, run: () => Promise<T>): Promise<T> {
  currentPurpose = purpose
  try {
    return await run()
  } catch (err) {
    if (!isPrivacyRefusal(err)) throw err
    toast(PRIVACY_PURPOSES[purpose].refused)
    throw new PrivacyRefused(purpose)
  }
}

/** The official 用户隐私保护指引 as configured in the WeChat console. */
export function openPrivacyContract(): void {
  api.openPrivacyContract?.({})
}
