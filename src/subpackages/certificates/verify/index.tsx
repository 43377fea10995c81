import { View, Text, Input } from '@tarojs/components'
import { formatIssuedOn, kindLabel, levelLabel } from '../../../domain/certificate'
import { Button } from '../../../components/ui'
import { Field, KeyValues, Notice, Page } from '../views'
import { useVerify } from './use-verify'

export default function VerifyPage() {
  const p = useVerify()
  const c = p.result?.certificate
  return (
    <Page>
      <View className='cert-section'>
        <Text className='cert-h1'>证书真伪查询</Text>
        <Text className='cert-muted'>不用登录。填证书编号和持证人姓名，查这本证书是不是真的。</Text>
        <Field label='证书编号'>
          <Input id='verify-number' className='cert-input' maxlength={40} placeholder='证书上的编号' value={p.number} onInput={(e) => p.onNumber(e.detail.value)} />
        </Field>
        <Field label='持证人姓名'>
          <Input id='verify-name' className='cert-input' maxlength={20} placeholder='证书上的姓名' value={p.name} onInput={(e) => p.onName(e.detail.value)} />
        </Field>
        {p.error && (
          <Notice tone='bad' id='verify-error'>
            <Text>{p.error}</Text>
          </Notice>
        )}
        <Button id='verify-submit' text={p.busy ? '正在查询…' : '查询'} disabled={p.busy} onTap={p.onSubmit} />
      </View>
      {p.result && (
        <View className='cert-section' id='verify-result'>
          <Notice tone={p.result.found ? 'good' : 'warn'}>
            <Text>{p.result.message}</Text>
          </Notice>
          {c && (
            <KeyValues
              rows={[
                ['持证人', c.holderMasked],
                ['证书类型', kindLabel(c.kind)],
                ['职业（工种）', c.occupationName],
                ['等级', levelLabel(c.level)],
                ['发证机构', c.issuer],
                ['发证日期', formatIssuedOn(c.issuedOn)]
              ]}
            />
          )}
        </View>
      )}
      <Button id='go-institution' kind='link' text='查培训机构有没有备案' onTap={p.onInstitution} />
    </Page>
  )
}
