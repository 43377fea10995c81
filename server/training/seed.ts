/**
 * Development demo account of a 培训机构 (never in production): 13800000007 works for the seeded institution
 * with the most upcoming courses in 阳泉市 (granted on the first development start).
 */
import type { Queryable } from '../db'
import { busiestInstitution } from '../catalog'

/** 阳泉市 */
export const DEMO_INSTITUTION_CITY = '140300'

export const pickDemoInstitution = (today: string) => (tx: Queryable) => busiestInstitution(tx, DEMO_INSTITUTION_CITY, today)
