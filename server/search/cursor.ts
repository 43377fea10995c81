/**
 * Opaque keyset cursors: base64url(JSON of the last sort key + id) + '.' + a short MAC.
 * The MAC covers the query the cursor belongs to, so a tampered cursor, or one replayed
 * with other filters, is rejected instead of silently skipping or repeating results.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'

export type CursorKey =
  | { mode: 'distance'; key: number; id: string }
  | { mode: 'date'; key: string; id: string }

const SECRET = process.env.CURSOR_SECRET ?? 'zhangshangban-cursor-v1'
const ID_RE = /^crs_[0-9a-z]{1,24}$/
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/

function mac(payload: string, queryFingerprint: string): string {
  return createHmac('sha256', SECRET).update(payload).update('\n').update(queryFingerprint).digest('base64url').slice(0, 16)
}

export function encodeCursor(c: CursorKey, queryFingerprint: string): string {
  const payload = Buffer.from(JSON.stringify([c.mode === 'distance' ? 'd' : 's', c.key, c.id])).toString('base64url')
  return `${payload}.${mac(payload, queryFingerprint)}`
}

/** Returns null for anything that is not a cursor this server issued for this query. */
export function decodeCursor(cursor: string, queryFingerprint: string): CursorKey | null {
  const m = /^([A-Za-z0-9_-]{1,160})\.([A-Za-z0-9_-]{16})$/.exec(cursor)
  if (!m) return null
  const expected = Buffer.from(mac(m[1], queryFingerprint))
  const given = Buffer.from(m[2])
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null
  let parsed: unknown
  try {
    parsed = JSON.parse(Buffer.from(m[1], 'base64url').toString('utf8'))
  } catch {
    return null
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) return null
  const [mode, key, id] = parsed as unknown[]
  if (typeof id !== 'string' || !ID_RE.test(id)) return null
  if (mode === 'd' && typeof key === 'number' && Number.isFinite(key) && key >= 0) return { mode: 'distance', key, id }
  if (mode === 's' && typeof key === 'string' && DATE_RE.test(key)) return { mode: 'date', key, id }
  return null
}

/** Stable description of a query's filters (everything except cursor and limit). */
export function queryFingerprint(query: Record<string, unknown>): string {
  return Object.keys(query)
    .filter((k) => k !== 'cursor' && k !== 'limit' && query[k] !== undefined)
    .sort()
    .map((k) => `${k}=${String(query[k])}`)
    .join('&')
}
