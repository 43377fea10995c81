/**
 * 亲属代办 page: whom I act for (替谁办) and the switch back, accepting a code, my relatives (invite, list,
 * remove) and what they did for me. Presentational: props in, events out.
 */
import { View, Text } from '@tarojs/components'
import type { Principal, Proxy } from '../../contract'
import { PROXY_MAY, PROXY_MAY_NOT, PROXY_RELATIONS, PROXY_RELATION_LABELS, type ProxyRelation } from '../../domain/proxy'
import { formatDate } from '../../domain/format'
import { Card } from '../signup-ui'
import { Tappable } from '../ui/tappable'
import { Button, Choice, TextBox } from '../ui'
import './index.css'

export interface ProxiesViewProps {
  actingFor: { id: string; maskedName: string } | null
  principals: readonly Principal[]
  proxies: readonly Proxy[]
  max: number
  activity: ReadonlyArray<{ at: string; action: string; actedBy: string }>
  /** the invitation just made: its code, shown once */
  invitation: { code: string; expiresAt: string; phoneMasked: string } | null
  phone: string
  relation: ProxyRelation | null
  code: string
  error: string | null
  busy: boolean
  onActFor(p: Principal): void
  onActAsSelf(): void
  onLeave(p: Principal): void
  onCode(v: string): void
  onAccept(): void
  /** shown when this account has no phone yet (WeChat-only): bind the invited phone here, then accept */
  bind: { phone: string; code: string; countdown: number; sending: boolean; devCode: string | null } | null
  onBindPhone(v: string): void
  onBindCode(v: string): void
  onBindSend(): void
  onBindSubmit(): void
  onPhone(v: string): void
  onRelation(r: ProxyRelation): void
  onInvite(): void
  onRemove(p: Proxy): void
}

const when = (iso: string) => formatDate(iso.slice(0, 10))

export function ProxiesView(p: ProxiesViewProps) {
  const acting = p.actingFor
  return (
    <View className='su-page px-page'>
      <View className='su-title' id='proxies-heading' role='heading' aria-level={1}>
        <Text>亲属代办</Text>
      </View>
      {p.error && (
        <View className='px-error' role='alert' id='proxies-error'>
          <Text>{p.error}</Text>
        </View>
      )}

      <Card title='替谁办'>
        {acting ? (
          <View className='px-acting'>
            <Text className='px-acting__text'>{`你正在替 ${acting.maskedName} 办理。报名、证书、补贴都会记在 TA 的名下，并写明由你代办。`}</Text>
            <Button id='act-as-self' text='切回自己' onTap={p.onActAsSelf} />
          </View>
        ) : (
          <Text className='su-muted'>现在是你自己的账号。</Text>
        )}
        {p.principals.length === 0 ? (
          <Text className='su-muted'>还没有人请你代办。家人邀请你之后，输入 TA 告诉你的邀请码。</Text>
        ) : (
          p.principals.map((x) => (
            <View key={x.id} className='px-row'>
              <View className='px-row__main'>
                <Text className='px-row__name'>{x.maskedName}</Text>
                <Text className='su-muted'>{`${x.relationLabel} · ${when(x.since)} 起`}</Text>
              </View>
              {acting?.id === x.id ? (
                <Text className='px-row__badge'>正在代办</Text>
              ) : (
                <Tappable id={`act-for-${x.id}`} className='px-button' onTap={() => p.onActFor(x)}>
                  <Text>{`替 ${x.maskedName} 办`}</Text>
                </Tappable>
              )}
              <Button kind='link' id={`leave-${x.proxyId}`} text='不再代办' danger onTap={() => p.onLeave(x)} />
            </View>
          ))
        )}
      </Card>

      {!acting && (
        <Card title='接受邀请'>
          <Text className='su-muted'>用对方邀请的手机号登录后，输入对方告诉你的 6 位邀请码。</Text>
          <TextBox id='proxy-code' type='number' maxlength={6} placeholder='6 位邀请码' label='邀请码' value={p.code} onChange={p.onCode} />
          {p.bind ? (
            <View className='px-bind' id='proxy-bind'>
              <Text className='px-label'>先绑定对方邀请的手机号</Text>
              <Text className='su-muted'>你是用微信登录的，账号里还没有手机号。填对方邀请你的手机号，收到验证码后填进来，绑定后就接着接受邀请。</Text>
              <TextBox id='bind-phone' type='number' maxlength={11} placeholder='11 位手机号' label='手机号' value={p.bind.phone} onChange={p.onBindPhone} />
              <Button
                kind='secondary'
                id='bind-send-code'
                text={p.bind.countdown > 0 ? `${p.bind.countdown}秒后重发` : p.bind.sending ? '发送中…' : '获取验证码'}
                disabled={p.bind.sending || p.bind.countdown > 0 || p.bind.phone.length !== 11}
                onTap={p.onBindSend}
              />
              <TextBox id='bind-code' type='number' maxlength={6} placeholder='6 位短信验证码' label='短信验证码' value={p.bind.code} onChange={p.onBindCode} />
              {p.bind.devCode && <Text className='su-muted'>{`开发环境验证码：${p.bind.devCode}`}</Text>}
              <Button id='bind-submit' text='绑定并接受邀请' disabled={p.busy || p.bind.code.length !== 6 || p.bind.phone.length !== 11} onTap={p.onBindSubmit} />
            </View>
          ) : (
            <Button id='proxy-accept' text='接受邀请' disabled={p.busy || p.code.length !== 6} onTap={p.onAccept} />
          )}
        </Card>
      )}

      {!acting && (
        <Card title={`我的代办亲属（${p.proxies.length}/${p.max}）`}>
          <Text className='su-muted'>{`TA 可以替你：${PROXY_MAY.join('、')}。只能你本人办：${PROXY_MAY_NOT.join('、')}。`}</Text>
          {p.proxies.map((x) => (
            <View key={x.id} className='px-row' id={`proxy-${x.id}`}>
              <View className='px-row__main'>
                <Text className='px-row__name'>{`${x.relationLabel} ${x.phoneMasked}`}</Text>
                <Text className='su-muted'>
                  {x.status === 'pending'
                    ? `等对方输入邀请码（${x.expiresAt ? when(x.expiresAt) : ''} 前有效）`
                    : `${when(x.since)} 起可以代办${x.lastActAt ? ` · 最近代办 ${when(x.lastActAt)}` : ''}`}
                </Text>
              </View>
              <Button kind='link' id={`remove-${x.id}`} text={x.status === 'pending' ? '取消邀请' : '移除'} danger onTap={() => p.onRemove(x)} />
            </View>
          ))}
          {p.invitation && (
            <View className='px-code' id='proxy-invitation' role='status'>
              <Text className='px-code__label'>{`请把邀请码告诉 ${p.invitation.phoneMasked}`}</Text>
              <Text className='px-code__digits' id='proxy-invitation-code'>{p.invitation.code}</Text>
              <Text className='su-muted'>{`24 小时内有效（${when(p.invitation.expiresAt)}）。只有这个手机号能用。`}</Text>
            </View>
          )}
          {p.proxies.length < p.max && (
            <View className='px-invite'>
              <Text className='px-label'>亲属的手机号</Text>
              <TextBox id='proxy-phone' type='number' maxlength={11} placeholder='11 位手机号' label='亲属的手机号' value={p.phone} onChange={p.onPhone} />
              <Text className='px-label'>TA 是你的</Text>
              <View className='px-relations'>
                {PROXY_RELATIONS.map((r) => (
                  <Choice role='checkbox' key={r} className={`px-relation px-relation--${r}`} label={PROXY_RELATION_LABELS[r]} on={p.relation === r} onTap={() => p.onRelation(r)} />
                ))}
              </View>
              <Button id='proxy-invite' text='同意并邀请' disabled={p.busy || p.phone.length !== 11 || !p.relation} onTap={p.onInvite} />
            </View>
          )}
        </Card>
      )}

      {!acting && p.activity.length > 0 && (
        <Card title='亲属替我办过的事'>
          {p.activity.map((a, i) => (
            <View key={i} className='px-act'>
              <Text className='px-act__what'>{`${when(a.at)} ${a.action}`}</Text>
              <Text className='acted-by'>{a.actedBy}</Text>
            </View>
          ))}
        </Card>
      )}
    </View>
  )
}
