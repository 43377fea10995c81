/**
 * Tappable on weapp: a plain View with the tap (see index.h5.tsx for the usage note). The roles,
 * tabIndex and aria-* of the H5 build are left out: the mini program has no keyboard, and WeChat's
 * templates would drop them anyway while they still cost setData bytes.
 */
import { View } from '@tarojs/components'
import type { TappableProps } from './types'

export type { TappableProps, TappableRole } from './types'

export function Tappable(p: TappableProps) {
  const className = p.className ? `pressable ${p.className}` : 'pressable'
  return (
    <View id={p.id} className={className} hoverClass={p.hoverClass} onClick={p.disabled ? undefined : () => p.onTap?.()}>
      {p.children}
    </View>
  )
}
