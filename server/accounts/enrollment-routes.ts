/** Eligibility for a course, sign-up (idempotent), my enrollments, cancel. */
import type { FastifyInstance } from 'fastify'
import { routes } from '../../src/contract'
import { authenticate } from './auth'
import type { AccountsContext } from './context'
import { cancelEnrollment, courseEligibility, createEnrollment, myEnrollments } from './enrollments'
import { requireIdempotencyKey } from '../platform'
import { contractRoute, typed } from '../platform'

export function registerEnrollmentRoutes(app: FastifyInstance, ctx: AccountsContext): void {
  typed(app).route({
    ...contractRoute(routes.courseEligibility),
    handler: async (req) => courseEligibility(ctx, await authenticate(ctx, req), req.params.id)
  })
  typed(app).route({
    ...contractRoute(routes.createEnrollment),
    handler: async (req, reply) => {
      const user = await authenticate(ctx, req)
      const key = requireIdempotencyKey(req.headers['idempotency-key'])
      const result = await createEnrollment(ctx, user, key, req.body)
      return reply.status(result.status).send(result.body)
    }
  })
  typed(app).route({
    ...contractRoute(routes.myEnrollments),
    handler: async (req) => myEnrollments(ctx, await authenticate(ctx, req))
  })
  typed(app).route({
    ...contractRoute(routes.cancelEnrollment),
    handler: async (req) => cancelEnrollment(ctx, await authenticate(ctx, req), req.params.id)
  })
}
