/** 加入日历: the course start as an RFC 5545 all-day event. */
import { buildIcs, calendarEventFor, calendarText, foldIcsLine, icsEscape } from '../../src/domain/calendar'

const course = {
  id: 'crs_1',
  title: '电工 初级 周末班, 第2期',
  startDate: '2026-12-31',
  scheduleText: '每周六、日 09:00–16:30',
  address: '阳泉市城区桃北西街1号; 三楼',
  contactPhone: '0353-1234567',
  institution: { name: '阳泉市城区职业培训学校' }
}

test('the event carries the start date, place, time of day, what to bring and the phone', () => {
  const e = calendarEventFor(course)
  expect(e).toMatchObject({ title: '开课：电工 初级 周末班, 第2期', date: '2026-12-31', location: course.address })
  expect(e.description).toContain('09:00–16:30')
  expect(e.description).toContain('身份证原件')
  expect(e.description).toContain('0353-1234567')
  expect(calendarText(e)).toContain('日期：2026-12-31')
})

test('an all-day VEVENT ending the next day (across the year end), escaped, with a reminder the day before', () => {
  const ics = buildIcs(calendarEventFor(course), 'enr_abc', new Date('2026-11-26T03:00:00.123Z'))
  const unfolded = ics.replace(/\r\n /g, '')
  expect(ics.endsWith('\r\n')).toBe(true)
  expect(ics.split('\r\n')[0]).toBe('BEGIN:VCALENDAR')
  expect(unfolded).toContain('UID:enr_abc@zhangshangban')
  expect(unfolded).toContain('DTSTAMP:20261126T030000Z')
  expect(unfolded).toContain('DTSTART;VALUE=DATE:20261231')
  expect(unfolded).toContain('DTEND;VALUE=DATE:20270101')
  expect(unfolded).toContain('SUMMARY:开课：电工 初级 周末班\\, 第2期')
  expect(unfolded).toContain('LOCATION:阳泉市城区桃北西街1号\\; 三楼')
  expect(unfolded).toContain('TRIGGER:-PT15H')
  // no line longer than 75 octets
  for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75)
})

test('folding never splits a character and unfolds back to the line', () => {
  const line = `DESCRIPTION:${'技能培训'.repeat(30)}`
  const folded = foldIcsLine(line)
  expect(folded.replace(/\r\n /g, '')).toBe(line)
  for (const part of folded.split('\r\n')) expect(Buffer.byteLength(part, 'utf8')).toBeLessThanOrEqual(75)
  expect(icsEscape('a\\b;c,d\ne')).toBe('a\\\\b\\;c\\,d\\ne')
})

test('a malformed date is refused', () => {
  expect(() => buildIcs({ ...calendarEventFor(course), date: '2026/12/31' }, 'x', new Date())).toThrow()
})
