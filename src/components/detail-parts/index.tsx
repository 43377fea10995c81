import type { ReactNode } from 'react'
import { View, Text } from '@tarojs/components'
import { Tappable } from '../ui/tappable'
import './index.css'

/** Building blocks shared by the course and institution pages. */
export function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <View className='detail-section'>
      <Text className='detail-section__title'>{title}</Text>
      {children}
    </View>
  )
}

export function InfoRow({ label, children, action }: { label: string; children: ReactNode; action?: ReactNode }) {
  return (
    <View className='info-row'>
      <Text className='info-row__label'>{label}</Text>
      <View className='info-row__value'>{children}</View>
      {action}
    </View>
  )
}

export function SmallButton({ id, text, onTap }: { id: string; text: string; onTap(): void }) {
  return (
    <Tappable className='small-button' id={id} hoverClass='small-button--pressed' onTap={onTap}>
      <Text>{text}</Text>
    </Tappable>
  )
}

export function DetailSkeleton() {
  return (
    <View className='detail-skeleton' role='status' aria-label='正在加载'>
      <View className='skeleton-bar skeleton-bar--title' />
      <View className='skeleton-bar' />
      <View className='skeleton-bar skeleton-bar--short' />
      <View className='skeleton-bar' />
      <View className='skeleton-bar' />
    </View>
  )
}
