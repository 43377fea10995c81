/**
 * The real ContentSafety adapter against a fake WeChat server on a real PostgreSQL server: the concurrent
 * repeats of one push race on real row locks. Opt-in: TEST_DATABASE_URL=postgres://… (npm test sets it).
 */
import { wechatSafetySuite } from './content-safety-wechat-suite'

const url = process.env.TEST_DATABASE_URL
const maybe = url ? describe : describe.skip
if (!url) console.log('content-safety-wechat-postgres: skipped (TEST_DATABASE_URL not set)')

maybe('内容安全 through WeChat (fake WeChat server, PostgreSQL)', () => {
  wechatSafetySuite('postgres', url)
})
