/**
 * Page lifecycle hooks and page parameters, wrapped so page hooks never import Taro directly
 * (and tests can replace this one module).
 */
import Taro, { useDidHide, useDidShow, useLaunch, usePageScroll, usePullDownRefresh, useReachBottom } from '@tarojs/taro'

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

/** Runs once when the app starts (the app component only). */
export function useOnLaunch(handler: () => void): void {
  useLaunch(handler)
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

/** Page scroll position in px (both platforms scroll the page itself, not an inner view). */
export function useOnPageScroll(handler: (scrollTop: number) => void): void {
  usePageScroll((e) => handler(e.scrollTop))
}

/** Height of the visible area in px. */
export function viewportHeight(): number {
  try {
    const info = (Taro.getWindowInfo?.() ?? Taro.getSystemInfoSync()) as { windowHeight?: number }
    return info.windowHeight && info.windowHeight > 0 ? info.windowHeight : 667
  } catch {
    return 667
  }
}

/**
 * Heights in px of the rendered elements matching `selector`, keyed by element id. Empty when the
 * platform cannot measure (callers fall back to an estimate).
 */
export function measureHeights(selector: string): Promise<Map<string, number>> {
  return new Promise((resolve) => {
    try {
      Taro.createSelectorQuery()
        .selectAll(selector)
        .boundingClientRect()
        .exec((res: unknown[]) => {
          const out = new Map<string, number>()
          const rects = Array.isArray(res?.[0]) ? (res[0] as { id?: string; height?: number }[]) : []
          for (const r of rects) if (r?.id && typeof r.height === 'number' && r.height > 0) out.set(r.id, r.height)
          resolve(out)
        })
    } catch {
      resolve(new Map())
    }
  })
}

/** To the top of the page at once (a result that replaced a long form: its heading must be what shows). */
export function scrollToTop(): void {
  void Taro.pageScrollTo({ scrollTop: 0, duration: 0 }).catch(() => undefined)
}

/** Pull-down refresh on a list page (its config sets enablePullDownRefresh): reload, then close the spinner. */
export function usePullToRefresh(reload: () => unknown): void {
  usePullDownRefresh(() => {
    void Promise.resolve()
      .then(reload)
      .catch(() => undefined)
      .finally(stopPullDownRefresh)
  })
}
