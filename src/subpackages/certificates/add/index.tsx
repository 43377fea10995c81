import { View, Text, Input, Picker } from '@tarojs/components'
import { CERTIFICATE_KIND_LIST, CERTIFICATE_LEVELS } from '../../../domain/certificate'
import { Button } from '../../../components/ui'
import { Chips, Field, Notice, Page, PhotoSlots } from '../views'
import { MAX_PHOTOS, useAddCertificate } from './use-add'
import { FormError } from '../../../components/form-error'

export default function AddCertificatePage() {
  const p = useAddCertificate()
  return (
    <Page>
      <Notice tone='info'>
        <Text>照着证书填写。填好的内容会自动保存，退出后再进来还在。</Text>
      </Notice>
      <View className='cert-section'>
        <Field label='证书类型'>
          <Chips name='kind' options={CERTIFICATE_KIND_LIST} value={p.draft.kind} onPick={p.onKind} />
        </Field>
        <Field label='证书编号' hint='在证书上找“证书编号”，字母和数字都要填' message={p.numberMessage}>
          <Input
            id='cert-number'
            className={p.numberMessage?.tone === 'bad' ? 'cert-input cert-input--bad' : 'cert-input'}
            maxlength={40}
            placeholder='例如 S000114000021254000123'
            value={p.draft.number}
            onInput={(e) => p.onNumber(e.detail.value)}
          />
        </Field>
        <Field label='工种'>
          <Picker mode='selector' range={p.occupationNames} value={Math.max(0, p.occupationIndex)} onChange={(e) => p.onOccupation(Number(e.detail.value))}>
            <View id='cert-occupation' className={p.occupationName ? 'cert-select' : 'cert-select cert-select--empty'}>
              <Text>{p.occupationName ?? '点这里选择工种'}</Text>
            </View>
          </Picker>
        </Field>
        {p.hasLevel && (
          <Field label='等级' message={p.levelMessage}>
            <Chips name='level' options={CERTIFICATE_LEVELS} value={p.draft.level} onPick={p.onLevel} />
          </Field>
        )}
        <Field label='发证日期' message={p.dateMessage}>
          <Picker mode='date' value={p.draft.issuedOn || p.today} start='1990-01-01' end={p.today} onChange={(e) => p.onIssuedOn(String(e.detail.value))}>
            <View id='cert-issued-on' className={p.draft.issuedOn ? 'cert-select' : 'cert-select cert-select--empty'}>
              <Text>{p.draft.issuedOn || '点这里选择日期'}</Text>
            </View>
          </Picker>
        </Field>
        <Field label='发证机构' hint='证书上盖章的单位'>
          <Input id='cert-issuer' className='cert-input' maxlength={60} placeholder='例如 阳泉市职业技能鉴定中心' value={p.draft.issuer} onInput={(e) => p.onIssuer(e.detail.value)} />
        </Field>
        <Field label='证书照片（1到3张）' hint='放平拍清楚，正面必拍；照片会先在手机上压缩，上传时去掉拍摄位置等信息'>
          <PhotoSlots slots={p.slots} max={MAX_PHOTOS} onPick={p.onPick} onCancel={p.onCancelUpload} onRetry={p.onRetryUpload} onRemove={p.onRemovePhoto} />
        </Field>
        {p.submitError && (
          <FormError id='cert-submit-error' className='cert-notice cert-notice--bad' text={p.submitError} />
        )}
        <Button id='cert-submit' text={p.submitting ? '正在提交…' : '提交证书'} disabled={p.submitting} onTap={p.onSubmit} />
      </View>
    </Page>
  )
}
