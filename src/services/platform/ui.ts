/** Native feedback: toast and confirm dialog. */
import Taro from '@tarojs/taro'

export function toast(title: string, icon: 'none' | 'success' = 'none'): void {
  void Taro.showToast({ title, icon, duration: 2000 }).catch(() => undefined)
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
