/**
 * Sheet — a panel that rises from the bottom over a dimmed page (a dialog): a title, its content, and the
 * safe area of phones without a home button kept clear. Tapping the dimmed part calls `onClose` when given
 * (leave it out when the sheet needs an answer).
 */
import type { ReactNode } from 'react'
import { View, Text } from '@tarojs/components'

export interface SheetProps {
  id?: string
  title: string
  /** tall: fills most of the screen and scrolls inside (a long list) */
  tall?: boolean
  onClose?(): void
  children?: ReactNode
}

export function Sheet(p: SheetProps) {
  return (
    <View id={p.id} className='ui-sheet'>
      <View className='ui-sheet__scrim' onClick={p.onClose} />
      <View className={p.tall ? 'ui-sheet__panel ui-sheet__panel--tall' : 'ui-sheet__panel'} role='dialog' aria-label={p.title}>
        <Text className='ui-sheet__title'>{p.title}</Text>
        {p.children}
      </View>
    </View>
  )
}
