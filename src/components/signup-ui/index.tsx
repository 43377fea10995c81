/** The sign-up pages' card; their buttons, options and fields are the UI kit's (src/components/ui). */
import type { ReactNode } from 'react'
import { View, Text } from '@tarojs/components'
import './index.css'

export function Card(props: { title?: string; children: ReactNode }) {
  return (
    <View className='su-card'>
      {props.title && <Text className='su-title'>{props.title}</Text>}
      {props.children}
    </View>
  )
}
