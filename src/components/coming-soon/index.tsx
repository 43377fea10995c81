import { View, Text } from '@tarojs/components'
import { Pressable } from '../pressable'
import './index.css'

export interface ComingSoonProps {
  title: string
  /** What the feature will let the worker do */
  willDo: readonly string[]
  /** What the worker can do today instead */
  meanwhile: readonly string[]
  onCallHotline(): void
  onFindCourses(): void
}

/** An honest page for a feature that is not built yet — never a dead tap. */
export function ComingSoon({ title, willDo, meanwhile, onCallHotline, onFindCourses }: ComingSoonProps) {
  return (
    <View className='coming-soon'>
      <View className='coming-soon__card'>
        <Text className='coming-soon__title'>{title}</Text>
        <Text className='coming-soon__status'>此功能正在建设中</Text>
        <Text className='coming-soon__subtitle'>建好以后，你可以：</Text>
        {willDo.map((line) => (
          <Text key={line} className='coming-soon__line'>
            · {line}
          </Text>
        ))}
      </View>
      <View className='coming-soon__card'>
        <Text className='coming-soon__subtitle'>现在你可以：</Text>
        {meanwhile.map((line) => (
          <Text key={line} className='coming-soon__line'>
            · {line}
          </Text>
        ))}
        <Pressable className='coming-soon__button coming-soon__button--primary' id='call-12333' onPress={onCallHotline}>
          <Text>拨打 12333 咨询</Text>
        </Pressable>
        <Pressable role='link' className='coming-soon__button' id='find-courses' onPress={onFindCourses}>
          <Text>先去找课程</Text>
        </Pressable>
      </View>
    </View>
  )
}
