/**
 * 听一听 in the browser: the browser's own speech synthesis with a Chinese voice when it has one;
 * otherwise the server's audio (GET /api/v1/notices/{id}/audio) in an <audio> player; when neither
 * exists the reader is told plainly.
 */
import { READ_ALOUD_MESSAGES, type ReadAloud, type ReadAloudSource, type ReadAloudState } from '../../domain/read-aloud'

export * from '../../domain/read-aloud'

function chineseVoice(): SpeechSynthesisVoice | null {
  if (typeof window === 'undefined' || !('speechSynthesis' in window)) return null
  const voices = window.speechSynthesis.getVoices()
  return voices.find((v) => /^zh[-_](CN|Hans)/i.test(v.lang)) ?? voices.find((v) => /^(zh|cmn)/i.test(v.lang)) ?? null
}

export function createReadAloud(source: ReadAloudSource, onState: (s: ReadAloudState) => void): ReadAloud {
  let mode: 'none' | 'voice' | 'audio' = 'none'
  let audio: HTMLAudioElement | null = null
  let objectUrl: string | null = null
  let stopped = false

  function speak(voice: SpeechSynthesisVoice) {
    mode = 'voice'
    const u = new SpeechSynthesisUtterance(source.text)
    u.voice = voice
    u.lang = 'zh-CN'
    u.rate = 0.9
    u.onend = () => !stopped && onState({ status: 'idle' })
    u.onerror = () => !stopped && onState({ status: 'idle' })
    window.speechSynthesis.cancel()
    window.speechSynthesis.speak(u)
    onState({ status: 'playing' })
  }

  async function loadAudio() {
    onState({ status: 'loading' })
    let res: Response
    try {
      res = await fetch(source.audioUrl, { headers: source.audioHeaders ?? {} })
    } catch {
      if (!stopped) onState({ status: 'unavailable', message: READ_ALOUD_MESSAGES.failed })
      return
    }
    if (stopped) return
    if (!res.ok) {
      let message: string = source.unavailableMessage ?? READ_ALOUD_MESSAGES.unavailable
      try {
        const body = (await res.json()) as { message?: string }
        if (body.message) message = body.message
      } catch {
        /* not JSON */
      }
      onState({ status: 'unavailable', message })
      return
    }
    objectUrl = URL.createObjectURL(await res.blob())
    if (stopped) return
    mode = 'audio'
    audio = new Audio(objectUrl)
    audio.onplay = () => onState({ status: 'playing' })
    audio.onpause = () => !stopped && audio && !audio.ended && onState({ status: 'paused' })
    audio.onended = () => onState({ status: 'idle' })
    audio.play().catch(() => !stopped && onState({ status: 'paused' }))
  }

  return {
    play() {
      stopped = false
      if (mode === 'voice') {
        if (window.speechSynthesis.paused) {
          window.speechSynthesis.resume()
          onState({ status: 'playing' })
          return
        }
      }
      if (mode === 'audio' && audio) {
        void audio.play().catch(() => onState({ status: 'paused' }))
        return
      }
      const voice = chineseVoice()
      if (voice) speak(voice)
      else void loadAudio()
    },
    pause() {
      if (mode === 'voice') {
        window.speechSynthesis.pause()
        onState({ status: 'paused' })
      } else if (audio) audio.pause()
    },
    stop() {
      stopped = true
      if (mode === 'voice') window.speechSynthesis.cancel()
      if (audio) {
        audio.pause()
        audio.src = ''
        audio = null
      }
      if (objectUrl) URL.revokeObjectURL(objectUrl)
      objectUrl = null
      mode = 'none'
    }
  }
}
