// globalSetup of the `api` project: when TEST_DATABASE_URL is set, one database per jest worker on that server
// (`<name>_w1` … `<name>_wN`, dropped and created empty), so test files running side by side never share rows,
// migrations or rate-limit counters; test/support/data-key.ts points each worker at its own.
const { Client } = require('pg')

module.exports = async function createWorkerDatabases(globalConfig) {
  const url = process.env.TEST_DATABASE_URL
  if (!url) return
  const base = new URL(url)
  const name = base.pathname.slice(1)
  const workers = Math.max(1, globalConfig.maxWorkers || 1)
  const admin = new Client({ connectionString: url })
  await admin.connect()
  try {
    for (let w = 1; w <= workers; w++) {
      await admin.query(`DROP DATABASE IF EXISTS ${name}_w${w} WITH (FORCE)`)
      await admin.query(`CREATE DATABASE ${name}_w${w}`)
    }
  } finally {
    await admin.end()
  }
}
