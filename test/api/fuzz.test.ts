/** Fuzz over the whole API, first half of the requests (the test: fuzz-suite.ts). */
import { fuzzSuite } from './fuzz-suite'

fuzzSuite(1, 2)
