/**
 * Page lifecycle hooks and page parameters, wrapped so page hooks never import Taro directly
 * (and tests can replace this one module).
 */
import Taro, { useDidHide, useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro'

/** Query parameters of the current page, URL-decoded. */
export function getPageParams(): Record<string, string> {
  const raw = Taro.getCurrentInstance()?.router?.params ?? {}
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value !== 'string') continue
    try {
      out[key] = decodeURIComponent(value)
    } catch {
      out[key] = value
    }
  }
  return out
}

/** Runs every time the page becomes the visible one: on open and on coming back to it. */
export function useOnShow(handler: () => void): void {
  useDidShow(handler)
}

/** Runs when the page stops being the visible one (another page opened on top, app sent to background). */
export function useOnHide(handler: () => void): void {
  useDidHide(handler)
}

export function useOnReachBottom(handler: () => void): void {
  useReachBottom(handler)
}

export function useOnPullDownRefresh(handler: () => void): void {
  usePullDownRefresh(handler)
}

export function stopPullDownRefresh(): void {
  void Promise.resolve()
    .then(() => Taro.stopPullDownRefresh())
    .catch(() => undefined)
}

export function setPageTitle(title: string): void {
  void Promise.resolve()
    .then(() => Taro.setNavigationBarTitle({ title }))
    .catch(() => undefined)
}
