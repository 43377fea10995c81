/** The browser has no mini-program privacy authorization: our own notice + consent is enough. */
export async function requirePrivacyAuthorize(): Promise<boolean> {
  return true
}

/** open-type of the 同意 button; '' = a plain button */
export const AGREE_OPEN_TYPE = ''

export function onNeedPrivacyAuthorization(_handler: () => void): void {
  // nothing to listen to
}

export function settlePrivacyAuthorization(_agreed: boolean): void {
  // nothing to settle
}
