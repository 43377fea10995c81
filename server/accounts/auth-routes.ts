/** Privacy notice, WeChat and SMS login, logout. */
import type { FastifyInstance } from 'fastify'
import { routes } from '../../src/contract'
import { PRIVACY_NOTICE } from './privacy'
import { authenticate, loginWechat, logout, sendSmsCode, verifySmsCode } from './auth'
import type { AccountsContext } from './context'
import { contractRoute, typed } from '../platform'

export function registerAuthRoutes(app: FastifyInstance, ctx: AccountsContext): void {
  typed(app).route({ ...contractRoute(routes.privacyNotice), handler: async () => PRIVACY_NOTICE })

  typed(app).route({
    ...contractRoute(routes.loginWechat),
    handler: async (req) => loginWechat(ctx, req.body.code)
  })

  typed(app).route({
    ...contractRoute(routes.sendSmsCode),
    handler: async (req) => sendSmsCode(ctx, req.body.phone, req.ip)
  })

  typed(app).route({
    ...contractRoute(routes.verifySmsCode),
    handler: async (req) => {
      const { phone, code } = req.body
      return verifySmsCode(ctx, phone, code)
    }
  })

  typed(app).route({
    ...contractRoute(routes.logout),
    handler: async (req) => {
      await logout(ctx, await authenticate(ctx, req))
      return { ok: true as const }
    }
  })
}
