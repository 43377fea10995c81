/** Routes of 职业技能等级认定, its seed, its sweep (考前提醒, certificates the registry has not issued yet). */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { routes, type EvaluationQuery, type EvaluationResultsBody } from '../../src/contract'
import { authenticate, registerErasure } from '../accounts'
import { contractRoute, requireIdempotencyKey } from '../platform'
import { flushNotifier } from '../adapters'
import type { Jobs } from '../jobs'
import { cancelRegistration, enterResults, eraseEvaluationsOf, getBatch, institutionBatch, institutionBatches, issuePending, listBatches, myRegistrations, register, sendExamReminders, type EvaluationsContext } from './index'
import { seedEvaluationBatches } from './seed'

export interface EvaluationRoutesOptions {
  jobs: Jobs
  /** The caller's institution (institution staff only: anyone else 403) */
  requireInstitution: (req: FastifyRequest) => Promise<{ userId: string; institutionId: string }>
  /** development: the demo institution account's institution, which examines the first seeded 阳泉 batches */
  demoEvaluatorId?: string | null
}

const noStore = (reply: FastifyReply) => reply.header('cache-control', 'private, no-store')

export async function registerEvaluations(app: FastifyInstance, ctx: EvaluationsContext, opts: EvaluationRoutesOptions): Promise<void> {
  await seedEvaluationBatches(ctx.db, ctx.today(), opts.demoEvaluatorId)
  registerErasure(ctx.db, 'evaluations', async (tx, userId, reason) => ({ summary: await eraseEvaluationsOf(tx, userId, reason) }))
  opts.jobs.registerSweep('evaluations', async (_now, today) => {
    const examReminders = await sendExamReminders(ctx, today)
    if (examReminders > 0) await flushNotifier(ctx.db, ctx.notifier, ctx.clock.now)
    return { examReminders, certificatesIssued: await issuePending(ctx) }
  })

  app.route({
    ...contractRoute(routes.listEvaluations),
    handler: async (req, reply) => {
      // development listings name the demo evaluator's phone: not cacheable by proxies there
      reply.header('cache-control', ctx.devMode ? 'no-store' : 'public, max-age=60')
      return listBatches(ctx, req.query as EvaluationQuery)
    }
  })
  app.route({
    ...contractRoute(routes.getEvaluation),
    handler: async (req, reply) => {
      reply.header('cache-control', ctx.devMode ? 'no-store' : 'public, max-age=60')
      return getBatch(ctx, (req.params as { id: string }).id)
    }
  })
  app.route({
    ...contractRoute(routes.registerEvaluation),
    handler: async (req, reply) => {
      const user = await authenticate(ctx, req)
      const key = requireIdempotencyKey(req.headers['idempotency-key'])
      const answer = await register(ctx, user, key, (req.params as { id: string }).id)
      noStore(reply)
      return reply.status(answer.status).send(answer.body)
    }
  })
  app.route({
    ...contractRoute(routes.myEvaluations),
    handler: async (req, reply) => {
      const user = await authenticate(ctx, req)
      noStore(reply)
      return myRegistrations(ctx, user)
    }
  })
  app.route({
    ...contractRoute(routes.cancelEvaluation),
    handler: async (req, reply) => {
      const user = await authenticate(ctx, req)
      noStore(reply)
      return cancelRegistration(ctx, user, (req.params as { id: string }).id)
    }
  })
  app.route({
    ...contractRoute(routes.institutionEvaluations),
    handler: async (req, reply) => {
      const { institutionId } = await opts.requireInstitution(req)
      noStore(reply)
      return institutionBatches(ctx, institutionId)
    }
  })
  app.route({
    ...contractRoute(routes.institutionEvaluation),
    handler: async (req, reply) => {
      const { institutionId } = await opts.requireInstitution(req)
      noStore(reply)
      return institutionBatch(ctx, institutionId, (req.params as { id: string }).id)
    }
  })
  app.route({
    ...contractRoute(routes.enterEvaluationResults),
    handler: async (req, reply) => {
      const { userId, institutionId } = await opts.requireInstitution(req)
      noStore(reply)
      return enterResults(ctx, userId, institutionId, (req.params as { id: string }).id, req.body as EvaluationResultsBody)
    }
  })
}
