/** 亲情代办 on PGlite (the same suite runs on PostgreSQL in proxies-postgres.test.ts). */
import { proxiesSuite } from './proxies-support'

describe('proxies (PGlite)', () => proxiesSuite())
