export default definePageConfig({ enablePullDownRefresh: true, navigationBarTitleText: '政策通知', enableShareAppMessage: true })
