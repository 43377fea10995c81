/** 加入日历 on the mini program: the phone calendar where WeChat offers it, else the text to copy. */
import Taro from '@tarojs/taro'
import { calendarText, type CalendarEvent } from '../../domain/calendar'
import { toast } from './ui'
import { PrivacyRefused, withPrivacy } from './privacy'
import { wxCall } from './wx-call'

export async function addToCalendar(event: CalendarEvent, _uid: string): Promise<void> {
  if (Taro.canIUse('addPhoneCalendar')) {
    // 00:00 China time of the start date; all-day, reminded the day before (alarmOffset in seconds)
    const startTime = Math.floor(Date.parse(`${event.date}T00:00:00+08:00`) / 1000)
    try {
      await withPrivacy('calendar', () =>
        // not promisified by Taro: a plain call would resolve at once, before the worker answered
        wxCall('addPhoneCalendar', { title: event.title, startTime, allDay: true, description: event.description, location: event.location, alarm: true, alarmOffset: 15 * 3600 })
      )
      toast('已加入日历', 'success')
    } catch {
      // 不同意 (already told) or the worker said no in the system dialog: nothing to do
    }
    return
  }
  try {
    await withPrivacy('clipboard', () => Taro.setClipboardData({ data: calendarText(event) }))
    toast('已复制开课信息，可粘贴到备忘录')
  } catch (err) {
    if (!(err instanceof PrivacyRefused)) toast('复制没有成功，请截图保存')
  }
}
