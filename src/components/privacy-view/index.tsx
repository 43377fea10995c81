import { View, Text, Button } from '@tarojs/components'
import { Pressable } from '../pressable'
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

export function PrivacyView(p: PrivacyViewProps) {
  return (
    <View className='su-page'>
      <Card title={p.notice.title}>
        <Text className='su-muted'>报名需要你的姓名、身份证号和手机号。请先看看我们怎么保护这些信息。</Text>
        <NoticeSections notice={p.notice} />
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
        <Pressable id='agree' className={p.submitting ? 'su-primary su-primary--disabled' : 'su-primary'} disabled={p.submitting} onPress={p.onAgree}>
          <Text>同意</Text>
        </Pressable>
      )}
      <LinkButton id='disagree' text='不同意' onTap={p.onDisagree} />
    </View>
  )
}
