import { View, Text } from '@tarojs/components'
import { LabelledImage } from '../../../components/labelled-image'
import { StateView } from '../../../components/ui/state-view'
import { formatIssuedOn, kindLabel, levelLabel } from '../../../domain/certificate'
import { Badge, Button, KeyValues, Notice, Page } from '../views'
import { useCertificateDetail } from './use-detail'

export default function CertificateDetailPage() {
  const p = useCertificateDetail()
  if (p.state.status === 'error') return <StateView kind='error' title={p.state.message} actionText='回到我的证书' onAction={p.onBackToList} />
  if (p.state.status === 'loading') return <Page><Text className='cert-muted'>正在加载…</Text></Page>
  const c = p.state.cert
  const safetyOf = (id: string) => c.photoChecks.find((x) => x.id === id)?.safety ?? 'pending'
  const refused = c.photos.filter((id) => safetyOf(id) === 'refused').length
  const pending = c.photos.filter((id) => safetyOf(id) === 'pending').length
  return (
    <Page>
      <View className='cert-section'>
        <View className='cert-card__head'>
          <Text className='cert-h1'>{c.occupationName}</Text>
          <Badge verification={c.verification} review={c.review} />
        </View>
        {c.verification === 'verified' && c.review?.outcome === 'verified' && (
          <Notice tone='good' id='cert-review-result'>
            <Text>{`${c.review.office}已人工核验这本证书（${c.review.decidedAt.slice(0, 10)}）。现在可以用它申领补贴。`}</Text>
          </Notice>
        )}
        {c.verification === 'verified' && c.review?.outcome !== 'verified' && (
          <Notice tone='good'>
            <Text>已在全国联网查询中核验。申请补贴时不用再交这本证书的照片或复印件。</Text>
          </Notice>
        )}
        {c.verification === 'pending' && (
          <Notice tone='warn'>
            <Text>联网查询里还没有查到这本证书，工作人员会根据照片人工核验，结果会发到你的消息里。</Text>
          </Notice>
        )}
        {c.verification === 'rejected' && (
          <Notice tone='bad' id='cert-review-result'>
            <Text>{`人工核验没有通过${c.review ? `（${c.review.office}）` : ''}。原因：${c.review?.reason ?? '请联系经办机构'}${c.canDelete ? '。可以删除这本证书，按说明重新拍照添加。' : ''}`}</Text>
          </Notice>
        )}
        <KeyValues
          rows={[
            ['证书类型', kindLabel(c.kind)],
            ['等级', levelLabel(c.level)],
            ['证书编号', c.number],
            ['发证日期', formatIssuedOn(c.issuedOn)],
            ['发证机构', c.issuer],
            ['来源', c.source === 'registry' ? '全国联网查询导入' : '自己拍照添加']
          ]}
        />
      </View>
      {c.photos.length > 0 && (
        <View className='cert-section'>
          <Text className='cert-h2'>证书照片</Text>
          {refused > 0 && (
            <Notice tone='bad' id='cert-photo-refused'>
              <Text>{`有 ${refused} 张照片没有通过内容安全检测，已被隐藏，审核员也看不到。${c.canDelete ? '请删除这本证书，再对着证书重新拍照添加（只拍证书本身）。' : '请联系经办机构补交照片。'}`}</Text>
            </Notice>
          )}
          {pending > 0 && (
            <Notice tone='info' id='cert-photo-pending'>
              <Text>照片正在做内容安全检测，通过前只有你自己能看到，一般几分钟内完成。</Text>
            </Notice>
          )}
          {c.photos.map((id, i) =>
            safetyOf(id) === 'refused' ? (
              <Text key={id} id={`detail-photo-${i}-refused`} className='cert-muted'>{`第${i + 1}张：没有通过检测，已隐藏`}</Text>
            ) : p.photos[id] ? (
              <LabelledImage key={id} id={`detail-photo-${i}`} label={`证书照片第${i + 1}张${safetyOf(id) === 'pending' ? '（检测中）' : ''}`} className='cert-detail-photo' src={p.photos[id]} mode='aspectFit' />
            ) : (
              <View key={id} className='cert-detail-photo' />
            )
          )}
        </View>
      )}
      {c.canDelete && <Button id='cert-delete' kind='danger' text='删除这本证书' onTap={p.onDelete} />}
      {/* always one focusable control: keyboard users can then scroll a long page (axe scrollable-region-focusable) */}
      <Button id='cert-back' text='回到我的证书' onTap={p.onBackToList} />
    </Page>
  )
}
