/** The worker's own account: consent, profile, deletion, eligibility for a course. */
import type { DataExport, Eligibility, Me, Profile, ProfileUpdate, SmsSendResult } from '../../contract'
import { useSession } from '../../store/session'
import { callRoute, routes } from './client'

export async function getMe(): Promise<Me> {
  const me = await callRoute(routes.getMe)
  useSession.getState().setMe(me)
  return me
}

export async function giveConsent(version: string): Promise<Me> {
  const me = await callRoute(routes.giveConsent, { body: { version } })
  useSession.getState().setMe(me)
  return me
}

export async function withdrawConsent(): Promise<Me> {
  const me = await callRoute(routes.withdrawConsent)
  useSession.getState().setMe(me)
  return me
}

export async function deleteMe(): Promise<void> {
  await callRoute(routes.deleteMe)
  const s = useSession.getState()
  s.clear()
  for (const courseId of Object.keys(s.pendingEnrollments)) s.forgetAttempt(courseId)
}

export function getProfile(): Promise<Profile> {
  return callRoute(routes.getProfile)
}

/** Partial update: only the fields sent change. */
export function updateProfile(update: ProfileUpdate): Promise<Profile> {
  return callRoute(routes.updateProfile, { body: update })
}

export function courseEligibility(courseId: string): Promise<Eligibility> {
  return callRoute(routes.courseEligibility, { params: { id: courseId } })
}

/** The full ID number, to its owner only; the server records that it was shown. */
export async function revealIdNumber(): Promise<string> {
  return (await callRoute(routes.revealIdNumber)).idNumber
}

/** 下载我的数据: everything the service stores about this worker. */
export function dataExport(): Promise<DataExport> {
  return callRoute(routes.dataExport)
}

/** A WeChat-only account binds a phone in place: the code first, then the phone with the code. Always as oneself. */
export function sendPhoneBindCode(phone: string): Promise<SmsSendResult> {
  return callRoute(routes.sendPhoneBindCode, { asSelf: true, body: { phone } })
}

export async function bindPhone(phone: string, code: string): Promise<Me> {
  const me = await callRoute(routes.bindPhone, { asSelf: true, body: { phone, code } })
  useSession.getState().setMe(me)
  return me
}
