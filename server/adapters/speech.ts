/**
 * SpeechSynthesizer (听一听): Mandarin text → audio bytes.
 * - development: espeak-ng with its `cmn` voice (Debian package, offline, deterministic: the same text gives
 *   the same bytes); installed by scripts/ensure-espeak.sh. When it is missing the adapter says so
 *   (SpeechUnavailableError) and the route answers 503 in plain Chinese instead of failing silently.
 * - production: any cloud TTS behind an HTTPS endpoint (SPEECH_ADAPTER=http): POST { text, voice } → audio bytes.
 * Both share the limits: at most MAX_SPEECH_CHARS characters, one synthesis at a time per process, 30 s timeout.
 */
import { spawn, spawnSync } from 'node:child_process'

export const MAX_SPEECH_CHARS = 6000
export const SPEECH_TIMEOUT_MS = 30_000

export class SpeechUnavailableError extends Error {
  constructor(reason: string) {
    super(reason)
  }
}

export interface SpeechSynthesizer {
  /** Part of the cache key: a change of voice or engine makes new audio */
  readonly voice: string
  readonly contentType: string
  /** Resolves the audio; rejects with SpeechUnavailableError when there is no synthesiser */
  synthesize(text: string): Promise<Buffer>
}

/**
 * espeak-ng streams to stdout before it knows the length, so its RIFF and data sizes say 0x7fff…;
 * some players (and WeChat's audio context on iOS) want the true sizes.
 */
export function fixWavSizes(wav: Buffer): Buffer {
  if (wav.toString('ascii', 0, 4) !== 'RIFF' || wav.toString('ascii', 8, 12) !== 'WAVE') return wav
  wav.writeUInt32LE(wav.length - 8, 4)
  let at = 12
  while (at + 8 <= wav.length) {
    const id = wav.toString('ascii', at, at + 4)
    if (id === 'data') {
      wav.writeUInt32LE(wav.length - at - 8, at + 4)
      break
    }
    at += 8 + wav.readUInt32LE(at + 4)
  }
  return wav
}

/** One synthesis at a time: espeak-ng is CPU-bound and the machine is small; callers queue. */
function serial(): <T>(fn: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve()
  return <T>(fn: () => Promise<T>) => {
    const run = tail.then(fn, fn)
    tail = run.catch(() => undefined)
    return run
  }
}

export function espeakAvailable(binary = 'espeak-ng'): boolean {
  const r = spawnSync(binary, ['--voices=cmn'], { encoding: 'utf8', timeout: 5000 })
  return r.status === 0 && /\bcmn\b/.test(r.stdout ?? '')
}

export function espeakSynthesizer(opts: { binary?: string; speed?: number } = {}): SpeechSynthesizer {
  const binary = opts.binary ?? 'espeak-ng'
  // slower than espeak's default 175 wpm: the listeners are older and read little
  const speed = opts.speed ?? 150
  let available: boolean | null = null
  const queue = serial()
  return {
    voice: `espeak-ng:cmn:${speed}`,
    contentType: 'audio/wav',
    synthesize(text) {
      if (available === null) available = espeakAvailable(binary)
      if (!available) return Promise.reject(new SpeechUnavailableError('espeak-ng with the cmn voice is not installed'))
      return queue(
        () =>
          new Promise<Buffer>((resolve, reject) => {
            // text on stdin, never on the command line (length limits, no shell)
            const child = spawn(binary, ['-v', 'cmn', '-s', String(speed), '--stdout'], { stdio: ['pipe', 'pipe', 'pipe'] })
            const chunks: Buffer[] = []
            let err = ''
            const timer = setTimeout(() => child.kill('SIGKILL'), SPEECH_TIMEOUT_MS)
            child.stdout.on('data', (d: Buffer) => chunks.push(d))
            child.stderr.on('data', (d: Buffer) => (err += d.toString()))
            child.on('error', (e) => {
              clearTimeout(timer)
              available = false
              reject(new SpeechUnavailableError(e.message))
            })
            child.on('close', (code) => {
              clearTimeout(timer)
              const out = Buffer.concat(chunks)
              if (code === 0 && out.length > 44) resolve(fixWavSizes(out))
              else reject(new Error(`espeak-ng exited ${code}: ${err.slice(0, 200)}`))
            })
            child.stdin.end(text.slice(0, MAX_SPEECH_CHARS))
          })
      )
    }
  }
}

/**
 * A cloud TTS behind one HTTPS endpoint (e.g. a small gateway in front of 腾讯云/阿里云/讯飞 speech synthesis):
 * POST { text, voice } with `Authorization: Bearer <SPEECH_TOKEN>` → 200 with the audio bytes and their content type.
 */
export function httpSynthesizer(opts: { endpoint: string; token?: string; voice?: string; contentType?: string }): SpeechSynthesizer {
  const voice = opts.voice ?? 'zh-CN'
  const queue = serial()
  return {
    voice: `http:${voice}`,
    contentType: opts.contentType ?? 'audio/mpeg',
    synthesize(text) {
      return queue(async () => {
        let res: Response
        try {
          res = await fetch(opts.endpoint, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}) },
            body: JSON.stringify({ text: text.slice(0, MAX_SPEECH_CHARS), voice }),
            signal: AbortSignal.timeout(SPEECH_TIMEOUT_MS)
          })
        } catch (e) {
          throw new SpeechUnavailableError((e as Error).message)
        }
        if (!res.ok) throw new SpeechUnavailableError(`TTS endpoint answered ${res.status}`)
        return Buffer.from(await res.arrayBuffer())
      })
    }
  }
}

/** A synthesiser that is not there (SPEECH_ADAPTER=none): the route says so plainly. */
export function noSynthesizer(): SpeechSynthesizer {
  return {
    voice: 'none',
    contentType: 'audio/wav',
    synthesize: () => Promise.reject(new SpeechUnavailableError('no speech synthesiser configured'))
  }
}

/** SPEECH_ADAPTER=espeak (default) | http (SPEECH_ENDPOINT, SPEECH_TOKEN, SPEECH_VOICE) | none. */
export function speechFromEnv(env: Record<string, string | undefined> = process.env): SpeechSynthesizer {
  const kind = env.SPEECH_ADAPTER ?? 'espeak'
  if (kind === 'none') return noSynthesizer()
  if (kind === 'http') {
    if (!env.SPEECH_ENDPOINT) throw new Error('SPEECH_ADAPTER=http needs SPEECH_ENDPOINT')
    return httpSynthesizer({ endpoint: env.SPEECH_ENDPOINT, token: env.SPEECH_TOKEN, voice: env.SPEECH_VOICE, contentType: env.SPEECH_CONTENT_TYPE })
  }
  if (kind !== 'espeak') throw new Error(`SPEECH_ADAPTER must be espeak, http or none (got ${kind})`)
  return espeakSynthesizer({ binary: env.ESPEAK_BINARY })
}
