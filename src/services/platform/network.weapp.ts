/** Network status in the mini program: wx.onNetworkStatusChange, the last known state cached. */
import Taro from '@tarojs/taro'

let online = true
let watching = false
const listeners = new Set<(online: boolean) => void>()

function watch() {
  if (watching) return
  watching = true
  try {
    Taro.getNetworkType({
      success: (r) => {
        online = r.networkType !== 'none'
      }
    }).catch(() => undefined)
    Taro.onNetworkStatusChange((r) => {
      online = r.isConnected
      for (const l of listeners) l(online)
    })
  } catch {
    // without network events the queue still syncs on its timer and on 立即提交
  }
}

export function isOnline(): boolean {
  watch()
  return online
}

export function onNetworkChange(listener: (online: boolean) => void): () => void {
  watch()
  listeners.add(listener)
  return () => listeners.delete(listener)
}
