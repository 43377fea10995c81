/**
 * A new version of the mini program was published: WeChat downloads it in the background; once ready
 * we ask whether to restart into it now (a worker in the middle of a form may say 稍后, and gets the
 * new version on the next cold start anyway).
 */
import Taro from '@tarojs/taro'
import { toastDuration } from './ui'

export function watchForUpdates(): void {
  if (typeof Taro.getUpdateManager !== 'function') return
  const manager = Taro.getUpdateManager()
  manager.onUpdateReady(() => {
    void Taro.showModal({
      title: '有新版本',
      content: '新版本已经准备好，重新打开就能用。现在重新打开吗？',
      confirmText: '重新打开',
      cancelText: '稍后',
      confirmColor: '#1a6fd1'
    }).then(
      (res) => {
        if (res.confirm) manager.applyUpdate()
      },
      () => undefined
    )
  })
  manager.onUpdateFailed(() => {
    void Taro.showToast({ title: '新版本没有下载成功，下次打开时会再试', icon: 'none', duration: Math.max(2500, toastDuration()) }).catch(() => undefined)
  })
}
