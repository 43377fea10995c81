/**
 * CertificateRegistry (免证明, 人社厅发〔2023〕55号 第十二条): certificates the national 技能人才评价证书全国联网查询
 * knows for a person, and the record behind a certificate number.
 * - dev: a real table (`dev_certificate_registry`) of fictitious holders, seeded outside production, queried by
 *   real name + ID number exactly like the remote service; dates are "days before today" so the demo never goes stale.
 * - real: POSTs `{ name, idNumber }` to CERT_REGISTRY_URL (HTTPS) with `Authorization: Bearer CERT_REGISTRY_TOKEN`
 *   and expects `{ certificates: RegistryCertificate[] }`; `GET <url>?number=` for one number. 5 s timeout; any
 *   failure is a RegistryUnavailableError (the worker is told to photograph the certificate instead).
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

export interface CertificateRegistry {
  readonly kind: 'dev' | 'real'
  findByHolder(realName: string, idNumber: string): Promise<RegistryCertificate[]>
  findByNumber(number: string): Promise<RegistryCertificate | null>
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
  ($1::date - issued_days_ago)::text AS issued_on, issuer FROM dev_certificate_registry`

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
    }
  }
}

export function realCertificateRegistry(opts: { url: string; token?: string; fetchImpl?: typeof fetch; timeoutMs?: number }): CertificateRegistry {
  if (!/^https:\/\//.test(opts.url)) throw new Error('CERT_REGISTRY_URL must be an https:// URL')
  const doFetch = opts.fetchImpl ?? fetch
  const headers = { 'content-type': 'application/json', ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}) }
  const call = async (url: string, init: RequestInit): Promise<unknown> => {
    let res: Response
    try {
      res = await doFetch(url, { ...init, headers, signal: AbortSignal.timeout(opts.timeoutMs ?? 5000) })
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
    }
  }
}

/** CERTIFICATE_REGISTRY=real|dev; default real in production (needs CERT_REGISTRY_URL), dev otherwise. */
export function certificateRegistryFromEnv(env: Record<string, string | undefined>, deps: { db: Queryable; today: () => string }): CertificateRegistry {
  const kind = env.CERTIFICATE_REGISTRY === 'real' || env.CERTIFICATE_REGISTRY === 'dev' ? env.CERTIFICATE_REGISTRY : env.NODE_ENV === 'production' ? 'real' : 'dev'
  if (kind === 'real') {
    if (!env.CERT_REGISTRY_URL) throw new Error('CERTIFICATE_REGISTRY=real needs CERT_REGISTRY_URL (https)')
    return realCertificateRegistry({ url: env.CERT_REGISTRY_URL, token: env.CERT_REGISTRY_TOKEN })
  }
  return devCertificateRegistry(deps)
}
