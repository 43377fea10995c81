/** How a class session reads on the institution's desk. Check-in opens 30 minutes before the start (the server decides). */
import { formatBeijingTime } from './format'

export const CHECKIN_OPENS_BEFORE_MS = 30 * 60_000

export type SessionState = 'open' | 'upcoming' | 'past'

export function sessionState(s: { startsAt: string; endsAt: string }, nowMs: number): SessionState {
  if (nowMs > Date.parse(s.endsAt)) return 'past'
  if (nowMs >= Date.parse(s.startsAt) - CHECKIN_OPENS_BEFORE_MS) return 'open'
  return 'upcoming'
}

export const SESSION_STATE_TEXT: Record<SessionState, string> = { open: '可签到', upcoming: '未开始', past: '已结束' }

/** 「2026年12月8日 19:00–21:00」 */
export function sessionWhen(s: { startsAt: string; endsAt: string }): string {
  return `${formatBeijingTime(s.startsAt)}–${formatBeijingTime(s.endsAt).slice(-5)}`
}
