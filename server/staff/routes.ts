/** Staff routes: every one needs the station_staff role and works only on the staff member's own station. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { routes, type Station } from '../../src/contract'
import { getStation } from '../roles'
import { requireRole } from '../accounts'
import { ApiError, notFound } from '../errors'
import type { Queryable } from '../db'
import { sendSmsCode, staffSmsBudgetFromEnv } from '../accounts'
import type { AccountsContext } from '../accounts'
import { contractRoute, typed } from '../platform'
import { eraseStationDataOf, exportCsv, signUpBatch, stationSignup, stationSignups, stationSignupsOfWorker, type StaffActor } from './signups'
import { registerErasure, registerExport } from '../accounts'
import { storeSignature } from './signatures'

/** Staff responses carry workers' personal data: never cached. */
const noStore = async (_req: FastifyRequest, reply: FastifyReply) => {
  reply.header('cache-control', 'no-store')
}

const STATION_NOT_FOUND = '没有找到这个服务站'

/** The station as the staff pages and the QR landing show it (region spelled out). */
export async function stationById(ctx: AccountsContext, db: Queryable, id: string): Promise<Station | null> {
  const s = await getStation(db, id)
  if (!s) return null
  return { ...s, regionName: ctx.regions.byCode.get(s.regionCode)?.fullName ?? s.regionCode, lat: Number(s.lat), lng: Number(s.lng) }
}

/** The caller as station staff (403 otherwise) and their station. */
async function staffOf(ctx: AccountsContext, req: FastifyRequest): Promise<{ actor: StaffActor; station: Station }> {
  const r = await requireRole(ctx, req, ['station_staff'])
  const station = r.stationId ? await stationById(ctx, ctx.db, r.stationId) : null
  if (!station) throw new ApiError(403, 'FORBIDDEN', '你没有权限做这件事')
  return { actor: { userId: r.user.id, stationId: station.id }, station }
}

const DATE_MESSAGE = '日期不正确，请重新选择'
function dayOf(ctx: AccountsContext, date: string | undefined): string {
  if (date === undefined) return ctx.today()
  const t = Date.parse(`${date}T00:00:00Z`)
  if (Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== date) throw new ApiError(400, 'VALIDATION_FAILED', DATE_MESSAGE, 'date')
  return date
}

export function registerStaffRoutes(app: FastifyInstance, ctx: AccountsContext, env: Record<string, string | undefined> = process.env): void {
  const stationSmsBudget = staffSmsBudgetFromEnv(env)
  // the worker's side of station sign-ups: in their data export, anonymised when they delete the account
  registerExport(ctx.db, 'staff', async (tx, user) => ({ stationSignups: await stationSignupsOfWorker(tx, user.id) }))
  registerErasure(ctx.db, 'staff', async (tx, userId, reason) => ({ summary: await eraseStationDataOf(tx, userId, reason) }))
  typed(app).route({
    ...contractRoute(routes.staffMe),
    onSend: noStore,
    handler: async (req) => {
      const { station } = await staffOf(ctx, req)
      return { station, referralPath: `/pages/courses/index?station=${station.id}` }
    }
  })
  typed(app).route({
    ...contractRoute(routes.staffSmsConsent),
    onSend: noStore,
    handler: async (req) => {
      const { station } = await staffOf(ctx, req)
      return sendSmsCode(ctx, req.body.phone, req.ip, 'staff_consent', { id: station.id, perHour: stationSmsBudget })
    }
  })
  typed(app).route({
    ...contractRoute(routes.staffSignature),
    onSend: noStore,
    handler: async (req, reply) => {
      const { actor } = await staffOf(ctx, req)
      const body = req.body
      return reply.status(201).send(await storeSignature(ctx, actor, body.idempotencyKey, body.image))
    }
  })
  typed(app).route({
    ...contractRoute(routes.staffSignups),
    onSend: noStore,
    bodyLimit: 256 * 1024,
    handler: async (req) => {
      const { actor, station } = await staffOf(ctx, req)
      return { items: await signUpBatch(ctx, actor, station, req.body.items) }
    }
  })
  typed(app).route({
    ...contractRoute(routes.staffSignupList),
    onSend: noStore,
    handler: async (req) => {
      const { actor, station } = await staffOf(ctx, req)
      const q = req.query
      return stationSignups(ctx, actor, station, dayOf(ctx, q.date), q.q)
    }
  })
  typed(app).route({
    ...contractRoute(routes.staffSignupExport),
    onSend: noStore,
    handler: async (req, reply) => {
      const { actor, station } = await staffOf(ctx, req)
      const date = dayOf(ctx, req.query.date)
      const csv = await exportCsv(ctx, actor, station, date)
      const name = encodeURIComponent(`${station.name}-报名名单-${date}.csv`)
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="signups-${date}.csv"; filename*=UTF-8''${name}`)
        .send(csv)
    }
  })
  typed(app).route({
    ...contractRoute(routes.staffSignup),
    onSend: noStore,
    handler: async (req) => {
      const { actor } = await staffOf(ctx, req)
      return stationSignup(ctx, actor, req.params.id)
    }
  })
  typed(app).route({
    ...contractRoute(routes.stationPublic),
    handler: async (req) => {
      const station = await stationById(ctx, ctx.db, req.params.id)
      if (!station) throw notFound(STATION_NOT_FOUND, 'STATION_NOT_FOUND')
      return station
    }
  })
}
