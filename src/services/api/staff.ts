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
import { routeUrl } from '../http/route'
import { callRoute, routes } from './client'

export const getStaffMe = (): Promise<StaffMe> => callRoute(routes.staffMe)

export const sendConsentCode = (phone: string): Promise<StaffSmsConsentResult> => callRoute(routes.staffSmsConsent, { body: { phone } })

export const uploadSignature = (idempotencyKey: string, image: string): Promise<SignatureUploadResult> =>
  callRoute(routes.staffSignature, { body: { idempotencyKey, image }, timeoutMs: 20_000 })

export const submitSignups = (items: StaffSignupItem[]): Promise<StaffSignupBatchResult> =>
  callRoute(routes.staffSignups, { body: { items }, timeoutMs: 20_000 })

export const stationSignups = (date: string, q?: string): Promise<StationSignupList> =>
  callRoute(routes.staffSignupList, { query: { date, q: q || undefined } })

/** Address of the CSV export (the platform's download service adds the token) */
export const exportUrl = (date: string): string => routeUrl(routes.staffSignupExport, { query: { date } })

export const getStation = (id: string): Promise<Station> => callRoute(routes.stationPublic, { params: { id } })

/** 亲属代办 set up at the station for a worker without a phone (retried with the same key, it answers the same). */
export const setupProxyAtStation = (body: StaffProxySetupBody): Promise<StaffProxySetup> =>
  callRoute(routes.staffSetupProxy, { body, timeoutMs: 20_000 })
