/** 亲属代办登记 at the station: the worker (no phone), the relative, the worker's consent, then the code to hand over. */
import { View, Text } from '@tarojs/components'
import type { StaffProxySetup } from '../../contract/proxies'
import { WORKER_GROUPS } from '../../domain/catalog'
import { PROXY_MAY, PROXY_MAY_NOT, PROXY_RELATION_LABELS, PROXY_RELATIONS, type ProxyRelation } from '../../domain/proxy'
import { Card } from '../signup-ui'
import { Button, Choice, TextBox } from '../ui'
import type { SignaturePadProps } from '../signature-pad'
import { ConsentMethod } from './consent-method'
import { FormError } from '../form-error'
import './index.css'

export type StaffProxyField = 'realName' | 'idNumber' | 'phone' | 'groups' | 'relativePhone' | 'consent'

export interface StaffProxyFormProps {
  worker: { realName: string; idNumber: string; phone: string; groups: string[] }
  /** the worker has a basic phone of their own that can receive an SMS */
  hasPhone: boolean
  relative: { phone: string; relation: ProxyRelation }
  errors: Partial<Record<StaffProxyField, string>>
  method: 'sms' | 'signature'
  code: string
  codeHint: string | null
  countdown: number
  signature: SignaturePadProps
  submitting: boolean
  result: StaffProxySetup | null
  onField(field: 'realName' | 'idNumber' | 'phone' | 'relativePhone', value: string): void
  onToggleGroup(g: string): void
  onHasPhone(v: boolean): void
  onRelation(r: ProxyRelation): void
  onMethod(m: 'sms' | 'signature'): void
  onSendCode(): void
  onCode(v: string): void
  onSubmit(): void
  onNext(): void
  onDone(): void
}

export function StaffProxyResultView(p: { result: StaffProxySetup; onNext(): void; onDone(): void }) {
  const r = p.result
  return (
    <View className='su-page' id='staff-proxy-done'>
      <Card title='已登记，等亲属接受'>
        <Text className='su-text'>{`${r.worker.maskedName} 同意由 ${r.relationLabel} ${r.relativePhoneMasked} 替他/她办理。`}</Text>
        <Text className='su-label'>邀请码（24小时内有效）</Text>
        <Text className='st-proxy-code' id='staff-proxy-code' aria-label={`邀请码 ${r.code.split('').join(' ')}`}>
          {r.code}
        </Text>
        <Text className='st-notice'>
          {`请告诉亲属：用手机号 ${r.relativePhoneMasked} 登录“技能培训掌上办”，在“我的 → 亲属代办”里输入这个邀请码。邀请码也已用短信发到这个手机上。这个手机号现在是务工人员的联系电话。`}
        </Text>
      </Card>
      <View className='su-bar'>
        <Button id='staff-proxy-next' text='登记下一位' onTap={p.onNext} />
      </View>
      <Button kind='link' id='staff-proxy-back' text='回工作台' onTap={p.onDone} />
    </View>
  )
}

export function StaffProxyFormView(p: StaffProxyFormProps) {
  if (p.result) return <StaffProxyResultView result={p.result} onNext={p.onNext} onDone={p.onDone} />
  const smsTo = p.hasPhone ? '务工人员本人的手机' : '亲属的手机（务工人员没有手机）'
  return (
    <View className='su-page'>
      <Text className='st-notice'>给没有手机（或不会用手机）的务工人员登记一位家人或村/社区帮办员，由对方用自己的手机替他办理报名、证书和补贴申请。务工人员本人要在场并同意。</Text>
      <Card title='1. 务工人员信息'>
        <Text className='su-label'>姓名（与身份证一致）</Text>
        <TextBox id='proxy-worker-name' type='text' maxlength={20} placeholder='例如：赵桂兰' value={p.worker.realName} bad={!!p.errors.realName} onChange={(v) => p.onField('realName', v)} />
        {p.errors.realName && <FormError id='proxy-realName-error' text={p.errors.realName} />}
        <Text className='su-label'>身份证号</Text>
        <TextBox id='proxy-worker-id' type='idcard' maxlength={18} placeholder='18位，最后一位可能是X' value={p.worker.idNumber} bad={!!p.errors.idNumber} onChange={(v) => p.onField('idNumber', v)} />
        {p.errors.idNumber && <FormError id='proxy-idNumber-error' text={p.errors.idNumber} />}
        <Choice role='checkbox' className='proxy-has-phone' label='务工人员有自己的手机（能收短信）' on={p.hasPhone} onTap={() => p.onHasPhone(!p.hasPhone)} />
        {p.hasPhone && (
          <View>
            <Text className='su-label'>务工人员的手机号</Text>
            <TextBox id='proxy-worker-phone' type='number' maxlength={11} placeholder='本人的手机号' value={p.worker.phone} bad={!!p.errors.phone} onChange={(v) => p.onField('phone', v)} />
            {p.errors.phone && <FormError id='proxy-phone-error' text={p.errors.phone} />}
          </View>
        )}
        <Text className='su-label'>人员类别（可多选）</Text>
        {WORKER_GROUPS.map((g) => (
          <Choice role='checkbox' key={g.code} className={`proxy-group-option proxy-group-${g.code}`} label={g.label} hint={g.hint} on={p.worker.groups.includes(g.code)} onTap={() => p.onToggleGroup(g.code)} />
        ))}
        {p.errors.groups && <FormError id='proxy-groups-error' text={p.errors.groups} />}
      </Card>
      <Card title='2. 替他办理的人'>
        <Text className='su-label'>亲属的手机号（作为务工人员的联系电话）</Text>
        <TextBox id='proxy-relative-phone' type='number' maxlength={11} placeholder='亲属自己的手机号' value={p.relative.phone} bad={!!p.errors.relativePhone} onChange={(v) => p.onField('relativePhone', v)} />
        {p.errors.relativePhone && <FormError id='proxy-relativePhone-error' text={p.errors.relativePhone} />}
        <Text className='su-label'>是务工人员的</Text>
        {PROXY_RELATIONS.map((r) => (
          <Choice role='radio' key={r} className={`proxy-relation proxy-relation-${r}`} label={PROXY_RELATION_LABELS[r]} on={p.relative.relation === r} onTap={() => p.onRelation(r)} />
        ))}
      </Card>
      <Card title='3. 务工人员本人同意'>
        <Text className='st-notice' id='proxy-consent-text'>
          {`请念给务工人员听：你同意这位亲属替你办理：${PROXY_MAY.join('、')}。以下只能由你本人办理：${PROXY_MAY_NOT.join('、')}。你可以随时到服务站或让亲属在手机上取消。`}
        </Text>
        <ConsentMethod
          prefix='proxy-'
          sendId='proxy-send-code'
          hintId='proxy-code-hint'
          method={p.method}
          code={p.code}
          codeHint={p.codeHint}
          countdown={p.countdown}
          error={p.errors.consent}
          signature={p.signature}
          smsText={`验证码发到${smsTo}，务工人员同意后把验证码念给你听。`}
          signatureText={<Text className='su-muted'>同意请务工人员在下面签名。</Text>}
          onMethod={p.onMethod}
          onSendCode={p.onSendCode}
          onCode={p.onCode}
        />
      </Card>
      <View className='su-bar'>
        <Button id='staff-proxy-submit' text={p.submitting ? '正在登记…' : '登记亲属代办'} disabled={p.submitting} onTap={p.onSubmit} />
      </View>
    </View>
  )
}
