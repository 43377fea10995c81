/** Eligibility for a course, sign-up (idempotent), my enrollments, cancel. */
import type { FastifyInstance } from 'fastify'
import { routes } from '../../src/contract'
import { authenticate } from './auth'
import type { AccountsContext } from './context'
import { cancelEnrollment, courseEligibility, createEnrollment, myEnrollments } from './enrollments'
import { requireIdempotencyKey } from '../platform'
import { contractRoute } from '../platform'

export function registerEnrollmentRoutes(app: FastifyInstance, ctx: AccountsContext): void {
  app.route({
    ...contractRoute(routes.courseEligibility),
    handler: async (req) => courseEligibility(ctx, await authenticate(ctx, req), (req.params as { id: string }).id)
  })
  app.route({
    ...contractRoute(routes.createEnrollment),
    handler: async (req, reply) => {
      const user = await authenticate(ctx, req)
      const key = requireIdempotencyKey(req.headers['idempotency-key'])
      const result = await createEnrollment(ctx, user, key, req.body as { courseId: string })
      return reply.status(result.status).send(result.body)
    }
  })
  app.route({
    ...contractRoute(routes.myEnrollments),
    handler: async (req) => myEnrollments(ctx, await authenticate(ctx, req))
  })
  app.route({
    ...contractRoute(routes.cancelEnrollment),
    handler: async (req) => cancelEnrollment(ctx, await authenticate(ctx, req), (req.params as { id: string }).id)
  })
}
