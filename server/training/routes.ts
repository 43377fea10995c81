/** The institution routes and the worker's check-in (contract: src/contract/institution.ts). */
import type { FastifyInstance } from 'fastify'
import { routes, type InstitutionMe } from '../../src/contract'
import type { AccountsContext } from '../accounts'
import { institutionName } from '../catalog'
import { contractRoute } from '../platform'
import { requireInstitutionStaff } from './auth'

export function registerTrainingRoutes(app: FastifyInstance, ctx: AccountsContext): void {
  app.route({
    ...contractRoute(routes.institutionMe),
    handler: async (req, reply): Promise<InstitutionMe> => {
      const staff = await requireInstitutionStaff(ctx, req)
      reply.header('cache-control', 'no-store')
      return { institution: { id: staff.institutionId, name: (await institutionName(ctx.db, staff.institutionId)) ?? '' } }
    }
  })
}
