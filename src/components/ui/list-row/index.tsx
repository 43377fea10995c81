/**
 * ListRow — one row of a list: a title, an optional line under it, something on the right (a state, an
 * amount, a count). With `onTap` the whole row is one target (role link: it opens the item); without, it is text.
 */
import type { ReactNode } from 'react'
import { View, Text } from '@tarojs/components'
import { Tappable } from '../tappable'

export interface ListRowProps {
  id?: string
  className?: string
  title: string
  sub?: string
  /** a third, quieter line (a date, an office) */
  meta?: string
  /** right-hand side: a badge, an amount */
  trailing?: ReactNode
  /** more lines under the head (a card's body) */
  children?: ReactNode
  /** accessible name when the title alone does not say where the row leads */
  label?: string
  onTap?(): void
}

export function ListRow(p: ListRowProps) {
  const body = (
    <>
      <View className='ui-row__head'>
        <Text className='ui-row__title'>{p.title}</Text>
        {p.trailing}
      </View>
      {p.sub && <Text className='ui-row__sub'>{p.sub}</Text>}
      {p.meta && <Text className='ui-row__meta'>{p.meta}</Text>}
      {p.children}
    </>
  )
  const cls = p.className ? `ui-row ${p.className}` : 'ui-row'
  if (!p.onTap)
    return (
      <View id={p.id} className={cls}>
        {body}
      </View>
    )
  return (
    <Tappable id={p.id} className={`${cls} ui-row--tap`} role='link' label={p.label} onTap={p.onTap}>
      {body}
    </Tappable>
  )
}
