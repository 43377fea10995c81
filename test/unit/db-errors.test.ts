/** Which database errors mean "not reachable" (→ 503 DB_UNAVAILABLE) rather than a bug in a statement (→ 500). */
import { DbUnavailableError, isConnectionError } from '../../server/db'

test('connection failures, server shutdown and an ended pool are "unavailable"', () => {
  for (const err of [
    Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
    Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
    Object.assign(new Error('the database system is starting up'), { code: '57P03' }),
    new Error('Connection terminated unexpectedly'),
    // a request that reaches the pool while the process shuts down
    new Error('Cannot use a pool after calling end on the pool'),
    new DbUnavailableError()
  ]) {
    expect(isConnectionError(err)).toBe(true)
  }
})

test('statement errors are not', () => {
  for (const err of [
    Object.assign(new Error('syntax error at or near "SELEC"'), { code: '42601' }),
    Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' }),
    new Error('something else'),
    null
  ]) {
    expect(isConnectionError(err)).toBe(false)
  }
})
