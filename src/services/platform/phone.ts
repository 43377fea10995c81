import Taro from '@tarojs/taro'
import { toast } from './ui'

/** Dial a number (weapp: system dialog; H5: tel: link). */
export function callPhone(phoneNumber: string): void {
  Taro.makePhoneCall({ phoneNumber }).catch((err: { errMsg?: string }) => {
    if (!/cancel/i.test(String(err?.errMsg ?? ''))) toast(`请拨打 ${phoneNumber}`)
  })
}
