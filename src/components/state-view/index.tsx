import { View, Text } from '@tarojs/components'
import { Pressable } from '../ui/tappable'
import './index.css'

export interface StateViewProps {
  kind: 'empty' | 'error'
  title: string
  detail?: string
  actionText?: string
  onAction?(): void
}

/** Empty and error states: always say what happened and what to do next. */
export function StateView({ kind, title, detail, actionText, onAction }: StateViewProps) {
  return (
    <View className={`state-view state-view--${kind}`} role={kind === 'error' ? 'alert' : undefined}>
      <Text className='state-view__title'>{title}</Text>
      {detail && <Text className='state-view__detail'>{detail}</Text>}
      {actionText && onAction && (
        <Pressable className='state-view__button' id={`state-${kind}-action`} hoverClass='state-view__button--pressed' onPress={onAction}>
          <Text>{actionText}</Text>
        </Pressable>
      )}
    </View>
  )
}
