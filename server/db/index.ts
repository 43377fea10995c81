/**
 * The database seam: one small interface, two implementations.
 * - PGlite (embedded PostgreSQL in WASM): data in a folder, or in memory when no folder is given (tests).
 * - node-postgres Pool: selected when a DATABASE_URL is given.
 * The same SQL (standard PostgreSQL + the contrib extensions cube, earthdistance, pg_trgm) runs on both.
 */
import type { PGlite as PGliteClass } from '@electric-sql/pglite'
import { Pool, type PoolClient } from 'pg'
import { mkdirSync } from 'node:fs'
import NodeModule from 'node:module'

/**
 * PGlite's CommonJS build loads Node built-ins with dynamic import(), which jest's VM sandbox refuses
 * without --experimental-vm-modules. Loading it with Node's own module loader keeps it outside the
 * sandbox; under tsx / plain Node this is exactly what require() does.
 */
const RealModule = ((NodeModule as unknown as { Module?: unknown }).Module ?? NodeModule) as unknown as {
  _load(request: string, parent: unknown, isMain: boolean): any
}
const nativeRequire = (id: string) => RealModule._load(require.resolve(id), null, false)
function loadPglite() {
  const { PGlite } = nativeRequire('@electric-sql/pglite') as { PGlite: typeof PGliteClass }
  const { cube } = nativeRequire('@electric-sql/pglite/contrib/cube')
  const { earthdistance } = nativeRequire('@electric-sql/pglite/contrib/earthdistance')
  const { pg_trgm } = nativeRequire('@electric-sql/pglite/contrib/pg_trgm')
  return { PGlite, extensions: { cube, earthdistance, pg_trgm } }
}

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
  const { PGlite, extensions } = loadPglite()
  const pg = await PGlite.create({ dataDir, extensions })
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
