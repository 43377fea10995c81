export default definePageConfig({ enablePullDownRefresh: true, navigationBarTitleText: '我能领的补贴' })
