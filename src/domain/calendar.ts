/**
 * "加入日历" after a sign-up: the course start as a calendar event. Pure, shared by both builds —
 * H5 downloads it as an .ics file (RFC 5545), the mini program passes the same fields to
 * wx.addPhoneCalendar or copies `calendarText` when that API is missing.
 */

export interface CalendarEvent {
  /** e.g. 开课：电工 初级 周末班 */
  title: string
  /** YYYY-MM-DD, China time; an all-day event on that date (the time of day is in `description`) */
  date: string
  location: string
  description: string
}

export interface CourseForCalendar {
  id: string
  title: string
  startDate: string
  scheduleText: string
  address: string
  contactPhone: string
  institution: { name: string }
}

export function calendarEventFor(course: CourseForCalendar): CalendarEvent {
  return {
    title: `开课：${course.title}`,
    date: course.startDate,
    location: course.address,
    description: `${course.institution.name}。上课时间：${course.scheduleText}。带上身份证原件。机构电话：${course.contactPhone}`
  }
}

/** Text escaping of RFC 5545 §3.3.11 (backslash, semicolon, comma, newline). */
export function icsEscape(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n')
}

/** Lines longer than 75 octets are folded (RFC 5545 §3.1), never inside a UTF-8 character. */
export function foldIcsLine(line: string): string {
  const out: string[] = []
  let current = ''
  let bytes = 0
  for (const ch of line) {
    const size = utf8Length(ch)
    const limit = out.length === 0 ? 75 : 74 // continuation lines start with one space
    if (bytes + size > limit) {
      out.push(current)
      current = ''
      bytes = 0
    }
    current += ch
    bytes += size
  }
  out.push(current)
  return out.join('\r\n ')
}

function utf8Length(ch: string): number {
  const code = ch.codePointAt(0) ?? 0
  return code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4
}

function compactDate(date: string): string {
  return date.replace(/-/g, '')
}

function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + 1)
  return d.toISOString().slice(0, 10)
}

/**
 * One VEVENT with a reminder the day before. `uid` identifies the event (the enrollment id, so a
 * second download updates rather than duplicates); `stamp` is when the file was made.
 */
export function buildIcs(event: CalendarEvent, uid: string, stamp: Date): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(event.date)) throw new Error(`bad date ${event.date}`)
  const dtstamp = stamp.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '')
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//jinengpeixun//zhangshangban//ZH',
    'CALSCALE:GREGORIAN',
    'BEGIN:VEVENT',
    `UID:${uid}@zhangshangban`,
    `DTSTAMP:${dtstamp}`,
    `DTSTART;VALUE=DATE:${compactDate(event.date)}`,
    `DTEND;VALUE=DATE:${compactDate(nextDay(event.date))}`,
    `SUMMARY:${icsEscape(event.title)}`,
    `LOCATION:${icsEscape(event.location)}`,
    `DESCRIPTION:${icsEscape(event.description)}`,
    'BEGIN:VALARM',
    'ACTION:DISPLAY',
    'TRIGGER:-PT15H', // 09:00 the day before an all-day event
    `DESCRIPTION:${icsEscape(event.title)}`,
    'END:VALARM',
    'END:VEVENT',
    'END:VCALENDAR'
  ]
  return lines.map(foldIcsLine).join('\r\n') + '\r\n'
}

/** The same event as plain text, for copying where no calendar API exists. */
export function calendarText(event: CalendarEvent): string {
  return `${event.title}\n日期：${event.date}\n地点：${event.location}\n${event.description}`
}
