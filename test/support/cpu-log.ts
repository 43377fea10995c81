// TEST_CPU_LOG=<file>: appends one line per test file — CPU ms of this jest process (user+system) and wall ms —
// to find what dominates a group's time on a busy machine, where wall time says little. Child processes
// (servers started with startServer, Chromium) are not counted; `/usr/bin/time` around jest counts everything.
import fs from 'node:fs'
import path from 'node:path'

const log = process.env.TEST_CPU_LOG
if (log) {
  // from here: the test file's own imports, its tests and its afterAll hooks
  const c0 = process.cpuUsage()
  const cpu0 = c0.user + c0.system
  const wall0 = Date.now()
  afterAll(() => {
    const c = process.cpuUsage()
    const file = path.relative(process.cwd(), expect.getState().testPath ?? '?')
    fs.appendFileSync(log, `${Math.round((c.user + c.system - cpu0) / 1000)}\t${Date.now() - wall0}\t${file}\n`)
  })
}
