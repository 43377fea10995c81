/**
 * 听一听 on the mini program: the notice read aloud by the SpeechSynthesizer adapter, cached by a hash of
 * (voice, text) so each version of a notice is synthesised once; an edit makes a new hash, a new file.
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
}

export interface NoticeAudio {
  bytes: Buffer
  contentType: string
  hash: string
}

export function createNoticeAudio(deps: { db: Queryable; speech: SpeechSynthesizer; store: AudioBlobStore }) {
  // concurrent first requests for the same text share one synthesis
  const inFlight = new Map<string, Promise<NoticeAudio>>()

  async function produce(hash: string, text: string, unavailable: string): Promise<NoticeAudio> {
    const known = await deps.db.query<{ file_key: string; content_type: string }>('SELECT file_key, content_type FROM notice_audio WHERE content_hash = $1', [hash])
    if (known[0]) {
      const bytes = await deps.store.get(known[0].file_key)
      if (bytes) return { bytes, contentType: known[0].content_type, hash }
    }
    let bytes: Buffer
    try {
      bytes = await deps.speech.synthesize(text)
    } catch (e) {
      if (e instanceof SpeechUnavailableError) throw new ApiError(503, 'SPEECH_UNAVAILABLE', unavailable)
      throw e
    }
    // the file store takes only its own key shape (32 of [a-z0-9]); derived from the content hash
    const key = createHash('sha256').update(hash).digest('hex').slice(0, 32)
    await deps.store.put(key, bytes, deps.speech.contentType)
    await deps.db.query(
      `INSERT INTO notice_audio (content_hash, file_key, bytes, content_type) VALUES ($1, $2, $3, $4)
       ON CONFLICT (content_hash) DO UPDATE SET file_key = EXCLUDED.file_key, bytes = EXCLUDED.bytes`,
      [hash, key, bytes.length, deps.speech.contentType]
    )
    return { bytes, contentType: deps.speech.contentType, hash }
  }

  function cached(text: string, unavailable: string): Promise<NoticeAudio> {
    const hash = sha256(`${deps.speech.voice}\n${text}`)
    let p = inFlight.get(hash)
    if (!p) {
      p = produce(hash, text, unavailable).finally(() => inFlight.delete(hash))
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
    audioFor: (n: { title: string; summary: string; body: string; issuer: string }) => cached(noticeSpeechText(n), SPEECH_UNAVAILABLE_MESSAGE),
    audioForText: (text: string) => cached(text, SPEECH_TEXT_UNAVAILABLE_MESSAGE)
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
