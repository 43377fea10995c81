/** Station staff: station, worker consent, batch sign-up, the station's list and its export. */
import type {
  SignatureUploadResult,
  StaffMe,
  StaffSignupBatchResult,
  StaffSignupItem,
  StaffSmsConsentResult,
  Station,
  StationSignupList
} from '../../contract/staff'
import type { StaffProxySetup, StaffProxySetupBody } from '../../contract/proxies'
import { api } from './client'
import { authed } from './auth'

export const getStaffMe = () => authed.request<StaffMe>('/api/v1/staff/me')

export const sendConsentCode = (phone: string) => authed.request<StaffSmsConsentResult>('/api/v1/staff/consents/sms', { method: 'POST', body: { phone } })

export const uploadSignature = (idempotencyKey: string, image: string) =>
  authed.request<SignatureUploadResult>('/api/v1/staff/consents/signature', { method: 'POST', body: { idempotencyKey, image }, timeoutMs: 20_000 })

export const submitSignups = (items: StaffSignupItem[]) =>
  authed.request<StaffSignupBatchResult>('/api/v1/staff/signups', { method: 'POST', body: { items }, timeoutMs: 20_000 })

export const stationSignups = (date: string, q?: string) =>
  authed.request<StationSignupList>('/api/v1/staff/signups', { query: { date, q: q || undefined } })

/** Path of the CSV export (the platform's download service adds the token) */
export const exportPath = (date: string) => `/api/v1/staff/signups/export?date=${encodeURIComponent(date)}`

export const getStation = (id: string) => api.get<Station>(`/api/v1/stations/${encodeURIComponent(id)}`)

/** 亲属代办 set up at the station for a worker without a phone (retried with the same key, it answers the same). */
export const setupProxyAtStation = (body: StaffProxySetupBody) =>
  authed.request<StaffProxySetup>('/api/v1/staff/proxies', { method: 'POST', body, timeoutMs: 20_000 })
