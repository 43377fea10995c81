/**
 * Sheet — a panel that rises from the bottom over a dimmed page (a dialog): a title, its content, and the
 * safe area of phones without a home button kept clear. Tapping the dimmed part calls `onClose` when given
 * (leave it out when the sheet needs an answer).
 *
 * With `bar` it is a picker: a bar at the top (an optional 返回 on the left, the heading, 关闭 on the right),
 * the content scrolling under it edge to edge, and `foot` fixed at the bottom (清空 / 确定). The region picker,
 * the course filters and the 工种 tiles are this one sheet.
 */
import type { ReactNode } from 'react'
import { View, Text, ScrollView } from '@tarojs/components'
import { Tappable } from '../tappable'

export interface SheetProps {
  id?: string
  /** added to the outer element (a page's own hook for styles and tests) */
  className?: string
  /** the dialog's name; also the heading unless `bar.heading` says otherwise */
  title: string
  /** tall: fills most of the screen and scrolls inside (a long list) */
  tall?: boolean
  onClose?(): void
  /** a picker's bar: `closeId` names its 关闭 button; `before` sits left of the heading (a 返回) */
  bar?: { closeId: string; heading?: string; before?: ReactNode }
  /** under the scrolling content, always visible (only with `bar`) */
  foot?: ReactNode
  children?: ReactNode
}

export function Sheet(p: SheetProps) {
  const root = p.className ? `ui-sheet ${p.className}` : 'ui-sheet'
  if (p.bar)
    return (
      <View id={p.id} className={root}>
        <View className='ui-sheet__scrim' onClick={p.onClose} />
        <View className='ui-sheet__panel ui-sheet__panel--bar' role='dialog' aria-modal='true' aria-label={p.title}>
          <View className='ui-sheet__bar'>
            {p.bar.before}
            <Text className='ui-sheet__heading'>{p.bar.heading ?? p.title}</Text>
            <Tappable className='ui-sheet__close' id={p.bar.closeId} onTap={() => p.onClose?.()}>
              <Text>关闭</Text>
            </Tappable>
          </View>
          <ScrollView scrollY className='ui-sheet__body'>
            {p.children}
          </ScrollView>
          {p.foot}
        </View>
      </View>
    )
  return (
    <View id={p.id} className={root}>
      <View className='ui-sheet__scrim' onClick={p.onClose} />
      <View className={p.tall ? 'ui-sheet__panel ui-sheet__panel--tall' : 'ui-sheet__panel'} role='dialog' aria-label={p.title}>
        <Text className='ui-sheet__title'>{p.title}</Text>
        {p.children}
      </View>
    </View>
  )
}
