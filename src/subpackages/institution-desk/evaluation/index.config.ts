export default definePageConfig({ navigationBarTitleText: '录入认定成绩' })
