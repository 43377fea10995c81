// The API test files share one PostgreSQL database (TEST_DATABASE_URL) and each starts its own servers. The server
// refuses data sealed with another DATA_KEY, so every test server uses this one fixed key unless a test sets its own
// (tests that need a key of their own pass `crypto` or DATA_KEY explicitly).
process.env.DATA_KEY ??= Buffer.alloc(32, 'zsb-api-tests').toString('base64')
