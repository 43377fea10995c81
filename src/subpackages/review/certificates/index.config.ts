export default definePageConfig({ navigationBarTitleText: '证书人工核验' })
