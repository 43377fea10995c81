export default definePageConfig({ navigationBarTitleText: '补贴进度' })
