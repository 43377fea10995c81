/**
 * Roles and their scope (DESIGN §3): worker (everyone signed in), station_staff (one station), reviewer
 * (a GB/T 2260 region prefix), institution_staff (one 培训机构 / 评价机构), admin. Checked on the server for every role route; other capabilities
 * call `rolesOf` and `regionCovers` rather than reading `user_roles` themselves; the request-side check
 * (`requireRole`) lives with authentication in accounts, so this folder depends on nothing but the database.
 */
import type { RoleGrant } from '../../src/contract'
import { audit } from '../platform'
import { prepared, type Queryable } from '../db'

export type Role = 'worker' | 'station_staff' | 'reviewer' | 'admin' | 'institution_staff'
export const ROLES: readonly Role[] = ['worker', 'station_staff', 'reviewer', 'admin', 'institution_staff']

export interface RoleRow {
  role: Role
  regionPrefix: string | null
  stationId: string | null
  stationName: string | null
  /** institution_staff only */
  institutionId?: string
  institutionName?: string
}

export const FORBIDDEN_MESSAGE = '你没有权限做这件事'

/** Granted roles of a user (a plain worker has none: every signed-in user is a worker). */
export async function rolesOf(db: Queryable, userId: string): Promise<RoleRow[]> {
  const rows = await db.query<{
    role: Role
    region_prefix: string | null
    station_id: string | null
    station_name: string | null
    institution_id: string | null
    institution_name: string | null
  }>(
    `SELECT r.role, r.region_prefix, r.station_id, s.name AS station_name, r.institution_id, i.name AS institution_name
     FROM user_roles r LEFT JOIN stations s ON s.id = r.station_id LEFT JOIN institutions i ON i.id = r.institution_id
     WHERE r.user_id = $1 ORDER BY r.id`,
    [userId]
  )
  return rows.map((r) => ({
    role: r.role,
    regionPrefix: r.region_prefix,
    stationId: r.station_id,
    stationName: r.station_name,
    ...(r.institution_id ? { institutionId: r.institution_id, institutionName: r.institution_name ?? '' } : {})
  }))
}

/** For `GET /api/v1/me`. */
export const roleGrantsOf = (db: Queryable, userId: string): Promise<RoleGrant[]> => rolesOf(db, userId)

/** true when the region (6-digit code) lies inside the prefix (e.g. 1403 covers 140302; 31 covers 310112). */
export function regionCovers(prefix: string | null | undefined, regionCode: string): boolean {
  return !!prefix && regionCode.startsWith(prefix)
}

/** Users holding a reviewer role whose region covers this region code (risk rule related_to_reviewer). */
export async function reviewersOfRegion(db: Queryable, regionCode: string): Promise<string[]> {
  const rows = await db.query<{ user_id: string }>(prepared(`SELECT DISTINCT user_id FROM user_roles WHERE role = 'reviewer' AND $1 LIKE region_prefix || '%'`), [regionCode])
  return rows.map((r) => r.user_id)
}

export interface GrantInput {
  userId: string
  role: Role
  regionPrefix?: string | null
  stationId?: string | null
  institutionId?: string | null
  grantedBy: string
}

/** Grants a role (idempotent), audited in the same transaction. */
export async function grantRole(tx: Queryable, g: GrantInput): Promise<boolean> {
  if (g.role === 'reviewer' && !/^[1-8][0-9]{1,5}$/.test(g.regionPrefix ?? '')) throw new Error('a reviewer needs a region prefix such as 1403')
  if (g.role === 'station_staff' && !g.stationId) throw new Error('station staff need a station id')
  if (g.role === 'institution_staff' && !g.institutionId) throw new Error('institution staff need an institution id')
  const rows = await tx.query<{ id: string }>(
    `INSERT INTO user_roles (user_id, role, region_prefix, station_id, institution_id, granted_by) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT DO NOTHING RETURNING id`,
    [
      g.userId,
      g.role,
      g.role === 'reviewer' ? g.regionPrefix : null,
      g.role === 'station_staff' ? g.stationId : null,
      g.role === 'institution_staff' ? g.institutionId : null,
      g.grantedBy
    ]
  )
  if (rows[0]) {
    await audit(tx, {
      actor: g.grantedBy,
      action: 'role.grant',
      objectType: 'user',
      objectId: g.userId,
      reason: [g.role, g.regionPrefix, g.stationId, g.institutionId].filter(Boolean).join(' ')
    })
  }
  return rows.length > 0
}

/** Revokes a role (all scopes of it, or the one prefix/station given), audited. Returns the number removed. */
export async function revokeRole(
  tx: Queryable,
  r: { userId: string; role: Role; regionPrefix?: string | null; stationId?: string | null; institutionId?: string | null; revokedBy: string }
): Promise<number> {
  const rows = await tx.query<{ id: string }>(
    `DELETE FROM user_roles WHERE user_id = $1 AND role = $2
       AND ($3::text IS NULL OR region_prefix = $3) AND ($4::text IS NULL OR station_id = $4) AND ($5::text IS NULL OR institution_id = $5) RETURNING id`,
    [r.userId, r.role, r.regionPrefix ?? null, r.stationId ?? null, r.institutionId ?? null]
  )
  if (rows.length > 0) {
    await audit(tx, {
      actor: r.revokedBy,
      action: 'role.revoke',
      objectType: 'user',
      objectId: r.userId,
      reason: [r.role, r.regionPrefix, r.stationId, r.institutionId].filter(Boolean).join(' ')
    })
  }
  return rows.length
}

export interface Station {
  id: string
  name: string
  kind: '就业服务站' | '零工市场'
  regionCode: string
  address: string
  lat: number
  lng: number
}

export async function getStation(db: Queryable, id: string): Promise<Station | null> {
  const rows = await db.query<{ id: string; name: string; kind: Station['kind']; region_code: string; address: string; lat: number; lng: number }>(
    'SELECT id, name, kind, region_code, address, lat, lng FROM stations WHERE id = $1',
    [id]
  )
  const r = rows[0]
  return r ? { id: r.id, name: r.name, kind: r.kind, regionCode: r.region_code, address: r.address, lat: r.lat, lng: r.lng } : null
}

/** Institutions a user works for (institution_staff grants), oldest grant first. */
export async function institutionsOf(db: Queryable, userId: string): Promise<{ id: string; name: string }[]> {
  const rows = await db.query<{ id: string; name: string }>(
    `SELECT i.id, i.name FROM user_roles r JOIN institutions i ON i.id = r.institution_id
     WHERE r.user_id = $1 AND r.role = 'institution_staff' ORDER BY r.id`,
    [userId]
  )
  return rows
}

export async function institutionExists(db: Queryable, id: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM institutions WHERE id = $1', [id])).length > 0
}
