/**
 * The real ContentSafety adapter against a fake WeChat server on a real PostgreSQL server: the concurrent
 * repeats of one push race on real row locks. Opt-in: TEST_DATABASE_URL=postgres://… (npm test sets it).
 * A database of its own: the demo reviewers' SMS limits are counted in the database, and the other test files
 * on the shared one log in as them too.
 */
import { wechatSafetySuite } from './content-safety-wechat-suite'
import { freshDatabase } from '../support/postgres'

const url = process.env.TEST_DATABASE_URL
const maybe = url ? describe : describe.skip
if (!url) console.log('content-safety-wechat-postgres: skipped (TEST_DATABASE_URL not set)')

maybe('内容安全 through WeChat (fake WeChat server, PostgreSQL)', () => {
  let fresh: Awaited<ReturnType<typeof freshDatabase>> | undefined
  const database = { url: '' }
  beforeAll(async () => {
    fresh = await freshDatabase('zsb_safety_wechat')
    database.url = fresh.url
  })
  wechatSafetySuite('postgres', () => database.url, async () => {
    await fresh?.drop()
  })
})
