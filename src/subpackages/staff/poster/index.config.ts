export default definePageConfig({ navigationBarTitleText: '服务站二维码' })
