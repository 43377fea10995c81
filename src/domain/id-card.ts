/**
 * 居民身份证号 (GB 11643-1999) check. Returns what the number tells (birth date, gender) or a message
 * naming the exact problem, so a worker knows which digit to look at.
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CHECK_CHARS = '10X98765432'
/** First two digits: province-level codes in use (GB/T 2260), plus 71/81/82 (台湾/香港/澳门 residents). */
const PROVINCE_CODES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82
])

export type IdCardProblem = 'empty' | 'length' | 'format' | 'region' | 'birthdate' | 'checksum'

export type IdCardCheck =
  | { ok: true; normalized: string; birthDate: string; gender: 'male' | 'female' }
  | { ok: false; problem: IdCardProblem; message: string }

export function checkDigitOf(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]
  return CHECK_CHARS[sum % 11]
}

/** Validates a 18-digit ID number; `today` (YYYY-MM-DD) bounds the birth date. */
export function checkIdCard(input: string, today: string): IdCardCheck {
  const normalized = input.replace(/\s+/g, '').toUpperCase()
  if (!normalized) return { ok: false, problem: 'empty', message: '请填写身份证号' }
  if (normalized.length !== 18) {
    return { ok: false, problem: 'length', message: `身份证号应为18位，现在是${normalized.length}位，请核对` }
  }
  if (!/^\d{17}[\dX]$/.test(normalized)) {
    return { ok: false, problem: 'format', message: '身份证号前17位应为数字，最后一位是数字或字母X' }
  }
  if (!PROVINCE_CODES.has(Number(normalized.slice(0, 2)))) {
    return { ok: false, problem: 'region', message: '身份证号前两位（地区）不正确，请核对' }
  }
  const y = Number(normalized.slice(6, 10))
  const m = Number(normalized.slice(10, 12))
  const d = Number(normalized.slice(12, 14))
  const birthDate = `${normalized.slice(6, 10)}-${normalized.slice(10, 12)}-${normalized.slice(12, 14)}`
  const asDate = new Date(Date.UTC(y, m - 1, d))
  const realDate = asDate.getUTCFullYear() === y && asDate.getUTCMonth() === m - 1 && asDate.getUTCDate() === d
  if (!realDate || y < 1900 || birthDate > today) {
    return { ok: false, problem: 'birthdate', message: '身份证号中的出生日期（第7到14位）不正确，请核对' }
  }
  if (checkDigitOf(normalized.slice(0, 17)) !== normalized[17]) {
    return { ok: false, problem: 'checksum', message: '身份证号校验位不正确，请核对最后一位' }
  }
  return { ok: true, normalized, birthDate, gender: Number(normalized[16]) % 2 === 1 ? 'male' : 'female' }
}

/** Whole years of age on `today`. */
export function ageOn(birthDate: string, today: string): number {
  const years = Number(today.slice(0, 4)) - Number(birthDate.slice(0, 4))
  return today.slice(5) >= birthDate.slice(5) ? years : years - 1
}
