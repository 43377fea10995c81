export default definePageConfig({ navigationBarTitleText: '培训机构', onReachBottomDistance: 200 })
