/** Adapter selection from the environment (see README "Adapters"). */
import { devSmsAdapter, realSmsAdapter, type SmsAdapter } from './sms'
import { devWechatAdapter, realWechatAdapter, type WechatAuthAdapter } from './wechat'
import type { Queryable } from '../db'

export * from './sms'
export * from './wechat'
export * from './notifier'
export * from './certificate-registry'
export * from './social-insurance'
export * from './speech'
export * from './content-safety'

export interface Adapters {
  wechat: WechatAuthAdapter
  sms: SmsAdapter
  /** true = development conveniences allowed (sms/send returns devCode) */
  devMode: boolean
}

/**
 * NODE_ENV=production → real adapters unless overridden; WECHAT_ADAPTER=real|dev and SMS_ADAPTER=real|dev
 * override each. devCode is only ever returned when NODE_ENV is not production AND the SMS adapter is dev.
 */
export function adaptersFromEnv(env: Record<string, string | undefined> = process.env, deps: { db?: Queryable; hashPhone?: (p: string) => string } = {}): Adapters {
  const production = env.NODE_ENV === 'production'
  const pick = (v: string | undefined) => (v === 'real' || v === 'dev' ? v : production ? 'real' : 'dev')
  const wechatKind = pick(env.WECHAT_ADAPTER)
  const smsKind = pick(env.SMS_ADAPTER)
  let wechat: WechatAuthAdapter
  if (wechatKind === 'real') {
    if (!env.WX_APPID || !env.WX_SECRET) throw new Error('WECHAT_ADAPTER=real needs WX_APPID and WX_SECRET')
    wechat = realWechatAdapter({ appId: env.WX_APPID, secret: env.WX_SECRET })
  } else wechat = devWechatAdapter()
  const sms = smsKind === 'real' ? realSmsAdapter() : devSmsAdapter(deps)
  return { wechat, sms, devMode: !production && smsKind === 'dev' }
}
