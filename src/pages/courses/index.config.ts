export default definePageConfig({
  navigationBarTitleText: '找课程',
  enablePullDownRefresh: true,
  onReachBottomDistance: 200
})
