/**
 * 亲情代办: while a relative acts for a worker, every page shows whose account this is — a coloured bar on top
 * (mounted once, in PageShell, whose stylesheet holds its styles). Presentational: the name comes in, nothing goes out.
 */
import { View, Text } from '@tarojs/components'
import { actingBarText } from '../../domain/proxy'

export function ActingBar({ maskedName }: { maskedName: string }) {
  return (
    <View className='acting-bar' id='acting-bar' role='status' aria-live='polite'>
      <Text className='acting-bar__text'>{actingBarText(maskedName)}</Text>
      <Text className='acting-bar__hint'>切回自己：我的 → 亲属代办</Text>
    </View>
  )
}
