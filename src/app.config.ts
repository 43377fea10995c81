// Route table. The main package holds the shell, home, course discovery and the tab pages (WeChat requires
// tab pages there) (DESIGN.md §3); every later flow is a subpackage so the first download stays small.
export default defineAppConfig({
  pages: ['pages/index/index', 'pages/notices/index', 'pages/inbox/index', 'pages/me/index', 'pages/courses/index', 'pages/course/index', 'pages/institution/index'],
  subPackages: [
    { root: 'subpackages/signup', pages: ['index/index', 'mine/index', 'confirm/index', 'login/index', 'privacy/index', 'profile/index', 'privacy-settings/index', 'checkin/index'] },
    { root: 'subpackages/certificates', pages: ['index/index', 'add/index', 'detail/index', 'verify/index', 'institution/index'] },
    { root: 'subpackages/subsidies', pages: ['index/index', 'available/index', 'apply/index', 'detail/index', 'announcements/index'] },
    { root: 'subpackages/notices', pages: ['detail/index', 'poster/index'] },
    { root: 'subpackages/review', pages: ['index/index', 'notice-editor/index', 'certificates/index', 'risks/index', 'objections/index'] },
    { root: 'subpackages/staff', pages: ['index/index', 'signup/index', 'queue/index', 'list/index', 'poster/index', 'proxy/index'] },
    { root: 'subpackages/proxies', pages: ['index/index'] },
    { root: 'subpackages/evaluations', pages: ['index/index'] },
    { root: 'subpackages/institution-desk', pages: ['index/index', 'course/index', 'session/index', 'evaluation/index'] }
  ],
  // Opening a course makes signing up likely: fetch the sign-up subpackage in the background then.
  // No rule for the staff pages: a preloadRule cannot ask for the account's role, so one on 我的 sent every worker
  // the staff subpackage. Staff sign in on 工作台 itself (subpackages/staff/index), which downloads the whole
  // subpackage, and WeChat keeps it: every staff page then opens without network.
  preloadRule: {
    'pages/course/index': { network: 'all', packages: ['subpackages/signup'] }
  },

  // H5: no slide between pages. Taro's router hides the page left behind on a timer that outlives the slide; going
  // back within it (a quick second tap on 返回) showed a blank page (test/e2e/staff.test.ts caught it), and a slide
  // costs cheap phones frames for nothing. The mini program keeps WeChat's own transition.
  ...(process.env.TARO_ENV === 'h5' ? { animation: false } : {}),
  // 首页 · 政策 · 消息 · 我的 on both builds; text only (no icons to download), large and high-contrast
  tabBar: {
    color: '#4e5969',
    selectedColor: '#1a6fd1',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      { pagePath: 'pages/index/index', text: '首页' },
      { pagePath: 'pages/notices/index', text: '政策' },
      { pagePath: 'pages/inbox/index', text: '消息' },
      { pagePath: 'pages/me/index', text: '我的' }
    ]
  },
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#1a6fd1',
    navigationBarTitleText: '技能培训掌上办',
    navigationBarTextStyle: 'white',
    // weapp: the native bar (its default); H5: Taro's bar with the page title and a back arrow
    navigationStyle: 'default',
    backgroundColor: '#f4f6f9'
  },
  permission: {
    'scope.userLocation': { desc: '用于查找离你近的培训课程，只在查询时使用，不会保存' }
  },
  requiredPrivateInfos: ['getLocation'],
  __usePrivacyCheck__: true,
  // weapp: which pages WeChat search may index (personal and role pages never)
  ...(process.env.TARO_ENV === 'weapp' ? { sitemapLocation: 'sitemap.json' } : {}),
  lazyCodeLoading: 'requiredComponents'
})
