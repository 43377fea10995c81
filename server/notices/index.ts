/**
 * Notices capability wiring: roles decide who publishes where, the inbox computes each reader's notices on
 * read, pg-boss jobs queue the WeChat messages once across instances (the Notifier, claims work, sends
 * them), the FileStore (cert work) keeps the synthesised audio.
 */
import type { FastifyInstance } from 'fastify'
import type { ClaimsContext } from '../claims'
import { requireRole } from '../accounts'
import { registerInboxSource } from '../inbox'
import { flushNotifier, queueNotificationMany } from '../adapters'
import { createFileStore, type FileStore } from '../files'
import { speechFromEnv, type SpeechSynthesizer } from '../adapters'
import { registerNoticeRoutes } from './routes'
import { registerErasure, registerExport } from '../accounts'
import { eraseNoticeDataOf, mySubscriptions } from './notices'
import { noticeInboxSource } from './inbox-feed'

export { FANOUT_JOB, registerNoticeRoutes } from './routes'
export { fanOutNotice } from './fanout'
export { SEED_NOTICES, seedNotices } from './seed'

export const NOTIFY_FLUSH_JOB = 'notices.notify-flush'

export async function registerNotices(
  app: FastifyInstance,
  ctx: ClaimsContext,
  opts: { fileStore?: FileStore; dataDir?: string; speech?: SpeechSynthesizer } = {}
): Promise<void> {
  const files = opts.fileStore ?? createFileStore(process.env, { dataDir: opts.dataDir })
  // notices reach inboxes on read: the inbox asks this source for a reader's notice entries
  registerInboxSource(noticeInboxSource)
  registerErasure(ctx.db, 'notices', async (tx, userId, reason) => ({ summary: await eraseNoticeDataOf(tx, userId, reason) }))
  registerExport(ctx.db, 'notices', async (tx, user) => ({ subscriptions: (await mySubscriptions(ctx, user.id, tx)).items }))
  // WeChat messages queued by the fan-out are sent after it, by their own job (the outbox sends each once)
  await ctx.jobs.registerJob(NOTIFY_FLUSH_JOB, async () => {
    while ((await flushNotifier(ctx.db, ctx.notifier, ctx.clock.now, 500)) > 0) {
      /* until the outbox is empty */
    }
  })
  const speech = opts.speech ?? speechFromEnv(process.env)
  app.addHook('onClose', async () => speech.close?.())
  await registerNoticeRoutes(app, ctx, {
    speech,
    audioStore: files,
    requireOffice: async (req) => {
      const r = await requireRole(ctx, req, ['admin', 'reviewer'])
      return { userId: r.user.id, regionPrefix: r.role === 'admin' ? null : (r.regionPrefix ?? null) }
    },
    registerJob: (name, handler) => ctx.jobs.registerJob(name, handler),
    sendJob: async (name, data) => {
      await ctx.jobs.sendJob(name, data)
    },
    sendJobsIn: (tx, jobs) => ctx.jobs.sendJobsIn(tx, jobs),
    notify: async (tx, userIds, msg) => {
      await queueNotificationMany(tx, userIds, { template: 'notice', data: msg.wechat, page: msg.link ?? null }, ctx.now())
    },
    afterFanout: async () => {
      await ctx.jobs.sendJob(NOTIFY_FLUSH_JOB, {})
    }
  })
}
