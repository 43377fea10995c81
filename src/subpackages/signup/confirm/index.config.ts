export default definePageConfig({ navigationBarTitleText: '确认报名', enableShareAppMessage: true })
