/** Routes of the claims capability and the foundation it provides (inbox, dev clock, dev notifications). */
import type { FastifyInstance } from 'fastify'
import { routes } from '../../src/contract'
import { contractRoute } from '../routes/contract-route'
import { registerInboxRoutes } from '../inbox'
import { flushNotifier } from '../adapters/notifier'
import { authenticate } from '../accounts/auth'
import { audit } from '../accounts/audit'
import { ApiError } from '../errors'
import type { ClaimsContext } from './context'

const devOnly = (ctx: ClaimsContext) => {
  if (!ctx.devMode) throw new ApiError(404, 'NOT_FOUND', '没有找到这个地址，请检查链接是否正确')
}

export function registerClaimsFoundation(app: FastifyInstance, ctx: ClaimsContext): void {
  registerInboxRoutes(app, ctx)

  app.route({
    ...contractRoute(routes.devClock),
    handler: async (req) => {
      devOnly(ctx)
      const { days } = req.body as { days: number }
      const offset = await ctx.clock.advance(days)
      await audit(ctx.db, { actor: 'dev', action: 'dev.clock', objectType: 'clock', objectId: 'dev', reason: `+${days} → ${offset}` })
      const ran = await ctx.jobs.runDueWork()
      await flushNotifier(ctx.db, ctx.notifier, ctx.clock.now)
      return {
        now: ctx.clock.now().toISOString(),
        today: ctx.today(),
        offsetDays: offset,
        swept: {
          announcementsEnded: ran['claims.announcementsEnded'] ?? 0,
          supplementsExpired: ran['claims.supplementsExpired'] ?? 0,
          reminders: ran['claims.reminders'] ?? 0
        }
      }
    }
  })

  app.route({
    ...contractRoute(routes.devNotifications),
    handler: async (req, reply) => {
      devOnly(ctx)
      const user = await authenticate(ctx, req)
      reply.header('cache-control', 'no-store')
      const rows = await ctx.db.query<{ id: string; user_id: string; template: string; data: unknown; page: string | null; created_at: Date }>(
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
}
