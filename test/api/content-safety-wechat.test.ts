/**
 * The real ContentSafety adapter against a fake WeChat server, on the embedded database (PGlite).
 * The same suite runs on PostgreSQL in content-safety-wechat-postgres.test.ts.
 */
import { wechatSafetySuite } from './content-safety-wechat-suite'

describe('内容安全 through WeChat (fake WeChat server, PGlite)', () => {
  wechatSafetySuite('pglite')
})
