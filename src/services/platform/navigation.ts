/** Every page-to-page move. Page paths and their query strings are built here, nowhere else. */
import Taro from '@tarojs/taro'
import { buildQuery, type QueryParams } from '../http/query'
import { canOpenPage } from './offline-pages'
import { toast } from './ui'

export const PAGES = {
  home: '/pages/index/index',
  courses: '/pages/courses/index',
  course: '/pages/course/index',
  institution: '/pages/institution/index',
  signup: '/subpackages/signup/index/index',
  mine: '/subpackages/signup/mine/index',
  signupConfirm: '/subpackages/signup/confirm/index',
  login: '/subpackages/signup/login/index',
  privacy: '/subpackages/signup/privacy/index',
  profile: '/subpackages/signup/profile/index',
  privacySettings: '/subpackages/signup/privacy-settings/index',
  checkin: '/subpackages/signup/checkin/index',
  certificates: '/subpackages/certificates/index/index',
  certAdd: '/subpackages/certificates/add/index',
  certDetail: '/subpackages/certificates/detail/index',
  certVerify: '/subpackages/certificates/verify/index',
  institutionVerify: '/subpackages/certificates/institution/index',
  subsidies: '/subpackages/subsidies/index/index',
  subsidiesAvailable: '/subpackages/subsidies/available/index',
  claimApply: '/subpackages/subsidies/apply/index',
  claimDetail: '/subpackages/subsidies/detail/index',
  inbox: '/pages/inbox/index',
  me: '/pages/me/index',
  announcements: '/subpackages/subsidies/announcements/index',
  review: '/subpackages/review/index/index',
  certReview: '/subpackages/review/certificates/index',
  reviewRisks: '/subpackages/review/risks/index',
  reviewObjections: '/subpackages/review/objections/index',
  notices: '/pages/notices/index',
  noticeDetail: '/subpackages/notices/detail/index',
  noticePoster: '/subpackages/notices/poster/index',
  noticeEditor: '/subpackages/review/notice-editor/index',
  staff: '/subpackages/staff/index/index',
  staffSignup: '/subpackages/staff/signup/index',
  staffQueue: '/subpackages/staff/queue/index',
  staffList: '/subpackages/staff/list/index',
  staffPoster: '/subpackages/staff/poster/index',
  staffProxy: '/subpackages/staff/proxy/index',
  proxies: '/subpackages/proxies/index/index',
  evaluations: '/subpackages/evaluations/index/index',
  desk: '/subpackages/institution-desk/index/index',
  deskCourse: '/subpackages/institution-desk/course/index',
  deskSession: '/subpackages/institution-desk/session/index',
  deskEvaluation: '/subpackages/institution-desk/evaluation/index'
} as const
export type PageName = keyof typeof PAGES

export function pagePath(page: PageName, params?: QueryParams): string {
  return PAGES[page] + buildQuery(params)
}

/** The tabBar's pages (app.config.ts): reached with switchTab, which carries no query string. */
export const TAB_PAGES: readonly PageName[] = ['home', 'notices', 'inbox', 'me']
const TAB_PATHS = new Set<string>(TAB_PAGES.map((p) => PAGES[p]))

/** Said when a page's code is not on the phone and there is no network (the current page stays). */
export const PAGE_NOT_OFFLINE = '没有网络，这一页还没存到手机上，联网后再打开'

export function go(page: PageName, params?: QueryParams): void {
  if (TAB_PATHS.has(PAGES[page])) {
    void Taro.switchTab({ url: PAGES[page] }).catch(() => undefined)
    return
  }
  const url = pagePath(page, params)
  void canOpenPage(PAGES[page]).then((ok) => {
    if (!ok) {
      // H5: navigating would change the address, fail to load the page's code and leave a history entry
      toast(PAGE_NOT_OFFLINE)
      return
    }
    Taro.navigateTo({ url }).catch(() => {
      // Page stack full (10 on weapp): replace the current page instead.
      void Taro.redirectTo({ url }).catch(() => undefined)
    })
  })
}

/**
 * Back to `page` when it is the page right below this one (its state kept, no second copy stacked on top),
 * else open it. Used between the staff form and its queue: each round trip used to stack another form.
 */
export function backTo(page: PageName, params?: QueryParams): void {
  const stack = Taro.getCurrentPages()
  const below = stack.length >= 2 ? stack[stack.length - 2] : null
  const route = below ? `/${String(below.route ?? '').split('?')[0].replace(/^\//, '')}` : ''
  if (below && route === PAGES[page] && !params) {
    void Taro.navigateBack().catch(() => go(page, params))
    return
  }
  go(page, params)
}

/** Replace the current page (it is not kept in the back stack). */
export function replace(page: PageName, params?: QueryParams): void {
  if (TAB_PATHS.has(PAGES[page])) {
    void Taro.switchTab({ url: PAGES[page] }).catch(() => undefined)
    return
  }
  void Taro.redirectTo({ url: pagePath(page, params) }).catch(() => undefined)
}

export function goBack(): void {
  Taro.navigateBack().catch(() => void Taro.switchTab({ url: PAGES.home }).catch(() => undefined))
}

/** Open an in-app path the server sent (an inbox message link); only our own page paths are followed. */
export function openAppPath(path: string): boolean {
  const route = path.split('?')[0]
  if (!(Object.values(PAGES) as string[]).includes(route)) return false
  if (TAB_PATHS.has(route)) {
    void Taro.switchTab({ url: route }).catch(() => undefined)
    return true
  }
  Taro.navigateTo({ url: path }).catch(() => void Taro.redirectTo({ url: path }).catch(() => undefined))
  return true
}
