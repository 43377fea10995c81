/** The facts a claim is judged on (looked up, never asked) and the side-effect-free pre-check. */
import type { Precheck } from '../../src/contract'
import { claimKindLabel, type ClaimKind, type ClaimState } from '../../src/domain/claim-state'
import { precheckClaim, type PrecheckCertificate, type PrecheckEnrollment, type PrecheckInput, type PriorClaim } from '../../src/domain/claim-rules'
import { occupationByCode } from '../../src/domain/catalog'
import { getProfileRow, myEnrollments, type AuthUser } from '../accounts'
import { getOwnedCertificate, type Certificate } from '../certificates'
import { notFound } from '../errors'
import type { Queryable } from '../db'
import type { ClaimsContext } from './context'
import { CLAIM_MESSAGES } from './messages'
import { officeOf } from './views'

interface Facts {
  input: PrecheckInput
  certificate: Certificate | null
  realName: string | null
  insuranceLabel: string
  occupationName: string
  occupationCode: string | null
  level: string | null
  institutionId: string | null
}

function certificateFacts(c: Certificate): PrecheckCertificate {
  return {
    id: c.id,
    occupationCode: c.occupationCode,
    occupationName: c.occupationName,
    level: c.level,
    kind: c.kind,
    issueDate: c.issuedOn,
    verified: c.verification === 'verified',
    verifiedBy: c.verification !== 'verified' ? undefined : c.review?.outcome === 'verified' ? 'reviewer' : 'registry',
    rejected: c.verification === 'rejected',
    // registry records are the holder's by construction (looked up by real name + ID); a reviewer's 核验通过
    // includes comparing the name on the photo with the real name (server/certificates/review.ts)
    holderMatches: c.source === 'registry' || c.review?.outcome === 'verified' ? true : null
  }
}

export async function priorClaimsOf(db: Queryable, userId: string): Promise<PriorClaim[]> {
  const rows = await db.query<{ id: string; kind: ClaimKind; state: ClaimState; certificate_id: string | null; occupation_code: string | null; level: string | null; submitted_on: string }>(
    'SELECT id, kind, state, certificate_id, occupation_code, level, submitted_on::text AS submitted_on FROM claims WHERE user_id = $1',
    [userId]
  )
  return rows.map((r) => ({ id: r.id, kind: r.kind, state: r.state, certificateId: r.certificate_id, occupationCode: r.occupation_code, level: r.level, submittedOn: r.submitted_on }))
}

/**
 * Everything the pre-check needs, looked up (certificate, course, insurance), never asked. Reads only.
 * Submission passes withPriorClaims = false: it reads the earlier claims itself, under the worker's lock.
 */
export async function gatherFacts(
  ctx: ClaimsContext,
  user: AuthUser,
  body: { kind: ClaimKind; certificateId?: string; enrollmentId?: string },
  withPriorClaims = true,
  known: { profile?: Awaited<ReturnType<typeof getProfileRow>> } = {}
): Promise<Facts> {
  // the certificate does not depend on the profile: both reads go out together
  const [profile, certificate] = await Promise.all([
    known.profile !== undefined ? known.profile : getProfileRow(ctx, ctx.db, user),
    body.certificateId ? getOwnedCertificate(ctx.db, user.id, body.certificateId) : null
  ])
  if (body.certificateId && !certificate) throw notFound(CLAIM_MESSAGES.certificateNotFound, 'CERTIFICATE_NOT_FOUND')
  let enrollment: PrecheckEnrollment | null = null
  let institutionId: string | null = null
  if (body.enrollmentId) {
    const found = (await myEnrollments(ctx, user)).items.find((e) => e.id === body.enrollmentId)
    if (!found) throw notFound(CLAIM_MESSAGES.enrollmentNotFound, 'ENROLLMENT_NOT_FOUND')
    const c = found.course
    institutionId = c.institution.id
    enrollment = {
      id: found.id,
      status: found.status,
      completedAt: found.completedAt ?? null,
      courseId: c.id,
      occupationCode: c.occupationCode,
      occupationName: c.occupationName,
      level: c.level,
      regionCode: c.regionCode,
      startDate: c.startDate,
      endDate: c.endDate,
      subsidized: c.subsidized,
      shortageOccupation: occupationByCode(c.occupationCode)?.shortage ?? false
    }
  }
  let insurance: PrecheckInput['worker']['insurance'] = null
  let insuranceLabel = '未查询（资料里没有身份证号）'
  if (profile?.real_name && profile.id_number_enc) {
    try {
      const rec = await ctx.insurance.lookup({ idNumber: ctx.crypto.decrypt(profile.id_number_enc), name: profile.real_name })
      insurance = rec ? { insured: rec.insured, regionCode: rec.regionCode, since: rec.since } : { insured: false, regionCode: null, since: null }
      const where = rec ? ctx.regions.byCode.get(rec.regionCode)?.fullName ?? rec.regionCode : ''
      insuranceLabel = rec ? (rec.insured ? `社保系统：在${where}参保（自 ${rec.since ?? '—'}）` : `社保系统：曾在${where}参保，目前未参保`) : '社保系统：没有参保记录'
    } catch {
      insuranceLabel = '社保系统暂时查不到'
    }
  }
  const employed = profile?.employment_status ? profile.employment_status !== 'unemployed' : null
  const input: PrecheckInput = {
    kind: body.kind,
    today: ctx.today(),
    worker: { groups: profile?.groups ?? [], homeRegion: profile?.home_region ?? null, employed, insurance },
    certificate: certificate ? certificateFacts(certificate) : null,
    enrollment,
    priorClaims: withPriorClaims ? await priorClaimsOf(ctx.db, user.id) : []
  }
  return {
    input,
    certificate,
    realName: profile?.real_name ?? null,
    insuranceLabel,
    occupationName: certificate?.occupationName ?? enrollment?.occupationName ?? claimKindLabel(body.kind),
    occupationCode: certificate?.occupationCode ?? enrollment?.occupationCode ?? null,
    level: certificate?.level ?? enrollment?.level ?? null,
    institutionId
  }
}

function precheckAnswer(ctx: ClaimsContext, result: ReturnType<typeof precheckClaim>): Precheck {
  return {
    ok: result.ok,
    verdicts: result.verdicts,
    office: result.officeRegion && ctx.regions.byCode.has(result.officeRegion) ? officeOf(ctx, result.officeRegion) : null,
    amountYuan: result.amountYuan,
    amountSource: result.amountSource
  }
}

/** POST /claims/precheck: reads only, writes nothing. */
export async function precheck(ctx: ClaimsContext, user: AuthUser, body: { kind: ClaimKind; certificateId?: string; enrollmentId?: string }): Promise<Precheck> {
  const facts = await gatherFacts(ctx, user, body)
  return precheckAnswer(ctx, precheckClaim(facts.input))
}
