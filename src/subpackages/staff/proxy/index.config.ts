export default definePageConfig({ navigationBarTitleText: '亲属代办登记' })
