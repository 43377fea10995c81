import { View, Text } from '@tarojs/components'
import { Tappable } from '../ui/tappable'
import './index.css'

export interface Entry {
  key: string
  title: string
  /** One short line under the title */
  hint: string
}

export interface EntryGridProps {
  entries: readonly Entry[]
  onOpen(key: string): void
}

export function EntryGrid({ entries, onOpen }: EntryGridProps) {
  return (
    <View className='entry-grid'>
      {entries.map((e) => (
        <Tappable
          key={e.key}
          role='link'
          id={`entry-${e.key}`}
          className='entry-grid__item'
          hoverClass='entry-grid__item--pressed'
          onTap={() => onOpen(e.key)}
        >
          <Text className='entry-grid__title'>{e.title}</Text>
          <Text className='entry-grid__hint'>{e.hint}</Text>
        </Tappable>
      ))}
    </View>
  )
}
