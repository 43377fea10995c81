/** Notices routes and jobs; what they need from other capabilities comes in as NoticesDeps (wired in ./index.ts). */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { routes } from '../../src/contract'
import { authenticate } from '../accounts'
import type { AccountsContext } from '../accounts'
import { getProfileRow } from '../accounts'
import { ApiError, badRequest, notFound } from '../errors'
import { contractRoute, typed } from '../platform'
import type { SpeechSynthesizer } from '../adapters'
import { createNoticeAudio, parseRange, speechLimitsFromEnv, type AudioBlobStore, type NoticeAudio, type SchedulerStats } from './audio'
import { fanOutNotice, type FanoutDeps } from './fanout'
import { adminListNotices,
  createNotice,
  createSubscription,
  deleteSubscription,
  getNotice,
  listNotices,
  loadNotice,
  mySubscriptions,
  NOTICE_MESSAGES,
  toAdmin,
  updateNotice,
  withdrawNotice,
  type Office,
  type Viewer } from './notices'
import { seedNotices } from './seed'
import type { Queryable } from '../db'


export const FANOUT_JOB = 'notices.fanout'
/** New (not yet cached) texts one reader may have synthesised per hour on /api/v1/speech */
export const SPEECH_NEW_PER_HOUR = 30
export const SPEECH_MESSAGES = {
  tooMany: '朗读次数太多了，请过一会儿再听',
  badText: '这段文字不能朗读'
}
/** Makes a published notice's audio once, at publish, so listeners never wait for it */
export const NOTICE_AUDIO_JOB = 'notices.audio'

declare module 'fastify' {
  interface FastifyInstance {
    /** Read-aloud scheduler state (what started, in order): for measurement and tests */
    readAloud: { stats(): SchedulerStats }
  }
}

/** What the notices routes need from the other capabilities (wired in ./index.ts). */
export interface NoticesDeps {
  speech: SpeechSynthesizer
  audioStore: AudioBlobStore
  /** roles: admin → everywhere (regionPrefix null), reviewer → their prefix; anyone else 403 */
  requireOffice(req: FastifyRequest): Promise<Office>
  registerJob(name: string, handler: (data: { noticeId: string }) => Promise<void>): Promise<void>
  sendJob(name: string, data: { noticeId: string }): Promise<void>
  /** queues jobs in the caller's transaction (one statement); false when there is no queue: send them after the commit */
  sendJobsIn(tx: Queryable, jobs: { name: string; data: { noticeId: string } }[]): Promise<boolean>
  notify: FanoutDeps['notify']
  afterFanout?: FanoutDeps['afterFanout']
}

/** Public routes: a valid token adds unread markers; a missing or stale one is simply anonymous. */
async function optionalViewer(ctx: AccountsContext, req: FastifyRequest): Promise<Viewer | null> {
  if (!req.headers.authorization) return null
  try {
    const u = await authenticate(ctx, req)
    return { id: u.id }
  } catch (e) {
    if (e instanceof ApiError && e.statusCode === 401) return null
    throw e
  }
}

export async function registerNoticeRoutes(app: FastifyInstance, ctx: AccountsContext, d: NoticesDeps): Promise<void> {
  await seedNotices(ctx.db)
  const audio = createNoticeAudio({ db: ctx.db, speech: d.speech, store: d.audioStore, ...speechLimitsFromEnv(process.env) })
  app.decorate('readAloud', { stats: () => audio.scheduler() })
  await d.registerJob(NOTICE_AUDIO_JOB, async (data) => {
    const row = await loadNotice(ctx.db, data.noticeId)
    if (!row || row.status !== 'published') return
    try {
      await audio.audioFor(row)
    } catch (e) {
      // no synthesiser here: listeners get the plain 503 when they ask; nothing to retry
      if (e instanceof ApiError && e.code === 'SPEECH_UNAVAILABLE') return
      throw e
    }
  })
  const fanout: FanoutDeps = { db: ctx.db, notify: d.notify, afterFanout: d.afterFanout }
  await d.registerJob(FANOUT_JOB, async (data) => {
    await fanOutNotice(fanout, data.noticeId)
  })
  const officeOf = (_ctx: AccountsContext, req: FastifyRequest) => d.requireOffice(req)

  const homeRegionOf = async (userId: string) => {
    const row = (await getProfileRow(ctx, ctx.db, { id: userId } as never)) as { home_region?: string | null; work_region?: string | null } | null
    return row?.home_region ?? row?.work_region ?? null
  }

  typed(app).route({
    ...contractRoute(routes.listNotices),
    handler: async (req, reply) => {
      const viewer = await optionalViewer(ctx, req)
      if (viewer) reply.header('cache-control', 'no-store')
      return listNotices(ctx, viewer, req.query, homeRegionOf)
    }
  })
  typed(app).route({
    ...contractRoute(routes.getNotice),
    handler: async (req, reply) => {
      const viewer = await optionalViewer(ctx, req)
      if (viewer) reply.header('cache-control', 'no-store')
      return getNotice(ctx, viewer, req.params.id)
    }
  })
  /** The audio with ETag, caching and byte ranges (players ask for ranges) */
  const sendAudio = async (req: FastifyRequest, reply: FastifyReply, etag: string, get: () => Promise<NoticeAudio>, cacheControl: string) => {
    if (req.headers['if-none-match'] === etag) return reply.status(304).header('cache-control', cacheControl).send()
    const a = await get()
    reply.header('content-type', a.contentType).header('etag', etag).header('cache-control', cacheControl).header('accept-ranges', 'bytes')
    const range = parseRange(req.headers.range, a.bytes.length)
    if (range === 'invalid') return reply.status(416).header('content-range', `bytes */${a.bytes.length}`).send()
    if (range) {
      return reply
        .status(206)
        .header('content-range', `bytes ${range.start}-${range.end}/${a.bytes.length}`)
        .send(a.bytes.subarray(range.start, range.end + 1))
    }
    return reply.send(a.bytes)
  }

  typed(app).route({
    ...contractRoute(routes.noticeAudio),
    handler: async (req, reply) => {
      const row = await loadNotice(ctx.db, req.params.id)
      if (!row || row.status !== 'published') throw notFound(NOTICE_MESSAGES.notFound)
      return sendAudio(req, reply, `"${audio.hashOf(row)}"`, () => audio.audioFor(row), 'public, max-age=300')
    }
  })

  // per reader: the times of their last new syntheses (cached texts are free); one instance's memory is enough
  // for a limit whose job is to keep one account from filling the file store
  const recent = new Map<string, number[]>()
  typed(app).route({
    ...contractRoute(routes.speech),
    handler: async (req, reply) => {
      const user = await authenticate(ctx, req)
      const text = req.query.text.trim()
      // control characters are nothing to read; the synthesiser gets plain text only
      // eslint-disable-next-line no-control-regex -- matching control characters is the point
      if (text.length === 0 || /[\u0000-\u0008\u000b-\u001f\u007f]/.test(text)) throw badRequest(SPEECH_MESSAGES.badText, 'text')
      if (!(await audio.known(text))) {
        const now = Date.now()
        const times = (recent.get(user.id) ?? []).filter((t) => now - t < 3_600_000)
        if (times.length >= SPEECH_NEW_PER_HOUR) throw new ApiError(429, 'TOO_MANY_REQUESTS', SPEECH_MESSAGES.tooMany, undefined, Math.ceil((times[0] + 3_600_000 - now) / 1000))
        times.push(now)
        recent.set(user.id, times)
      }
      return sendAudio(req, reply, `"${audio.textHash(text)}"`, () => audio.audioForText(text, user.id), 'no-store')
    }
  })

  typed(app).route({
    ...contractRoute(routes.createSubscription),
    handler: async (req, reply) => {
      const user = await authenticate(ctx, req)
      const r = await createSubscription(ctx, user.id, req.body)
      return reply.header('cache-control', 'no-store').status(r.status).send(r.body)
    }
  })
  typed(app).route({
    ...contractRoute(routes.mySubscriptions),
    handler: async (req, reply) => {
      const user = await authenticate(ctx, req)
      reply.header('cache-control', 'no-store')
      return mySubscriptions(ctx, user.id)
    }
  })
  typed(app).route({
    ...contractRoute(routes.deleteSubscription),
    handler: async (req, reply) => {
      const user = await authenticate(ctx, req)
      reply.header('cache-control', 'no-store')
      return deleteSubscription(ctx, user.id, req.params.id)
    }
  })

  typed(app).route({
    ...contractRoute(routes.adminListNotices),
    handler: async (req, reply) => {
      const office = await officeOf(ctx, req)
      reply.header('cache-control', 'no-store')
      return { items: await adminListNotices(ctx, office), regionPrefix: office.regionPrefix }
    }
  })
  typed(app).route({
    ...contractRoute(routes.adminCreateNotice),
    handler: async (req, reply) => {
      const office = await officeOf(ctx, req)
      // the push and audio jobs go in with the notice, in its transaction: one commit for the request (three
      // before), and no notice without its jobs. Without a queue they run after the commit, as before.
      let queued = false
      const row = await createNotice(ctx, office, req.body, async (tx, id) => {
        queued = await d.sendJobsIn(tx, [
          { name: FANOUT_JOB, data: { noticeId: id } },
          { name: NOTICE_AUDIO_JOB, data: { noticeId: id } }
        ])
      })
      if (!queued) {
        await d.sendJob(FANOUT_JOB, { noticeId: row.id })
        await d.sendJob(NOTICE_AUDIO_JOB, { noticeId: row.id })
      }
      // reached: 0 when the notice was written (the push starts after the commit)
      return reply.header('cache-control', 'no-store').status(201).send(await toAdmin(ctx, row, 0))
    }
  })
  typed(app).route({
    ...contractRoute(routes.adminUpdateNotice),
    handler: async (req, reply) => {
      const office = await officeOf(ctx, req)
      const row = await updateNotice(ctx, office, req.params.id, req.body)
      // an edit is a new text: its audio is made now too
      await d.sendJob(NOTICE_AUDIO_JOB, { noticeId: row.id })
      reply.header('cache-control', 'no-store')
      return toAdmin(ctx, row)
    }
  })
  typed(app).route({
    ...contractRoute(routes.adminWithdrawNotice),
    handler: async (req, reply) => {
      const office = await officeOf(ctx, req)
      const row = await withdrawNotice(ctx, office, req.params.id, req.body.reason)
      reply.header('cache-control', 'no-store')
      return toAdmin(ctx, row)
    }
  })
}
