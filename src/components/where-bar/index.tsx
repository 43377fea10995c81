import { View, Text } from '@tarojs/components'
import { Tappable } from '../ui/tappable'
import type { Where } from '../../store/location'
import './index.css'

export const PRIVACY_TEXT = '位置只用于这次查找附近的课程，不会保存'

const FAILURE_TEXT = {
  denied: '没有得到位置权限',
  timeout: '获取位置超时了',
  unavailable: '暂时拿不到位置'
} as const

export interface WhereBarProps {
  where: Where
  onPickRegion(): void
  onUseLocation(): void
}

/** Where the course search is anchored: near me, a chosen region, or a prompt to choose one. */
export function WhereBar({ where, onPickRegion, onUseLocation }: WhereBarProps) {
  let title: string
  let showUseLocation = false
  // the server puts full and started courses last (you can no longer sign up): say so, or 2.7 km before 1.3 km looks wrong
  if (where.kind === 'near') title = '按离你的远近排列，已满员和已开课的排在最后'
  else if (where.kind === 'region') {
    title = `当前地区：${where.region.name}`
    showUseLocation = true
  } else if (where.kind === 'locating') {
    // two lines, like the prompt that follows when no position comes: the buttons below do not jump
    title = '正在获取你的位置，也可以直接选择你所在的城市或区县'
  }
  else {
    title = where.failure ? `${FAILURE_TEXT[where.failure]}，请选择你所在的城市或区县` : '点「用我的位置」找附近的课程，或选择你所在的城市或区县'
    showUseLocation = true
  }
  return (
    <View className={where.kind === 'none' ? 'where-bar where-bar--prompt' : 'where-bar'}>
      <Text className='where-bar__title'>{title}</Text>
      <View className='where-bar__actions'>
        <Tappable className='where-bar__button where-bar__button--primary' id='pick-region' hoverClass='where-bar__button--pressed' onTap={onPickRegion}>
          <Text>{where.kind === 'region' ? '换地区' : '选择地区'}</Text>
        </Tappable>
        {showUseLocation && (
          <Tappable className='where-bar__button' id='use-location' hoverClass='where-bar__button--pressed' onTap={onUseLocation}>
            <Text>用我的位置</Text>
          </Tappable>
        )}
      </View>
      <Text className='where-bar__privacy'>{PRIVACY_TEXT}</Text>
    </View>
  )
}
