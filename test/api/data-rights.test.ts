/** 我的资料 / 隐私设置 server side on the embedded database (PGlite). The same suite runs on PostgreSQL in data-rights-postgres.test.ts. */
import { dataRightsSuite } from './data-rights-support'

describe('data rights (PGlite)', () => dataRightsSuite())
