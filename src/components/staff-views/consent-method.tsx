/**
 * How a worker at the station agrees (staff sign-up and 亲属代办登记 alike): a code sent by SMS that the worker
 * reads out, or a handwritten signature. One block, so both forms ask for consent the same way.
 */
import type { ReactNode } from 'react'
import { View, Text } from '@tarojs/components'
import { Button, TextBox } from '../ui'
import { SignaturePad, type SignaturePadProps } from '../signature-pad'
import { FormError } from '../form-error'

export interface ConsentMethodProps {
  /** element ids: `${prefix}consent-sms`, `${prefix}consent-signature`, `${prefix}consent-code`, `${prefix}consent-error` */
  prefix: string
  /** the send button's and the code hint's ids (kept as the forms' tests know them) */
  sendId: string
  hintId?: string
  method: 'sms' | 'signature'
  /** offline: no SMS can go out, the signature still works */
  online?: boolean
  code: string
  codeHint: string | null
  countdown: number
  error?: string
  signature: SignaturePadProps
  /** what the staff member says or does with the SMS code */
  smsText: string
  /** what the worker hears before signing */
  signatureText: ReactNode
  onMethod(m: 'sms' | 'signature'): void
  onSendCode(): void
  onCode(v: string): void
}

export function ConsentMethod(p: ConsentMethodProps) {
  const online = p.online !== false
  const tab = (m: 'sms' | 'signature', label: string, off = false) => (
    <View
      className={`st-tab${p.method === m ? ' st-tab--on' : ''}${off ? ' st-tab--off' : ''}`}
      id={`${p.prefix}consent-${m}`}
      role='tab'
      aria-selected={p.method === m ? 'true' : 'false'}
      onClick={() => p.onMethod(m)}
    >
      <Text>{label}</Text>
    </View>
  )
  return (
    <View>
      <View className='st-tabs' role='tablist' aria-label='同意方式'>
        {tab('sms', '短信验证码', !online)}
        {tab('signature', '手写签名')}
      </View>
      {p.method === 'sms' ? (
        <View>
          <Text className='su-muted'>{p.smsText}</Text>
          <View className='su-row'>
            <TextBox id={`${p.prefix}consent-code`} type='number' maxlength={6} placeholder='6位验证码' value={p.code} bad={!!p.error} onChange={p.onCode} />
            <Button kind='secondary' id={p.sendId} text={p.countdown > 0 ? `${p.countdown}秒` : '发验证码'} disabled={p.countdown > 0 || !online} onTap={p.onSendCode} />
          </View>
          {p.codeHint && (
            <Text className='su-muted' id={p.hintId}>
              {p.codeHint}
            </Text>
          )}
        </View>
      ) : (
        <View>
          {p.signatureText}
          <SignaturePad {...p.signature} />
        </View>
      )}
      {p.error && <FormError id={`${p.prefix}consent-error`} text={p.error} />}
    </View>
  )
}
