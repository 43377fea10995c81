/**
 * Position on the mini program: wx.getLocation (gcj02, the system the map and our data use).
 * Needs the privacy guide agreed (__usePrivacyCheck__) and scope.userLocation; any refusal
 * resolves to { ok: false } — the caller then offers the region picker.
 */
import Taro from '@tarojs/taro'
import { privacyNeedsAgreement, requirePrivacyAuthorize } from './privacy'
import { LOCATION_TIMEOUT_MS, withDeadline, type LocationResult } from './location.types'

export type { LocationResult, LocationFailure } from './location.types'

export async function getLocation(timeoutMs = LOCATION_TIMEOUT_MS): Promise<LocationResult> {
  // The privacy agreement first, without a deadline: the worker may take a while to read our sheet.
  if (!(await requirePrivacyAuthorize('location'))) return { ok: false, reason: 'denied' }
  // Promise form only: Taro also rejects the promise when `fail` fires, so callbacks would leak an
  // unhandled rejection on every refusal.
  const ask: Promise<LocationResult> = Taro.getLocation({ type: 'gcj02' }).then(
    (res) => ({ ok: true, lat: res.latitude, lng: res.longitude }),
    (err: { errMsg?: string; errno?: number }) => {
      const msg = String(err?.errMsg ?? '')
      // "auth deny", "auth denied", privacy not agreed (errno 104 / 112)
      const denied = /auth|deny|denied|privacy|permission/i.test(msg) || err?.errno === 104 || err?.errno === 112
      return { ok: false, reason: denied ? 'denied' : /timeout/i.test(msg) ? 'timeout' : 'unavailable' }
    }
  )
  return withDeadline(ask, timeoutMs)
}

/**
 * Whether wx.getLocation would answer without any popup: the privacy guide was agreed and
 * scope.userLocation granted earlier. Otherwise the app waits for the worker's tap.
 */
export async function locationAllowed(): Promise<boolean> {
  try {
    if (await privacyNeedsAgreement()) return false
    const setting = await Taro.getSetting()
    return setting.authSetting['scope.userLocation'] === true
  } catch {
    return false
  }
}
