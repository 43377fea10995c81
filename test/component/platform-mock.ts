/**
 * Replacement for src/services/platform in component tests: navigation, toasts and page hooks are
 * recorded instead of touching Taro. Use inside a jest.mock factory:
 *   jest.mock('../../src/services/platform', () => require('./platform-mock').platformMock())
 */
export interface PlatformMock {
  params: Record<string, string>
  reachBottom: (() => void) | null
  pullDownRefresh: (() => void) | null
}

export const platformState: PlatformMock = { params: {}, reachBottom: null, pullDownRefresh: null }

export function platformMock() {
  const pagePath = (page: string, params?: Record<string, unknown>) =>
    `/${page}` + (params ? '?' + Object.entries(params).map(([k, v]) => `${k}=${String(v)}`).join('&') : '')
  return {
    __esModule: true,
    SHARE_WITH_BUTTON: false,
    getPageParams: () => platformState.params,
    // a page is shown once when it mounts
    useOnShow: (fn: () => void) => require('react').useEffect(() => fn(), []),
    // …and hidden when it unmounts (the page is left)
    useOnHide: (fn: () => void) => require('react').useEffect(() => () => fn(), []),
    useOnReachBottom: (fn: () => void) => {
      platformState.reachBottom = fn
    },
    useOnPullDownRefresh: (fn: () => void) => {
      platformState.pullDownRefresh = fn
    },
    useOnPageScroll: jest.fn(),
    viewportHeight: () => 667,
    measureHeights: async () => new Map(),
    stopPullDownRefresh: jest.fn(),
    setPageTitle: jest.fn(),
    scrollToTop: jest.fn(),
    usePullToRefresh: jest.fn(),
    useSharePage: jest.fn(),
    shareByLink: jest.fn(),
    shareWithFamily: jest.fn(),
    addToCalendar: jest.fn(async () => undefined),
    focusFirstError: jest.fn(),
    go: jest.fn(),
    goBack: jest.fn(),
    pagePath,
    openMap: jest.fn(),
    callPhone: jest.fn(),
    toast: jest.fn(),
    confirm: jest.fn(async () => true)
  }
}

export function resetPlatform(params: Record<string, string> = {}): void {
  platformState.params = params
  platformState.reachBottom = null
  platformState.pullDownRefresh = null
}
