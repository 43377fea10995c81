/** Native feedback: toast and confirm dialog. */
import Taro from '@tarojs/taro'

export function toast(title: string, icon: 'none' | 'success' = 'none'): void {
  void Taro.showToast({ title, icon, duration: 2000 }).catch(() => undefined)
}

export async function confirm(title: string, content: string, confirmText = '确定'): Promise<boolean> {
  try {
    const res = await Taro.showModal({ title, content, confirmText, cancelText: '取消', confirmColor: '#1a6fd1' })
    return res.confirm
  } catch {
    return false
  }
}
