/**
 * Data key safety.
 * - `checkDataKey`: at start the server opens a value sealed with the data key at first start
 *   (`data_key_check`); with another DATA_KEY it refuses to start, naming DATA_KEY, instead of answering 500 later
 *   on every encrypted field.
 * - Rotation: start every instance with DATA_KEY=<new> DATA_KEY_PREVIOUS=<old> (reads fall back to the old key,
 *   writes use the new one, lookups match either hash), then `npm run admin -- rekey` rewrites every encrypted
 *   column and lookup hash under the new key and reseals the check value; then DATA_KEY alone.
 * The rewrite walks every `*_enc` column of every table, whichever capability owns it (like housekeeping, one
 * deliberate crossing): a capability that adds an encrypted column gets it rotated by naming it `<x>_enc`.
 */
import type { Db, Queryable } from '../db'
import type { FieldCrypto } from '../crypto'

const CHECK_PLAIN = 'zsb-data-key-check-v1'

export class DataKeyError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'DataKeyError'
  }
}

const opens = (fn: () => string) => {
  try {
    return fn() === CHECK_PLAIN
  } catch {
    return false
  }
}

export type DataKeyState = 'first-start' | 'current' | 'rotating'

/** Throws DataKeyError when the loaded key(s) cannot read this database's data. */
export async function checkDataKey(db: Db, crypto: FieldCrypto): Promise<DataKeyState> {
  return db.transaction(async (tx) => {
    const inserted = await tx.query(
      'INSERT INTO data_key_check (id, sealed) VALUES (1, $1) ON CONFLICT (id) DO NOTHING RETURNING id',
      [crypto.encrypt(CHECK_PLAIN)]
    )
    if (inserted.length > 0) return 'first-start'
    const [row] = await tx.query<{ sealed: string; next_sealed: string | null }>('SELECT sealed, next_sealed FROM data_key_check WHERE id = 1 FOR UPDATE')
    const underCurrent = opens(() => crypto.decryptCurrent(row.sealed))
    const nextIsCurrent = row.next_sealed !== null && opens(() => crypto.decryptCurrent(row.next_sealed!))
    if (underCurrent) {
      if (row.next_sealed !== null && !nextIsCurrent) {
        throw new DataKeyError(
          'DATA_KEY is the old data key, but the data is being moved to a new one: start with DATA_KEY=<new key> and DATA_KEY_PREVIOUS=<this key>, ' +
            'or after `npm run admin -- rekey` with the new DATA_KEY alone.'
        )
      }
      return 'current'
    }
    if (crypto.rotating && opens(() => crypto.decrypt(row.sealed))) {
      if (row.next_sealed === null) {
        await tx.query('UPDATE data_key_check SET next_sealed = $1, updated_at = now() WHERE id = 1', [crypto.encrypt(CHECK_PLAIN)])
      } else if (!nextIsCurrent) {
        throw new DataKeyError('DATA_KEY is not the key the data is being moved to (another new key was started with DATA_KEY_PREVIOUS earlier); the server did not start.')
      }
      return 'rotating'
    }
    if (nextIsCurrent) {
      throw new DataKeyError(
        'DATA_KEY is the new data key but the data is still partly under the old one: set DATA_KEY_PREVIOUS to the old key until `npm run admin -- rekey` has finished; the server did not start.'
      )
    }
    throw new DataKeyError(
      'DATA_KEY does not match the data in this database (it cannot open the check value written with the key used at first start); ' +
        'the server did not start. Set DATA_KEY to the key this database was created with' +
        (crypto.rotating ? ' (DATA_KEY_PREVIOUS does not match either).' : ', or to a new key with DATA_KEY_PREVIOUS set to that key.')
    )
  })
}

/** Lookup hashes computed from an encrypted column (same row); rewritten by `rekey` under the new key. */
const HASHED: { table: string; key: string; hash: string; source: string; purpose: string }[] = [
  { table: 'users', key: 'id', hash: 'phone_hash', source: 'phone_enc', purpose: 'phone' },
  { table: 'profiles', key: 'user_id', hash: 'id_hash', source: 'id_number_enc', purpose: 'id' }
]

export interface RekeyResult {
  /** `table.column` → values rewritten */
  rewritten: Record<string, number>
  hashes: Record<string, number>
}

const BATCH = 500
const ident = (name: string) => `"${name.replace(/"/g, '""')}"`

async function primaryKey(db: Queryable, table: string): Promise<{ name: string; type: string } | null> {
  const cols = await db.query<{ name: string; type: string }>(
    `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type
     FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
     WHERE i.indrelid = $1::regclass AND i.indisprimary`,
    [ident(table)]
  )
  return cols.length === 1 ? cols[0] : null
}

/** Walks `table` in primary-key order, `fix` returns the new values for the row (or null to leave it). */
async function walk(
  db: Db,
  table: string,
  columns: string[],
  fix: (row: Record<string, string | null>) => Record<string, string> | null
): Promise<number> {
  const pk = await primaryKey(db, table)
  if (!pk) throw new Error(`rekey: ${table} has no single-column primary key`)
  let after: string | null = null
  let changed = 0
  for (;;) {
    const rows: Record<string, string | null>[] = await db.query(
      `SELECT ${ident(pk.name)}::text AS __k, ${columns.map(ident).join(', ')} FROM ${ident(table)}
       WHERE ($1::text IS NULL OR ${ident(pk.name)} > $1::${pk.type}) ORDER BY ${ident(pk.name)} LIMIT ${BATCH}`,
      [after]
    )
    if (rows.length === 0) return changed
    const updates = rows.map((r) => ({ row: r, set: fix(r) })).filter((u): u is { row: Record<string, string | null>; set: Record<string, string> } => u.set !== null)
    if (updates.length > 0) {
      await db.transaction(async (tx) => {
        for (const { row, set } of updates) {
          const names = Object.keys(set)
          // only when the row still holds what was read: a concurrent write (already under the new key) wins
          const done = await tx.query(
            `UPDATE ${ident(table)} SET ${names.map((n, i) => `${ident(n)} = $${i + 2}`).join(', ')}
             WHERE ${ident(pk.name)} = $1::${pk.type} AND ${names.map((n, i) => `${ident(n)} IS NOT DISTINCT FROM $${i + 2 + names.length}`).join(' AND ')}
             RETURNING 1`,
            [row.__k, ...names.map((n) => set[n]), ...names.map((n) => row[n])]
          )
          changed += done.length
        }
      })
    }
    after = rows[rows.length - 1].__k
  }
}

/**
 * Rewrites every `*_enc` value and lookup hash under the current key, then seals the check value with it.
 * Run it after every instance was restarted with DATA_KEY=<new> DATA_KEY_PREVIOUS=<old>; safe to run again.
 */
export async function rekey(db: Db, crypto: FieldCrypto, log: (line: string) => void = () => undefined): Promise<RekeyResult> {
  await checkDataKey(db, crypto)
  const encColumns = await db.query<{ table_name: string; column_name: string }>(
    `SELECT c.table_name, c.column_name FROM information_schema.columns c
     JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
     WHERE c.table_schema = current_schema() AND c.column_name LIKE '%\\_enc' AND c.data_type = 'text'
     ORDER BY c.table_name, c.column_name`
  )
  const byTable = new Map<string, string[]>()
  for (const c of encColumns) byTable.set(c.table_name, [...(byTable.get(c.table_name) ?? []), c.column_name])
  const result: RekeyResult = { rewritten: {}, hashes: {} }
  const underCurrent = (v: string) => {
    try {
      crypto.decryptCurrent(v)
      return true
    } catch {
      return false
    }
  }
  for (const [table, columns] of byTable) {
    for (const c of columns) result.rewritten[`${table}.${c}`] = 0
    const n = await walk(db, table, columns, (row) => {
      const set: Record<string, string> = {}
      for (const c of columns) {
        const v = row[c]
        if (v && !underCurrent(v)) {
          set[c] = crypto.encrypt(crypto.decrypt(v))
          result.rewritten[`${table}.${c}`]++
        }
      }
      return Object.keys(set).length > 0 ? set : null
    })
    log(`${table}: ${n} rows rewritten (${columns.join(', ')})`)
  }
  for (const h of HASHED) {
    const n = await walk(db, h.table, [h.hash, h.source], (row) => {
      const source = row[h.source]
      if (!row[h.hash] || !source) return null
      const fresh = crypto.hmac(h.purpose, crypto.decrypt(source))
      return fresh === row[h.hash] ? null : { [h.hash]: fresh }
    })
    result.hashes[`${h.table}.${h.hash}`] = n
    log(`${h.table}.${h.hash}: ${n} hashes rewritten`)
  }
  // nothing left under the old key → the check value moves to the new key; the old key no longer opens anything
  for (const [table, columns] of byTable) {
    let stale = 0
    await walk(db, table, columns, (row) => {
      if (columns.some((c) => row[c] && !underCurrent(row[c]!))) stale++
      return null
    })
    if (stale > 0) throw new Error(`rekey: ${stale} rows of ${table} still under the old key (written by an instance without the new DATA_KEY?); run rekey again`)
  }
  await db.query('UPDATE data_key_check SET sealed = $1, next_sealed = NULL, updated_at = now() WHERE id = 1', [crypto.encrypt(CHECK_PLAIN)])
  log('check value sealed with DATA_KEY: DATA_KEY_PREVIOUS can now be removed')
  return result
}
