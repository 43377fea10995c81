import { View, Text } from '@tarojs/components'
import { Pressable } from '../pressable'
import { Card, PrimaryButton, TextInput } from '../signup-ui'

export interface LoginViewProps {
  /** weapp: 微信一键登录 instead of the SMS form */
  wechat: boolean
  /** weapp: silent login is running */
  busy: boolean
  phone: string
  code: string
  countdown: number
  sending: boolean
  submitting: boolean
  error: string | null
  devCode: string | null
  onPhone(v: string): void
  onCode(v: string): void
  onSendCode(): void
  onLogin(): void
  onWechatLogin(): void
}

export function LoginView(p: LoginViewProps) {
  if (p.wechat) {
    return (
      <View className='su-page'>
        <Card title='登录后报名'>
          <Text className='su-muted'>用微信登录，不用注册，不用记密码。</Text>
          {p.error && <Text className='su-error'>{p.error}</Text>}
          <PrimaryButton id='login' text={p.busy ? '正在登录…' : '微信一键登录'} disabled={p.busy} onTap={p.onWechatLogin} />
        </Card>
      </View>
    )
  }
  const canSend = !p.sending && p.countdown === 0
  return (
    <View className='su-page'>
      <Card title='手机号登录'>
        <Text className='su-muted'>登录后才能报名、查看我的报名。没有账号会自动创建。</Text>
        <Text className='su-label'>手机号</Text>
        <TextInput id='phone' type='number' maxlength={11} placeholder='请输入11位手机号' value={p.phone} onChange={p.onPhone} />
        <Text className='su-label'>验证码</Text>
        <View className='su-row'>
          <TextInput id='sms-code' type='number' maxlength={6} placeholder='6位数字' value={p.code} onChange={p.onCode} />
          <Pressable
            id='send-code'
            className={canSend ? 'su-secondary' : 'su-secondary su-secondary--disabled'}
            disabled={!canSend}
            onPress={p.onSendCode}
          >
            <Text>{p.countdown > 0 ? `${p.countdown}秒后重发` : p.sending ? '发送中…' : '获取验证码'}</Text>
          </Pressable>
        </View>
        {p.devCode && <Text className='su-muted'>开发环境验证码：{p.devCode}</Text>}
        {p.error && (
          <Text className='su-error'>
            {p.error}
          </Text>
        )}
        <PrimaryButton id='login' text={p.submitting ? '正在登录…' : '登录'} disabled={p.submitting} onTap={p.onLogin} />
      </Card>
    </View>
  )
}
