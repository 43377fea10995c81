/**
 * Development conveniences: move the shared clock forward (and run the work that falls due), list the
 * subscribe messages the dev notifier "sent", and read the SMS the dev adapter "sent" to a phone.
 *
 * Registered only when development mode is on (and, for the SMS outbox, only while the SMS adapter is the dev
 * one), so a production server has no such routes at all: they answer the ordinary 404 and are missing from
 * the OpenAPI document. Everything they touch comes in as an argument, so this file depends on no capability.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { routes } from '../../src/contract'
import type { Clock } from '../clock'
import type { Db, Queryable } from '../db'
import { ApiError, badRequest } from '../errors'
import { audit } from './audit'
import { contractRoute, typed } from './contract-route'

export interface DevRouteDeps {
  db: Db
  clock: Clock
  /** the server's today (a test may fix it), YYYY-MM-DD */
  today(): string
  /** run the sweeps that fell due after the clock moved; counts per sweep */
  runDueWork(): Promise<Record<string, number>>
  /** deliver the subscribe messages the sweeps queued */
  flushNotifications(): Promise<unknown>
  /** who is asking (the notifications list is the caller's own) */
  authenticate(req: FastifyRequest): Promise<{ id: string }>
  /** move every live session's expiry by the clock's jump (ms) inside the clock's transaction, so a jump
   * neither expires the 30-day tokens nor revives expired ones */
  sessionsFollowClock(tx: Queryable, jumpMs: number): Promise<unknown>
  /** set only when SMS goes to the dev adapter: the phone's lookup hash in `sms_outbox` */
  smsOutbox?: { hashPhone(phone: string): string }
}

export function registerDevRoutes(app: FastifyInstance, deps: DevRouteDeps): void {
  const { db, clock } = deps

  typed(app).route({
    ...contractRoute(routes.devClock),
    handler: async (req) => {
      const { days, to } = req.body
      if ((days === undefined) === (to === undefined)) throw badRequest('请给出要往后拨的天数（days）或时间（to），只给一个', 'days')
      if (to !== undefined) {
        const target = new Date(to)
        if (Number.isNaN(target.getTime()) || target.getTime() > clock.now().getTime() + 400 * 86_400_000) throw badRequest('时间格式不对', 'to')
        await clock.refresh()
        if (target.getTime() < clock.now().getTime()) throw new ApiError(422, 'CLOCK_BACKWARDS', '开发时钟只能往后拨，不能往回拨')
      } else await clock.refresh()
      // the clock and the session expiries move together, in one transaction
      const offset =
        to === undefined && !(days! > 0)
          ? clock.offsetDays()
          : await db.transaction(async (tx) => {
              const before = clock.now().getTime()
              const moved = to !== undefined ? await clock.advanceTo(new Date(to), tx) : await clock.advance(days!, tx)
              // the real time spent in between is not a jump
              const jump = clock.now().getTime() - before
              if (Math.abs(jump) >= 1000) await deps.sessionsFollowClock(tx, jump)
              return moved
            })
      await audit(db, { actor: 'dev', action: 'dev.clock', objectType: 'clock', objectId: 'dev', reason: to ? `→ ${to}` : `+${days} → ${offset}` })
      const ran = await deps.runDueWork()
      await deps.flushNotifications()
      return {
        now: clock.now().toISOString(),
        today: deps.today(),
        offsetDays: offset,
        swept: {
          announcementsEnded: ran['claims.announcementsEnded'] ?? 0,
          supplementsExpired: ran['claims.supplementsExpired'] ?? 0,
          reminders: ran['claims.reminders'] ?? 0,
          objectionsOverdue: ran['claims.objectionsOverdue'] ?? 0
        }
      }
    }
  })

  typed(app).route({
    ...contractRoute(routes.devNotifications),
    handler: async (req, reply) => {
      const user = await deps.authenticate(req)
      reply.header('cache-control', 'no-store')
      const rows = await db.query<{ id: string; user_id: string; template: string; data: unknown; page: string | null; created_at: Date }>(
        'SELECT id, user_id, template, data, page, created_at FROM notifier_outbox WHERE user_id = $1 ORDER BY created_at DESC, id LIMIT 100',
        [user.id]
      )
      return {
        items: rows.map((r) => ({
          id: r.id,
          userId: r.user_id,
          template: r.template,
          data: (typeof r.data === 'string' ? JSON.parse(r.data) : r.data) as Record<string, string>,
          page: r.page,
          createdAt: new Date(r.created_at).toISOString()
        }))
      }
    }
  })

  const sms = deps.smsOutbox
  if (sms) {
    // the e2e tests read the workers' messages here; outside the contract, hidden from OpenAPI
    app.get<{ Querystring: { phone?: string } }>('/api/v1/dev/sms-outbox', { schema: { hide: true } }, async (req) => {
      const phone = String(req.query.phone ?? '')
      if (!/^1[3-9][0-9]{9}$/.test(phone)) throw new ApiError(400, 'VALIDATION_FAILED', '「手机号」格式不正确', 'phone')
      const rows = await db.query<{ text: string; created_at: Date }>('SELECT text, created_at FROM sms_outbox WHERE phone_hash = $1 ORDER BY id', [
        sms.hashPhone(phone)
      ])
      return { items: rows.map((r) => ({ text: r.text, at: new Date(r.created_at).toISOString() })) }
    })
  }
}
