export default definePageConfig({ navigationBarTitleText: '补贴审核工作台' })
