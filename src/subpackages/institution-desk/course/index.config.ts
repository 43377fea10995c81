export default definePageConfig({ navigationBarTitleText: '花名册与课次' })
