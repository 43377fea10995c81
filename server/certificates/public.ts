/**
 * Public checks, no login: 证书真伪查询 and 机构备案查询. Rate-limited per client in the database (every
 * instance counts together) so the certificate check cannot be used to enumerate people.
 */
import { createHash } from 'node:crypto'
import type { CertificateVerify, InstitutionFiling, InstitutionVerify } from '../../src/contract'
import { maskHolderName } from '../../src/domain/certificate'
import type { Queryable } from '../db'
import { ApiError } from '../errors'
import type { CertificatesContext } from './index'

export const RATE_LIMITS = {
  certificateVerify: { limit: 10, windowSeconds: 600 },
  institutionVerify: { limit: 30, windowSeconds: 600 }
} as const

export const PUBLIC_MESSAGES = {
  rateLimited: '查询太频繁了，请过10分钟再试',
  certNotFound: '没有查到这本证书。请核对证书编号和姓名；刚发的证书可能还没录入，可稍后再查或拨打 12333 咨询',
  certFound: '查到了这本证书，信息如下',
  insNone: '没有查到这家机构的备案信息：它没有在人社部门备案，参加它的培训不能申请补贴',
  scam: '凡是说“交钱包过”“不用考试直接拿证”“内部渠道办证”的都是骗局：正规证书都要经过考核，能在全国联网查询里查到。遇到这类情况请拨打 12333 举报。'
}

/** Fixed-window counter; true when the client may go on. The row upsert is atomic on PostgreSQL and PGlite alike. */
export async function takeRateLimit(db: Queryable, bucket: keyof typeof RATE_LIMITS, client: string, now: Date): Promise<boolean> {
  const { limit, windowSeconds } = RATE_LIMITS[bucket]
  const windowStart = new Date(Math.floor(now.getTime() / (windowSeconds * 1000)) * windowSeconds * 1000).toISOString()
  // the client address is kept only as a hash
  const key = createHash('sha256').update(`rl:${client}`).digest('base64url').slice(0, 22)
  const [row] = await db.query<{ hits: number }>(
    `INSERT INTO rate_limit_hits (bucket, client_key, window_start, hits) VALUES ($1, $2, $3, 1)
     ON CONFLICT (bucket, client_key, window_start) DO UPDATE SET hits = rate_limit_hits.hits + 1 RETURNING hits`,
    [bucket, key, windowStart]
  )
  // old windows are useless; drop them now and then
  if (Math.random() < 0.02) await db.query(`DELETE FROM rate_limit_hits WHERE window_start < $1::timestamptz - interval '1 day'`, [windowStart])
  return row.hits <= limit
}

async function limitOrThrow(ctx: CertificatesContext, bucket: keyof typeof RATE_LIMITS, client: string): Promise<void> {
  const now = ctx.now()
  if (!(await takeRateLimit(ctx.db, bucket, client, now))) {
    // fixed window: the next one starts at the next multiple of the window
    const windowMs = RATE_LIMITS[bucket].windowSeconds * 1000
    const retry = Math.ceil((windowMs - (now.getTime() % windowMs)) / 1000)
    throw new ApiError(429, 'RATE_LIMITED', PUBLIC_MESSAGES.rateLimited, undefined, retry)
  }
}

export async function verifyCertificatePublic(ctx: CertificatesContext, client: string, number: string, name: string): Promise<CertificateVerify> {
  await limitOrThrow(ctx, 'certificateVerify', client)
  const normalized = number.replace(/[\s-]/g, '').toUpperCase()
  const holder = name.trim()
  const record = /^[0-9A-Z]{6,30}$/.test(normalized) ? await ctx.registry.findByNumber(normalized).catch(() => null) : null
  // the name must match too: a number alone reveals nothing
  if (!record || record.holderName !== holder) return { found: false, message: PUBLIC_MESSAGES.certNotFound }
  return {
    found: true,
    message: PUBLIC_MESSAGES.certFound,
    certificate: {
      holderMasked: maskHolderName(record.holderName),
      kind: record.kind,
      number: record.number,
      occupationName: record.occupationName,
      level: record.level,
      issuer: record.issuer,
      issuedOn: record.issuedOn
    }
  }
}

export async function verifyInstitutionPublic(ctx: CertificatesContext, client: string, q: string): Promise<InstitutionVerify> {
  await limitOrThrow(ctx, 'institutionVerify', client)
  const query = q.trim().toUpperCase()
  const byCode = /^[0-9A-Z]{18}$/.test(query)
  const rows = await ctx.db.query<{ name: string; credit_code: string; status: 'filed' | 'cancelled'; filing_no: string | null; full_name: string | null; region_code: string; filed_on: string; cancelled_on: string | null }>(
    `SELECT f.name, f.credit_code, f.status, f.filing_no, r.full_name, f.region_code, f.filed_on::text AS filed_on, f.cancelled_on::text AS cancelled_on
     FROM institution_filings f LEFT JOIN regions r ON r.code = f.region_code
     WHERE ${byCode ? 'f.credit_code = $1' : "f.name LIKE '%' || $1 || '%'"}
     ORDER BY (f.name = $1) DESC, f.status, f.name LIMIT 10`,
    [byCode ? query : q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)]
  )
  const items: InstitutionFiling[] = rows.map((r) => ({
    name: r.name,
    creditCode: r.credit_code,
    status: r.status,
    statusLabel: r.status === 'filed' ? '已备案' : '已注销',
    filingNo: r.filing_no,
    regionName: r.full_name ?? r.region_code,
    filedOn: r.filed_on,
    cancelledOn: r.cancelled_on
  }))
  const filed = items.filter((i) => i.status === 'filed').length
  const message =
    items.length === 0
      ? PUBLIC_MESSAGES.insNone
      : filed === items.length
        ? `查到${items.length}家机构，都已备案`
        : filed === 0
          ? `查到${items.length}家机构，备案都已注销：现在参加它的培训不能申请补贴`
          : `查到${items.length}家机构，其中${items.length - filed}家备案已注销，请看清名称`
  return { items, message, scamWarning: PUBLIC_MESSAGES.scam }
}
