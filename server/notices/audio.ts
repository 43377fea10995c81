/**
 * 听一听 on the mini program: the notice read aloud by the SpeechSynthesizer adapter, cached by a hash of
 * (voice, text) so each version of a notice is synthesised once; an edit makes a new hash, a new file.
 * Notice audio is made at publish (a job). Syntheses run one at a time through a fair scheduler: notices
 * first, then readers' texts round-robin, each reader's queue bounded (429 with Retry-After beyond it), so a
 * burst from anyone delays a notice by at most the one synthesis already running. The cache is bounded in
 * bytes (SPEECH_CACHE_MAX_BYTES), least recently used evicted first.
 */
import { createHash } from 'node:crypto'
import { sha256 } from '../crypto'
import type { Queryable } from '../db'
import { noticeSpeechText } from '../../src/domain/notice'
import { SpeechUnavailableError, type SpeechSynthesizer } from '../adapters'
import { ApiError } from '../errors'

export const SPEECH_UNAVAILABLE_MESSAGE = '现在没法朗读这条通知，请先看文字，或请家人帮忙读一读'
export const SPEECH_TEXT_UNAVAILABLE_MESSAGE = '现在没法朗读，请先看文字，或请家人帮忙读一读'

/** Where the audio bytes live (the FileStore in production wiring). */
export interface AudioBlobStore {
  put(key: string, bytes: Buffer, contentType: string): Promise<void>
  get(key: string): Promise<Buffer | null>
  delete(key: string): Promise<void>
}

export const SPEECH_QUEUE_MESSAGE = '现在想听的人比较多，请过一会儿再点“听一听”'
/** Texts one reader may have waiting for synthesis at once (SPEECH_QUEUE_PER_USER) */
export const DEFAULT_SPEECH_QUEUE_PER_USER = 3
/** Bytes of synthesised audio kept (SPEECH_CACHE_MAX_BYTES); 200 MB ≈ 14 hours of speech at 32 kbps */
export const DEFAULT_SPEECH_CACHE_MAX_BYTES = 200 * 1024 * 1024

export function speechLimitsFromEnv(env: Record<string, string | undefined> = process.env): { perUserQueue: number; cacheMaxBytes: number } {
  const q = Number(env.SPEECH_QUEUE_PER_USER)
  const b = Number(env.SPEECH_CACHE_MAX_BYTES)
  return {
    perUserQueue: Number.isInteger(q) && q > 0 ? q : DEFAULT_SPEECH_QUEUE_PER_USER,
    cacheMaxBytes: Number.isFinite(b) && b > 0 ? Math.floor(b) : DEFAULT_SPEECH_CACHE_MAX_BYTES
  }
}

/** Who a synthesis is for: a notice (always first) or a reader (fair among readers) */
export type SpeechLane = { kind: 'notice' } | { kind: 'reader'; userId: string }

export interface SchedulerStats {
  /** syntheses started so far, in order: their lane ('notice' or the reader's id) and how many other
   * syntheses started between this one being queued and starting (a notice's is at most 1) */
  started: Array<{ lane: string; waited: number }>
  running: boolean
  waiting: number
}

/**
 * One synthesis at a time. Next to run: the oldest notice task, else the head of the next reader's queue in
 * round-robin order. A reader with `perUser` tasks waiting gets 429 SPEECH_QUEUE_FULL, Retry-After from the
 * average synthesis time times the work ahead.
 */
export function createFairScheduler(perUser: number) {
  const notices: Array<() => void> = []
  const readers = new Map<string, Array<() => void>>()
  const order: string[] = []
  let running = false
  let avgMs = 3000
  const started: Array<{ lane: string; waited: number }> = []
  const queuedAt = new WeakMap<() => void, number>()

  const next = () => {
    if (running) return
    let task: (() => void) | undefined
    let lane = 'notice'
    if (notices.length) task = notices.shift()
    else if (order.length) {
      lane = order.shift()!
      const q = readers.get(lane)!
      task = q.shift()
      if (q.length) order.push(lane)
      else readers.delete(lane)
    }
    if (!task) return
    running = true
    started.push({ lane, waited: started.length - (queuedAt.get(task) ?? started.length) })
    task()
  }

  return {
    run<T>(lane: SpeechLane, fn: () => Promise<T>): Promise<T> {
      if (lane.kind === 'reader') {
        const q = readers.get(lane.userId) ?? []
        if (q.length >= perUser) {
          let ahead = notices.length + (running ? 1 : 0)
          for (const other of readers.values()) ahead += Math.min(other.length, q.length)
          throw new ApiError(429, 'SPEECH_QUEUE_FULL', SPEECH_QUEUE_MESSAGE, undefined, Math.min(120, Math.max(1, Math.ceil((ahead * avgMs) / 1000))))
        }
      }
      return new Promise<T>((resolve, reject) => {
        const task = () => {
          const t0 = Date.now()
          fn()
            .then(resolve, reject)
            .finally(() => {
              avgMs = avgMs * 0.8 + (Date.now() - t0) * 0.2
              running = false
              next()
            })
        }
        queuedAt.set(task, started.length)
        if (lane.kind === 'notice') notices.push(task)
        else {
          const q = readers.get(lane.userId)
          if (q) q.push(task)
          else {
            readers.set(lane.userId, [task])
            order.push(lane.userId)
          }
        }
        next()
      })
    },
    stats(): SchedulerStats {
      let waiting = notices.length
      for (const q of readers.values()) waiting += q.length
      return { started: [...started], running, waiting }
    }
  }
}

export interface NoticeAudio {
  bytes: Buffer
  contentType: string
  hash: string
}

export function createNoticeAudio(deps: {
  db: Queryable
  speech: SpeechSynthesizer
  store: AudioBlobStore
  perUserQueue?: number
  cacheMaxBytes?: number
}) {
  // concurrent first requests for the same text share one synthesis
  const inFlight = new Map<string, Promise<NoticeAudio>>()
  const scheduler = createFairScheduler(deps.perUserQueue ?? DEFAULT_SPEECH_QUEUE_PER_USER)
  const maxBytes = deps.cacheMaxBytes ?? DEFAULT_SPEECH_CACHE_MAX_BYTES

  /** Drops least recently used audio until the cache fits its byte budget (the newest entry always stays) */
  async function evict(keep: string): Promise<void> {
    const [{ total }] = await deps.db.query<{ total: string | number }>('SELECT coalesce(sum(bytes), 0) AS total FROM notice_audio')
    let over = Number(total) - maxBytes
    if (over <= 0) return
    const victims = await deps.db.query<{ content_hash: string; file_key: string; bytes: number }>(
      'SELECT content_hash, file_key, bytes FROM notice_audio WHERE content_hash <> $1 ORDER BY last_used_at, content_hash LIMIT 500',
      [keep]
    )
    for (const v of victims) {
      if (over <= 0) break
      const gone = await deps.db.query('DELETE FROM notice_audio WHERE content_hash = $1 RETURNING 1', [v.content_hash])
      if (gone.length) {
        await deps.store.delete(v.file_key).catch(() => undefined)
        over -= v.bytes
      }
    }
  }

  async function produce(hash: string, text: string, unavailable: string, lane: SpeechLane): Promise<NoticeAudio> {
    const known = await deps.db.query<{ file_key: string; content_type: string; stale: boolean }>(
      `SELECT file_key, content_type, last_used_at < now() - interval '1 minute' AS stale FROM notice_audio WHERE content_hash = $1`,
      [hash]
    )
    if (known[0]) {
      const bytes = await deps.store.get(known[0].file_key)
      if (bytes) {
        // recency for the LRU, written at most once a minute per entry
        if (known[0].stale) await deps.db.query('UPDATE notice_audio SET last_used_at = now() WHERE content_hash = $1', [hash])
        return { bytes, contentType: known[0].content_type, hash }
      }
    }
    let bytes: Buffer
    try {
      bytes = await scheduler.run(lane, () => deps.speech.synthesize(text))
    } catch (e) {
      if (e instanceof SpeechUnavailableError) throw new ApiError(503, 'SPEECH_UNAVAILABLE', unavailable)
      throw e
    }
    // the file store takes only its own key shape (32 of [a-z0-9]); derived from the content hash
    const key = createHash('sha256').update(hash).digest('hex').slice(0, 32)
    await deps.store.put(key, bytes, deps.speech.contentType)
    await deps.db.query(
      `INSERT INTO notice_audio (content_hash, file_key, bytes, content_type, last_used_at) VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (content_hash) DO UPDATE SET file_key = EXCLUDED.file_key, bytes = EXCLUDED.bytes, last_used_at = now()`,
      [hash, key, bytes.length, deps.speech.contentType]
    )
    await evict(hash)
    return { bytes, contentType: deps.speech.contentType, hash }
  }

  function cached(text: string, unavailable: string, lane: SpeechLane): Promise<NoticeAudio> {
    const hash = sha256(`${deps.speech.voice}\n${text}`)
    let p = inFlight.get(hash)
    if (!p) {
      p = produce(hash, text, unavailable, lane).finally(() => inFlight.delete(hash))
      inFlight.set(hash, p)
    }
    return p
  }

  return {
    hashOf: (n: { title: string; summary: string; body: string; issuer: string }) => sha256(`${deps.speech.voice}\n${noticeSpeechText(n)}`),
    textHash: (text: string) => sha256(`${deps.speech.voice}\n${text}`),
    /** Whether this text was synthesised before (a cached copy costs nothing; the per-reader limit counts new ones) */
    async known(text: string): Promise<boolean> {
      const rows = await deps.db.query('SELECT 1 FROM notice_audio WHERE content_hash = $1', [sha256(`${deps.speech.voice}\n${text}`)])
      return rows.length > 0
    },
    audioFor: (n: { title: string; summary: string; body: string; issuer: string }) => cached(noticeSpeechText(n), SPEECH_UNAVAILABLE_MESSAGE, { kind: 'notice' }),
    audioForText: (text: string, userId: string) => cached(text, SPEECH_TEXT_UNAVAILABLE_MESSAGE, { kind: 'reader', userId }),
    scheduler: () => scheduler.stats()
  }
}

/** `Range: bytes=a-b` → the slice to send (206), or null for the whole body; 'invalid' → 416. */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | null | 'invalid' {
  if (!header) return null
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim())
  if (!m || (m[1] === '' && m[2] === '')) return 'invalid'
  let start: number
  let end: number
  if (m[1] === '') {
    start = Math.max(0, size - Number(m[2]))
    end = size - 1
  } else {
    start = Number(m[1])
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1)
  }
  if (start > end || start >= size) return 'invalid'
  return { start, end }
}
