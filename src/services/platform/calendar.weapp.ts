/** 加入日历 on the mini program: the phone calendar where WeChat offers it, else the text to copy. */
import Taro from '@tarojs/taro'
import { calendarText, type CalendarEvent } from '../../domain/calendar'
import { toast } from './ui'

type AddPhoneCalendar = (o: { title: string; startTime: number; allDay?: boolean; description?: string; location?: string; alarm?: boolean; alarmOffset?: number }) => Promise<unknown>

export async function addToCalendar(event: CalendarEvent, _uid: string): Promise<void> {
  const add = (Taro as unknown as { addPhoneCalendar?: AddPhoneCalendar }).addPhoneCalendar
  if (Taro.canIUse('addPhoneCalendar') && add) {
    // 00:00 China time of the start date; all-day, reminded the day before (alarmOffset in seconds)
    const startTime = Math.floor(Date.parse(`${event.date}T00:00:00+08:00`) / 1000)
    try {
      await add({ title: event.title, startTime, allDay: true, description: event.description, location: event.location, alarm: true, alarmOffset: 15 * 3600 })
      toast('已加入日历', 'success')
    } catch {
      // the worker said no in the system dialog: nothing to do
    }
    return
  }
  try {
    await Taro.setClipboardData({ data: calendarText(event) })
    toast('已复制开课信息，可粘贴到备忘录')
  } catch {
    toast('复制没有成功，请截图保存')
  }
}
