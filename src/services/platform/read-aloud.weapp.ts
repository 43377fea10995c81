/**
 * 听一听 on the mini program: the server's synthesised audio, downloaded first (so a 503 from a server
 * without a synthesiser becomes a plain message, not a silent failure), played through WeChat's audio context.
 */
import Taro from '@tarojs/taro'
import { READ_ALOUD_MESSAGES, type ReadAloud, type ReadAloudSource, type ReadAloudState } from '../../domain/read-aloud'

export * from '../../domain/read-aloud'

export function createReadAloud(source: ReadAloudSource, onState: (s: ReadAloudState) => void): ReadAloud {
  let player: Taro.InnerAudioContext | null = null
  let stopped = false

  async function load() {
    onState({ status: 'loading' })
    let file: { statusCode: number; tempFilePath: string }
    try {
      file = await Taro.downloadFile({ url: source.audioUrl, header: source.audioHeaders ?? {} })
    } catch {
      if (!stopped) onState({ status: 'unavailable', message: READ_ALOUD_MESSAGES.failed })
      return
    }
    if (stopped) return
    if (file.statusCode !== 200) {
      onState({ status: 'unavailable', message: file.statusCode === 503 ? (source.unavailableMessage ?? READ_ALOUD_MESSAGES.unavailable) : READ_ALOUD_MESSAGES.failed })
      return
    }
    // play even when the iPhone's mute switch is on: the listener asked for it
    void Promise.resolve(Taro.setInnerAudioOption?.({ obeyMuteSwitch: false })).catch(() => undefined)
    player = Taro.createInnerAudioContext()
    player.src = file.tempFilePath
    player.onPlay(() => onState({ status: 'playing' }))
    player.onPause(() => !stopped && onState({ status: 'paused' }))
    player.onEnded(() => onState({ status: 'idle' }))
    player.onError(() => !stopped && onState({ status: 'unavailable', message: READ_ALOUD_MESSAGES.failed }))
    player.play()
  }

  return {
    play() {
      stopped = false
      if (player) player.play()
      else void load()
    },
    pause() {
      player?.pause()
    },
    stop() {
      stopped = true
      if (player) {
        player.stop()
        player.destroy()
        player = null
      }
    }
  }
}
