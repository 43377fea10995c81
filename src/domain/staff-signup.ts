/**
 * On-the-spot sign-up by station staff: the outcomes an item can end in, and the checks of the worker's
 * details (the phone checks them before queueing, the server again per item).
 */
import { WORKER_GROUPS } from './catalog'
import { checkIdCard } from './id-card'
import { isMobilePhone } from './masking'
import { isPlausibleRealName } from './profile'

export const SIGNUP_OUTCOMES = [
  { code: 'enrolled', label: '已报名', hint: '报名成功，已给务工人员发短信' },
  { code: 'already_enrolled', label: '已报过名', hint: '这位务工人员已经报过这门课' },
  { code: 'course_full', label: '名额已满', hint: '可以换一门附近的课程' },
  { code: 'invalid', label: '信息有误', hint: '请修改后重新提交' },
  { code: 'cancelled', label: '已取消', hint: '这条报名没有提交' }
] as const
export type SignupOutcome = (typeof SIGNUP_OUTCOMES)[number]['code']

export const CONSENT_METHODS = [
  { code: 'sms', label: '短信验证码' },
  { code: 'signature', label: '手写签名' }
] as const
export type ConsentMethod = (typeof CONSENT_METHODS)[number]['code']

/** Server error codes from the sign-up rules → the outcome the staff member acts on. */
export function outcomeForCode(code: string): SignupOutcome {
  if (code === 'ALREADY_ENROLLED') return 'already_enrolled'
  if (code === 'COURSE_FULL') return 'course_full'
  return 'invalid'
}

export interface WalkInWorker {
  realName: string
  idNumber: string
  phone: string
  groups: string[]
}

export type WorkerProblem = { field: 'realName' | 'idNumber' | 'phone' | 'groups'; message: string }

/** The first problem with the worker's details, or null; same words on the phone and from the server. */
export function checkWalkInWorker(w: WalkInWorker, today: string): WorkerProblem | null {
  if (!isPlausibleRealName(w.realName.trim())) return { field: 'realName', message: '姓名请填身份证上的中文姓名' }
  const id = checkIdCard(w.idNumber, today)
  if (!id.ok) return { field: 'idNumber', message: id.message }
  if (!isMobilePhone(w.phone.trim())) return { field: 'phone', message: '手机号应为11位数字，以1开头' }
  if (w.groups.length === 0) return { field: 'groups', message: '请选择至少一个人员类别' }
  const known = new Set<string>(WORKER_GROUPS.map((g) => g.code))
  if (w.groups.some((g) => !known.has(g))) return { field: 'groups', message: '人员类别不是可选的值' }
  return null
}

/** Normalised details (trimmed, ID upper-case) — what is queued and sent. */
export function normalizeWalkInWorker(w: WalkInWorker): WalkInWorker {
  return { realName: w.realName.trim(), idNumber: w.idNumber.replace(/\s+/g, '').toUpperCase(), phone: w.phone.trim(), groups: [...new Set(w.groups)] }
}

/** Largest batch the server takes in one request. */
export const MAX_SIGNUP_BATCH = 50

/** A course as the staff member's phone last saw it (seats as of that sync). */
export interface StationCourse {
  id: string
  title: string
  startDate?: string
  seatsLeft?: number
  occupationCode?: string
  occupationName?: string
}

/** Still takes sign-ups as far as the phone knows: not started (starts after today) and seats left at the last sync. */
export function isJoinable(c: StationCourse, today: string): boolean {
  return !!c.startDate && c.startDate > today && (c.seatsLeft ?? 0) > 0
}

/** The courses the picker offers: joinable only, soonest first (then by title, so the order is stable). */
export function joinableCourses<T extends StationCourse>(courses: readonly T[], today: string): T[] {
  return courses.filter((c) => isJoinable(c, today)).sort((a, b) => (a.startDate! < b.startDate! ? -1 : a.startDate! > b.startDate! ? 1 : a.title.localeCompare(b.title)))
}

/** After 已开课 / 名额已满: the soonest joinable course of the same 工种 (not the refused one), or null. */
export function nextJoinableCourse<T extends StationCourse>(courses: readonly T[], refused: StationCourse, today: string): T | null {
  if (!refused.occupationCode) return null
  return joinableCourses(courses, today).find((c) => c.id !== refused.id && c.occupationCode === refused.occupationCode) ?? null
}

/** 「HH:mm」 in China time (UTC+8, no daylight saving) — when the phone last synced. */
export function clockInChina(ms: number): string {
  const d = new Date(ms + 8 * 3_600_000)
  return `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`
}

/** Server answers the staff member can fix by picking another course (the worker's consent still holds). */
export function isCourseClosedCode(code: string | undefined): boolean {
  return code === 'COURSE_FULL' || code === 'COURSE_STARTED'
}
