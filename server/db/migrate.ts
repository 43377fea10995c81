/** Versioned migrations: server/db/migrations/NNN_name.sql, applied in order, recorded in schema_migrations. */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Db } from './index'

export const MIGRATIONS_DIR = join(__dirname, 'migrations')
/** Arbitrary constant so concurrent starts against one PostgreSQL server migrate one at a time. */
const LOCK_KEY = 7_261_015

export interface Migration {
  version: string
  name: string
  sql: string
}

export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: f.slice(0, 3), name: f.replace(/\.sql$/, ''), sql: readFileSync(join(dir, f), 'utf8') }))
}

/** Applies pending migrations; returns the versions applied now. */
export async function migrate(db: Db, migrations = loadMigrations()): Promise<string[]> {
  // under the lock too: two instances starting on a fresh database would both create it (IF NOT EXISTS is
  // not safe against a concurrent CREATE; one fails on a duplicate catalogue row)
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY])
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version text PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`)
  })
  const applied: string[] = []
  for (const m of migrations) {
    const done = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY])
      const rows = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [m.version])
      if (rows.length > 0) return false
      await tx.exec(m.sql)
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name])
      return true
    })
    if (done) applied.push(m.version)
  }
  return applied
}
