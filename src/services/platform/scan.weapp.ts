/** The mini program's camera scanner (wx.scanCode), QR codes only, camera only (no album: the code rotates). */
import Taro from '@tarojs/taro'

export const CAN_SCAN = true

export type ScanResult = { ok: true; text: string } | { ok: false; cancelled: boolean }

export function scanQrCode(): Promise<ScanResult> {
  return Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] }).then(
    (res) => ({ ok: true as const, text: String(res.result ?? '') }),
    (err: { errMsg?: string }) => ({ ok: false as const, cancelled: /cancel/i.test(String(err?.errMsg ?? '')) })
  )
}
