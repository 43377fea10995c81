/** The signed-in worker: account, consent, profile. Everything is keyed by the token's user — no ids in the URL. */
import type { FastifyInstance } from 'fastify'
import { routes } from '../../src/contract'
import { authenticate, bindPhone, meOf, sendPhoneBindCode } from './auth'
import type { AccountsContext } from './context'
import { dataExport, deleteMe, getProfile, giveConsent, revealIdNumber, updateProfile, withdrawConsent } from './profile'
import { registerExport } from './data-rights'
import { myEnrollments } from './enrollments'
import { contractRoute, typed } from '../platform'

export function registerMeRoutes(app: FastifyInstance, ctx: AccountsContext): void {
  registerExport(ctx.db, 'enrollments', async (tx, user) => ({ enrollments: (await myEnrollments(ctx, user, tx)).items }))
  typed(app).route({
    ...contractRoute(routes.getMe),
    handler: async (req) => meOf(ctx, ctx.db, (await authenticate(ctx, req)).id)
  })
  typed(app).route({
    ...contractRoute(routes.sendPhoneBindCode),
    handler: async (req, reply) => {
      reply.header('cache-control', 'no-store')
      return sendPhoneBindCode(ctx, await authenticate(ctx, req), req.body.phone, req.ip)
    }
  })
  typed(app).route({
    ...contractRoute(routes.bindPhone),
    handler: async (req, reply) => {
      reply.header('cache-control', 'no-store')
      return bindPhone(ctx, await authenticate(ctx, req), req.body.phone, req.body.code)
    }
  })
  typed(app).route({
    ...contractRoute(routes.deleteMe),
    handler: async (req) => {
      await deleteMe(ctx, await authenticate(ctx, req))
      return { ok: true as const }
    }
  })
  typed(app).route({
    ...contractRoute(routes.giveConsent),
    handler: async (req) => giveConsent(ctx, await authenticate(ctx, req), req.body.version)
  })
  typed(app).route({
    ...contractRoute(routes.withdrawConsent),
    handler: async (req) => withdrawConsent(ctx, await authenticate(ctx, req))
  })
  typed(app).route({
    ...contractRoute(routes.getProfile),
    handler: async (req) => getProfile(ctx, await authenticate(ctx, req))
  })
  typed(app).route({
    ...contractRoute(routes.updateProfile),
    handler: async (req) => updateProfile(ctx, await authenticate(ctx, req), req.body)
  })
  typed(app).route({
    ...contractRoute(routes.revealIdNumber),
    handler: async (req, reply) => {
      reply.header('cache-control', 'no-store')
      return revealIdNumber(ctx, await authenticate(ctx, req))
    }
  })
  typed(app).route({
    ...contractRoute(routes.dataExport),
    handler: async (req, reply) => {
      const user = await authenticate(ctx, req)
      reply.header('cache-control', 'no-store')
      // a download, not a page: the browser saves it under this name
      reply.header('content-disposition', `attachment; filename="zsb-my-data-${ctx.today()}.json"`)
      return dataExport(ctx, user)
    }
  })
}
