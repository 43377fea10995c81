/** A worker's check-in to a class session with the institution's rotating code (6 digits, or the scanned QR text). */
import type { Checkin, MySessionList } from '../../contract'
import { callRoute, routes } from './client'

export function checkIn(code: string, position?: { lat: number; lng: number } | null): Promise<Checkin> {
  return callRoute(routes.checkin, { body: position ? { code, lat: position.lat, lng: position.lng } : { code } })
}

/** Today's and the coming class sessions of my enrollments, with my check-in state. */
export function mySessions(): Promise<MySessionList> {
  return callRoute(routes.mySessions)
}
