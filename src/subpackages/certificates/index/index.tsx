import { View, Text, Input } from '@tarojs/components'
import { StateView } from '../../../components/ui/state-view'
import { Button, CertificateCard, Notice, Page } from '../views'
import { useCertificates } from './use-certificates'

export default function CertificatesPage() {
  const p = useCertificates()
  if (p.list.status === 'needLogin') return <StateView kind='empty' title='请先登录' detail='登录后查看和添加你的证书' actionText='去登录' onAction={p.onLogin} />
  if (p.list.status === 'error') return <StateView kind='error' title={p.list.message} actionText='重试' onAction={p.onRetry} />
  const items = p.list.status === 'ready' ? p.list.items : null
  return (
    <Page>
      <View className='cert-section'>
        <Text className='cert-h1'>一键查询我的证书</Text>
        <Text className='cert-muted'>用你的姓名和身份证号，在“技能人才评价证书全国联网查询”里查。查到的证书直接导入，申请补贴时不用再交照片或复印件。</Text>
        {!p.identity.open && <Button id='cert-lookup' text={p.lookup.busy ? '正在查询…' : '一键查询'} disabled={p.lookup.busy} onTap={p.onLookup} />}
        {p.identity.open && (
          <View id='cert-identity'>
            <Notice tone='info'>一键查询要用你身份证上的姓名和号码，只用于查询证书和申请补贴。</Notice>
            <Text className='cert-muted'>姓名</Text>
            <Input id='identity-name' className='cert-input' maxlength={20} placeholder='身份证上的姓名' value={p.identity.name} onInput={(e) => p.onIdentityName(e.detail.value)} />
            <Text className='cert-muted'>身份证号</Text>
            <Input id='identity-id' className='cert-input' type='idcard' maxlength={18} placeholder='18位身份证号' value={p.identity.id} onInput={(e) => p.onIdentityId(e.detail.value)} />
            {p.identity.error && (
              <View className='cert-field__msg cert-field__msg--bad' role='alert'>
                <Text>{p.identity.error}</Text>
              </View>
            )}
            <Button id='identity-save' text='保存并查询' onTap={p.onIdentitySave} />
          </View>
        )}
        {p.lookup.result && (
          <Notice tone={p.lookup.result.tone} id='cert-lookup-result'>
            <Text>{p.lookup.result.text}</Text>
          </Notice>
        )}
      </View>

      <Text className='cert-h2'>我的证书</Text>
      {!items && <Text className='cert-muted'>正在加载…</Text>}
      {items && items.length === 0 && (
        <View className='cert-section'>
          <Text className='cert-text'>还没有证书。先点“一键查询”；查不到的证书可以拍照添加。</Text>
        </View>
      )}
      {items?.map((c) => <CertificateCard key={c.id} cert={c} onOpen={p.onOpen} />)}
      <Button id='cert-add' kind='secondary' text='查不到？拍照添加证书' onTap={p.onAdd} />

      <View className='cert-section'>
        <Text className='cert-h2'>防骗查询</Text>
        <View className='cert-row'>
          <Button id='go-verify' kind='link' text='证书真伪查询' onTap={p.onVerify} />
          <Button id='go-institution' kind='link' text='培训机构备案查询' onTap={p.onInstitution} />
        </View>
      </View>
    </Page>
  )
}
