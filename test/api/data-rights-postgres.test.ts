/** 我的资料 / 隐私设置 server side on a real PostgreSQL server. Opt-in: TEST_DATABASE_URL=postgres://… (npm test sets it). */
import { dataRightsSuite } from './data-rights-support'

const url = process.env.TEST_DATABASE_URL
const maybe = url ? describe : describe.skip
if (!url) console.log('data-rights-postgres: skipped (TEST_DATABASE_URL not set)')

maybe('data rights (PostgreSQL)', () => dataRightsSuite(url))
