import { useState } from 'react'
import { View, Text, Button } from '@tarojs/components'
import { Tappable } from '../ui/tappable'
import type { PrivacyNotice } from '../../contract'
import { Card, LinkButton } from '../signup-ui'

export interface PrivacyViewProps {
  notice: PrivacyNotice
  /** weapp: 'agreePrivacyAuthorization' so WeChat records the agreement too */
  agreeOpenType: string
  submitting: boolean
  error: string | null
  onAgree(): void
  onDisagree(): void
}

/** The privacy notice in large text, with 同意 / 不同意. */
/** The notice's sections and version, as the consent page and 隐私设置 both show them. */
export function NoticeSections({ notice }: { notice: PrivacyNotice }) {
  return (
    <View>
      {notice.sections.map((s) => (
        <View key={s.heading}>
          <Text className='su-subtitle'>{s.heading}</Text>
          <Text className='su-text'>{s.body}</Text>
        </View>
      ))}
      <Text className='su-muted'>版本：{notice.version}</Text>
    </View>
  )
}

/** The first layer: what, why, who sees it, how to take it back — in a few lines, 同意 right below. */
export const PRIVACY_SUMMARY: readonly { key: string; heading: string; text: string }[] = [
  { key: 'what', heading: '用什么', text: '姓名、身份证号、手机号、户籍和人员类别；拍证书时用相机或相册。' },
  { key: 'why', heading: '为什么', text: '核对报名人身份，算出你能领哪些补贴，防止重复领取。' },
  { key: 'who', heading: '谁能看到', text: '你本人、你报名的培训机构、帮你报名的服务站、审核补贴的人社部门。不出售，不做广告。' },
  { key: 'withdraw', heading: '怎么撤回', text: '随时在“我的”—“隐私设置”里撤回同意或注销账号。' }
]

export function PrivacyView(p: PrivacyViewProps) {
  const [full, setFull] = useState(false)
  return (
    <View className='su-page'>
      <Card title={p.notice.title}>
        <Text className='su-muted'>报名前请看一眼，我们怎么用、怎么保护你的信息：</Text>
        {PRIVACY_SUMMARY.map((x) => (
          <View key={x.key} className='su-kv' id={`privacy-summary-${x.key}`}>
            <Text className='su-kv__k'>{x.heading}</Text>
            <Text className='su-kv__v'>{x.text}</Text>
          </View>
        ))}
      </Card>
      {p.error && <Text className='su-error'>{p.error}</Text>}
      {p.agreeOpenType ? (
        <Button
          id='agree'
          className={p.submitting ? 'su-primary su-primary--disabled' : 'su-primary'}
          openType={p.agreeOpenType as never}
          disabled={p.submitting}
          onClick={p.onAgree}
        >
          同意
        </Button>
      ) : (
        <Tappable id='agree' className={p.submitting ? 'su-primary su-primary--disabled' : 'su-primary'} disabled={p.submitting} onTap={p.onAgree}>
          <Text>同意</Text>
        </Tappable>
      )}
      <LinkButton id='disagree' text='不同意' onTap={p.onDisagree} />
      {full ? (
        <Card title='完整的用户隐私保护指引'>
          <NoticeSections notice={p.notice} />
        </Card>
      ) : (
        <LinkButton id='privacy-full' text='查看完整的《用户隐私保护指引》' onTap={() => setFull(true)} />
      )}
    </View>
  )
}
