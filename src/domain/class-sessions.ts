/**
 * Class sessions (课次) from a course's schedule: every day of the course's date range that fits a schedule
 * slot becomes one session with a start and an end, China time. Working days follow the official calendar
 * (holidays and 调休), so no session falls on 国庆 and an 调休 Saturday counts as a weekday.
 * Online courses have none (the platform's learning record stands in for attendance).
 */
import { isWorkingDay, addDays } from './working-days'
import type { ScheduleSlot, TrainingMode } from './catalog'

/** Hours of each slot, China time. 全日制 (weekday_day) is one session a working day. */
export const SLOT_HOURS: Record<ScheduleSlot, { start: string; end: string }> = {
  weekday_day: { start: '09:00', end: '17:00' },
  evening: { start: '19:00', end: '21:00' },
  weekend: { start: '09:00', end: '12:00' }
}

/** A runaway date range (a data error) must not make thousands of rows. */
export const MAX_SESSIONS_PER_COURSE = 400

export interface SessionPlanCourse {
  mode: TrainingMode
  schedule: readonly ScheduleSlot[]
  /** YYYY-MM-DD */
  startDate: string
  endDate: string
}

export interface PlannedSession {
  /** YYYY-MM-DD */
  date: string
  slot: ScheduleSlot
  /** ISO timestamps (UTC) */
  startsAt: string
  endsAt: string
}

const chinaTime = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+08:00`).toISOString()

/** Day of week of a calendar date, 0 = Sunday. */
const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay()

function fits(slot: ScheduleSlot, date: string): boolean {
  if (slot === 'weekend') {
    const d = weekday(date)
    return (d === 0 || d === 6) && !isWorkingDay(date)
  }
  return isWorkingDay(date)
}

/** The sessions of a course, in time order. */
export function planSessions(course: SessionPlanCourse): PlannedSession[] {
  if (course.mode === 'online' || course.schedule.length === 0 || course.endDate < course.startDate) return []
  const out: PlannedSession[] = []
  for (let date = course.startDate; date <= course.endDate && out.length < MAX_SESSIONS_PER_COURSE; date = addDays(date, 1)) {
    for (const slot of (['weekday_day', 'weekend', 'evening'] as const).filter((s) => course.schedule.includes(s))) {
      if (!fits(slot, date)) continue
      out.push({ date, slot, startsAt: chinaTime(date, SLOT_HOURS[slot].start), endsAt: chinaTime(date, SLOT_HOURS[slot].end) })
    }
  }
  return out.slice(0, MAX_SESSIONS_PER_COURSE)
}

/** A fingerprint of what the plan depends on: a changed schedule or date range regenerates the sessions. */
export const planFingerprint = (course: SessionPlanCourse): string =>
  [course.mode, [...course.schedule].sort().join('+'), course.startDate, course.endDate, MAX_SESSIONS_PER_COURSE].join('|')
