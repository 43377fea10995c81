/** How the worker's pages name a relative who acted for them: 「由 女儿 138****2002 代办」. */
import type { ActedBy } from '../../src/contract'
import { actedByText, relationLabel, type ProxyRelation } from '../../src/domain/proxy'
import { maskPhone } from '../../src/domain/masking'
import type { Queryable } from '../db'
import type { AccountsContext } from '../accounts'
import type { AuthUser } from '../accounts'
import { getProfileRow } from '../accounts'

/** The relation in words, 女儿 rather than 子女 when the relative's ID number tells their gender. */
export async function relationLabelOf(ctx: AccountsContext, db: Queryable, relation: ProxyRelation, relativeId: string | null): Promise<string> {
  const gender = relativeId ? ((await getProfileRow(ctx, db, { id: relativeId } as AuthUser))?.gender ?? null) : null
  return relationLabel(relation, gender as 'male' | 'female' | null)
}

/**
 * Labels for the relatives (by account id) who acted for this worker. Ended relationships still name the
 * person: the history says who did what even after the worker removed them.
 */
export async function actedByLabels(ctx: AccountsContext, db: Queryable, principalId: string, actorIds: string[]): Promise<Map<string, ActedBy>> {
  const ids = [...new Set(actorIds)]
  const out = new Map<string, ActedBy>()
  if (ids.length === 0) return out
  const rows = await db.query<{ proxy_user_id: string; relation: ProxyRelation; phone_enc: string }>(
    `SELECT DISTINCT ON (proxy_user_id) proxy_user_id, relation, phone_enc FROM proxies
     WHERE principal_id = $1 AND proxy_user_id = ANY($2::text[]) ORDER BY proxy_user_id, created_at DESC`,
    [principalId, ids]
  )
  for (const r of rows) {
    const label = await relationLabelOf(ctx, db, r.relation, r.proxy_user_id)
    const phoneMasked = maskPhone(ctx.crypto.decrypt(r.phone_enc))
    out.set(r.proxy_user_id, { relationLabel: label, phoneMasked, text: actedByText(label, phoneMasked) })
  }
  return out
}
