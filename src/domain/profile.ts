/** What a worker's profile must hold before sign-up — asked for only at that moment (progressive profile). */

export interface ProfileFacts {
  realName: string | null
  hasIdNumber: boolean
  phone: string | null
  groups: readonly string[]
}

export const SIGNUP_FIELDS = [
  { code: 'realName', label: '真实姓名' },
  { code: 'idNumber', label: '身份证号' },
  { code: 'phone', label: '手机号' },
  { code: 'groups', label: '人员类别' }
] as const
export type SignupField = (typeof SIGNUP_FIELDS)[number]['code']

export function missingForSignup(profile: ProfileFacts | null): SignupField[] {
  if (!profile) return SIGNUP_FIELDS.map((f) => f.code)
  const missing: SignupField[] = []
  if (!profile.realName) missing.push('realName')
  if (!profile.hasIdNumber) missing.push('idNumber')
  if (!profile.phone) missing.push('phone')
  if (profile.groups.length === 0) missing.push('groups')
  return missing
}

/** Chinese personal name as on the ID card: 2–20 characters, Han script plus the middle dot of minority names. */
export function isPlausibleRealName(name: string): boolean {
  return /^[\u4e00-\u9fa5][\u4e00-\u9fa5·•]{1,19}$/.test(name)
}

export const HUKOU_TYPES = [
  { code: 'rural', label: '农业户口（农村）' },
  { code: 'urban', label: '非农业户口（城镇）' }
] as const
export type HukouType = (typeof HUKOU_TYPES)[number]['code']

export const EMPLOYMENT_STATUSES = [
  { code: 'employed', label: '有工作（在岗）' },
  { code: 'flexible', label: '灵活就业（打零工、跑外卖等）' },
  { code: 'unemployed', label: '暂时没有工作' }
] as const
export type EmploymentStatus = (typeof EMPLOYMENT_STATUSES)[number]['code']

/** Current privacy notice version; consent is recorded against it. */
export const PRIVACY_NOTICE_VERSION = '2026-12-08.2'
