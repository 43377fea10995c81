/**
 * What the review desk's gate (useGate) loads for a reviewer: their grants, shown as the regions' names
 * (a grant holds a code prefix, 1403 = 阳泉市; the code is never shown). No reviewer grant → 403 → forbidden.
 */
import { getMe } from '../../services/api/me'
import { getRegions } from '../../services/api/meta'
import { ApiError } from '../../services/http/errors'

/** e.g. 审核员 138****0001 · 负责地区 阳泉市 */
export async function enterReviewer(): Promise<string> {
  const me = await getMe()
  const grants = me.roles.filter((r) => r.role === 'reviewer')
  if (grants.length === 0) throw new ApiError(403, 'FORBIDDEN', '这个账号不是审核员')
  const regions = await getRegions().then((r) => r.items, () => [])
  const nameOf = (prefix: string | null | undefined) =>
    !prefix ? '全省' : (regions.find((r) => r.code === prefix.padEnd(6, '0'))?.name ?? regions.find((r) => r.code.startsWith(prefix))?.fullName ?? '指定地区')
  return `审核员 ${me.phoneMasked ?? ''} · 负责地区 ${grants.map((g) => nameOf(g.regionPrefix)).join('、')}`
}
