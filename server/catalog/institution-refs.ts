/** Institutions as other capabilities need them (names for a listing, the busiest one of a city for seeds). */
import type { Queryable } from '../db'
import { regionCodeRange } from './courses'

export interface InstitutionFacts {
  id: string
  name: string
  type: string
  regionCode: string
  address: string
}

export async function institutionFacts(db: Queryable, ids: readonly string[]): Promise<Map<string, InstitutionFacts>> {
  if (ids.length === 0) return new Map()
  const rows = await db.query<{ id: string; name: string; type: string; region_code: string; address: string }>(
    'SELECT id, name, type, region_code, address FROM institutions WHERE id = ANY($1::text[])',
    [[...new Set(ids)]]
  )
  return new Map(rows.map((r) => [r.id, { id: r.id, name: r.name, type: r.type, regionCode: r.region_code, address: r.address }]))
}

/**
 * Institutions of a region (any code: its descendants count), those with the most courses not yet
 * started first (ties: by id), optionally only of some types.
 */
export async function institutionsByUpcomingCourses(db: Queryable, regionCode: string, today: string, types?: readonly string[]): Promise<InstitutionFacts[]> {
  const [from, to] = regionCodeRange(regionCode)
  const rows = await db.query<{ id: string; name: string; type: string; region_code: string; address: string }>(
    `SELECT i.id, i.name, i.type, i.region_code, i.address
     FROM institutions i LEFT JOIN courses c ON c.institution_id = i.id AND c.start_date > $3::date
     WHERE i.region_code >= $1 AND ($2::text IS NULL OR i.region_code < $2)
       AND ($4::text[] IS NULL OR i.type = ANY($4::text[]))
     GROUP BY i.id ORDER BY count(c.id) DESC, i.id`,
    [from, to, today, types ? [...types] : null]
  )
  return rows.map((r) => ({ id: r.id, name: r.name, type: r.type, regionCode: r.region_code, address: r.address }))
}

/** 工种 an institution teaches in courses not yet started, most courses first (ties: by code). */
export async function upcomingOccupationsOf(db: Queryable, institutionId: string, today: string): Promise<{ code: string; name: string }[]> {
  const rows = await db.query<{ code: string; name: string }>(
    `SELECT occupation_code AS code, min(occupation_name) AS name FROM courses WHERE institution_id = $1 AND start_date > $2::date
     GROUP BY occupation_code ORDER BY count(*) DESC, occupation_code`,
    [institutionId, today]
  )
  return rows
}
