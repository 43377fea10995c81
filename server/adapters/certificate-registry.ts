/**
 * CertificateRegistry (免证明, 人社厅发〔2023〕55号 第十二条): certificates the national 技能人才评价证书全国联网查询
 * knows for a person, and the record behind a certificate number.
 * - dev: a real table (`dev_certificate_registry`) of fictitious holders, seeded outside production, queried by
 *   real name + ID number exactly like the remote service; dates are "days before today" so the demo never goes stale.
 * - real: POSTs `{ name, idNumber }` to CERT_REGISTRY_URL (HTTPS) with `Authorization: Bearer CERT_REGISTRY_TOKEN`
 *   and expects `{ certificates: RegistryCertificate[] }`; `GET <url>?number=` for one number. 5 s timeout; any
 *   failure is a RegistryUnavailableError (the worker is told to photograph the certificate instead).
 * Issuing (职业技能等级认定: an evaluator's pass becomes a certificate in the registry):
 * - dev: a row in the same table, with a fixed issue date and the request id, so 一键查询 finds it at once and a
 *   retried issuance returns the first certificate.
 * - real: POSTs `{ requestId, name, idNumber, certificate }` to CERT_REGISTRY_ISSUE_URL (default
 *   `<CERT_REGISTRY_URL>/issue`) with `Idempotency-Key: <requestId>` and expects `{ certificate: RegistryCertificate }`
 *   carrying the number the registry assigned.
 */
import { createHash } from 'node:crypto'
import type { Queryable } from '../db'
import type { CertKind, CertLevel } from '../../src/domain/certificate'

export interface RegistryCertificate {
  number: string
  holderName: string
  kind: CertKind
  occupationCode: string
  occupationName: string
  level: CertLevel | null
  /** YYYY-MM-DD */
  issuedOn: string
  issuer: string
}

export class RegistryUnavailableError extends Error {
  constructor(detail: string) {
    super(`certificate registry unavailable: ${detail}`)
  }
}

/** A pass to be recorded as a 职业技能等级证书; `requestId` makes a retry return the first certificate. */
export interface IssueRequest {
  requestId: string
  holderName: string
  idNumber: string
  occupationCode: string
  occupationName: string
  level: Exclude<CertLevel, '0'>
  /** YYYY-MM-DD */
  issuedOn: string
  /** the 评价机构's name, printed as issuer */
  issuer: string
  /** stable id of the evaluator (development numbers derive its 评价机构代码 from it) */
  evaluatorId: string
  /** where the exam was held (province part of the number) */
  regionCode: string
}

export interface CertificateRegistry {
  readonly kind: 'dev' | 'real'
  findByHolder(realName: string, idNumber: string): Promise<RegistryCertificate[]>
  findByNumber(number: string): Promise<RegistryCertificate | null>
  issue(req: IssueRequest): Promise<RegistryCertificate>
}

export const idDigest = (idNumber: string) => createHash('sha256').update(`registry:${idNumber.toUpperCase()}`).digest('hex')

interface DevRow {
  number: string
  holder_name: string
  kind: CertKind
  occupation_code: string
  occupation_name: string
  level: CertLevel | null
  issued_on: string
  issuer: string
}

const DEV_SELECT = `SELECT number, holder_name, kind, occupation_code, occupation_name, level,
  COALESCE(issued_on, $1::date - issued_days_ago)::text AS issued_on, issuer FROM dev_certificate_registry`

const digitsOf = (text: string, width: number) => String(parseInt(createHash('sha256').update(text).digest('hex').slice(0, 12), 16) % 10 ** width).padStart(width, '0')

/** S · 评价机构代码 (4) · 省 (2) · 机构序列码 (6) · 年 (2) · 等级 (1) · 证书序列码 (6): the 职业技能等级证书 format. */
export function devCertificateNumber(req: IssueRequest, attempt: number): string {
  return `S${digitsOf(`org:${req.evaluatorId}`, 4)}${req.regionCode.slice(0, 2)}${digitsOf(`serial:${req.evaluatorId}`, 6)}${req.issuedOn.slice(2, 4)}${req.level}${digitsOf(`${req.requestId}:${attempt}`, 6)}`
}

const fromRow = (r: DevRow): RegistryCertificate => ({
  number: r.number,
  holderName: r.holder_name,
  kind: r.kind,
  occupationCode: r.occupation_code,
  occupationName: r.occupation_name,
  level: r.level,
  issuedOn: r.issued_on,
  issuer: r.issuer
})

export function devCertificateRegistry(deps: { db: Queryable; today: () => string }): CertificateRegistry {
  return {
    kind: 'dev',
    async findByHolder(realName, idNumber) {
      const rows = await deps.db.query<DevRow>(`${DEV_SELECT} WHERE id_sha256 = $2 AND holder_name = $3 ORDER BY issued_days_ago, number`, [
        deps.today(),
        idDigest(idNumber),
        realName
      ])
      return rows.map(fromRow)
    },
    async findByNumber(number) {
      const rows = await deps.db.query<DevRow>(`${DEV_SELECT} WHERE number = $2`, [deps.today(), number])
      return rows[0] ? fromRow(rows[0]) : null
    },
    async issue(req) {
      const byRequest = async () => (await deps.db.query<DevRow>(`${DEV_SELECT} WHERE issue_request_id = $2`, [deps.today(), req.requestId]))[0]
      for (let attempt = 0; attempt < 5; attempt++) {
        const earlier = await byRequest()
        if (earlier) return fromRow(earlier)
        // a number already taken by someone else: the next attempt derives another serial
        await deps.db.query(
          `INSERT INTO dev_certificate_registry (number, holder_name, id_sha256, kind, occupation_code, occupation_name, level, issued_days_ago, issuer, issued_on, issue_request_id)
           VALUES ($1, $2, $3, 'skill_level', $4, $5, $6, 0, $7, $8::date, $9) ON CONFLICT DO NOTHING`,
          [devCertificateNumber(req, attempt), req.holderName, idDigest(req.idNumber), req.occupationCode, req.occupationName, req.level, req.issuer, req.issuedOn, req.requestId]
        )
      }
      const row = await byRequest()
      if (!row) throw new RegistryUnavailableError('no free certificate number')
      return fromRow(row)
    }
  }
}

export function realCertificateRegistry(opts: { url: string; issueUrl?: string; token?: string; fetchImpl?: typeof fetch; timeoutMs?: number }): CertificateRegistry {
  if (!/^https:\/\//.test(opts.url)) throw new Error('CERT_REGISTRY_URL must be an https:// URL')
  const issueUrl = opts.issueUrl ?? `${opts.url.replace(/\/+$/, '')}/issue`
  if (!/^https:\/\//.test(issueUrl)) throw new Error('CERT_REGISTRY_ISSUE_URL must be an https:// URL')
  const doFetch = opts.fetchImpl ?? fetch
  const headers = { 'content-type': 'application/json', ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}) }
  const call = async (url: string, init: RequestInit, extraHeaders: Record<string, string> = {}): Promise<unknown> => {
    let res: Response
    try {
      res = await doFetch(url, { ...init, headers: { ...headers, ...extraHeaders }, signal: AbortSignal.timeout(opts.timeoutMs ?? 5000) })
    } catch (err) {
      throw new RegistryUnavailableError((err as Error).name)
    }
    if (res.status === 404) return null
    if (!res.ok) throw new RegistryUnavailableError(`http ${res.status}`)
    return res.json()
  }
  return {
    kind: 'real',
    async findByHolder(realName, idNumber) {
      const body = (await call(opts.url, { method: 'POST', body: JSON.stringify({ name: realName, idNumber }) })) as { certificates?: RegistryCertificate[] } | null
      return body?.certificates ?? []
    },
    async findByNumber(number) {
      const u = new URL(opts.url)
      u.searchParams.set('number', number)
      const body = (await call(u.toString(), { method: 'GET' })) as { certificate?: RegistryCertificate } | null
      return body?.certificate ?? null
    },
    async issue(req) {
      const certificate = {
        kind: 'skill_level',
        occupationCode: req.occupationCode,
        occupationName: req.occupationName,
        level: req.level,
        issuedOn: req.issuedOn,
        issuer: req.issuer
      }
      const body = (await call(
        issueUrl,
        { method: 'POST', body: JSON.stringify({ requestId: req.requestId, name: req.holderName, idNumber: req.idNumber, certificate }) },
        { 'idempotency-key': req.requestId }
      )) as { certificate?: RegistryCertificate } | null
      if (!body?.certificate?.number) throw new RegistryUnavailableError('issue: no certificate in the answer')
      return body.certificate
    }
  }
}

/** CERTIFICATE_REGISTRY=real|dev; default real in production (needs CERT_REGISTRY_URL), dev otherwise. */
export function certificateRegistryFromEnv(env: Record<string, string | undefined>, deps: { db: Queryable; today: () => string }): CertificateRegistry {
  const kind = env.CERTIFICATE_REGISTRY === 'real' || env.CERTIFICATE_REGISTRY === 'dev' ? env.CERTIFICATE_REGISTRY : env.NODE_ENV === 'production' ? 'real' : 'dev'
  if (kind === 'real') {
    if (!env.CERT_REGISTRY_URL) throw new Error('CERTIFICATE_REGISTRY=real needs CERT_REGISTRY_URL (https)')
    return realCertificateRegistry({ url: env.CERT_REGISTRY_URL, issueUrl: env.CERT_REGISTRY_ISSUE_URL || undefined, token: env.CERT_REGISTRY_TOKEN })
  }
  return devCertificateRegistry(deps)
}
