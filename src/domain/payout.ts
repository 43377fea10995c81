/** Payout account checks (pure; the phone checks as the server does): Luhn, bank from the BIN, masking. */

/** Luhn check over the digits of a bank card number. */
export function luhnValid(digits: string): boolean {
  if (!/^[0-9]{12,19}$/.test(digits)) return false
  let sum = 0
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i])
    if (i % 2 === 1) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
  }
  return sum % 10 === 0
}

/** Common debit-card BINs (first six digits) of the banks that pay subsidies; unknown → the worker picks the bank. */
export const BANK_BINS: Record<string, string> = {
  '622202': '中国工商银行',
  '622208': '中国工商银行',
  '621226': '中国工商银行',
  '621700': '中国建设银行',
  '622700': '中国建设银行',
  '436742': '中国建设银行',
  '622848': '中国农业银行',
  '622845': '中国农业银行',
  '621661': '中国银行',
  '621785': '中国银行',
  '622262': '交通银行',
  '622588': '招商银行',
  '621483': '招商银行',
  '621799': '中国邮政储蓄银行',
  '622188': '中国邮政储蓄银行',
  '622150': '中国邮政储蓄银行'
}

export const normaliseAccountNumber = (input: string) => input.replace(/\s+/g, '')

export const bankFromBin = (digits: string): string | null => BANK_BINS[digits.slice(0, 6)] ?? null

/** 6222021234567890128 → 6222 **** **** 0128 */
export function maskAccountNumber(digits: string): string {
  if (digits.length < 8) return '*'.repeat(digits.length)
  return `${digits.slice(0, 4)} **** **** ${digits.slice(-4)}`
}

export type PayoutCheck = { ok: true; digits: string; bankName: string } | { ok: false; field: 'accountNumber' | 'bankName'; message: string }

/** A bank card the worker enters: digits, Luhn, bank known (from the BIN or chosen). */
export function checkBankCard(accountNumber: string | undefined, bankName: string | undefined): PayoutCheck {
  const digits = normaliseAccountNumber(accountNumber ?? '')
  if (!digits) return { ok: false, field: 'accountNumber', message: '请填写银行卡号' }
  if (!/^[0-9]{16,19}$/.test(digits)) return { ok: false, field: 'accountNumber', message: '银行卡号应是16到19位数字，请核对' }
  if (!luhnValid(digits)) return { ok: false, field: 'accountNumber', message: '银行卡号校验不通过，可能输错了一位，请对照卡片核对' }
  const bank = bankFromBin(digits) ?? bankName?.trim() ?? ''
  if (!bank) return { ok: false, field: 'bankName', message: '请选择开户银行' }
  return { ok: true, digits, bankName: bank }
}
