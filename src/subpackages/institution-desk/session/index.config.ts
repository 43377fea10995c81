export default definePageConfig({ navigationBarTitleText: '课次签到码' })
