/** Fuzz over the whole API, second half of the requests (the test: fuzz-suite.ts). */
import { fuzzSuite } from './fuzz-suite'

fuzzSuite(2, 2)
