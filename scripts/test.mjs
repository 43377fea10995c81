#!/usr/bin/env node
// `npm test`: the whole suite, the same on a laptop and in CI (.ci/run).
//   1. browser prerequisites (Debian chromium + CJK font)   4. every jest project (unit, component, api, weapp, e2e)
//   2. typecheck (tsc strict)                                  5. size budgets (weapp packages, H5 initial JS)
//   3. build weapp and H5 — the tests run the real bundles     6. API latency bench, both engines (nearby p95 ≤ 20 ms)
// Beside the embedded database, a throwaway PostgreSQL server (scripts/ensure-postgres.sh) runs the tests
// that check the same schema and SQL on a real server (TEST_DATABASE_URL).
// SKIP_BENCH=1 skips step 6 for a quicker local loop; CI always runs it.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const steps = []
const run = (name, cmd, args, env = {}, { quiet = false } = {}) => {
  const started = Date.now()
  console.log(`\n▶ ${name}: ${cmd} ${args.join(' ')}`)
  // quiet: keep the output (webpack progress bars) unless the step fails
  const r = spawnSync(cmd, args, { stdio: quiet ? 'pipe' : 'inherit', env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 })
  if (quiet && r.status !== 0) process.stdout.write(`${r.stdout ?? ''}${r.stderr ?? ''}`.slice(-20000))
  const seconds = ((Date.now() - started) / 1000).toFixed(1)
  steps.push({ name, ok: r.status === 0, seconds })
  return r.status === 0
}

fs.mkdirSync('test-output', { recursive: true })
const ok =
  run('chromium', 'bash', ['scripts/ensure-chromium.sh'], {}, { quiet: true }) &&
  run('espeak-ng', 'bash', ['scripts/ensure-espeak.sh'], {}, { quiet: true }) &&
  run('typecheck', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']) &&
  run('build weapp', 'npx', ['taro', 'build', '--type', 'weapp'], { NODE_ENV: 'production', TARO_APP_API_BASE: 'https://api.zsb.test' }, { quiet: true }) &&
  run('build h5', 'npx', ['taro', 'build', '--type', 'h5'], { NODE_ENV: 'production' }, { quiet: true })

let jestCounts = { passed: 0, failed: 0, skipped: 0 }
if (ok) {
  const pgDir = path.join(os.tmpdir(), `zsb-pg-${process.pid}`)
  console.log('\n▶ postgres: scripts/ensure-postgres.sh start')
  const pg = spawnSync('bash', ['scripts/ensure-postgres.sh', 'start', pgDir], { encoding: 'utf8' })
  const databaseUrl = pg.status === 0 ? pg.stdout.trim().split('\n').pop() : undefined
  steps.push({ name: 'postgres', ok: pg.status === 0, seconds: '-' })
  if (pg.status !== 0) process.stdout.write(`${pg.stdout}${pg.stderr}`)
  try {
    run('jest', 'npx', ['jest', '--ci', '--json', '--outputFile=test-output/jest.json'], {
      NODE_ENV: 'test',
      ...(databaseUrl ? { TEST_DATABASE_URL: databaseUrl } : {})
    })
  } finally {
    spawnSync('bash', ['scripts/ensure-postgres.sh', 'stop', pgDir])
  }
  try {
    const report = JSON.parse(fs.readFileSync('test-output/jest.json', 'utf8'))
    jestCounts = { passed: report.numPassedTests, failed: report.numFailedTests, skipped: report.numPendingTests }
    if (report.numFailedTestSuites > 0 && report.numFailedTests === 0) jestCounts.failed = report.numFailedTestSuites
  } catch {
    jestCounts.failed += 1
  }
  run('size budgets', 'npx', ['tsx', 'test/bench/size-report.ts'])
  // A short bench: 100 000 courses on both engines, 10 connections, 5 s phases (the full matrix is
  // `npm run bench`). Latency bars are reported, not enforced, on shared CI machines; errors always fail.
  if (process.env.SKIP_BENCH !== '1')
    run('bench', 'node', ['scripts/bench.mjs'], { BENCH_ENFORCE: '0', BENCH_SIZES: '100000', BENCH_CONNECTIONS: '10', BENCH_SECONDS: '5' })
}

console.log('\nsteps:')
for (const s of steps) console.log(`  ${s.ok ? '✔' : '✘'} ${s.name} (${s.seconds} s)`)
const stepFailures = steps.filter((s) => !s.ok && s.name !== 'jest').length
const failed = jestCounts.failed + stepFailures
console.log(`\nresult: ${jestCounts.passed} passed, ${failed} failed${jestCounts.skipped ? `, ${jestCounts.skipped} skipped` : ''}`)
process.exit(failed === 0 && steps.every((s) => s.ok) ? 0 : 1)
