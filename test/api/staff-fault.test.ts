/** Staff sign-ups exactly once through a lossy network, on the embedded database (the test: staff-fault-suite.ts). */
import { faultSuite } from './staff-fault-suite'

faultSuite('PGlite')
