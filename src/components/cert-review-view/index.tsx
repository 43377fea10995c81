/**
 * 证书人工核验 (reviewer, phone-first like the worker pages so a desk officer can also use a phone): the
 * region's queue of 待人工核验 certificates, one certificate with masked holder data, the number's own facts,
 * the registry re-check and the photos, and the decision — 核验通过, or 核验不通过 with a reason the worker
 * can act on (one-tap common reasons, editable). Presentational: props in, events out.
 */
import { View, Text } from '@tarojs/components'
import { LabelledImage } from '../labelled-image'
import type { CertReview, CertReviewSummary } from '../../contract'
import type { Loadable } from '../async'
import { KeyValue, formatDateTime } from '../claim-parts'
import { Block, Heading, a11y } from '../claims-ui'
import { Button, Choice, Field, Problem, Tappable } from '../ui'
import './index.css'

export type CertReviewTab = 'pending' | 'decided'

export interface CertReviewProps {
  reviewer: string
  tab: CertReviewTab
  queue: Loadable<{ items: readonly CertReviewSummary[]; pendingCount: number }>
  detail: Loadable<CertReview> | { status: 'idle' }
  photos: Record<string, string>
  /** the decision being confirmed */
  pending: 'verified' | 'rejected' | null
  reason: string
  reasons: readonly string[]
  problem: string | null
  notice: string | null
  busy: boolean
  today?: string
  onTab(tab: CertReviewTab): void
  onOpen(id: string): void
  onBack(): void
  onDecide(to: 'verified' | 'rejected'): void
  onReason(v: string): void
  onConfirm(): void
  onCancel(): void
  onClaims(): void
}

function Queue(p: CertReviewProps) {
  const q = p.queue
  return (
    <View>
      <Heading text='证书人工核验' sub={p.reviewer} />
      <View className='crv-tabs' {...a11y({ role: 'radiogroup', 'aria-label': '核验状态' })}>
        <Choice id='tab-pending' className='crv-tab' label={`待核验${q.status === 'ready' ? `（${q.data.pendingCount}）` : ''}`} on={p.tab === 'pending'} onTap={() => p.onTab('pending')} />
        <Choice id='tab-decided' className='crv-tab' label='已核验' on={p.tab === 'decided'} onTap={() => p.onTab('decided')} />
      </View>
      {p.notice && (
        <Text className='crv-notice' {...a11y({ role: 'status' })}>
          {p.notice}
        </Text>
      )}
      {q.status === 'loading' && <Text className='cu-muted'>正在加载…</Text>}
      {q.status === 'error' && <Problem message={q.message} />}
      {q.status === 'ready' && q.data.items.length === 0 && (
        <Block>
          <Text className='cu-text'>{p.tab === 'pending' ? '本地区没有待人工核验的证书。' : '本地区还没有核验过的证书。'}</Text>
        </Block>
      )}
      {q.status === 'ready' && q.data.items.length > 0 && (
        <View {...a11y({ role: 'list', 'aria-label': '证书列表' })}>
          {q.data.items.map((c) => (
            <View key={c.id} {...a11y({ role: 'listitem' })}>
              <Tappable id={`cert-${c.id}`} className='cu-card crv-item' onTap={() => p.onOpen(c.id)}>
                <View className='cu-card__head'>
                  <Text className='cu-card__title'>{c.holderMasked}</Text>
                  <Text className={`crv-badge crv-badge--${c.verification}`}>{c.verificationLabel}</Text>
                </View>
                <Text className='cu-card__sub'>{`${c.kindLabel} · ${c.title}`}</Text>
                <Text className='cu-muted'>{`${c.regionName} · 发证 ${c.issuedOn} · 照片 ${c.photoCount} 张`}</Text>
                <Text className='cu-muted'>{`提交于 ${formatDateTime(c.requestedAt, p.today)}`}</Text>
                {c.usedByClaim && <Text className='crv-flag'>有补贴申请在等这本证书</Text>}
              </Tappable>
            </View>
          ))}
        </View>
      )}
      <Button kind='secondary' id='to-claims' text='回到补贴审核工作台' onTap={p.onClaims} />
    </View>
  )
}

function Decision(p: CertReviewProps & { c: CertReview }) {
  const c = p.c
  if (c.review) {
    return (
      <Block title='核验结论'>
        <Text className={c.review.outcome === 'verified' ? 'crv-result crv-result--good' : 'crv-result crv-result--bad'}>{c.verificationLabel}</Text>
        <Text className='cu-muted'>{`${c.review.office} · ${formatDateTime(c.review.decidedAt, p.today)}${c.review.byMe ? ' · 由你核验' : ''}`}</Text>
        {c.review.reason && <Text className='cu-text'>{`原因：${c.review.reason}`}</Text>}
      </Block>
    )
  }
  if (!c.canDecide) {
    return (
      <Block title='核验结论'>
        <Text className='cu-text'>{c.refusal ?? '这本证书现在不需要人工核验。'}</Text>
      </Block>
    )
  }
  if (!p.pending) {
    return (
      <Block title='核验结论'>
        <Text className='cu-muted'>对照照片核对姓名、编号、等级和发证机构后再决定。申请人会收到结果。</Text>
        <Button id='decide-verified' text='核验通过' disabled={p.busy} onTap={() => p.onDecide('verified')} />
        <Button kind='secondary' id='decide-rejected' text='核验不通过' danger onTap={() => p.onDecide('rejected')} />
      </Block>
    )
  }
  return (
    <Block title={p.pending === 'verified' ? '确认核验通过' : '核验不通过'} id='decision-form'>
      {p.pending === 'verified' ? (
        <Text className='cu-text'>通过后，这本证书可以用来申领补贴。确认照片上的姓名、编号、等级都和登记的一致吗？</Text>
      ) : (
        <>
          <Text className='cu-muted'>选一个常见原因或自己写，申请人会照着去做：</Text>
          <View {...a11y({ role: 'radiogroup', 'aria-label': '常见原因' })}>
            {p.reasons.map((r, i) => (
              <Choice key={r} id={`reason-${i}`} label={r} on={p.reason === r} onTap={() => p.onReason(r)} />
            ))}
          </View>
          <Field multiline id='decision-reason' label='不通过的原因（必填，申请人会看到）' value={p.reason} maxlength={200} placeholder='写清楚哪里不对、要怎么做' onChange={p.onReason} />
        </>
      )}
      <Problem message={p.problem} />
      <Button id='confirm-decision' text={p.pending === 'verified' ? '确认核验通过' : '确认不通过'} busy={p.busy} onTap={p.onConfirm} />
      <Button kind='secondary' id='cancel-decision' text='取消' onTap={p.onCancel} />
    </Block>
  )
}

function Detail(p: CertReviewProps) {
  const d = p.detail
  if (d.status === 'loading' || d.status === 'idle') return <Text className='cu-muted'>正在加载…</Text>
  if (d.status === 'error') {
    return (
      <View>
        <Problem message={d.message} />
        <Button kind='secondary' id='back-to-queue' text='回到证书列表' onTap={p.onBack} />
      </View>
    )
  }
  const c = d.data
  return (
    <View id='cert-review-detail'>
      <Heading text={`${c.holderMasked} 的证书`} sub={`${c.kindLabel} · ${c.occupationName} ${c.levelLabel}`} />
      {p.notice && (
        <Text id='decision-notice' className='crv-notice' {...a11y({ role: 'status', tabIndex: -1 })}>
          {p.notice}
        </Text>
      )}
      <Decision {...p} c={c} />
      <Block title='证书照片'>
        {c.photoFileIds.length === 0 && c.photosWithheld === 0 && <Text className='cu-muted'>没有照片。</Text>}
        {c.photosWithheld > 0 && <Text className='cu-muted'>{`还有 ${c.photosWithheld} 张照片在做内容安全检测或没有通过，不能作为核验依据。`}</Text>}
        {c.photoFileIds.map((f, i) =>
          p.photos[f] ? (
            <LabelledImage key={f} label={`证书照片第${i + 1}张`} className='crv-photo' src={p.photos[f]} mode='aspectFit' />
          ) : (
            <Text key={f} className='cu-muted'>{`照片${i + 1}加载中…`}</Text>
          )
        )}
      </Block>
      <Block title='登记的信息'>
        <KeyValue label='持证人'>
          <Text>{c.holderMasked}</Text>
        </KeyValue>
        <KeyValue label='身份证'>
          <Text>{c.idNumberMasked ?? '未填写'}</Text>
        </KeyValue>
        <KeyValue label='证书编号'>
          <Text className='crv-number'>{c.number}</Text>
        </KeyValue>
        <KeyValue label='等级'>
          <Text>{c.levelLabel}</Text>
        </KeyValue>
        <KeyValue label='发证日期'>
          <Text>{c.issuedOn}</Text>
        </KeyValue>
        <KeyValue label='发证机构'>
          <Text>{c.issuer}</Text>
        </KeyValue>
        <KeyValue label='所属地区'>
          <Text>{c.regionName}</Text>
        </KeyValue>
        <KeyValue label='来源'>
          <Text>{c.sourceLabel}</Text>
        </KeyValue>
      </Block>
      <Block title='系统核对'>
        {c.numberFacts.map((f) => (
          <Text key={f} className='cu-text'>{f}</Text>
        ))}
        <Text className='cu-text crv-registry'>{c.registryNote}</Text>
        {c.usedByClaim && <Text className='crv-flag'>有补贴申请在等这本证书：核验后才能初审通过。</Text>}
      </Block>
      <Button kind='secondary' id='back-to-queue' text='回到证书列表' onTap={p.onBack} />
    </View>
  )
}

export function CertReviewView(p: CertReviewProps) {
  return <View className='cu-page crv'>{p.detail.status === 'idle' ? <Queue {...p} /> : <Detail {...p} />}</View>
}
