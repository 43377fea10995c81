import { View, Text, Input } from '@tarojs/components'
import { formatIssuedOn } from '../../../domain/certificate'
import { Button } from '../../../components/ui'
import { Field, Notice, Page, SCAM_TIP_TITLE } from '../views'
import { useInstitutionVerify } from './use-institution-verify'

export default function InstitutionVerifyPage() {
  const p = useInstitutionVerify()
  return (
    <Page>
      <View className='cert-section'>
        <Text className='cert-h1'>培训机构备案查询</Text>
        <Text className='cert-muted'>不用登录。只有在人社部门备案的机构，开的培训才能申请补贴。</Text>
        <Field label='机构名称或统一社会信用代码'>
          <Input id='ins-q' className='cert-input' maxlength={60} placeholder='例如 巾帼家政职业培训学校' value={p.q} onInput={(e) => p.onQ(e.detail.value)} />
        </Field>
        {p.error && (
          <Notice tone='bad' id='ins-error'>
            <Text>{p.error}</Text>
          </Notice>
        )}
        <Button id='ins-submit' text={p.busy ? '正在查询…' : '查询'} disabled={p.busy} onTap={p.onSubmit} />
      </View>
      {p.result && (
        <View className='cert-section' id='ins-result'>
          <Notice tone={p.result.items.length === 0 ? 'bad' : p.result.items.every((i) => i.status === 'filed') ? 'good' : 'warn'}>
            <Text>{p.result.message}</Text>
          </Notice>
          {p.result.items.map((i) => (
            <View className='cert-card' key={i.creditCode}>
              <View className='cert-card__head'>
                <Text className='cert-card__title'>{i.name}</Text>
                <Text className={`cert-badge cert-badge--${i.status === 'filed' ? 'verified' : 'rejected'}`}>{i.statusLabel}</Text>
              </View>
              <Text className='cert-card__line'>统一社会信用代码：{i.creditCode}</Text>
              <Text className='cert-card__line'>所在地：{i.regionName}</Text>
              {i.filingNo && <Text className='cert-card__line'>备案号：{i.filingNo}</Text>}
              <Text className='cert-card__line'>
                {i.status === 'filed' ? `备案日期：${formatIssuedOn(i.filedOn)}` : `注销日期：${i.cancelledOn ? formatIssuedOn(i.cancelledOn) : '—'}`}
              </Text>
            </View>
          ))}
        </View>
      )}
      <Notice tone='warn' id='scam-warning'>
        <Text className='cert-h2'>{SCAM_TIP_TITLE}</Text>
        <Text>{p.scamWarning}</Text>
      </Notice>
    </Page>
  )
}
