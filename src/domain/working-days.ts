/**
 * Deadlines in working days on China's official calendar (public holidays and 调休 make-up Saturdays/Sundays),
 * from the maintained `chinese-days` data — never a hand-kept list. Dates are YYYY-MM-DD (China time).
 */
import { findWorkday, isWorkday as libIsWorkday } from 'chinese-days'

export const isWorkingDay = (date: string): boolean => libIsWorkday(date)

/**
 * The date `n` working days after `from` (the day itself does not count): a step that enters on Friday
 * 2026-09-25 with 5 working days is due on 2026-10-09, because 国庆 (10-01…10-07) is skipped and 09-27 /
 * 10-10 (调休) are working days.
 */
export function addWorkingDays(from: string, n: number): string {
  if (!Number.isInteger(n) || n < 0) throw new Error('working days must be a non-negative integer')
  return n === 0 ? from : findWorkday(n, from)
}

/** The working day before `date` (the reminder day for a deadline). */
export const previousWorkingDay = (date: string): string => findWorkday(-1, date)

/** Calendar-day arithmetic on YYYY-MM-DD. */
export function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10)
}
