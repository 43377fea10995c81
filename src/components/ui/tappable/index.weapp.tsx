/**
 * Pressable on weapp: a plain View with the tap (see index.h5.tsx for the usage note). The roles,
 * tabIndex and aria-* of the H5 build are left out: the mini program has no keyboard, and WeChat's
 * templates would drop them anyway while they still cost setData bytes.
 */
import { View } from '@tarojs/components'
import type { PressableProps } from './types'

export type { PressableProps, PressableRole } from './types'

export function Pressable(p: PressableProps) {
  const className = p.className ? `pressable ${p.className}` : 'pressable'
  return (
    <View id={p.id} className={className} hoverClass={p.hoverClass} onClick={p.disabled ? undefined : () => p.onPress?.()}>
      {p.children}
    </View>
  )
}
