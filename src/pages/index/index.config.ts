export default definePageConfig({ navigationBarTitleText: '技能培训掌上办', enableShareAppMessage: true })
