/** Check-in to a class session: the 6-digit code the institution shows, and how attendance reads to a worker. */

export const CHECKIN_CODE_LENGTH = 6

/** Keeps the digits a worker typed (spaces, a pasted 「123 456」), at most six. */
export function normaliseCode(input: string): string {
  return input.replace(/\D/g, '').slice(0, CHECKIN_CODE_LENGTH)
}

export function isCheckinCode(code: string): boolean {
  return /^[0-9]{6}$/.test(code)
}

/**
 * What to send for a scanned QR text: the institution's QR holds `zsb-checkin:<session>:<6 digits>` and the server
 * takes that whole text (it names the session); bare digits are accepted too. Anything else is not ours: null.
 */
export function checkinCodeFromQr(text: string): string | null {
  const t = text.trim()
  if (isCheckinCode(t)) return t
  return /^zsb-checkin:ses_[0-9a-z]{1,24}:[0-9]{6}$/.test(t) ? t : null
}

/** Sessions attended (checked in or 补签) of all the course's sessions; the contract's Attendance has this shape. */
export interface Attendance {
  attended: number
  total: number
  rate: number
}

/** 「已签到 3/12 次」 */
export function attendanceText(a: Attendance): string {
  return `已签到 ${a.attended}/${a.total} 次`
}

/** Seconds until a code expires (never negative), for the countdown under the code. */
export function secondsLeft(expiresAt: string, nowMs: number): number {
  return Math.max(0, Math.ceil((Date.parse(expiresAt) - nowMs) / 1000))
}
