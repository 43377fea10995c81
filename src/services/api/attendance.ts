/** A worker's check-in to a class session with the institution's rotating code. */
import { authed } from './auth'

export interface CheckinResult {
  sessionId: string
  courseId: string
  checkedInAt: string
}

export function checkIn(code: string, position?: { lat: number; lng: number } | null): Promise<CheckinResult> {
  return authed.request<CheckinResult>('/api/v1/attendance/checkins', {
    method: 'POST',
    body: position ? { code, lat: position.lat, lng: position.lng } : { code }
  })
}
