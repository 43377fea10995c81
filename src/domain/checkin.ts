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
 * The code inside a scanned QR text. The institution's QR carries the 6 digits, either alone or in a link
 * (`…?code=123456`); anything else is not ours and gives null.
 */
export function codeFromQrText(text: string): string | null {
  const t = text.trim()
  if (isCheckinCode(t)) return t
  const param = /[?&#]code=([0-9]{6})(?:[^0-9]|$)/.exec(t)
  if (param) return param[1]
  const tail = /(?:^|[^0-9])([0-9]{6})$/.exec(t)
  return tail && /^(zsb|https?):/i.test(t) ? tail[1] : null
}

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
