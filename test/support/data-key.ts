// The API test files of one jest worker share one PostgreSQL database and each starts its own servers. The server
// refuses data sealed with another DATA_KEY, so every test server uses this one fixed key unless a test sets its own
// (tests that need a key of their own pass `crypto` or DATA_KEY explicitly).
process.env.DATA_KEY ??= Buffer.alloc(32, 'zsb-api-tests').toString('base64')

// Each jest worker has a database of its own on the TEST_DATABASE_URL server (made by worker-databases.js), so
// files in different workers never meet; `TEST_DATABASE_URL` below is that database for every file of this worker.
if (process.env.TEST_DATABASE_URL && process.env.JEST_WORKER_ID && !process.env.ZSB_WORKER_DATABASE) {
  const url = new URL(process.env.TEST_DATABASE_URL)
  url.pathname = `${url.pathname}_w${process.env.JEST_WORKER_ID}`
  process.env.TEST_DATABASE_URL = url.toString()
  process.env.ZSB_WORKER_DATABASE = '1'
}
