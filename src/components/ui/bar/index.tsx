/**
 * BottomBar — the bar fixed at the bottom of a screen that holds its main button(s), clear of the home
 * indicator (safe area). Give the page below it room (padding-bottom) so the last content is not hidden.
 */
import type { ReactNode } from 'react'
import { View } from '@tarojs/components'

export function BottomBar({ two, children }: { /** a quiet button beside the main one */ two?: boolean; children?: ReactNode }) {
  return <View className={two ? 'ui-bar ui-bar--two' : 'ui-bar'}>{children}</View>
}
