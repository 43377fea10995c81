/**
 * WeChat-facing routes of 内容安全 (outside the app's contract: only WeChat calls them).
 * - GET  /api/v1/safety/media/:id?e=&s=  the photo for mediaCheckAsync: a signed address valid for an hour,
 *   only for a photo still 待检测 (WeChat needs nothing else, and nobody else gets photos this way).
 * - GET  /api/v1/safety/wechat  the URL check WeChat makes when the push address is configured (echostr).
 * - POST /api/v1/safety/wechat  the push of a mediaCheckAsync verdict (消息推送, 明文模式, 数据格式 JSON),
 *   signed like every WeChat message push: sha1(sort(token, timestamp, nonce)). Answered `success`.
 */
import { timingSafeEqual } from 'node:crypto'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { ApiError } from '../errors'
import { getFileRecord, type FileStore } from '../files'
import type { Queryable } from '../db'
import type { Suggest } from '../adapters'
import { wechatPushSignature, type SafetyService } from './index'

/** A push older (or newer) than this by WeChat's timestamp is refused: a captured push cannot be replayed later */
export const PUSH_WINDOW_SECONDS = 300

const notFound = () => new ApiError(404, 'NOT_FOUND', '没有找到这个地址，请检查链接是否正确')
const forbidden = () => new ApiError(403, 'BAD_SIGNATURE', '签名不正确')

/** WeChat's query parameters, whatever it sends: each is checked before use. */
type PushQuery = { Querystring: Record<string, unknown> }

function signed(safety: SafetyService, req: FastifyRequest<PushQuery>): boolean {
  const q = req.query
  const [signature, timestamp, nonce] = [q.signature, q.timestamp, q.nonce].map((v) => (typeof v === 'string' ? v : ''))
  if (!safety.pushToken || !signature || !/^[0-9]{1,12}$/.test(timestamp) || !nonce || nonce.length > 64) return false
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > PUSH_WINDOW_SECONDS) return false
  const want = Buffer.from(wechatPushSignature(safety.pushToken, timestamp, nonce))
  const got = Buffer.from(signature.toLowerCase())
  return want.length === got.length && timingSafeEqual(want, got)
}

export function registerSafetyRoutes(app: FastifyInstance, deps: { db: Queryable; store: FileStore; safety: SafetyService }): void {
  const { safety } = deps
  app.get<PushQuery & { Params: { id: string } }>('/api/v1/safety/media/:id', { schema: { hide: true } }, async (req, reply) => {
    const { id } = req.params
    const q = req.query
    if (typeof q.e !== 'string' || typeof q.s !== 'string' || !safety.verifyMediaUrl(id, q.e, q.s)) throw notFound()
    const file = await getFileRecord(deps.db, id)
    if (!file || file.safety !== 'pending') throw notFound()
    const data = await deps.store.get(file.storageKey)
    if (!data) throw notFound()
    return reply.header('cache-control', 'no-store').header('content-disposition', 'inline').type(file.contentType).send(data)
  })

  app.get<PushQuery>('/api/v1/safety/wechat', { schema: { hide: true } }, async (req, reply) => {
    if (!signed(safety, req)) throw forbidden()
    const { echostr } = req.query
    return reply.type('text/plain; charset=utf-8').send(typeof echostr === 'string' ? echostr.slice(0, 200) : '')
  })

  app.post<PushQuery>('/api/v1/safety/wechat', { schema: { hide: true }, bodyLimit: 64 * 1024 }, async (req, reply) => {
    if (!signed(safety, req)) throw forbidden()
    const body = (req.body ?? {}) as { Event?: unknown; trace_id?: unknown; result?: { suggest?: unknown; label?: unknown } }
    if (body.Event === 'wxa_media_check' && typeof body.trace_id === 'string' && body.trace_id.length <= 128) {
      const s = body.result?.suggest
      const suggest: Suggest = s === 'pass' || s === 'risky' || s === 'review' ? s : 'review'
      await safety.handleMediaResult({ traceId: body.trace_id, suggest, label: Number(body.result?.label ?? 0) || 0 })
    }
    // WeChat repeats a push it did not see answered with `success`; a repeat changes nothing (settle is conditional)
    return reply.type('text/plain; charset=utf-8').send('success')
  })
}
