/**
 * SpeechSynthesizer (听一听): Mandarin text → compressed audio (MP3, mono, 32 kbps by default).
 * - default (SPEECH_ADAPTER=wasm): espeak-ng compiled to WebAssembly with its `cmn` voice and a pure-JS MP3
 *   encoder, both from npm, in a worker thread (./speech-worker.mjs) — works on a fresh machine after
 *   `npm install`, no system package;
 * - SPEECH_ADAPTER=espeak: Debian's espeak-ng binary (scripts/ensure-espeak.sh), its WAV encoded to MP3 in the same worker;
 * - production: any cloud TTS behind an HTTPS endpoint (SPEECH_ADAPTER=http): POST { text, voice } → audio bytes.
 * When a synthesiser is missing the adapter says so (SpeechUnavailableError) and the route answers 503 in plain
 * Chinese. Limits: at most MAX_SPEECH_CHARS characters, 60 s timeout; callers schedule (server/notices/audio.ts).
 */
import { spawn, spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'

/** MP3 bit rate (kbps, mono): 32 keeps a minute of speech ≈ 240 KB; WeChat's InnerAudioContext and every browser play it */
export const DEFAULT_SPEECH_KBPS = 32

export const MAX_SPEECH_CHARS = 6000
export const SPEECH_TIMEOUT_MS = 60_000

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
  /** Ends any worker thread (on server close) */
  close?(): Promise<void>
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
  const encoder = speechWorker()
  const kbps = DEFAULT_SPEECH_KBPS
  return {
    voice: `espeak-ng:cmn:${speed}:mp3-${kbps}`,
    contentType: 'audio/mpeg',
    async synthesize(text) {
      if (available === null) available = espeakAvailable(binary)
      if (!available) throw new SpeechUnavailableError('espeak-ng with the cmn voice is not installed')
      const wav = await queue(
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
      // 16-bit mono PCM after the 44-byte header espeak-ng writes
      const sampleRate = wav.readUInt32LE(24)
      const pcm = new Int16Array(Math.floor((wav.length - 44) / 2))
      for (let i = 0; i < pcm.length; i++) pcm[i] = wav.readInt16LE(44 + i * 2)
      return mp3Of(await encoder.call({ pcm, sampleRate, kbps }, [pcm.buffer as ArrayBuffer]))
    },
    close: () => encoder.close()
  }
}

interface WorkerReply {
  id: number
  mp3?: Uint8Array
  seconds?: number
  error?: string
}

/** One worker thread running ./speech-worker.mjs; requests answered in order, started on first use. */
function speechWorker() {
  let worker: Worker | null = null
  let seq = 0
  const pending = new Map<number, { resolve: (r: WorkerReply) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>()
  const start = () => {
    const w = new Worker(join(__dirname, 'speech-worker.mjs'))
    w.unref()
    w.on('message', (r: WorkerReply) => {
      const p = pending.get(r.id)
      if (!p) return
      pending.delete(r.id)
      clearTimeout(p.timer)
      p.resolve(r)
    })
    const fail = (e: Error) => {
      worker = null
      for (const [id, p] of pending) {
        clearTimeout(p.timer)
        pending.delete(id)
        p.reject(new SpeechUnavailableError(e.message))
      }
    }
    w.on('error', fail)
    w.on('exit', (code) => fail(new Error(`speech worker exited ${code}`)))
    return w
  }
  return {
    call(msg: Record<string, unknown>, transfer: ArrayBuffer[] = []): Promise<WorkerReply> {
      worker ??= start()
      const id = ++seq
      const w = worker
      return new Promise<WorkerReply>((resolve, reject) => {
        // a stuck synthesis is ended with its thread; the next call starts a fresh one
        const timer = setTimeout(() => {
          pending.delete(id)
          reject(new Error('speech synthesis timed out'))
          void w.terminate()
        }, SPEECH_TIMEOUT_MS)
        pending.set(id, { resolve, reject, timer })
        w.postMessage({ ...msg, id }, transfer)
      })
    },
    async close() {
      await worker?.terminate()
      worker = null
    }
  }
}

const mp3Of = (r: WorkerReply): Buffer => {
  if (r.error || !r.mp3) throw new Error(`speech worker: ${r.error ?? 'no audio'}`)
  return Buffer.from(r.mp3.buffer, r.mp3.byteOffset, r.mp3.byteLength)
}

/** espeak-ng (WebAssembly, from npm) → MP3, in a worker thread. The first call loads the engine (≈ 0.3–1.6 s). */
export function wasmSynthesizer(opts: { rate?: number; kbps?: number } = {}): SpeechSynthesizer {
  // slower than espeak's default 175 wpm: the listeners are older and read little
  const rate = opts.rate ?? 150
  const kbps = opts.kbps ?? DEFAULT_SPEECH_KBPS
  const worker = speechWorker()
  return {
    voice: `espeak-ng-wasm:cmn:${rate}:mp3-${kbps}`,
    contentType: 'audio/mpeg',
    async synthesize(text) {
      return mp3Of(await worker.call({ text: text.slice(0, MAX_SPEECH_CHARS), rate, kbps }))
    },
    close: () => worker.close()
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
    contentType: 'audio/mpeg',
    synthesize: () => Promise.reject(new SpeechUnavailableError('no speech synthesiser configured'))
  }
}

/**
 * SPEECH_ADAPTER=wasm (default) | espeak (Debian binary) | http (SPEECH_ENDPOINT, SPEECH_TOKEN, SPEECH_VOICE) | none;
 * SPEECH_KBPS: MP3 bit rate for wasm/espeak (8–48, default 32).
 */
export function speechFromEnv(env: Record<string, string | undefined> = process.env): SpeechSynthesizer {
  const kind = env.SPEECH_ADAPTER ?? 'wasm'
  const kbpsEnv = Number(env.SPEECH_KBPS)
  const kbps = [8, 16, 24, 32, 40, 48].includes(kbpsEnv) ? kbpsEnv : DEFAULT_SPEECH_KBPS
  if (kind === 'wasm') return wasmSynthesizer({ kbps })
  if (kind === 'none') return noSynthesizer()
  if (kind === 'http') {
    if (!env.SPEECH_ENDPOINT) throw new Error('SPEECH_ADAPTER=http needs SPEECH_ENDPOINT')
    return httpSynthesizer({ endpoint: env.SPEECH_ENDPOINT, token: env.SPEECH_TOKEN, voice: env.SPEECH_VOICE, contentType: env.SPEECH_CONTENT_TYPE })
  }
  if (kind !== 'espeak') throw new Error(`SPEECH_ADAPTER must be wasm, espeak, http or none (got ${kind})`)
  return espeakSynthesizer({ binary: env.ESPEAK_BINARY })
}
