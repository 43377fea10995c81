/** Few or no courses found: one button per way to widen the search (see domain/search-widen). */
import { View, Text } from '@tarojs/components'
import type { WidenOffer } from '../../domain/search-widen'
import { Tappable } from '../ui/tappable'
import './index.css'

export interface WidenOffersProps {
  offers: readonly WidenOffer[]
  /** e.g. 已扩大到100公里 */
  widened: string | null
  /** no results at all (the heading says so) or only a few */
  none: boolean
  onWiden(offer: WidenOffer): void
}

export function WidenOffers(p: WidenOffersProps) {
  if (p.offers.length === 0 && !p.widened) return null
  return (
    <View className='widen' id='widen-offers'>
      {p.widened && <Text className='widen__note'>{p.widened}</Text>}
      {p.offers.length > 0 && <Text className='widen__title'>{p.none ? '试试放宽条件：' : '课程不多，可以放宽条件：'}</Text>}
      {p.offers.map((o, i) => (
        <Tappable key={`${o.kind}-${i}`} id={`widen-${o.kind === 'drop' ? o.filter : o.kind}`} className='widen__button' onTap={() => p.onWiden(o)}>
          <Text>{o.label}</Text>
        </Tappable>
      ))}
    </View>
  )
}
