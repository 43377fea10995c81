/**
 * Verifies the audit trail's hash chains (migration 011, server/accounts/audit.ts): walks each chain in id
 * order, recomputes each hash in Node from the row's canonical text, and checks each row links to the one
 * before it in its chain and the chain's head names its last row. The first break is named: a row whose content changed
 * (UPDATE made outside the app), or a row whose predecessor is gone (DELETE), or a head past the last row.
 */
import { createHash } from 'node:crypto'
import { AUDIT_CANONICAL_SQL, AUDIT_CHAINS } from '../platform'
import type { Queryable } from '../db'

export type ChainBreak =
  | { kind: 'changed'; id: string; message: string }
  | { kind: 'unlinked'; id: string; message: string }
  | { kind: 'head'; id: string | null; message: string }

export interface ChainReport {
  ok: boolean
  rows: number
  lastId: string | null
  firstBreak: ChainBreak | null
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex')

/** Walks one chain in id order; the first break, or its last row and hash. */
async function walkChain(db: Queryable, chain: number, batch: number): Promise<{ rows: number; lastId: string | null; last: string; firstBreak: ChainBreak | null }> {
  let prev = ''
  let lastId: string | null = null
  let after = '0'
  let rows = 0
  for (;;) {
    const page = await db.query<{ id: string; prev_hash: string | null; hash: string | null; canon: string }>(
      `SELECT id::text AS id, prev_hash, hash, ${AUDIT_CANONICAL_SQL} AS canon FROM audit_log
       WHERE chain = $1 AND audit_log.id > $2::bigint ORDER BY audit_log.id LIMIT $3`,
      [chain, after, batch]
    )
    for (const r of page) {
      rows++
      if (r.prev_hash !== prev) {
        return { rows, lastId, last: prev, firstBreak: { kind: 'unlinked', id: r.id, message: `第 ${r.id} 行与它在第 ${chain} 条链上的上一行${lastId ? `（第 ${lastId} 行）` : ''}接不上：前面的记录被删除或改动过` } }
      }
      const expected = sha256(`${prev}\n${r.canon}`)
      if (r.hash !== expected) return { rows, lastId, last: prev, firstBreak: { kind: 'changed', id: r.id, message: `第 ${r.id} 行的内容与它的哈希不符：这一行被改动过` } }
      prev = expected
      lastId = r.id
    }
    if (page.length < batch) break
    after = page[page.length - 1].id
  }
  return { rows, lastId, last: prev, firstBreak: null }
}

export async function verifyAuditChain(db: Queryable, batch = 5000): Promise<ChainReport> {
  let rows = 0
  let lastId: string | null = null
  const breaks: ChainBreak[] = []
  // a row outside every chain (chain NULL after migration 011) was inserted around the app
  const [stray] = await db.query<{ id: string | null }>('SELECT min(id)::text AS id FROM audit_log WHERE chain IS NULL OR hash IS NULL')
  if (stray?.id) breaks.push({ kind: 'unlinked', id: stray.id, message: `第 ${stray.id} 行不在任何哈希链上：它是绕过应用写入的` })
  const heads = await db.query<{ id: number; last_id: string | null; last_hash: string }>('SELECT id, last_id::text AS last_id, last_hash FROM audit_chain_head ORDER BY id')
  if (heads.length !== AUDIT_CHAINS) breaks.push({ kind: 'head', id: null, message: `链头记录应有 ${AUDIT_CHAINS} 行，现在是 ${heads.length} 行` })
  for (const head of heads) {
    const w = await walkChain(db, head.id, batch)
    rows += w.rows
    if (w.lastId && (!lastId || BigInt(w.lastId) > BigInt(lastId))) lastId = w.lastId
    if (w.firstBreak) breaks.push(w.firstBreak)
    else if (head.last_hash !== w.last || (head.last_id ?? null) !== w.lastId) {
      breaks.push({ kind: 'head', id: head.last_id, message: `第 ${head.id} 条链的链头（第 ${head.last_id ?? '—'} 行）与链上最后一行${w.lastId ? `（第 ${w.lastId} 行）` : ''}不符：末尾的记录被删除过` })
    }
  }
  // the earliest break in the table names the first changed row
  breaks.sort((a, b) => (a.id === null ? 1 : b.id === null ? -1 : Number(BigInt(a.id) - BigInt(b.id))))
  return { ok: breaks.length === 0, rows, lastId, firstBreak: breaks[0] ?? null }
}
