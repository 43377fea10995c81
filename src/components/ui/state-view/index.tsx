/**
 * Empty, loading and error states: always say what happened and what to do next.
 *   <EmptyState title='请先登录' detail='登录后查看消息' actionText='去登录' onAction={onLogin} />
 *   <ErrorState title={message} actionText='重试' onAction={onRetry} />
 *   <LoadingState />
 */
import { View, Text } from '@tarojs/components'
import { Tappable } from '../tappable'

export interface StateViewProps {
  kind: 'empty' | 'error'
  title: string
  detail?: string
  actionText?: string
  onAction?(): void
}

export function StateView({ kind, title, detail, actionText, onAction }: StateViewProps) {
  return (
    <View className={`state-view state-view--${kind}`} role={kind === 'error' ? 'alert' : undefined}>
      <Text className='state-view__title'>{title}</Text>
      {detail && <Text className='state-view__detail'>{detail}</Text>}
      {actionText && onAction && (
        <Tappable className='state-view__button' id={`state-${kind}-action`} hoverClass='state-view__button--pressed' onTap={onAction}>
          <Text>{actionText}</Text>
        </Tappable>
      )}
    </View>
  )
}

export type StateProps = Omit<StateViewProps, 'kind'>

export const EmptyState = (p: StateProps) => <StateView kind='empty' {...p} />
export const ErrorState = (p: StateProps) => <StateView kind='error' {...p} />

/** While a page's data is on its way; a status region so a screen reader hears it once. */
export function LoadingState({ text = '正在加载…' }: { text?: string }) {
  return (
    <View className='state-view state-view--loading' role='status'>
      <Text className='state-view__detail'>{text}</Text>
    </View>
  )
}
