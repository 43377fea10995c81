/** Personal data as it may be shown: enough to recognise, not enough to misuse (DESIGN.md §4). */

/** 140302199001011234 → 1403**********1234 */
export function maskIdNumber(id: string): string {
  if (id.length <= 8) return '*'.repeat(id.length)
  return `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}`
}

/** 13812345678 → 138****5678 */
export function maskPhone(phone: string): string {
  if (phone.length < 7) return '*'.repeat(phone.length)
  return `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`
}

/** 张三丰 → 张** ; 李四 → 李* */
export function maskName(name: string): string {
  const chars = [...name]
  if (chars.length <= 1) return name
  return chars[0] + '*'.repeat(chars.length - 1)
}

/** Mainland mobile number: 11 digits starting with 1[3-9]. */
export function isMobilePhone(phone: string): boolean {
  return /^1[3-9]\d{9}$/.test(phone)
}
