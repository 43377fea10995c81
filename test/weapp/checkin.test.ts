/**
 * 上课签到 in the compiled mini program, headless, against a live server: the worker opens 我的报名 (已签到 0/N), taps
 * 上课签到, then 扫码签到 — the host's camera reads the institution's QR text (qrText from the check-in code route,
 * the development clock inside the session) — and the page says 已签到 1/N. The scanner is asked for QR codes from
 * the camera only; closing it changes nothing.
 */
import path from 'node:path'
import type { CheckinCode, ClassSessionList, Enrollment, InstitutionCourseList, Session, SmsSendResult } from '../../src/contract'
import { useLiveServer } from '../support/server'
import { WeappHost } from './host'

const DIST = path.resolve(__dirname, '../../dist/weapp')
const server = useLiveServer()

async function call<T>(method: string, url: string, token?: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const res = await fetch(server.url + url, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined
  })
  const text = await res.text()
  if (!res.ok) throw new Error(`${method} ${url} → ${res.status} ${text}`)
  return JSON.parse(text) as T
}

test('我的报名 → 上课签到 → 扫码签到 (wx.scanCode) → 已签到 1/N', async () => {
  // the institution's demo account, and a course of it with class sessions that has not started
  const sms = await call<SmsSendResult>('POST', '/api/v1/auth/sms/send', undefined, { phone: '13800000007' })
  const staff = await call<Session>('POST', '/api/v1/auth/sms/verify', undefined, { phone: '13800000007', code: sms.devCode })
  const courses = await call<InstitutionCourseList>('GET', '/api/v1/institution/courses', staff.token)
  // the soonest to start: the development clock moves least (sessions, tokens and codes stay in their lifetimes)
  const course = courses.items.filter((c) => !c.started && c.seatsLeft > 0 && c.sessions > 0).sort((a, b) => a.startDate.localeCompare(b.startDate))[0]
  expect(course).toBeDefined()

  const code = `dev:weapp-checkin-${Date.now()}`
  const w = await call<Session>('POST', '/api/v1/auth/wechat', undefined, { code })
  const { version } = await call<{ version: string }>('GET', '/api/v1/privacy')
  await call('POST', '/api/v1/me/consent', w.token, { version })
  await call('PUT', '/api/v1/me/profile', w.token, { realName: '王秀英', idNumber: '140302197803150021', phone: '13912345072', groups: ['rural_migrant'] })
  const enrollment = await call<Enrollment>('POST', '/api/v1/enrollments', w.token, { courseId: course.id }, { 'idempotency-key': `weapp-checkin-${Date.now()}` })
  const { items: sessions } = await call<ClassSessionList>('GET', `/api/v1/institution/courses/${course.id}/sessions`, staff.token)
  await call('POST', '/api/v1/dev/clock', undefined, { to: sessions[0].startsAt })
  const shown = await call<CheckinCode>('POST', `/api/v1/institution/sessions/${sessions[0].id}/checkin-code`, staff.token)
  expect(shown.qrText).toContain(shown.code)

  const host = new WeappHost({ distDir: DIST, apiBase: server.url, loginCode: code, privacyAgreed: true })
  const mine = await host.launch('subpackages/signup/mine/index')
  await mine.waitForText(`已签到 0/${sessions.length} 次`)
  await mine.tapId(`checkin-${enrollment.id}`)
  await host.settle()
  const page = host.currentPage
  expect(page.route).toBe('subpackages/signup/checkin/index')
  await page.waitForId('checkin-scan')

  // the worker closes the scanner: nothing is sent
  host.setScanResult(null)
  await page.tapId('checkin-scan')
  await host.settle()
  expect(page.text()).not.toContain('签到成功')

  // the camera reads the institution's QR code
  host.setScanResult(shown.qrText)
  await page.tapId('checkin-scan')
  const text = await page.waitForText(`已签到 1/${sessions.length} 次`)
  expect(text).toContain('签到成功')
  const scans = host.calls.filter((c) => c.api === 'scanCode')
  expect(scans).toHaveLength(2)
  expect(scans[1].args).toMatchObject({ onlyFromCamera: true, scanType: ['qrCode'] })
  const sent = host.requests.filter((r) => r.url.includes('/api/v1/attendance/checkins'))
  expect(sent).toEqual([expect.objectContaining({ method: 'POST', status: 200 })])
  // the institution's roster counts it
  const roster = await call<{ items: { enrollmentId: string; attendance: { attended: number } }[] }>('GET', `/api/v1/institution/courses/${course.id}/roster`, staff.token)
  expect(roster.items.find((r) => r.enrollmentId === enrollment.id)?.attendance.attended).toBe(1)
  host.assertPrivacyKept()
})
