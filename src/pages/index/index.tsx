import { View, Text } from '@tarojs/components'
export default function Home() {
  return <View><Text>技能培训掌上办</Text></View>
}
