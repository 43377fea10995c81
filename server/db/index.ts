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
  const { PGlite, protocol, parse } = nativeRequire('@electric-sql/pglite') as {
    PGlite: typeof PGliteClass
    protocol: typeof import('@electric-sql/pglite').protocol
    parse: typeof import('@electric-sql/pglite').parse
  }
  const { cube } = nativeRequire('@electric-sql/pglite/contrib/cube')
  const { earthdistance } = nativeRequire('@electric-sql/pglite/contrib/earthdistance')
  const { pg_trgm } = nativeRequire('@electric-sql/pglite/contrib/pg_trgm')
  return { PGlite, protocol, parse, extensions: { cube, earthdistance, pg_trgm } }
}

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>
  /** Runs one or more statements without parameters (migrations). */
  exec(sql: string): Promise<void>
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres'
  /**
   * Runs a hot read through a named prepared statement: parsed once, then executed with a generic plan, so it
   * is not planned again per request. `name` identifies `sql` for the process lifetime (one text per name).
   * Outside transactions only. The statement must be written so that one plan suits every parameter set.
   */
  queryPrepared<T = Record<string, unknown>>(name: string, sql: string, params: unknown[]): Promise<T[]>
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>
  close(): Promise<void>
}

export async function openPglite(dataDir?: string): Promise<Db> {
  if (dataDir) mkdirSync(dataDir, { recursive: true })
  const { PGlite, protocol, parse, extensions } = loadPglite()
  const pg = await PGlite.create({ dataDir, extensions })
  const { serialize } = protocol
  // name -> parameter type oids of the statement prepared in the (single) PGlite session
  const prepared = new Map<string, Promise<number[]>>()
  // PGlite serves one query at a time: a statement runs under the same two locks pg.query takes,
  // so it never lands inside another caller's open transaction
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> =>
    (pg as unknown as { _runExclusiveTransaction<R>(f: () => Promise<R>): Promise<R> })._runExclusiveTransaction(() => pg.runExclusive(fn))
  const concat = (parts: Uint8Array[]) => {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
    let at = 0
    for (const p of parts) {
      out.set(p, at)
      at += p.length
    }
    return out
  }
  // only the prepared statements are told to use the generic plan; every other query keeps the default
  const forceGeneric = serialize.query('SET plan_cache_mode = force_generic_plan')
  const resetPlanMode = serialize.query('RESET plan_cache_mode')
  function prepare(name: string, sql: string): Promise<number[]> {
    let types = prepared.get(name)
    if (!types) {
      types = exclusive(async () => {
        const res = await pg.execProtocol(concat([serialize.parse({ name, text: sql }), serialize.describe({ type: 'S', name }), serialize.sync()]), {
          syncToFs: false
        })
        return parse.parseDescribeStatementResults(res.messages)
      })
      prepared.set(name, types)
      types.catch(() => prepared.delete(name))
    }
    return types
  }
  return {
    kind: 'pglite',
    async queryPrepared<T>(name: string, sql: string, params: unknown[]) {
      const types = await prepare(name, sql)
      const values = params.map((v, i) => {
        if (v === null || v === undefined) return null
        const ser = pg.serializers[types[i]]
        return ser ? ser(v) : String(v)
      })
      const msg = concat([forceGeneric, serialize.bind({ statement: name, values }), serialize.describe({ type: 'P' }), serialize.execute({}), serialize.sync(), resetPlanMode])
      const res = await exclusive(() => pg.execProtocol(msg, { syncToFs: false }))
      const results = parse.parseResults(res.messages, pg.parsers)
      const rows = results.find((r) => r.fields.length > 0)?.rows ?? []
      return rows as T[]
    },
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
    // node-postgres prepares a named statement once per pooled connection; the server's plan cache
    // (plan_cache_mode = auto) switches to the generic plan after a few executions
    async queryPrepared<T>(name: string, sql: string, params: unknown[]) {
      const res = await pool.query({ name, text: sql, values: params as unknown[] })
      return res.rows as T[]
    },
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
