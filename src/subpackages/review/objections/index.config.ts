export default definePageConfig({ navigationBarTitleText: '异议核查' })
