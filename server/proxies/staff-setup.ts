/**
 * 亲情代办 set up at a station, for a worker with no phone of their own (or none that runs the app): station staff
 * enter the worker's details and the relative, the worker consents there — an SMS code sent to their own basic
 * phone, else to the relative's phone (which becomes the worker's contact), or a handwritten signature — and the
 * relative accepts the invitation with their own phone like any other. Station staff only; consent recorded on
 * the invitation (`staff_sms` / `staff_signature`, the staff_consents row, the station) and audited; a retried
 * request (same staff member and key) answers with the first invitation.
 */
import { createHash } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { routes, type StaffProxySetup, type StaffProxySetupBody } from '../../src/contract'
import { checkWalkInWorker, normalizeWalkInWorker } from '../../src/domain/staff-signup'
import { PROXY_CODE_TTL_HOURS, relationLabel } from '../../src/domain/proxy'
import { maskPhone } from '../../src/domain/masking'
import type { Queryable } from '../db'
import { ApiError, badRequest } from '../errors'
import type { AccountsContext } from '../accounts'
import { ensureWalkInWorker, requireRole } from '../accounts'
import { contractRoute } from '../platform'
import { recordStationConsent, stationById } from '../staff'
import { createInvitation, maskedNameOf, PROXY_MESSAGES } from './index'

const KEY_REUSED = '这个请求编号已用于另一位务工人员，请重新填写后提交'
const ACCEPTED = '这位亲属已经接受了代办，不需要再设置'

const fingerprintOf = (b: StaffProxySetupBody) =>
  createHash('sha256')
    .update(JSON.stringify({ w: normalizeWalkInWorker({ ...b.worker, phone: b.worker.phone ?? '' }), r: b.relative, k: b.consent }))
    .digest('base64url')

/** The phone the worker's SMS consent code goes to: their own if they have one, else the relative's (the contact). */
export const consentPhoneOf = (b: Pick<StaffProxySetupBody, 'worker' | 'relative'>) => b.worker.phone ?? b.relative.phone

export async function staffSetupProxy(ctx: AccountsContext, staff: { userId: string; stationId: string; stationName: string }, body: StaffProxySetupBody): Promise<StaffProxySetup> {
  const fingerprint = fingerprintOf(body)
  const contactOnly = body.worker.phone === undefined
  const worker = normalizeWalkInWorker({ ...body.worker, phone: consentPhoneOf(body) })
  const problem = checkWalkInWorker(worker, ctx.today())
  if (problem) throw badRequest(problem.message, `worker.${problem.field}`)
  if (body.worker.phone === body.relative.phone) throw badRequest(PROXY_MESSAGES.self, 'relative.phone', 'PROXY_SELF')
  const outcome = await ctx.db.transaction(async (tx): Promise<{ ok: StaffProxySetup; sms?: string } | { error: ApiError }> => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`staff-proxy:${staff.userId}:${body.idempotencyKey}`])
    const [earlier] = await tx.query<{ id: string; principal_id: string; staff_fingerprint: string; staff_code_enc: string | null; code_expires_at: Date; relation: string; phone_enc: string; consent_method: string }>(
      `SELECT id, principal_id, staff_fingerprint, staff_code_enc, code_expires_at, relation, phone_enc, consent_method FROM proxies WHERE staff_user_id = $1 AND staff_key = $2`,
      [staff.userId, body.idempotencyKey]
    )
    if (earlier) {
      if (earlier.staff_fingerprint !== fingerprint) return { error: new ApiError(409, 'IDEMPOTENCY_KEY_REUSED', KEY_REUSED) }
      if (!earlier.staff_code_enc) return { error: new ApiError(409, 'PROXY_EXISTS', ACCEPTED) }
      return { ok: await answer(ctx, tx, earlier.id, earlier.principal_id, ctx.crypto.decrypt(earlier.staff_code_enc), new Date(earlier.code_expires_at).toISOString(), body) }
    }
    const w = await ensureWalkInWorker(ctx, tx, worker, staff.userId, { contactOnly })
    const consent = await recordStationConsent(ctx, tx, { userId: staff.userId, stationId: staff.stationId }, consentPhoneOf(body), body.consent, w.id, 'proxy')
    if ('error' in consent) return { error: consent.error }
    const inv = await createInvitation(ctx, tx, w.id, body.relative, {
      method: consent.method === 'sms' ? 'staff_sms' : 'staff_signature',
      actorId: staff.userId,
      stationId: staff.stationId,
      stationName: staff.stationName,
      staffConsentId: consent.consentId,
      staffKey: body.idempotencyKey,
      fingerprint
    })
    const ok = await answer(ctx, tx, inv.id, w.id, inv.code, inv.expiresAt, body)
    const sms =
      `【技能培训掌上办】${ok.worker.maskedName} 在${staff.stationName}同意由你（${inv.label}）替他/她办理培训报名和补贴申请。` +
      `请用本手机号登录“技能培训掌上办”，在“我的 → 亲属代办”中输入邀请码 ${inv.code}，${PROXY_CODE_TTL_HOURS}小时内有效。不认识此人请不要理会。`
    return { ok, sms }
  })
  if ('error' in outcome) throw outcome.error
  // the code also reaches the relative's phone; a failed SMS does not undo the set-up (staff read the code out)
  if (outcome.sms) await ctx.adapters.sms.send(body.relative.phone, outcome.sms).catch(() => undefined)
  return outcome.ok
}

async function answer(ctx: AccountsContext, tx: Queryable, id: string, principalId: string, code: string, expiresAt: string, body: StaffProxySetupBody): Promise<StaffProxySetup> {
  const [row] = await tx.query<{ consent_method: 'staff_sms' | 'staff_signature' }>('SELECT consent_method FROM proxies WHERE id = $1', [id])
  return {
    id,
    code,
    expiresAt,
    worker: { id: principalId, maskedName: await maskedNameOf(ctx, tx, principalId) },
    relationLabel: relationLabel(body.relative.relation),
    relativePhoneMasked: maskPhone(body.relative.phone),
    consentMethod: row.consent_method
  }
}

export function registerStaffProxySetup(app: FastifyInstance, ctx: AccountsContext): void {
  app.route({
    ...contractRoute(routes.staffSetupProxy),
    handler: async (req, reply) => {
      const r = await requireRole(ctx, req, ['station_staff'])
      const station = r.stationId ? await stationById(ctx, ctx.db, r.stationId) : null
      if (!station) throw new ApiError(403, 'FORBIDDEN', '你没有权限做这件事')
      reply.header('cache-control', 'no-store')
      const result = await staffSetupProxy(ctx, { userId: r.user.id, stationId: station.id, stationName: station.name }, req.body as StaffProxySetupBody)
      return reply.status(201).send(result)
    }
  })
}
