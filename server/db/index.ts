/**
 * The database seam: one small interface, two implementations.
 * - PGlite (embedded PostgreSQL in WASM): data in a folder, or in memory when no folder is given (tests).
 * - node-postgres Pool: selected when a DATABASE_URL is given.
 * The same SQL (standard PostgreSQL + the contrib extensions cube, earthdistance, pg_trgm) runs on both.
 */
import { PGlite } from '@electric-sql/pglite'
import { cube } from '@electric-sql/pglite/contrib/cube'
import { earthdistance } from '@electric-sql/pglite/contrib/earthdistance'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { Pool, type PoolClient } from 'pg'
import { mkdirSync } from 'node:fs'

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>
  /** Runs one or more statements without parameters (migrations). */
  exec(sql: string): Promise<void>
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres'
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>
  close(): Promise<void>
}

export async function openPglite(dataDir?: string): Promise<Db> {
  if (dataDir) mkdirSync(dataDir, { recursive: true })
  const pg = await PGlite.create({ dataDir, extensions: { cube, earthdistance, pg_trgm } })
  return {
    kind: 'pglite',
    async query<T>(sql: string, params: unknown[] = []) {
      const res = await pg.query<T>(sql, params)
      return res.rows
    },
    async exec(sql: string) {
      await pg.exec(sql)
    },
    async transaction<T>(fn: (tx: Queryable) => Promise<T>) {
      return pg.transaction(async (tx) =>
        fn({
          async query<R>(sql: string, params: unknown[] = []) {
            const res = await tx.query<R>(sql, params)
            return res.rows
          },
          async exec(sql: string) {
            await tx.exec(sql)
          }
        })
      )
    },
    async close() {
      await pg.close()
    }
  }
}

export function openPostgres(databaseUrl: string): Db {
  const pool = new Pool({ connectionString: databaseUrl, max: Number(process.env.PG_POOL_SIZE ?? 10) })
  const wrap = (client: Pool | PoolClient): Queryable => ({
    async query<T>(sql: string, params: unknown[] = []) {
      const res = await client.query(sql, params as unknown[])
      return res.rows as T[]
    },
    async exec(sql: string) {
      await client.query(sql)
    }
  })
  const base = wrap(pool)
  return {
    kind: 'postgres',
    query: base.query,
    exec: base.exec,
    async transaction<T>(fn: (tx: Queryable) => Promise<T>) {
      const client = await pool.connect()
      try {
        await client.query('BEGIN')
        const result = await fn(wrap(client))
        await client.query('COMMIT')
        return result
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined)
        throw err
      } finally {
        client.release()
      }
    },
    async close() {
      await pool.end()
    }
  }
}

export interface OpenDbOptions {
  /** PGlite data folder; undefined = in memory */
  dataDir?: string
  /** When set, use a PostgreSQL server instead of PGlite */
  databaseUrl?: string
}

export async function connect(opts: OpenDbOptions): Promise<Db> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl)
  return openPglite(opts.dataDir)
}
