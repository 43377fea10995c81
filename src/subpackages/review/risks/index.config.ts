export default definePageConfig({ navigationBarTitleText: '风险隐患清单' })
