export default definePageConfig({ navigationBarTitleText: '培训机构备案查询' })
