import { View, Text } from '@tarojs/components'
import { Tappable } from '../ui/tappable'
import { Card, PrimaryButton, TextInput } from '../signup-ui'

/** Who is logging in decides what the page promises (a reviewer is not here to sign up for a course). */
export const LOGIN_PURPOSES = {
  worker: { title: '登录后报名', sms: '登录后才能报名、查看我的报名。没有账号会自动创建。' },
  reviewer: { title: '审核员登录', sms: '用登记为审核员的手机号登录，登录后进入补贴审核工作台。' },
  staff: { title: '工作人员登录', sms: '用服务站登记的工作人员手机号登录，登录后进入服务站工作台。' }
} as const
export type LoginPurpose = keyof typeof LOGIN_PURPOSES

export interface LoginViewProps {
  /** why the login page was opened (default: a worker signing up) */
  purpose?: LoginPurpose
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
        <Card title={LOGIN_PURPOSES[p.purpose ?? 'worker'].title}>
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
        <Text className='su-muted'>{LOGIN_PURPOSES[p.purpose ?? 'worker'].sms}</Text>
        <Text className='su-label'>手机号</Text>
        <TextInput id='phone' type='number' maxlength={11} placeholder='请输入11位手机号' value={p.phone} onChange={p.onPhone} />
        <Text className='su-label'>验证码</Text>
        <View className='su-row'>
          <TextInput id='sms-code' type='number' maxlength={6} placeholder='6位数字' value={p.code} onChange={p.onCode} />
          <Tappable
            id='send-code'
            className={canSend ? 'su-secondary' : 'su-secondary su-secondary--disabled'}
            disabled={!canSend}
            onTap={p.onSendCode}
          >
            <Text>{p.countdown > 0 ? `${p.countdown}秒后重发` : p.sending ? '发送中…' : '获取验证码'}</Text>
          </Tappable>
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
