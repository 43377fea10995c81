import { View, Text } from '@tarojs/components'
import { CareSwitch } from '../page-shell'
import { EntryGrid, type Entry } from '../entry-grid'
import { Tappable } from '../ui'
import './index.css'

/** Everything personal, one tap from the 我的 tab. */
export const ME_ENTRIES: readonly Entry[] = [
  { key: 'mine', title: '我的报名', hint: '报了哪些课、什么时候上' },
  { key: 'certificates', title: '我的证书', hint: '一键查证书，免交复印件' },
  { key: 'subsidies', title: '我的补贴', hint: '能领多少、办到哪一步' },
  { key: 'evaluations', title: '技能等级认定', hint: '结业后报名考证，查报名和结果' },
  { key: 'profile', title: '我的资料', hint: '看、改、下载我的信息' },
  { key: 'proxies', title: '亲属代办', hint: '家人替我办，或我替家人办' },
  { key: 'privacySettings', title: '隐私设置', hint: '同意记录、撤回同意、注销账号' }
]
/** Workbenches: shown only to accounts holding that role */
export const WORKBENCH_ENTRIES: Record<'staff' | 'review' | 'desk', Entry> = {
  staff: { key: 'staff', title: '服务站工作台', hint: '现场帮务工人员报名' },
  review: { key: 'review', title: '补贴审核工作台', hint: '受理、审核、拨付补贴申请' },
  desk: { key: 'desk', title: '机构工作台', hint: '花名册、课次签到码、结业、认定成绩' }
}

export interface MeViewProps {
  /** masked phone or name of who is signed in; null = not signed in */
  who: string | null
  workbenches: readonly Entry[]
  elderMode: boolean
  onElderMode(on: boolean): void
  onOpen(key: string): void
  onLogin(): void
}

export function MeView(p: MeViewProps) {
  return (
    <View className='me'>
      <View className='me__head'>
        <View className='me__title' role='heading' aria-level={1}>
          <Text>我的</Text>
        </View>
        {p.who ? (
          <Text className='me__who'>{p.who}</Text>
        ) : (
          <Tappable className='me__login' id='me-login' onTap={p.onLogin}>
            <Text>登录后查看我的报名、证书和补贴</Text>
          </Tappable>
        )}
      </View>
      <EntryGrid entries={ME_ENTRIES} onOpen={p.onOpen} />
      <CareSwitch on={p.elderMode} onChange={p.onElderMode} />
      {p.workbenches.length > 0 && (
        <View className='me__section'>
          <Text className='me__section-title'>工作台</Text>
          <EntryGrid entries={p.workbenches} onOpen={p.onOpen} />
        </View>
      )}
    </View>
  )
}
