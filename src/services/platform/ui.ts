/** Native feedback: toast and confirm dialog. */
import Taro from '@tarojs/taro'

/** How long a toast stays: 2 s normally; 关怀模式 readers (older, slower to read) get 4.5 s. */
export const TOAST_MS = { normal: 2000, care: 4500 } as const
let careToasts = false

/** Follows 关怀模式 (the app calls it at launch and whenever the setting changes). */
export function setCareToasts(on: boolean): void {
  careToasts = on
}

export const toastDuration = (): number => (careToasts ? TOAST_MS.care : TOAST_MS.normal)

export function toast(title: string, icon: 'none' | 'success' = 'none'): void {
  void Taro.showToast({ title, icon, duration: toastDuration() }).catch(() => undefined)
}

/** Both button labels say what happens (never 取消 beside 取消报名); WeChat allows at most 4 characters each. */
export async function confirm(title: string, content: string, confirmText = '确定', cancelText = '取消'): Promise<boolean> {
  try {
    const res = await Taro.showModal({ title, content, confirmText, cancelText, confirmColor: '#1a6fd1' })
    return res.confirm
  } catch {
    return false
  }
}
