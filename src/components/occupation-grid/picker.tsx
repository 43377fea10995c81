import { View, Text } from '@tarojs/components'
import { occupationByCode } from '../../domain/catalog'
import { Tappable } from '../ui/tappable'
import { Sheet } from '../ui/sheet'
import { OccupationGrid } from '.'
import { occupationIconClass } from './icons'

export interface OccupationBarProps {
  value?: string
  onOpen(): void
  onClear(): void
}

/** On the course list: 按图找工种 opens the picture sheet; a chosen 工种 shows with a way to drop it. */
export function OccupationBar({ value, onOpen, onClear }: OccupationBarProps) {
  const name = value ? occupationByCode(value)?.name : undefined
  return (
    <View className='occupation-bar'>
      <Tappable id='occupation-open' className='occupation-bar__open' onTap={onOpen}>
        {value ? (
          <View className={`occupation-bar__icon ${occupationIconClass(value)}`} />
        ) : (
          <View className='occupation-bar__icon occupation-bar__icon--grid' />
        )}
        <Text>{name ? `工种：${name}` : '按图找工种'}</Text>
      </Tappable>
      {name && (
        <Tappable id='occupation-clear' className='occupation-bar__clear' label={`不限工种（现在是${name}）`} onTap={onClear}>
          <Text>不限工种</Text>
        </Tappable>
      )}
    </View>
  )
}

export interface OccupationSheetProps {
  value?: string
  onPick(code: string): void
  onClose(): void
}

/** The picture tiles of every 工种 in a sheet over the list. */
export function OccupationSheet({ value, onPick, onClose }: OccupationSheetProps) {
  return (
    <Sheet className='occupation-sheet' title='按工种找课程' bar={{ closeId: 'occupation-close', heading: '点图片选工种' }} onClose={onClose}>
      <View className='occupation-sheet__grid'>
        <OccupationGrid role='button' value={value} onPick={onPick} />
      </View>
    </Sheet>
  )
}
