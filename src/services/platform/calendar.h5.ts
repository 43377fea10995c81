/** 加入日历 in the browser: an .ics file the phone's calendar app opens. */
import { buildIcs, type CalendarEvent } from '../../domain/calendar'
import { toast } from './ui'

export async function addToCalendar(event: CalendarEvent, uid: string): Promise<void> {
  const blob = new Blob([buildIcs(event, uid, new Date())], { type: 'text/calendar;charset=utf-8' })
  const href = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = href
  a.download = `开课提醒-${event.date}.ics`
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(href), 10_000)
  toast('已下载日历文件，打开它就能加入日历')
}
