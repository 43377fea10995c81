/** The worker's own account: consent, profile, deletion, eligibility for a course. */
import type { DataExport, Eligibility, Me, Profile, ProfileUpdate } from '../../contract'
import { useSession } from '../../store/session'
import { authed } from './auth'

export async function getMe(): Promise<Me> {
  const me = await authed.request<Me>('/api/v1/me')
  useSession.getState().setMe(me)
  return me
}

export async function giveConsent(version: string): Promise<Me> {
  const me = await authed.request<Me>('/api/v1/me/consent', { method: 'POST', body: { version } })
  useSession.getState().setMe(me)
  return me
}

export async function withdrawConsent(): Promise<Me> {
  const me = await authed.request<Me>('/api/v1/me/consent', { method: 'DELETE' })
  useSession.getState().setMe(me)
  return me
}

export async function deleteMe(): Promise<void> {
  await authed.request('/api/v1/me', { method: 'DELETE' })
  const s = useSession.getState()
  s.clear()
  for (const courseId of Object.keys(s.pendingEnrollments)) s.forgetAttempt(courseId)
}

export function getProfile(): Promise<Profile> {
  return authed.request<Profile>('/api/v1/me/profile')
}

/** Partial update: only the fields sent change. */
export function updateProfile(update: ProfileUpdate): Promise<Profile> {
  return authed.request<Profile>('/api/v1/me/profile', { method: 'PUT', body: update })
}

export function courseEligibility(courseId: string): Promise<Eligibility> {
  return authed.request<Eligibility>(`/api/v1/courses/${encodeURIComponent(courseId)}/eligibility`)
}

/** The full ID number, to its owner only; the server records that it was shown. */
export async function revealIdNumber(): Promise<string> {
  return (await authed.request<{ idNumber: string }>('/api/v1/me/profile/reveal-id', { method: 'POST' })).idNumber
}

/** 下载我的数据: everything the service stores about this worker. */
export function dataExport(): Promise<DataExport> {
  return authed.request<DataExport>('/api/v1/me/data-export')
}
