export default definePageConfig({ navigationBarTitleText: '技能等级认定' })
