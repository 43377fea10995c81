/**
 * Verifies the audit trail's hash chain (migration 011, server/accounts/audit.ts): walks every row in id
 * order, recomputes each hash in Node from the row's canonical text, and checks each row links to the one
 * before it and the chain head names the last row. The first break is named: a row whose content changed
 * (UPDATE made outside the app), or a row whose predecessor is gone (DELETE), or a head past the last row.
 */
import { createHash } from 'node:crypto'
import { AUDIT_CANONICAL_SQL } from '../accounts/audit'
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

export async function verifyAuditChain(db: Queryable, batch = 5000): Promise<ChainReport> {
  let prev = ''
  let lastId: string | null = null
  let after = '0'
  let rows = 0
  for (;;) {
    const page = await db.query<{ id: string; prev_hash: string | null; hash: string | null; canon: string }>(
      `SELECT id::text AS id, prev_hash, hash, ${AUDIT_CANONICAL_SQL} AS canon FROM audit_log WHERE audit_log.id > $1::bigint ORDER BY audit_log.id LIMIT $2`,
      [after, batch]
    )
    for (const r of page) {
      rows++
      if (r.prev_hash !== prev) {
        return { ok: false, rows, lastId, firstBreak: { kind: 'unlinked', id: r.id, message: `第 ${r.id} 行与上一行${lastId ? `（第 ${lastId} 行）` : ''}接不上：前面的记录被删除或改动过` } }
      }
      const expected = sha256(`${prev}\n${r.canon}`)
      if (r.hash !== expected) return { ok: false, rows, lastId, firstBreak: { kind: 'changed', id: r.id, message: `第 ${r.id} 行的内容与它的哈希不符：这一行被改动过` } }
      prev = expected
      lastId = r.id
    }
    if (page.length < batch) break
    after = page[page.length - 1].id
  }
  const [head] = await db.query<{ last_id: string | null; last_hash: string }>('SELECT last_id::text AS last_id, last_hash FROM audit_chain_head WHERE id = 1')
  if (!head || head.last_hash !== prev || (head.last_id ?? null) !== lastId) {
    return { ok: false, rows, lastId, firstBreak: { kind: 'head', id: head?.last_id ?? null, message: `链头记录的最后一行${head?.last_id ? `（第 ${head.last_id} 行）` : ''}与表中最后一行${lastId ? `（第 ${lastId} 行）` : ''}不符：末尾的记录被删除过` } }
  }
  return { ok: true, rows, lastId, firstBreak: null }
}
