/** The worker's own account: consent, profile, deletion, eligibility for a course. */
import type { Eligibility, Me, Profile, ProfileUpdate } from '../../contract'
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
