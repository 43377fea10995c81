/**
 * Two review-desk pages of the money path's integrity: the 风险隐患清单 (open risk flags of the region, counted
 * per rule, newest first, each leading to its claim) and the 异议核查 queue (公示 objections, resolved one by one
 * with a written conclusion; an objection the reviewer may not resolve shows why). Presentational; every
 * control is reachable and pressable by keyboard.
 */
import { View, Text, Textarea } from '@tarojs/components'
import type { ObjectionQueue, ReviewObjection, RiskList } from '../../contract'
import type { Loadable } from '../async'
import { formatDateTime } from '../claim-parts'
import { a11y } from '../claims-ui'
import { Chip } from '../review-workbench'
import { Tappable } from '../ui'
import '../review-workbench/index.css'
import './index.css'

function Top(p: { title: string; reviewer: string; onBack(): void }) {
  return (
    <View className='wb-top'>
      <Text className='wb-h1' {...a11y({ role: 'heading', 'aria-level': 1 })}>
        {p.title}
      </Text>
      <Text className='wb-muted'>{p.reviewer}</Text>
      <Tappable id='back-to-workbench' className='wb-link' onTap={p.onBack}>
        <Text>回审核工作台</Text>
      </Tappable>
    </View>
  )
}

export interface RiskListProps {
  reviewer: string
  code: string
  list: Loadable<RiskList>
  onCode(code: string): void
  onOpen(claimId: string): void
  onBack(): void
  today?: string
}

export function RiskListView(p: RiskListProps) {
  const l = p.list
  return (
    <View className='wb iv'>
      <Top title='风险隐患清单' reviewer={p.reviewer} onBack={p.onBack} />
      <Text className='wb-muted'>系统在提交和初审时按下列规则检查申请；有提示的申请，通过初审、复核时要写明核实情况。已拨付、已撤回、已驳回的不再列出。</Text>
      {l.status === 'loading' && <Text className='wb-muted'>正在加载…</Text>}
      {l.status === 'error' && <Text className='wb-problem'>{l.message}</Text>}
      {l.status === 'ready' && (
        <>
          <View className='wb-filters' {...a11y({ role: 'radiogroup', 'aria-label': '按规则筛选' })}>
            <Chip id='risk-all' label={`全部（${l.data.counts.reduce((n, c) => n + c.count, 0)}）`} on={p.code === ''} onTap={() => p.onCode('')} />
            {l.data.counts.map((c) => (
              <Chip key={c.code} id={`risk-${c.code}`} label={`${c.label}（${c.count}）`} on={p.code === c.code} onTap={() => p.onCode(c.code)} />
            ))}
          </View>
          {l.data.items.length === 0 && <Text className='wb-muted wb-empty'>没有未结的风险提示。</Text>}
          <View className='wb-list' {...a11y({ role: 'list', 'aria-label': '风险提示' })}>
            {l.data.items.map((i) => (
              <View key={`${i.claimId}-${i.code}`} className='wb-item iv-item' {...a11y({ role: 'listitem' })}>
                <View className='wb-item__main'>
                  <View className='wb-item__head'>
                    <Text className='wb-item__who'>{i.label}</Text>
                    <Text className='wb-muted'>{`${i.claimStateLabel} · ${formatDateTime(i.flaggedAt, p.today)}`}</Text>
                  </View>
                  <Text className='wb-text'>{i.message}</Text>
                  <Text className='wb-flag__source'>{`依据：${i.source.document}${i.source.clause ? ` ${i.source.clause}` : ''}`}</Text>
                </View>
                <Tappable id={`open-${i.claimId}-${i.code}`} className='wb-button iv-open' label={`查看申请：${i.label}`} onTap={() => p.onOpen(i.claimId)}>
                  <Text>查看申请</Text>
                </Tappable>
              </View>
            ))}
          </View>
        </>
      )}
    </View>
  )
}

export interface ObjectionQueueProps {
  reviewer: string
  tab: 'open' | 'done'
  queue: Loadable<ObjectionQueue>
  /** the objection whose conclusion is being written, and how */
  pending: { id: string; upheld: boolean } | null
  reason: string
  problem: string | null
  notice: string | null
  busy: boolean
  onTab(tab: 'open' | 'done'): void
  onStart(id: string, upheld: boolean): void
  onReason(v: string): void
  onConfirm(): void
  onCancel(): void
  onOpenClaim(claimId: string): void
  onBack(): void
  today?: string
}

function ObjectionItem(p: ObjectionQueueProps & { o: ReviewObjection }) {
  const o = p.o
  const writing = p.pending?.id === o.id
  return (
    <View className='wb-item iv-item iv-item--column' {...a11y({ role: 'listitem' })}>
      <View className='wb-item__main'>
        <View className='wb-item__head'>
          <Text className='wb-item__who'>{`${o.applicantMasked} · ${o.claimTitle}`}</Text>
          <Text className='wb-muted'>{`${o.statusLabel} · 申请${o.claimStateLabel}`}</Text>
        </View>
        <Text className='wb-text'>{`异议：${o.content}`}</Text>
        <Text className='wb-muted'>{`${formatDateTime(o.createdAt, p.today)} · 联系电话 ${o.contactMasked} · 回执 ${o.id}`}</Text>
        {o.resolutionReason && <Text className='wb-text'>{`核查结论：${o.resolutionReason}`}</Text>}
      </View>
      <View className='wb-actions iv-actions'>
        <Tappable id={`claim-of-${o.id}`} className='wb-link' onTap={() => p.onOpenClaim(o.claimId)}>
          <Text>查看申请</Text>
        </Tappable>
        {o.status === 'open' && (
          <>
            <Tappable id={`uphold-${o.id}`} className='wb-button wb-button--danger' disabled={!o.canResolve || p.busy} onTap={() => p.onStart(o.id, true)}>
              <Text>异议成立（驳回）</Text>
            </Tappable>
            <Tappable id={`dismiss-${o.id}`} className='wb-button wb-button--primary' disabled={!o.canResolve || p.busy} onTap={() => p.onStart(o.id, false)}>
              <Text>异议不成立</Text>
            </Tappable>
          </>
        )}
      </View>
      {o.status === 'open' && !o.canResolve && o.refusal && <Text className='wb-refusal'>{o.refusal}</Text>}
      {writing && (
        <View className='wb-decision' {...a11y({ role: 'group', 'aria-label': p.pending!.upheld ? '异议成立' : '异议不成立' })}>
          <Text className='wb-label'>{p.pending!.upheld ? '核查结论（必填；申请将被驳回，申请人会看到）' : '核查结论（必填）'}</Text>
          <Textarea id='objection-reason' className='wb-textarea' value={p.reason} maxlength={500} nativeProps={{ 'aria-label': '核查结论' }} onInput={(e) => p.onReason(e.detail.value)} />
          {p.problem && (
            <Text className='wb-problem' {...a11y({ role: 'alert' })}>
              {p.problem}
            </Text>
          )}
          <View className='wb-actions'>
            <Tappable id='confirm-objection' className='wb-button wb-button--primary' disabled={p.busy} onTap={p.onConfirm}>
              <Text>{p.busy ? '正在提交…' : '确认'}</Text>
            </Tappable>
            <Tappable id='cancel-objection' className='wb-button' onTap={p.onCancel}>
              <Text>取消</Text>
            </Tappable>
          </View>
        </View>
      )}
    </View>
  )
}

export function ObjectionQueueView(p: ObjectionQueueProps) {
  const q = p.queue
  return (
    <View className='wb iv'>
      <Top title='异议核查' reviewer={p.reviewer} onBack={p.onBack} />
      <Text className='wb-muted'>公示期满仍有未核查异议的申请停在“异议核查中”，不拨付。异议成立：申请驳回并引用异议；不成立且没有其他未核查异议：转待拨付。做过初审的审核员不能核查。</Text>
      <View className='wb-filters' {...a11y({ role: 'radiogroup', 'aria-label': '异议状态' })}>
        <Chip id='objections-open' label={`待核查${q.status === 'ready' ? `（${q.data.openCount}）` : ''}`} on={p.tab === 'open'} onTap={() => p.onTab('open')} />
        <Chip id='objections-done' label='已核查' on={p.tab === 'done'} onTap={() => p.onTab('done')} />
      </View>
      {p.notice && (
        <Text className='wb-notice' {...a11y({ role: 'status' })}>
          {p.notice}
        </Text>
      )}
      {q.status === 'loading' && <Text className='wb-muted'>正在加载…</Text>}
      {q.status === 'error' && <Text className='wb-problem'>{q.message}</Text>}
      {q.status === 'ready' && q.data.items.length === 0 && <Text className='wb-muted wb-empty'>{p.tab === 'open' ? '没有待核查的异议。' : '还没有核查过的异议。'}</Text>}
      {q.status === 'ready' && (
        <View className='wb-list' {...a11y({ role: 'list', 'aria-label': '异议' })}>
          {q.data.items.map((o) => (
            <ObjectionItem key={o.id} {...p} o={o} />
          ))}
        </View>
      )}
    </View>
  )
}
