/**
 * Bulk subscribers for the fan-out checks (test/api/notices-fanout.test.ts) and the benchmark
 * (scripts/bench-fanout.mjs via scripts/seed-subscribers.ts): set-based SQL, never the HTTP route.
 * Ten region/tag patterns, some reached by FANOUT_NOTICE and some not; every seventh reader has a second,
 * also matching subscription (they must still get one entry). The expected count comes from the pure
 * domain rule (noticeReaches + tag overlap) applied to the same patterns — not from the fan-out's SQL.
 */
import { noticeReaches, regionPrefix, targetsReaching } from '../../src/domain/notice'
import type { Queryable } from '../../server/db'

/** The notice the checks publish: 阳泉市-wide, about training subsidies for 农村转移劳动力. */
export const FANOUT_NOTICE = {
  summary: '阳泉市职业培训补贴申领时间调整，农村转移劳动力培训后 12 个月内都能申请。',
  body: '一、申领时间：取证后 12 个月内。\n二、办理方式：手机上提交，不用跑腿。',
  issuer: '阳泉市人力资源和社会保障局',
  docNumber: '',
  regions: ['1403'],
  tags: ['subsidy:training', 'group:rural_migrant']
}

/** pattern i: readers with (n % 10 === i) subscribe to this region and these tags */
const PATTERNS: { region: string; tags: string[] }[] = [
  { region: '140322', tags: [] }, // 盂县, every tag → reached
  { region: '140302', tags: ['subsidy:training'] }, // 城区, training → reached
  { region: '140322', tags: ['subsidy:living'] }, // right place, other tag → not
  { region: '31', tags: [] }, // 上海 → not
  { region: '1403', tags: [] }, // 阳泉市 → reached
  { region: '14', tags: [] }, // 山西省 level: a city notice does not reach it → not
  { region: '310115', tags: ['subsidy:training'] }, // 浦东 → not
  { region: '140321', tags: ['group:rural_migrant', 'subsidy:living'] }, // 平定县, one tag overlaps → reached
  { region: '1403', tags: ['trade:electrician'] }, // tag does not overlap → not
  { region: '2101', tags: [] } // 沈阳 → not
]
/** the second subscription of every seventh reader (reached) */
const SECOND = { region: '140311', tags: ['subsidy:training'] }

const reached = (p: { region: string; tags: string[] }, notice = FANOUT_NOTICE) =>
  noticeReaches(notice.regions, p.region) && (p.tags.length === 0 || p.tags.some((t) => notice.tags.includes(t)))

/** Whether the notice reaches reader i (one of their subscriptions does). */
export const readerReached = (i: number, notice = FANOUT_NOTICE) => reached(PATTERNS[i % 10], notice) || (i % 7 === 0 && reached(SECOND, notice))

/** How many of readers 1..n the notice reaches (each counted once). */
export function expectedReached(n: number, notice = FANOUT_NOTICE): number {
  let count = 0
  for (let i = 1; i <= n; i++) if (reached(PATTERNS[i % 10], notice) || (i % 7 === 0 && reached(SECOND, notice))) count++
  return count
}

export const subscriberId = (i: number, prefix = 'b') => `usr_${prefix}${String(i).padStart(7, '0')}`

/** Inserts readers `usr_<prefix>0000001…` with their subscriptions in chunks of 20 000 (one statement each). */
export async function seedSubscribers(db: Queryable, n: number, prefix = 'b'): Promise<void> {
  const patterns = JSON.stringify(PATTERNS.map((p, i) => ({ k: i, region: regionPrefix(p.region), reach: targetsReaching(p.region), tags: [...p.tags].sort() })))
  const second = JSON.stringify({ region: regionPrefix(SECOND.region), reach: targetsReaching(SECOND.region), tags: [...SECOND.tags].sort() })
  for (let from = 1; from <= n; from += 20_000) {
    const to = Math.min(n, from + 19_999)
    await db.query(
      `INSERT INTO users (id, login_method, created_at)
       SELECT 'usr_' || $3 || lpad(g::text, 7, '0'), 'sms', now() FROM generate_series($1::int, $2::int) g`,
      [from, to, prefix]
    )
    await db.query(
      `INSERT INTO notice_subscriptions (id, user_id, region, reach, tags)
       SELECT 'sub_' || $3 || lpad(g::text, 7, '0'), 'usr_' || $3 || lpad(g::text, 7, '0'), p.region, p.reach, p.tags
       FROM generate_series($1::int, $2::int) g
       JOIN jsonb_to_recordset($4::jsonb) AS p(k int, region text, reach text[], tags text[]) ON p.k = g % 10`,
      [from, to, prefix, patterns]
    )
    await db.query(
      `INSERT INTO notice_subscriptions (id, user_id, region, reach, tags)
       SELECT 'sub_' || $3 || '2' || lpad(g::text, 7, '0'), 'usr_' || $3 || lpad(g::text, 7, '0'), s.region, s.reach, s.tags
       FROM generate_series($1::int, $2::int) g, jsonb_to_record($4::jsonb) AS s(region text, reach text[], tags text[])
       WHERE g % 7 = 0`,
      [from, to, prefix, second]
    )
  }
}
