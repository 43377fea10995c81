// Read-aloud worker thread: espeak-ng compiled to WebAssembly (@echogarden/espeak-ng-emscripten, installs
// from npm, no system package) and a pure-JS MP3 encoder (@breezystack/lamejs). Synthesis is synchronous
// CPU work, so it runs here, off the server's event loop. Plain ESM JavaScript: both packages are ES modules
// and this file is loaded by Node itself (under tsx and under jest alike).
import { parentPort } from 'node:worker_threads'

let engine = null

async function load() {
  if (!engine) {
    const [{ default: EspeakInitializer }, lame] = await Promise.all([import('@echogarden/espeak-ng-emscripten'), import('@breezystack/lamejs')])
    const m = await EspeakInitializer()
    const worker = new m.eSpeakNGWorker()
    worker.set_voice('cmn')
    engine = { worker, Mp3Encoder: lame.Mp3Encoder, sampleRate: worker.get_samplerate() }
  }
  return engine
}

/** Int16 mono PCM → MP3 (constant bit rate, mono) */
function encodeMp3(Mp3Encoder, pcm, sampleRate, kbps) {
  const enc = new Mp3Encoder(1, sampleRate, kbps)
  const parts = []
  const block = 1152 * 16
  for (let i = 0; i < pcm.length; i += block) {
    const out = enc.encodeBuffer(pcm.subarray(i, i + block))
    if (out.length) parts.push(Buffer.from(out))
  }
  const end = enc.flush()
  if (end.length) parts.push(Buffer.from(end))
  return Buffer.concat(parts)
}

parentPort.on('message', async (msg) => {
  try {
    const e = await load()
    const t0 = performance.now()
    let pcm
    let sampleRate = e.sampleRate
    if (msg.pcm) {
      pcm = msg.pcm
      sampleRate = msg.sampleRate
    } else {
      e.worker.set_rate(msg.rate)
      const chunks = []
      e.worker.synthesize(msg.text, (samples) => {
        if (samples && samples.length) chunks.push(samples)
      })
      pcm = new Int16Array(chunks.reduce((n, c) => n + c.length, 0))
      let at = 0
      for (const c of chunks) {
        pcm.set(c, at)
        at += c.length
      }
    }
    const t1 = performance.now()
    const mp3 = encodeMp3(e.Mp3Encoder, pcm, sampleRate, msg.kbps)
    const t2 = performance.now()
    parentPort.postMessage({ id: msg.id, mp3, seconds: pcm.length / sampleRate, synthMs: t1 - t0, encodeMs: t2 - t1 })
  } catch (err) {
    parentPort.postMessage({ id: msg.id, error: String(err?.message ?? err) })
  }
})
