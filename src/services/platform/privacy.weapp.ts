/**
 * Mini program privacy authorization (required since 2023-10-17 for personal-data APIs).
 * The 同意 button of our notice carries open-type="agreePrivacyAuthorization", so one tap records
 * the agreement with WeChat and with our server.
 */
import Taro from '@tarojs/taro'

type PrivacyResolve = (result: { event: 'exposureAuthorization' | 'agree' | 'disagree'; buttonId?: string }) => void

let pending: PrivacyResolve | null = null

export async function requirePrivacyAuthorize(): Promise<boolean> {
  try {
    await Taro.requirePrivacyAuthorize()
    return true
  } catch {
    return false
  }
}

export const AGREE_OPEN_TYPE = 'agreePrivacyAuthorization'

/**
 * When WeChat asks for authorization (a privacy API called before the user agreed), tell the
 * handler (it shows our notice); the agree button with AGREE_OPEN_TYPE completes WeChat's side.
 */
export function onNeedPrivacyAuthorization(handler: () => void): void {
  const api = Taro as unknown as { onNeedPrivacyAuthorization?: (cb: (resolve: PrivacyResolve) => void) => void }
  if (typeof api.onNeedPrivacyAuthorization !== 'function') return
  api.onNeedPrivacyAuthorization((resolve) => {
    pending = resolve
    resolve({ event: 'exposureAuthorization' })
    handler()
  })
}

/** Called after the user tapped 同意 / 不同意 on our notice. */
export function settlePrivacyAuthorization(agreed: boolean): void {
  if (!pending) return
  pending({ event: agreed ? 'agree' : 'disagree', buttonId: 'agree' })
  pending = null
}
