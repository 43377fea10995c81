/**
 * The database seam: one small interface, two implementations.
 * - PGlite (embedded PostgreSQL in WASM): data in a folder, or in memory when no folder is given (tests).
 * - node-postgres Pool: selected when a DATABASE_URL is given.
 * The same SQL (standard PostgreSQL + the contrib extensions cube, earthdistance, pg_trgm, btree_gist) runs on both.
 */
import type { PGlite as PGliteClass } from '@electric-sql/pglite'
import { Pool, type PoolClient } from 'pg'
import { mkdirSync } from 'node:fs'
import { createHash } from 'node:crypto'
import NodeModule from 'node:module'

/**
 * PGlite's CommonJS build loads Node built-ins with dynamic import(), which jest's VM sandbox refuses
 * without --experimental-vm-modules. Loading it with Node's own module loader keeps it outside the
 * sandbox; under tsx / plain Node this is exactly what require() does.
 */
const RealModule = ((NodeModule as unknown as { Module?: unknown }).Module ?? NodeModule) as unknown as {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Module._load is untyped; each call site below narrows it
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
  const { btree_gist } = nativeRequire('@electric-sql/pglite/contrib/btree_gist')
  return { PGlite, protocol, parse, extensions: { cube, earthdistance, pg_trgm, btree_gist } }
}

/**
 * A statement text that starts with this mark runs, on PostgreSQL, as a named prepared statement of its
 * connection (parsed once per connection; planned per call until PostgreSQL settles on a generic plan): for the
 * small statements of hot write paths, where planning costs several times the execution. Use `prepared(sql)`
 * for fixed texts only (each distinct text stays prepared on every connection). PGlite runs it as any statement.
 */
export { SqlParams, withParts, type StatementPart } from './compose'

export const PREPARED_MARK = '/* prepared */ '
export const prepared = (sql: string) => PREPARED_MARK + sql
const preparedNames = new Map<string, string>()
const preparedNameOf = (sql: string) => {
  let name = preparedNames.get(sql)
  if (!name) {
    name = `p_${createHash('sha1').update(sql).digest('hex').slice(0, 24)}`
    preparedNames.set(sql, name)
  }
  return name
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
  /** Whether the database answered lately (PGlite: always). While down, calls fail fast with DbUnavailableError. */
  health(): { up: boolean; downForMs: number }
  /**
   * Bumped after every committed write to the catalogue tables (courses — seats included —, course_details,
   * institutions): read caches keep an entry only while this is unchanged (server/catalog/cache.ts).
   */
  catalogVersion(): number
  /** Marks the catalogue changed by means the SQL check below cannot see. */
  touchCatalog(): void
  /**
   * Seat counts changed by the seat statements (server/catalog/seats.ts), after they commit. Those statements
   * do not move catalogVersion: a sign-up changes one course's seats, so a cache drops only the answers that
   * hold that course instead of everything. Returns the unsubscribe function.
   */
  onSeatsChanged(listener: (changes: SeatChange[]) => void): () => void
  /** Connection pool sizes for /metrics (empty for PGlite) */
  poolStats(): { pool: string; total: number; idle: number; waiting: number }[]
  /**
   * PGlite only: the whole data folder as one image (an uncompressed tar), which `OpenDbOptions.image` opens again.
   * Tests seed one database and start each server from its image instead of running initdb, migrations and the seed again.
   */
  image?(): Promise<Blob>
  close(): Promise<void>
}

export async function openPglite(dataDir?: string, image?: Blob): Promise<BaseDb> {
  if (dataDir) mkdirSync(dataDir, { recursive: true })
  const { PGlite, protocol, parse, extensions } = loadPglite()
  const pg = await PGlite.create({ dataDir, extensions, loadDataDir: image })
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
    health() {
      return { up: true, downForMs: 0 }
    },
    poolStats() {
      return []
    },
    image: () => pg.dumpDataDir('none'),
    async close() {
      await pg.close()
    }
  }
}

/** The database cannot be reached (down, restarting, network): the API answers 503 and retries later. */
export class DbUnavailableError extends Error {
  readonly code = 'DB_UNAVAILABLE'
  constructor(cause?: unknown) {
    super(`database unavailable${cause instanceof Error ? `: ${cause.message}` : ''}`)
  }
}

// SQLSTATE classes 08 (connection exception), 57P01–57P03 (shutdown, crash recovery, not yet accepting)
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[123]|53300)$/
const UNAVAILABLE_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', 'EAI_AGAIN'])
/** True for errors that mean "the server is not there" rather than "this statement is wrong" (a pool ended at shutdown included: 503, not 500). */
export function isConnectionError(err: unknown): boolean {
  if (err instanceof DbUnavailableError) return true
  const e = err as { code?: unknown; message?: unknown } | null
  if (!e) return false
  if (typeof e.code === 'string' && (UNAVAILABLE_SQLSTATE.test(e.code) || UNAVAILABLE_ERRNO.has(e.code))) return true
  const msg = typeof e.message === 'string' ? e.message : ''
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended unexpectedly|server closed the connection|Cannot use a pool after calling end/i.test(msg)
}

export interface PostgresOptions {
  /** Connections for writes and ordinary reads (PG_POOL_SIZE, default 10) */
  poolSize?: number
  /** A separate read-only URL (replica) for the hot catalogue reads; default the primary */
  readUrl?: string
  /** How often to probe a database that went away, ms */
  probeMs?: number
}

/**
 * node-postgres pools with outage handling. While the server is unreachable every call fails at once with
 * DbUnavailableError (→ 503) instead of waiting for a connection; a probe reconnects in the background and
 * the pools serve again without a restart. Idle and checked-out connections that die emit 'error' events,
 * which are handled here (an unhandled one used to kill the process).
 */
export function openPostgres(databaseUrl: string, opts: PostgresOptions = {}): BaseDb {
  const poolSize = opts.poolSize ?? Number(process.env.PG_POOL_SIZE ?? 10)
  // waiting this long for a pooled connection is queueing under load, not an outage (a stopped server refuses at once)
  const common = { connectionTimeoutMillis: Number(process.env.PG_CONNECT_TIMEOUT_MS ?? 10_000), idleTimeoutMillis: 30_000, keepAlive: true }
  const pool = new Pool({ connectionString: databaseUrl, max: poolSize, ...common })
  // The hot reads (queryPrepared) run on their own connections whose plan cache always uses the generic plan:
  // with per-request (custom) plans PostgreSQL may trade the KNN index walk for a bitmap scan + sort when a
  // filter looks selective. Other queries keep the default planning.
  const readPool = new Pool({
    connectionString: opts.readUrl ?? process.env.DATABASE_READ_URL ?? databaseUrl,
    max: poolSize,
    ...common,
    options: '-c plan_cache_mode=force_generic_plan'
  })
  const state = { up: true, downSince: 0, lastError: '' }
  let probing: NodeJS.Timeout | undefined
  const probeMs = opts.probeMs ?? 500
  const markDown = (err: unknown) => {
    if (!state.up) return
    state.up = false
    state.downSince = Date.now()
    state.lastError = err instanceof Error ? err.message : String(err)
    const probe = async () => {
      try {
        await pool.query('SELECT 1')
        await readPool.query('SELECT 1')
        state.up = true
        probing = undefined
      } catch {
        probing = setTimeout(() => void probe(), probeMs)
        probing.unref()
      }
    }
    probing = setTimeout(() => void probe(), probeMs)
    probing.unref()
  }
  const onPoolError = (err: Error) => {
    if (isConnectionError(err)) markDown(err)
  }
  pool.on('error', onPoolError)
  readPool.on('error', onPoolError)

  async function guarded<T>(fn: () => Promise<T>): Promise<T> {
    if (!state.up) throw new DbUnavailableError()
    try {
      return await fn()
    } catch (err) {
      if (isConnectionError(err)) {
        // a full pool (all connections busy) answers 503 too, but the database is not marked down for it
        if (!/timeout exceeded when trying to connect/i.test(String((err as Error)?.message))) markDown(err)
        throw new DbUnavailableError(err)
      }
      throw err
    }
  }
  const wrap = (client: Pool | PoolClient): Queryable => ({
    async query<T>(sql: string, params: unknown[] = []) {
      const res = sql.startsWith(PREPARED_MARK)
        ? await client.query({ name: preparedNameOf(sql), text: sql, values: params as unknown[] })
        : await client.query(sql, params as unknown[])
      return res.rows as T[]
    },
    async exec(sql: string) {
      await client.query(sql)
    }
  })
  const base = wrap(pool)
  return {
    kind: 'postgres',
    // node-postgres prepares a named statement once per pooled connection (again after a reconnect)
    async queryPrepared<T>(name: string, sql: string, params: unknown[]) {
      return guarded(async () => (await readPool.query({ name, text: sql, values: params as unknown[] })).rows as T[])
    },
    query: (sql, params) => guarded(() => base.query(sql, params)),
    exec: (sql) => guarded(() => base.exec(sql)),
    async transaction<T>(fn: (tx: Queryable) => Promise<T>) {
      return guarded(async () => {
        const client = await pool.connect()
        // a connection that dies while checked out emits 'error' on the client itself
        const onError = (err: Error) => onPoolError(err)
        client.on('error', onError)
        let broken = false
        try {
          await client.query('BEGIN')
          const result = await fn(wrap(client))
          await client.query('COMMIT')
          return result
        } catch (err) {
          if (isConnectionError(err)) broken = true
          else await client.query('ROLLBACK').catch(() => (broken = true))
          throw err
        } finally {
          client.removeListener('error', onError)
          // a broken connection is destroyed, not returned to the pool
          client.release(broken ? true : undefined)
        }
      })
    },
    health() {
      return { up: state.up, downForMs: state.up ? 0 : Date.now() - state.downSince }
    },
    poolStats() {
      return [
        { pool: 'primary', total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount },
        { pool: 'read', total: readPool.totalCount, idle: readPool.idleCount, waiting: readPool.waitingCount }
      ]
    },
    async close() {
      if (probing) clearTimeout(probing)
      await Promise.all([pool.end(), readPool.end()])
    }
  }
}

export interface OpenDbOptions {
  /** PGlite data folder; undefined = in memory */
  dataDir?: string
  /** When set, use a PostgreSQL server instead of PGlite */
  databaseUrl?: string
  /** PGlite: start from this image of a data folder (`Db.image()`) instead of an empty database */
  image?: Blob
}

type BaseDb = Omit<Db, 'catalogVersion' | 'touchCatalog' | 'onSeatsChanged'>

/** One course's seats after a committed seat statement. */
export interface SeatChange {
  courseId: string
  seatsLeft: number
  /** -1 a seat taken, +1 a seat given back */
  delta: number
}

/**
 * The mark that opens every seat statement (server/catalog/seats.ts); such a statement changes only
 * `seats_left` and returns `id, seats_left, delta` of the rows it changed.
 */
export const SEATS_WRITE_MARK = '/* seats */'
const isSeatsWrite = (sql: string) => sql.startsWith(SEATS_WRITE_MARK)
const seatChangesOf = (rows: unknown[]): SeatChange[] =>
  (rows as { id: string; seats_left: number; delta: number }[]).map((r) => ({ courseId: r.id, seatsLeft: Number(r.seats_left), delta: Number(r.delta) }))

/** A statement that writes one of the catalogue tables. */
export const CATALOG_WRITE = /\b(?:update|insert\s+into|delete\s+from|truncate(?:\s+table)?)\s+(?:only\s+)?(?:public\.)?(?:courses|course_details|institutions)\b/i

/**
 * Adds catalogVersion/touchCatalog to a Db: every statement is checked (a regex over its text) for writes to
 * the catalogue; inside a transaction the version moves when the transaction ends, i.e. after the commit, so
 * a reader that started before the commit never stores what it read under the new version.
 */
function trackCatalogWrites(db: BaseDb): Db {
  let version = 0
  const bump = () => {
    version++
  }
  const seatListeners = new Set<(changes: SeatChange[]) => void>()
  const seatsChanged = (changes: SeatChange[]) => {
    if (changes.length > 0) for (const l of seatListeners) l(changes)
  }
  return {
    ...db,
    kind: db.kind,
    catalogVersion: () => version,
    touchCatalog: bump,
    onSeatsChanged(listener) {
      seatListeners.add(listener)
      return () => seatListeners.delete(listener)
    },
    async query<T>(sql: string, params?: unknown[]) {
      if (isSeatsWrite(sql)) {
        const rows = await db.query<T>(sql, params)
        seatsChanged(seatChangesOf(rows))
        return rows
      }
      try {
        return await db.query<T>(sql, params)
      } finally {
        if (CATALOG_WRITE.test(sql)) bump()
      }
    },
    async exec(sql: string) {
      try {
        await db.exec(sql)
      } finally {
        if (CATALOG_WRITE.test(sql)) bump()
      }
    },
    async transaction<T>(fn: (tx: Queryable) => Promise<T>) {
      let wrote = false
      const seats: SeatChange[] = []
      let committed = false
      try {
        const result = await db.transaction((tx) =>
          fn({
            async query<R>(sql: string, params?: unknown[]) {
              if (isSeatsWrite(sql)) {
                const rows = await tx.query<R>(sql, params)
                seats.push(...seatChangesOf(rows))
                return rows
              }
              if (CATALOG_WRITE.test(sql)) wrote = true
              return tx.query<R>(sql, params)
            },
            exec(sql: string) {
              if (CATALOG_WRITE.test(sql)) wrote = true
              return tx.exec(sql)
            }
          })
        )
        committed = true
        return result
      } finally {
        if (wrote) bump()
        // a rolled-back transaction changed no seats
        if (committed) seatsChanged(seats)
      }
    }
  }
}

export async function connect(opts: OpenDbOptions): Promise<Db> {
  if (opts.databaseUrl) return trackCatalogWrites(openPostgres(opts.databaseUrl))
  return trackCatalogWrites(await openPglite(opts.dataDir, opts.image))
}
