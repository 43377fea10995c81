/**
 * Seeded 考核批次 for 阳泉 and 上海, from the catalogue's own institutions and the 工种 they teach: in 阳泉 the
 * institution with the most courses not yet started (the development institution account's) examines two
 * batches, a technical school or public base a third; in 上海 two institutions examine one batch each. Exam
 * dates count from the day of seeding. Fixed ids and ON CONFLICT: several instances may start at once.
 */
import { addDays } from '../../src/domain/working-days'
import { busiestInstitution, institutionFacts, institutionsByUpcomingCourses, upcomingOccupationsOf, type InstitutionFacts } from '../catalog'
import type { Queryable } from '../db'

const SCHOOL_TYPES = ['technical_school', 'vocational_college', 'public_base'] as const
const EXAM_TIME = '08:30 理论知识考试，13:30 操作技能考核'

interface BatchSeed {
  id: string
  ins: InstitutionFacts
  occupation: { code: string; name: string }
  level: '5' | '4' | '3'
  inDays: number
  seats: number
  feeYuan: number
}

/**
 * The 阳泉 institution that examines the first batches: the one the development institution account works for
 * when there is one, else (production seed) the one with the most courses not yet started.
 */
async function firstEvaluator(db: Queryable, today: string, preferred?: string | null): Promise<InstitutionFacts | undefined> {
  const id = preferred ?? (await busiestInstitution(db, '140300', today))
  return id ? (await institutionFacts(db, [id])).get(id) : undefined
}

async function batchesFor(db: Queryable, today: string, preferred?: string | null): Promise<BatchSeed[]> {
  const out: BatchSeed[] = []
  const add = async (id: string, ins: InstitutionFacts | undefined, pick: number, level: BatchSeed['level'], inDays: number, seats: number, feeYuan: number) => {
    if (!ins) return
    const occs = await upcomingOccupationsOf(db, ins.id, today)
    const occupation = occs[pick] ?? occs[0]
    if (occupation) out.push({ id, ins, occupation, level, inDays, seats, feeYuan })
  }
  const first = await firstEvaluator(db, today, preferred)
  const yq = (await institutionsByUpcomingCourses(db, '140300', today)).filter((i) => i.id !== first?.id)
  const yqSchool = yq.find((i) => (SCHOOL_TYPES as readonly string[]).includes(i.type)) ?? yq[0]
  await add('evb_yq01', first, 0, '5', 14, 40, 150)
  await add('evb_yq02', first, 1, '4', 28, 30, 220)
  await add('evb_yq03', yqSchool, 0, '4', 21, 30, 220)
  const sh = await institutionsByUpcomingCourses(db, '310000', today)
  const shSchool = sh.find((i) => (SCHOOL_TYPES as readonly string[]).includes(i.type)) ?? sh[0]
  await add('evb_sh01', shSchool, 0, '4', 18, 50, 260)
  await add('evb_sh02', sh.find((i) => i.id !== shSchool?.id), 0, '3', 35, 30, 320)
  return out
}

export async function seedEvaluationBatches(db: Queryable, today: string, preferredEvaluator?: string | null): Promise<number> {
  const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM evaluation_batches')
  if (n > 0) return 0
  const rows = (await batchesFor(db, today, preferredEvaluator)).map((b) => ({
    id: b.id,
    occupation_code: b.occupation.code,
    occupation_name: b.occupation.name,
    level: b.level,
    exam_on: addDays(today, b.inDays),
    exam_time: EXAM_TIME,
    address: `${b.ins.address}（${b.ins.name}考点）`,
    region_code: b.ins.regionCode,
    seats_total: b.seats,
    seats_left: b.seats,
    fee_yuan: b.feeYuan,
    institution_id: b.ins.id
  }))
  if (rows.length === 0) return 0
  await db.query(
    `INSERT INTO evaluation_batches (id, occupation_code, occupation_name, level, exam_on, exam_time, address, region_code, seats_total, seats_left, fee_yuan, institution_id)
     SELECT id, occupation_code, occupation_name, level, exam_on, exam_time, address, region_code, seats_total, seats_left, fee_yuan, institution_id
     FROM jsonb_to_recordset($1::jsonb) AS x(id text, occupation_code text, occupation_name text, level text, exam_on date, exam_time text,
       address text, region_code text, seats_total int, seats_left int, fee_yuan int, institution_id text)
     ON CONFLICT (id) DO NOTHING`,
    [JSON.stringify(rows)]
  )
  return rows.length
}
