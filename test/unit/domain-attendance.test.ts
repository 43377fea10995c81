/** Class sessions from schedules, check-in timing, attendance and the 结业 threshold (src/domain), as tables of cases. */
import { planFingerprint, planSessions } from '../../src/domain/class-sessions'
import {
  attendanceOf,
  attendanceText,
  attendanceTooLowMessage,
  checkinOpen,
  checkinStep,
  completionRuleFor,
  sessionsMissing,
  stepEndsAt
} from '../../src/domain/attendance'
import { completionRulesFromEnv } from '../../server/training/routes'

describe('planSessions', () => {
  // 国庆 2026: 10-01…07 off, 10-10 (Sat) a 调休 working day; the course runs 2026-09-28 (Mon) … 2026-10-11 (Sun)
  const course = { mode: 'offline' as const, startDate: '2026-09-28', endDate: '2026-10-11' }

  test('evenings: working days of the official calendar only, 19:00–21:00 China time', () => {
    const s = planSessions({ ...course, schedule: ['evening'] })
    expect(s.map((x) => x.date)).toEqual(['2026-09-28', '2026-09-29', '2026-09-30', '2026-10-08', '2026-10-09', '2026-10-10'])
    expect(s[0]).toEqual({ date: '2026-09-28', slot: 'evening', startsAt: '2026-09-28T11:00:00.000Z', endsAt: '2026-09-28T13:00:00.000Z' })
  })

  test('weekends: Saturdays and Sundays that are rest days; 全日制 on working days 09:00–17:00', () => {
    const we = planSessions({ ...course, schedule: ['weekend'] })
    expect(we.map((x) => x.date)).toEqual(['2026-10-03', '2026-10-04', '2026-10-11'])
    expect(we[0].startsAt).toBe('2026-10-03T01:00:00.000Z')
    const day = planSessions({ ...course, schedule: ['weekday_day'] })
    expect(day).toHaveLength(6)
    expect(day[0].endsAt).toBe('2026-09-28T09:00:00.000Z')
    const both = planSessions({ ...course, schedule: ['weekend', 'evening'] })
    expect(both).toHaveLength(9)
    expect(both.map((x) => x.startsAt)).toEqual([...both.map((x) => x.startsAt)].sort())
  })

  test('online courses and empty or reversed ranges have none; a runaway range is capped', () => {
    expect(planSessions({ ...course, mode: 'online', schedule: ['evening'] })).toEqual([])
    expect(planSessions({ ...course, schedule: [] })).toEqual([])
    expect(planSessions({ ...course, startDate: '2026-10-12', schedule: ['evening'] })).toEqual([])
    expect(planSessions({ mode: 'offline', startDate: '2026-01-01', endDate: '2030-12-31', schedule: ['evening', 'weekend'] })).toHaveLength(400)
  })

  test('the fingerprint changes with the schedule and the dates, not with the order of slots', () => {
    const a = planFingerprint({ ...course, schedule: ['evening', 'weekend'] })
    expect(planFingerprint({ ...course, schedule: ['weekend', 'evening'] })).toBe(a)
    expect(planFingerprint({ ...course, schedule: ['evening'] })).not.toBe(a)
    expect(planFingerprint({ ...course, endDate: '2026-10-12', schedule: ['evening', 'weekend'] })).not.toBe(a)
  })
})

describe('check-in timing', () => {
  const session = { startsAt: '2026-09-28T11:00:00.000Z', endsAt: '2026-09-28T13:00:00.000Z' }
  test.each([
    ['2026-09-28T10:29:59.999Z', false],
    ['2026-09-28T10:30:00.000Z', true],
    ['2026-09-28T12:00:00.000Z', true],
    ['2026-09-28T13:00:00.000Z', true],
    ['2026-09-28T13:00:00.001Z', false]
  ])('at %s the window is open: %s', (at, open) => expect(checkinOpen(session, new Date(at))).toBe(open))

  test('30-second steps', () => {
    const step = checkinStep(new Date('2026-09-28T11:00:10.000Z'))
    expect(checkinStep(new Date('2026-09-28T11:00:29.999Z'))).toBe(step)
    expect(checkinStep(new Date('2026-09-28T11:00:30.000Z'))).toBe(step + 1)
    expect(stepEndsAt(step).toISOString()).toBe('2026-09-28T11:00:30.000Z')
  })
})

describe('attendance and 结业', () => {
  test('rates, the sessions missing to 80 %, the worker-facing sentences', () => {
    expect(attendanceOf(3, 12)).toEqual({ attended: 3, total: 12, rate: 0.25 })
    expect(attendanceOf(0, 0)).toEqual({ attended: 0, total: 0, rate: 0 })
    expect(attendanceText(attendanceOf(3, 12))).toBe('已签到 3/12 次')
    expect(sessionsMissing(attendanceOf(7, 10), 0.8)).toBe(1)
    expect(sessionsMissing(attendanceOf(8, 10), 0.8)).toBe(0)
    // 80 % of 12 is 9.6: 10 sessions are needed
    expect(sessionsMissing(attendanceOf(9, 12), 0.8)).toBe(1)
    expect(sessionsMissing(attendanceOf(12, 12), 0.8)).toBe(0)
    expect(attendanceTooLowMessage(2, attendanceOf(8, 12), 0.8)).toBe('出勤不够，还差 2 次课才能结业（已签到 8/12 次，需要达到 80%）')
  })

  test('the threshold per region: default 80 % 地方规定; COMPLETION_THRESHOLDS overrides by prefix, longest first', () => {
    expect(completionRuleFor('140302')).toEqual({ threshold: 0.8, source: { document: '地方规定', clause: '出勤率不低于 80%', guide: false } })
    const rules = { '': completionRuleFor(''), ...completionRulesFromEnv('14=0.7, 1403=0.85') }
    expect(completionRuleFor('140302', rules).threshold).toBe(0.85)
    expect(completionRuleFor('140100', rules).threshold).toBe(0.7)
    expect(completionRuleFor('310112', rules).threshold).toBe(0.8)
    expect(completionRulesFromEnv('')).toBeUndefined()
    expect(() => completionRulesFromEnv('1403=85%')).toThrow(/COMPLETION_THRESHOLDS/)
    expect(() => completionRulesFromEnv('1403=1.5')).toThrow(/COMPLETION_THRESHOLDS/)
  })
})
