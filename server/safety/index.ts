/**
 * 内容安全: what others will read is checked by the ContentSafety adapter (server/adapters/content-safety.ts)
 * before it is stored or shown.
 * - Text (notices, 公示异议, 申诉): checked in the request, field by field, before anything is written. Refused
 *   → 422 CONTENT_UNSAFE naming the field to change. Checker unreachable → 503 CONTENT_CHECK_UNAVAILABLE with
 *   Retry-After: we fail closed, because these texts are public (or go to an office) at once and there is
 *   nobody to hold them for; the author is still on the page and can send again.
 * - Photos: an upload starts 待检测 and is submitted for an asynchronous check. The verdict arrives later (the
 *   dev adapter's own, or WeChat's push to POST /api/v1/safety/wechat); passed photos become evidence, refused
 *   ones are hidden from everyone and the owner is told to retake them. Checker unreachable → the photo stays
 *   待检测 (already hidden from everyone but its owner) and the sweep submits it again: a queue, not a refusal.
 */
import { createHash, timingSafeEqual } from 'node:crypto'
import type { Db, Queryable } from '../db'
import { ApiError } from '../errors'
import { audit } from '../platform'
import { wechatOpenidOf } from '../accounts'
import { deliverToInbox, type InboxMessageInput } from '../inbox'
import { recordSafetyAttempt, recordSafetySubmission, settlePhotoSafety, stalePendingPhotos } from '../files'
import { ContentSafetyUnavailableError, TEXT_CHUNK, type ContentSafety, type ContentSafetyConfig, type MediaResult, type SafetyScene, type Suggest } from '../adapters'

declare module 'fastify' {
  interface FastifyInstance {
    /** the instance's 内容安全 service (tests drive its sweep with a chosen time) */
    safety: SafetyService
  }
}

export const SAFETY_MESSAGES = {
  unsafe: (label: string) => `「${label}」里有不适合发布的内容，请修改${label}后再提交（其他内容都还在，不用重填）`,
  unavailable: '内容安全检查暂时连不上，你填写的内容还没有提交，请半分钟后再试',
  photoRefusedTitle: '照片没有通过内容安全检测',
  photoRefusedBody: '你上传的一张照片没有通过内容安全检测，已被隐藏，任何人都看不到。请重新拍一张（只拍证书或材料本身，不要拍到其他内容）再上传。'
}

/** Seconds a client should wait before sending text again while the checker is unreachable */
export const RETRY_AFTER_SECONDS = 30
/** A photo without a verdict this long after submission is submitted again (a push lost on the way) */
export const RESUBMIT_AFTER_MS = 30 * 60 * 1000
/** How long the signed photo address handed to WeChat stays valid */
export const MEDIA_URL_TTL_MS = 60 * 60 * 1000
const SWEEP_BATCH = 50

export interface TextField {
  /** the request field, e.g. title */
  field: string
  /** what the author calls it, e.g. 标题 */
  label: string
  text: string
}

export interface Author {
  /** the signed-in author, or null for an anonymous writer (公示异议) */
  userId: string | null
}

/** What another capability says about a refused photo of its own (e.g. which certificate needs a new one). */
export type RefusalDescriber = (tx: Queryable, file: { id: string; ownerUserId: string }) => Promise<InboxMessageInput | null>

export interface SafetyService {
  readonly kind: 'dev' | 'real'
  /** Throws 422 CONTENT_UNSAFE (first refused field) or 503 CONTENT_CHECK_UNAVAILABLE; returns when all pass. */
  checkText(fields: TextField[], scene: SafetyScene, author: Author): Promise<void>
  /** Starts the check of a freshly stored photo; never throws (a failed submission is retried by the sweep). */
  submitPhoto(file: { id: string; ownerUserId: string }): Promise<void>
  /** Applies a verdict (from the adapter or WeChat's push); true when it changed a photo. */
  handleMediaResult(r: MediaResult): Promise<boolean>
  describeRefusal(fn: RefusalDescriber): void
  /** (Re)submits photos still waiting without a trace or without a verdict for too long. */
  sweep(now: Date): Promise<number>
  /** The short-lived address WeChat fetches the photo from */
  mediaUrl(fileId: string): string | null
  verifyMediaUrl(fileId: string, expires: string, sig: string): boolean
  readonly pushToken: string | null
  idle(): Promise<void>
}

export function createSafetyService(deps: {
  db: Db
  config: ContentSafetyConfig
  now: () => Date
  /** HMAC key material for the signed photo addresses (the server's field crypto) */
  sign: (value: string) => string
  log?: (msg: string, data?: object) => void
}): SafetyService {
  const adapter: ContentSafety = deps.config.adapter
  const describers: RefusalDescriber[] = []
  const unavailable = () => {
    return new ApiError(503, 'CONTENT_CHECK_UNAVAILABLE', SAFETY_MESSAGES.unavailable, undefined, RETRY_AFTER_SECONDS)
  }

  const mediaSig = (fileId: string, expires: string) => deps.sign(`media:${fileId}:${expires}`)
  const lockTrace = (tx: Queryable, traceId: string) => tx.query('SELECT pg_advisory_xact_lock(hashtext($1::text))', [traceId])

  /** Moves the photo with this trace id out of 待检测 (once); a refusal tells the owner. */
  async function applyVerdict(tx: Queryable, r: MediaResult): Promise<boolean> {
    // only 'pass' makes a photo evidence; WeChat's 'review' (unsure) is refused too: a certificate photo has
    // no reason to be borderline, and a retake costs the worker a minute
    const safety = r.suggest === 'pass' ? 'passed' : 'refused'
    const at = deps.now()
    const file = await settlePhotoSafety(tx, r.traceId, safety, r.label, at)
    if (!file) return false
    await audit(tx, { actor: 'content-safety', action: 'file.safety', objectType: 'file', objectId: file.id, reason: `${safety} (suggest=${r.suggest}, label=${r.label})` })
    if (safety === 'refused') {
      let msg: InboxMessageInput | null = null
      for (const d of describers) {
        msg = await d(tx, file)
        if (msg) break
      }
      await deliverToInbox(tx, file.ownerUserId, msg ?? { kind: 'photo_refused', title: SAFETY_MESSAGES.photoRefusedTitle, body: SAFETY_MESSAGES.photoRefusedBody, refType: 'file', refId: file.id }, at)
    }
    return true
  }

  const service: SafetyService = {
    kind: adapter.kind,
    pushToken: deps.config.pushToken,

    async checkText(fields, scene, author) {
      const openid = author.userId ? await wechatOpenidOf(deps.db, author.userId) : null
      const parts = fields.flatMap((f) => {
        // by code points: a piece never ends in half an emoji
        const text = [...f.text.trim()]
        const chunks: { f: TextField; content: string }[] = []
        for (let i = 0; i < text.length; i += TEXT_CHUNK) chunks.push({ f, content: text.slice(i, i + TEXT_CHUNK).join('') })
        return chunks
      })
      let verdicts
      try {
        verdicts = await Promise.all(parts.map((p) => adapter.checkText({ content: p.content, scene, openid })))
      } catch (err) {
        if (err instanceof ContentSafetyUnavailableError) {
          deps.log?.('content safety unavailable', { detail: err.message })
          throw unavailable()
        }
        throw err
      }
      const risky = parts.findIndex((_, i) => verdicts[i].suggest === 'risky')
      if (risky >= 0) throw new ApiError(422, 'CONTENT_UNSAFE', SAFETY_MESSAGES.unsafe(parts[risky].f.label), parts[risky].f.field)
      // 'review' (WeChat unsure): accepted — these authors are signed-in officials or workers on their own case,
      // or an objection only reviewers read — and noted in the audit log so an office can look again
      const unsure = parts.filter((_, i) => verdicts[i].suggest === 'review')
      if (unsure.length > 0) {
        await audit(deps.db, {
          actor: author.userId ?? 'public',
          action: 'content.review',
          objectType: 'text',
          objectId: unsure[0].f.field,
          reason: `WeChat suggest=review on ${[...new Set(unsure.map((u) => u.f.field))].join(',')}`
        })
      }
    },

    async submitPhoto(file) {
      const url = service.mediaUrl(file.id)
      if (!url) {
        deps.log?.('content safety: PUBLIC_BASE_URL missing, photo stays pending', { fileId: file.id })
        return
      }
      let traceId: string
      try {
        const openid = await wechatOpenidOf(deps.db, file.ownerUserId)
        traceId = (await adapter.submitMedia({ mediaUrl: url, scene: 1, openid })).traceId
      } catch (err) {
        if (!(err instanceof ContentSafetyUnavailableError)) throw err
        deps.log?.('content safety unavailable; photo queued', { fileId: file.id, detail: err.message })
        await recordSafetyAttempt(deps.db, file.id, deps.now())
        return
      }
      await deps.db.transaction(async (tx) => {
        await lockTrace(tx, traceId)
        await recordSafetySubmission(tx, file.id, traceId, deps.now())
        // the verdict may have arrived first (see handleMediaResult)
        const [early] = await tx.query<{ suggest: Suggest; label: number }>('DELETE FROM content_safety_early_verdicts WHERE trace_id = $1 RETURNING suggest, label', [traceId])
        if (early) await applyVerdict(tx, { traceId, suggest: early.suggest, label: early.label })
      })
    },

    async handleMediaResult(r) {
      return deps.db.transaction(async (tx) => {
        // one lock per trace id: the submission recording it and its verdict never interleave
        await lockTrace(tx, r.traceId)
        if (await applyVerdict(tx, r)) return true
        const known = await tx.query('SELECT 1 FROM files WHERE safety_trace_id = $1', [r.traceId])
        // a repeat (or a late, contradicting) push for a settled photo changes nothing; an unknown trace id is
        // a verdict that overtook its submission: kept until the submission records the trace id
        if (known.length === 0) {
          await tx.query('INSERT INTO content_safety_early_verdicts (trace_id, suggest, label, received_at) VALUES ($1, $2, $3, $4) ON CONFLICT (trace_id) DO NOTHING', [
            r.traceId,
            r.suggest,
            r.label,
            deps.now().toISOString()
          ])
        }
        return false
      })
    },

    describeRefusal(fn) {
      describers.push(fn)
    },

    async sweep(now) {
      // early verdicts whose submission never recorded its trace id (it failed after WeChat answered)
      await deps.db.query('DELETE FROM content_safety_early_verdicts WHERE received_at < $1', [new Date(now.getTime() - 86_400_000).toISOString()])
      const due = await deps.db.transaction(async (tx) => {
        const rows = await stalePendingPhotos(tx, now, RESUBMIT_AFTER_MS, SWEEP_BATCH)
        // marked in the same transaction: the next sweep (this or another instance) leaves them for a minute
        if (rows.length > 0) await tx.query('UPDATE files SET safety_submitted_at = $2, safety_trace_id = NULL WHERE id = ANY($1::text[])', [rows.map((r) => r.id), now.toISOString()])
        return rows
      })
      for (const f of due) await service.submitPhoto(f)
      return due.length
    },

    mediaUrl(fileId) {
      if (!deps.config.publicBaseUrl && adapter.kind === 'real') return null
      const expires = String(deps.now().getTime() + MEDIA_URL_TTL_MS)
      const base = deps.config.publicBaseUrl ?? 'http://localhost'
      return `${base}/api/v1/safety/media/${fileId}?e=${expires}&s=${mediaSig(fileId, expires)}`
    },

    verifyMediaUrl(fileId, expires, sig) {
      if (!/^[0-9]{13}$/.test(expires) || Number(expires) < deps.now().getTime()) return false
      const want = Buffer.from(mediaSig(fileId, expires))
      const got = Buffer.from(sig)
      return want.length === got.length && timingSafeEqual(want, got)
    },

    idle: () => adapter.idle()
  }
  adapter.onMediaResult(async (r) => {
    try {
      await service.handleMediaResult(r)
    } catch (err) {
      deps.log?.('content safety verdict not applied', { detail: (err as Error).message })
    }
  })
  return service
}

/** SHA1 of the sorted token, timestamp and nonce: how WeChat signs a message push. */
export function wechatPushSignature(token: string, timestamp: string, nonce: string): string {
  return createHash('sha1').update([token, timestamp, nonce].sort().join('')).digest('hex')
}
