/** Integrity of the money path on the embedded database (PGlite); the same suite runs on PostgreSQL in integrity-postgres.test.ts. */
import { startTestServer } from './helpers'
import { integritySuite } from './integrity-suite'

describe('integrity (PGlite)', () => {
  integritySuite('pglite', () => startTestServer())
})

describe('audit chain migration', () => {
  test('rows written before migration 011 are chained by it, and appends continue the chain', async () => {
    const { connect } = await import('../../server/db')
    const { migrate, loadMigrations } = await import('../../server/db/migrate')
    const { verifyAuditChain } = await import('../../server/integrity/audit-chain')
    const { audit } = await import('../../server/platform/audit')
    const db = await connect({})
    try {
      await migrate(
        db,
        loadMigrations().filter((m) => m.version < '011')
      )
      for (let i = 0; i < 5; i++) {
        await db.query(`INSERT INTO audit_log (actor, action, object_type, object_id, reason, at) VALUES ('old', 'dev.clock', 'clock', 'before', $1, now() - interval '1 day')`, [
          i % 2 ? null : `old ${i}`
        ])
      }
      expect(await migrate(db)).toEqual(['011'])
      await audit(db, { actor: 'new', action: 'dev.clock', objectType: 'clock', objectId: 'after' })
      const report = await verifyAuditChain(db)
      expect(report).toMatchObject({ ok: true, rows: 6, lastId: '6' })
      const rows = await db.query<{ prev_hash: string; hash: string; chain: number }>('SELECT prev_hash, hash, chain FROM audit_log WHERE chain = 0 ORDER BY id')
      expect(rows.length).toBeGreaterThanOrEqual(5)
      expect(rows[0].prev_hash).toBe('')
      for (let i = 1; i < rows.length; i++) expect(rows[i].prev_hash).toBe(rows[i - 1].hash)
    } finally {
      await db.close()
    }
  })
})
