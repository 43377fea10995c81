/** 听一听: one big play/pause button and, when nothing can read aloud, the plain sentence why. Presentational. */
import { View, Text } from '@tarojs/components'
import type { ReadAloudState } from '../../domain/read-aloud'
import { Tappable } from '../ui/tappable'
import './index.css'

export interface ListenBarProps {
  state: ReadAloudState
  onPlay(): void
  onPause(): void
  /** what the idle button says, e.g. 听一听（朗读这条通知） */
  label?: string
  id?: string
}

export function ListenBar({ state, onPlay, onPause, label = '听一听（朗读这条通知）', id = 'listen' }: ListenBarProps) {
  const playing = state.status === 'playing'
  const text = playing ? '暂停朗读' : state.status === 'paused' ? '继续听' : state.status === 'loading' ? '正在准备朗读…' : label
  return (
    <View className='listen'>
      <Tappable id={id} className={`listen__button${playing ? ' listen__button--on' : ''}`} pressed={playing} disabled={state.status === 'loading'} onTap={playing ? onPause : onPlay}>
        <Text>{text}</Text>
      </Tappable>
      {state.status === 'unavailable' && (
        <View role='status'>
          <Text className='listen__message'>{state.message}</Text>
        </View>
      )}
    </View>
  )
}
