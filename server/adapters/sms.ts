/**
 * SMS sending.
 * - dev: records each message in memory (`outbox`) and, when a database is given, in `sms_outbox`
 *   (phone stored only as its HMAC). Nothing leaves the machine.
 * - real: a stub until a provider (e.g. 阿里云短信 / 腾讯云短信) is wired in: `send` throws
 *   "未配置短信服务" so a production server never pretends to have sent a code.
 */
import type { Queryable } from '../db'

export class SmsNotConfiguredError extends Error {
  constructor() {
    super('未配置短信服务')
  }
}

export interface SmsAdapter {
  readonly kind: 'real' | 'dev'
  send(phone: string, text: string): Promise<void>
}

export interface DevSmsAdapter extends SmsAdapter {
  readonly outbox: { phone: string; text: string; at: Date }[]
}

export function devSmsAdapter(opts: { db?: Queryable; hashPhone?: (phone: string) => string } = {}): DevSmsAdapter {
  const outbox: DevSmsAdapter['outbox'] = []
  return {
    kind: 'dev',
    outbox,
    async send(phone, text) {
      outbox.push({ phone, text, at: new Date() })
      if (outbox.length > 1000) outbox.shift()
      if (opts.db && opts.hashPhone) await opts.db.query('INSERT INTO sms_outbox (phone_hash, text) VALUES ($1, $2)', [opts.hashPhone(phone), text])
    }
  }
}

export function realSmsAdapter(): SmsAdapter {
  return {
    kind: 'real',
    async send() {
      throw new SmsNotConfiguredError()
    }
  }
}
