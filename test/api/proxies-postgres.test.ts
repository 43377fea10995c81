/** 亲情代办 on a real PostgreSQL server. Opt-in: TEST_DATABASE_URL=postgres://… (npm test sets it). */
import { proxiesSuite } from './proxies-support'

const url = process.env.TEST_DATABASE_URL
const maybe = url ? describe : describe.skip
if (!url) console.log('proxies-postgres: skipped (TEST_DATABASE_URL not set)')

maybe('proxies (PostgreSQL)', () => proxiesSuite(url))
