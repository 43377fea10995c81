/**
 * The one storage adapter every persisted store goes through (zustand `StateStorage` shape).
 * Taro.getStorageSync returns '' for a missing key; zustand only treats null as missing.
 */
import Taro from '@tarojs/taro'
import { toast } from './ui'

/** Last time a failed write was reported: one message a minute is enough, a store may write on every keystroke. */
let reportedAt = 0
export const STORAGE_FULL_MESSAGE = '手机存储空间不足，刚填的内容没能存到手机上'

export interface KeyValueStorage {
  getItem(name: string): string | null
  setItem(name: string, value: string): void
  removeItem(name: string): void
}

export const storage: KeyValueStorage = {
  getItem(name) {
    try {
      const value: unknown = Taro.getStorageSync(name)
      if (value === '' || value === undefined || value === null) return null
      return typeof value === 'string' ? value : JSON.stringify(value)
    } catch {
      return null
    }
  },
  setItem(name, value) {
    try {
      Taro.setStorageSync(name, value)
    } catch {
      // Storage full (WeChat: 1 MB a key, 10 MB in all) or refused: say so — the page keeps working from
      // memory, but what was typed would be gone after closing the app.
      const now = Date.now()
      if (now - reportedAt > 60_000) {
        reportedAt = now
        toast(STORAGE_FULL_MESSAGE)
      }
    }
  },
  removeItem(name) {
    try {
      Taro.removeStorageSync(name)
    } catch {
      // ignore
    }
  }
}

/**
 * The same storage, but a failed write throws (WeChat: 1 MB per key, 10 MB in all, or a full phone): for data
 * that must not be lost silently — the staff sign-up queue says so and keeps the form instead.
 */
export const strictStorage: KeyValueStorage = {
  getItem: storage.getItem,
  setItem(name, value) {
    Taro.setStorageSync(name, value)
  },
  removeItem: storage.removeItem
}
