import { View, Text } from '@tarojs/components'
import { occupationByCode } from '../../domain/catalog'
import { Tappable } from '../ui/tappable'
import { ICON_CODES, occupationIconClass } from './icons'
import './index.css'
import './icons.css'

// names that would not fit a tile, shortened the way people say them
const SHORT_NAMES: Record<string, string> = { '4-01-06-02': '直播销售员', '5-01-02-01': '植保员' }

/** The 工种 shown as picture tiles. */
export const OCCUPATION_TILES: readonly { code: string; name: string }[] = ICON_CODES.map((code) => ({
  code,
  name: SHORT_NAMES[code] ?? occupationByCode(code)?.name ?? code
}))

export interface OccupationGridProps {
  /** at most this many tiles (home shows a few and a 更多 tile) */
  max?: number
  /** the 工种 now chosen: its tile shows pressed */
  value?: string
  /** role of the tiles: link when a tile opens a page, button when it sets a filter */
  role?: 'link' | 'button'
  onPick(code: string): void
  /** shown as the last tile when given (e.g. 更多工种) */
  moreText?: string
  onMore?(): void
}

/** A grid of large picture tiles, one per 工种: browse courses without typing. */
export function OccupationGrid({ max, value, role = 'link', onPick, moreText, onMore }: OccupationGridProps) {
  const tiles = max ? OCCUPATION_TILES.slice(0, max) : OCCUPATION_TILES
  return (
    <View className='occupation-grid'>
      {tiles.map((t) => (
        <Tappable
          key={t.code}
          id={`occupation-${t.code}`}
          role={role}
          pressed={role === 'button' ? t.code === value : undefined}
          className={t.code === value ? 'occupation-grid__tile occupation-grid__tile--active' : 'occupation-grid__tile'}
          hoverClass='occupation-grid__tile--pressed'
          label={`${t.name}的课程`}
          onTap={() => onPick(t.code)}
        >
          <View className={`occupation-grid__icon ${occupationIconClass(t.code)}`} />
          <Text className='occupation-grid__name'>{t.name}</Text>
        </Tappable>
      ))}
      {moreText && onMore && (
        <Tappable id='occupation-more' role={role} className='occupation-grid__tile occupation-grid__tile--more' hoverClass='occupation-grid__tile--pressed' onTap={onMore}>
          <View className='occupation-grid__icon occupation-grid__icon--more'>
            <Text>···</Text>
          </View>
          <Text className='occupation-grid__name'>{moreText}</Text>
        </Tappable>
      )}
    </View>
  )
}
