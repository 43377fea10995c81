/**
 * Attendance (过程监管) and 结业: check-in windows, rotating codes' timing, attendance rates and the per-region
 * 结业 threshold. Shared by the phone (「已签到 3/12 次」, why 结业 is refused) and the server (which enforces it).
 */
import { cite, type PolicySource } from './policy'

/** A check-in code is valid for one 30-second step; the previous step is still accepted (slow typing). */
export const CHECKIN_STEP_SECONDS = 30
/** The check-in window opens this long before a session starts and closes when it ends. */
export const CHECKIN_OPENS_MINUTES_BEFORE = 30
/** A check-in farther than this from the venue is flagged for the institution (never refused). */
export const FAR_CHECKIN_METRES = 1000

export interface Attendance {
  attended: number
  total: number
  /** 0…1 */
  rate: number
}

export function attendanceOf(attended: number, total: number): Attendance {
  return { attended, total, rate: total > 0 ? Math.round((attended / total) * 1000) / 1000 : 0 }
}

/** 「已签到 3/12 次」 */
export const attendanceText = (a: Attendance): string => (a.total > 0 ? `已签到 ${a.attended}/${a.total} 次` : '这门课没有线下课次')

/** The time step a moment falls in. */
export const checkinStep = (at: Date): number => Math.floor(at.getTime() / 1000 / CHECKIN_STEP_SECONDS)
/** When a step ends (the code shown during it stops being the current one). */
export const stepEndsAt = (step: number): Date => new Date((step + 1) * CHECKIN_STEP_SECONDS * 1000)

/** true while a session takes check-ins: from 30 minutes before the start until the end. */
export function checkinOpen(session: { startsAt: string; endsAt: string }, at: Date): boolean {
  const t = at.getTime()
  return t >= Date.parse(session.startsAt) - CHECKIN_OPENS_MINUTES_BEFORE * 60_000 && t <= Date.parse(session.endsAt)
}

export interface CompletionRule {
  /** 0…1: attended / total at or above it */
  threshold: number
  source: PolicySource
}

/**
 * 结业 attendance threshold per region (GB/T 2260 prefix, the longest match wins). None of our sources
 * publishes a figure, so every entry is 地方规定 until a published standard is added here with its citation.
 */
export const COMPLETION_RULES: Record<string, CompletionRule> = {
  '': { threshold: 0.8, source: cite('地方规定', '出勤率不低于 80%') }
}

export function completionRuleFor(regionCode: string, rules: Record<string, CompletionRule> = COMPLETION_RULES): CompletionRule {
  let best = ''
  for (const prefix of Object.keys(rules)) if (regionCode.startsWith(prefix) && prefix.length >= best.length) best = prefix
  return rules[best] ?? { threshold: 0.8, source: cite('地方规定', '出勤率不低于 80%') }
}

/** Sessions still missing to reach the threshold (0 when reached). */
export function sessionsMissing(a: Attendance, threshold: number): number {
  const needed = Math.ceil(threshold * a.total - 1e-9)
  return Math.max(0, needed - a.attended)
}

export const attendanceTooLowMessage = (missing: number, a: Attendance, threshold: number): string =>
  `出勤不够，还差 ${missing} 次课才能结业（已签到 ${a.attended}/${a.total} 次，需要达到 ${Math.round(threshold * 100)}%）`

/**
 * Online courses (线上, 互联网+职业技能培训) have no class sessions: 结业 weighs the study hours the institution's
 * learning platform recorded for the worker against the course's 学时, at the region's same threshold and source.
 * Hours missing to reach it, to the half hour (0 when reached).
 */
export function studyHoursMissing(recorded: number, required: number, threshold: number): number {
  const missing = threshold * required - recorded
  return missing <= 1e-9 ? 0 : Math.ceil(missing * 2 - 1e-9) / 2
}

export const STUDY_HOURS_MISSING_MESSAGE = '这是线上课程，结业前请先录入学员在学习平台上的学习学时'

export const studyHoursTooLowMessage = (missing: number, recorded: number, required: number, threshold: number): string =>
  `线上学习学时不够，还差 ${missing} 学时才能结业（已学 ${recorded}/${required} 学时，需要达到 ${Math.round(threshold * 100)}%）`
