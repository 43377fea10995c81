/** Routes of the claims capability and the foundation it provides (the inbox). */
import type { FastifyInstance } from 'fastify'
import { routes } from '../../src/contract'
import { contractRoute, typed } from '../platform'
import { eraseInboxOf, exportInboxOf, registerInboxRoutes } from '../inbox'
import { registerErasure, registerExport } from '../accounts'
import { flushNotifier } from '../adapters'
import { authenticate } from '../accounts'
import type { ClaimsContext } from './context'
import { PrecheckRefusalSchema } from '../../src/contract'
import { addFileAccessRule } from '../files'
import { requireRole } from '../accounts'
import { requireIdempotencyKey } from '../platform'
import { RateLimited, fileObjection, objectionOutcome, objectionQueue, resolveObjection } from './objections'
import { riskList } from './risk'
import { backfillPayoutHashes, payoutHashesOf, payoutHashesOfMany } from './payout-keys'
import { registerPayoutHashLookup } from '../integrity'
import { notFound } from '../errors'
import { CLAIM_MESSAGES,
  PrecheckRefused,
  appealClaim,
  getPayoutAccount,
  loadClaim,
  myClaims,
  precheck,
  putPayoutAccount,
  submitClaim,
  supplementClaim,
  toClaim,
  updateClaimPayoutAccount,
  withdrawClaim,
  exportClaimsOf,
  eraseClaimsDataOf
} from './index'
import { claimFileAccessRule, claimInRegion, claimsSweeper, publicAnnouncements, publishAnnouncement, reviewClaimView, reviewQueue, reviewTransition, userReviewsRegion } from './review'

export function registerClaimsFoundation(app: FastifyInstance, ctx: ClaimsContext): void {
  registerPayoutHashLookup(payoutHashesOf, payoutHashesOfMany)
  registerInboxRoutes(app, ctx)
  registerExport(ctx.db, 'inbox', async (tx, user) => ({ inbox: await exportInboxOf(tx, user.id) }))
  registerErasure(ctx.db, 'inbox', async (tx, userId, reason) => ({
    summary: reason === 'delete' ? `${await eraseInboxOf(tx, userId)} messages deleted` : 'kept (consent withdrawn)'
  }))
}

/** The claim routes: worker, reviewer and public. */
export function registerClaimRoutes(app: FastifyInstance, ctx: ClaimsContext): void {
  registerExport(ctx.db, 'claims', (tx, user) => exportClaimsOf(ctx, tx, user))
  registerErasure(ctx.db, 'claims', async (tx, userId, reason) => ({ summary: await eraseClaimsDataOf(ctx, tx, userId, reason) }))
  addFileAccessRule(ctx.db, claimFileAccessRule(ctx))
  ctx.jobs.registerSweep('claims', claimsSweeper(ctx))
  // bank-card hashes for accounts and claims stored before they had one (once; cheap when none are missing)
  void backfillPayoutHashes(ctx.crypto, ctx.db).catch(() => undefined)
  const noStore = (reply: { header(k: string, v: string): unknown }) => reply.header('cache-control', 'no-store')

  typed(app).route({
    ...contractRoute(routes.precheckClaim),
    handler: async (req, reply) => {
      noStore(reply)
      return precheck(ctx, await authenticate(ctx, req), req.body)
    }
  })
  const submit = contractRoute(routes.submitClaim)
  // the 422 carries the verdicts (PrecheckRefusal), beyond the generic error body
  const submitResponses: Record<string, unknown> = { ...submit.schema.response, 422: PrecheckRefusalSchema }
  typed(app).route({
    ...submit,
    schema: { ...submit.schema, response: submitResponses },
    handler: async (req, reply) => {
      const user = await authenticate(ctx, req)
      const key = requireIdempotencyKey(req.headers['idempotency-key'])
      noStore(reply)
      try {
        const result = await submitClaim(ctx, user, key, req.body)
        return reply.status(result.status).send(result.claim)
      } catch (err) {
        if (err instanceof PrecheckRefused) return reply.status(422).send({ code: err.code, message: err.message, verdicts: err.verdicts })
        throw err
      }
    }
  })
  typed(app).route({
    ...contractRoute(routes.myClaims),
    handler: async (req, reply) => {
      noStore(reply)
      return myClaims(ctx, await authenticate(ctx, req))
    }
  })
  typed(app).route({
    ...contractRoute(routes.getClaim),
    handler: async (req, reply) => {
      const user = await authenticate(ctx, req)
      noStore(reply)
      const row = await loadClaim(ctx.db, req.params.id)
      // the owner, or a reviewer of the claim's region; anyone else gets the same 404 as a missing claim
      if (!row || (row.user_id !== user.id && !(await userReviewsRegion(ctx.db, user.id, row.office_region)))) {
        throw notFound(CLAIM_MESSAGES.notFound, 'CLAIM_NOT_FOUND')
      }
      return toClaim(ctx, ctx.db, row)
    }
  })
  typed(app).route({
    ...contractRoute(routes.withdrawClaim),
    handler: async (req, reply) => {
      noStore(reply)
      return withdrawClaim(ctx, await authenticate(ctx, req), req.params.id)
    }
  })
  typed(app).route({
    ...contractRoute(routes.supplementClaim),
    handler: async (req, reply) => {
      noStore(reply)
      return supplementClaim(ctx, await authenticate(ctx, req), req.params.id, req.body)
    }
  })
  typed(app).route({
    ...contractRoute(routes.appealClaim),
    handler: async (req, reply) => {
      noStore(reply)
      return appealClaim(ctx, await authenticate(ctx, req), req.params.id, req.body.reason)
    }
  })
  typed(app).route({
    ...contractRoute(routes.updateClaimPayoutAccount),
    handler: async (req, reply) => {
      noStore(reply)
      return updateClaimPayoutAccount(ctx, await authenticate(ctx, req), req.params.id, req.body)
    }
  })
  typed(app).route({
    ...contractRoute(routes.getPayoutAccount),
    handler: async (req, reply) => {
      noStore(reply)
      return getPayoutAccount(ctx, await authenticate(ctx, req))
    }
  })
  typed(app).route({
    ...contractRoute(routes.putPayoutAccount),
    handler: async (req, reply) => {
      noStore(reply)
      return putPayoutAccount(ctx, await authenticate(ctx, req), req.body)
    }
  })

  // reviewer workbench: role checked first (a worker gets 403), then the claim's region (elsewhere: 404)
  typed(app).route({
    ...contractRoute(routes.reviewQueue),
    handler: async (req, reply) => {
      const auth = await requireRole(ctx, req, ['reviewer'])
      noStore(reply)
      return reviewQueue(ctx, auth, req.query)
    }
  })
  typed(app).route({
    ...contractRoute(routes.reviewClaim),
    handler: async (req, reply) => {
      const auth = await requireRole(ctx, req, ['reviewer'])
      noStore(reply)
      return reviewClaimView(ctx, auth, await claimInRegion(ctx.db, auth, req.params.id))
    }
  })
  typed(app).route({
    ...contractRoute(routes.transitionClaim),
    handler: async (req, reply) => {
      const auth = await requireRole(ctx, req, ['reviewer'])
      noStore(reply)
      const header = req.headers['idempotency-key']
      const key = header === undefined ? undefined : requireIdempotencyKey(header)
      const result = await reviewTransition(ctx, auth, req.params.id, req.body, key)
      await flushNotifier(ctx.db, ctx.notifier, ctx.clock.now)
      return result
    }
  })
  typed(app).route({
    ...contractRoute(routes.publishAnnouncement),
    handler: async (req, reply) => {
      const auth = await requireRole(ctx, req, ['reviewer'])
      noStore(reply)
      const result = await publishAnnouncement(ctx, auth, req.body.claimIds)
      await flushNotifier(ctx.db, ctx.notifier, ctx.clock.now)
      return reply.status(201).send(result)
    }
  })
  typed(app).route({
    ...contractRoute(routes.publicAnnouncements),
    handler: async (req) => publicAnnouncements(ctx, req.query)
  })
  typed(app).route({
    ...contractRoute(routes.fileObjection),
    handler: async (req, reply) => {
      try {
        return reply.status(201).send(await fileObjection(ctx, req.params.id, req.body, req.ip))
      } catch (err) {
        if (err instanceof RateLimited) reply.header('retry-after', String(err.retryAfterSeconds))
        throw err
      }
    }
  })
  typed(app).route({
    ...contractRoute(routes.objectionOutcome),
    handler: async (req, reply) => {
      reply.header('cache-control', 'no-store')
      return objectionOutcome(ctx, req.params.id)
    }
  })
  typed(app).route({
    ...contractRoute(routes.reviewObjections),
    handler: async (req, reply) => {
      const auth = await requireRole(ctx, req, ['reviewer'])
      noStore(reply)
      return objectionQueue(ctx, auth, req.query)
    }
  })
  typed(app).route({
    ...contractRoute(routes.resolveObjection),
    handler: async (req, reply) => {
      const auth = await requireRole(ctx, req, ['reviewer'])
      noStore(reply)
      const result = await resolveObjection(ctx, auth, req.params.id, req.body)
      await flushNotifier(ctx.db, ctx.notifier, ctx.clock.now)
      return result
    }
  })
  typed(app).route({
    ...contractRoute(routes.reviewRisks),
    handler: async (req, reply) => {
      // an admin sees every region; a reviewer their own
      const auth = await requireRole(ctx, req, ['admin', 'reviewer'])
      noStore(reply)
      return riskList(ctx, auth, req.query)
    }
  })
}
