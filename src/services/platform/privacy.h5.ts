/** The browser has no mini-program privacy authorization: our own notice + consent is enough. */
import type { PrivacyPurpose } from '../../domain/privacy-purpose'

export * from '../../domain/privacy-purpose'

export async function requirePrivacyAuthorize(_purpose?: PrivacyPurpose): Promise<boolean> {
  return true
}

export const AGREE_BUTTON_ID = 'privacy-agree'

export async function privacyNeedsAgreement(): Promise<boolean> {
  return false
}

/** open-type of the 同意 button; '' = a plain button */
export const AGREE_OPEN_TYPE = ''

export function onNeedPrivacyAuthorization(_handler: (purpose: PrivacyPurpose) => void): void {
  // nothing to listen to
}

export function privacySheetShown(): void {
  // nothing to tell
}

export function settlePrivacyAuthorization(_agreed: boolean, _buttonId?: string): void {
  // nothing to settle
}

/** The browser asks for nothing itself (its own permission prompts stay the caller's business). */
export function withPrivacy<T>(_purpose: PrivacyPurpose, run: () => Promise<T>): Promise<T> {
  return run()
}

/** H5 has no official guide page of WeChat's; our notice lives in the sign-up subpackage. */
export function openPrivacyContract(): void {
  // the H5 never shows the sheet that links here (no onNeedPrivacyAuthorization in a browser)
}
