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

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六']
/** Beijing wall clock of an instant: date YYYY-MM-DD, weekday 0–6, HH:MM. */
function beijing(iso: string): { date: string; weekday: number; hm: string } {
  const b = new Date(Date.parse(iso) + 8 * 3_600_000)
  return { date: b.toISOString().slice(0, 10), weekday: b.getUTCDay(), hm: b.toISOString().slice(11, 16) }
}

/** 「今天 19:00–21:00」「明天 …」「12月10日 周四 19:00–21:00」 (Beijing time; `today` from the server's clock). */
export function sessionWhenText(startsAt: string, endsAt: string, today: string): string {
  const s = beijing(startsAt)
  const e = beijing(endsAt)
  const days = Math.round((Date.parse(`${s.date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000)
  const [, m, d] = s.date.split('-').map(Number)
  const day = days === 0 ? '今天' : days === 1 ? '明天' : days === 2 ? '后天' : `${m}月${d}日 ${WEEKDAYS[s.weekday]}`
  return `${day} ${s.hm}–${e.hm}`
}

export type SessionTone = 'done' | 'now' | 'missed' | 'later'

/** Where a worker stands with one session: checked in, check in now, missed, or not yet open. */
export function sessionStateText(s: { open: boolean; ended: boolean; checkedInAt: string | null; method: 'checkin' | 'manual' | null }): { text: string; tone: SessionTone } {
  if (s.checkedInAt) return { text: s.method === 'manual' ? `已补签` : `已签到 ${beijing(s.checkedInAt).hm}`, tone: 'done' }
  if (s.open) return { text: '现在可以签到', tone: 'now' }
  if (s.ended) return { text: '没有签到', tone: 'missed' }
  return { text: '开课前 30 分钟开始签到', tone: 'later' }
}
