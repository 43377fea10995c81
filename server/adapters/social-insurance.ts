/**
 * SocialInsuranceRegistry: is this person insured (参保), where, since when — a fact the system looks up
 * instead of asking for proof (人社厅发〔2023〕55号 第十二条).
 * - development: a seeded table (`dev_social_insurance`, keyed by the SHA-256 of the ID number) standing for the
 *   社保 system; it holds a record for the demo identity 王秀英 / 140302197803150021. Same errors as the real one.
 * - production: a configured HTTPS endpoint (`SOCIAL_INSURANCE_URL`, bearer `SOCIAL_INSURANCE_TOKEN`):
 *   `POST {url}` `{ idNumber, name }` → `{ found, insured, regionCode, since }`.
 */
import { createHash } from 'node:crypto'
import { prepared, type Queryable } from '../db'

export interface InsuranceRecord {
  insured: boolean
  /** 6-digit region code of the insuring place */
  regionCode: string
  /** YYYY-MM-DD */
  since: string | null
}

export class SocialInsuranceUnavailable extends Error {}

export interface SocialInsuranceRegistry {
  readonly kind: 'dev' | 'https'
  /** null = no record for this person */
  lookup(person: { idNumber: string; name: string }): Promise<InsuranceRecord | null>
}

const idKey = (idNumber: string) => createHash('sha256').update(idNumber.toUpperCase()).digest('hex')

export const DEMO_INSURANCE = [
  { idNumber: '140302197803150021', insured: true, regionCode: '140302', since: '2019-03-01', employer: '阳泉市城区某家政服务有限公司' }
]

export async function seedDevSocialInsurance(db: Queryable): Promise<void> {
  for (const r of DEMO_INSURANCE) {
    await db.query(
      'INSERT INTO dev_social_insurance (id_sha256, insured, region_code, since, employer) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id_sha256) DO NOTHING',
      [idKey(r.idNumber), r.insured, r.regionCode, r.since, r.employer]
    )
  }
}

export function devSocialInsuranceRegistry(db: Queryable): SocialInsuranceRegistry {
  return {
    kind: 'dev',
    async lookup(person) {
      if (!/^[0-9]{17}[0-9X]$/i.test(person.idNumber)) throw new Error('invalid ID number')
      const rows = await db.query<{ insured: boolean; region_code: string; since: string | Date | null }>(
        prepared('SELECT insured, region_code, since FROM dev_social_insurance WHERE id_sha256 = $1'),
        [idKey(person.idNumber)]
      )
      const r = rows[0]
      if (!r) return null
      const since = r.since instanceof Date ? r.since.toISOString().slice(0, 10) : r.since
      return { insured: r.insured, regionCode: r.region_code, since }
    }
  }
}

export function httpsSocialInsuranceRegistry(opts: { url: string; token: string; timeoutMs?: number; fetchImpl?: typeof fetch }): SocialInsuranceRegistry {
  const f = opts.fetchImpl ?? fetch
  return {
    kind: 'https',
    async lookup(person) {
      let res: Response
      try {
        res = await f(opts.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${opts.token}` },
          body: JSON.stringify({ idNumber: person.idNumber, name: person.name }),
          signal: AbortSignal.timeout(opts.timeoutMs ?? 5000)
        })
      } catch {
        throw new SocialInsuranceUnavailable('social insurance registry unreachable')
      }
      if (!res.ok) throw new SocialInsuranceUnavailable(`social insurance registry answered ${res.status}`)
      const body = (await res.json()) as { found?: boolean; insured?: boolean; regionCode?: string; since?: string | null }
      if (!body.found) return null
      return { insured: !!body.insured, regionCode: String(body.regionCode ?? ''), since: body.since ?? null }
    }
  }
}

export function socialInsuranceFromEnv(db: Queryable, env: Record<string, string | undefined> = process.env): SocialInsuranceRegistry {
  const kind = env.SOCIAL_INSURANCE_ADAPTER ?? (env.NODE_ENV === 'production' ? 'real' : 'dev')
  if (kind !== 'real') return devSocialInsuranceRegistry(db)
  if (!env.SOCIAL_INSURANCE_URL || !env.SOCIAL_INSURANCE_TOKEN) throw new Error('SOCIAL_INSURANCE_ADAPTER=real needs SOCIAL_INSURANCE_URL and SOCIAL_INSURANCE_TOKEN')
  return httpsSocialInsuranceRegistry({ url: env.SOCIAL_INSURANCE_URL, token: env.SOCIAL_INSURANCE_TOKEN })
}
