/**
 * The reviewer workbench (desk computer, H5): queue with filters (overdue first) on the left, the claim on
 * the right with everything needed to decide — pre-check verdicts, registry result, photos, objections,
 * timeline — and the decision buttons the state machine allows, each asking for a reason where required.
 * Batch 发布公示 for 复核通过 claims. Presentational; every control is reachable and pressable by keyboard.
 */
import { View, Text, Input, Textarea } from '@tarojs/components'
import { LabelledImage } from '../labelled-image'
import type { ReviewClaim, ReviewClaimSummary } from '../../contract'
import type { Loadable } from '../async'
import { ClaimStateBadge, ClaimTimeline, KeyValue, Money, VerdictList, deadlineText, formatDateTime } from '../claim-parts'
import { a11y } from '../claims-ui'
import { Tappable } from '../ui'
import './index.css'

export interface QueueFilter {
  state: string
  kind: string
  overdueOnly: boolean
}

export interface PendingDecision {
  to: string
  label: string
  needsReason: boolean
  needsItems: boolean
}

export interface WorkbenchProps {
  reviewer: string
  filter: QueueFilter
  stateOptions: readonly { code: string; label: string }[]
  kindOptions: readonly { code: string; label: string }[]
  queue: Loadable<ReviewClaimSummary[]>
  selectedId: string | null
  checked: readonly string[]
  detail: Loadable<ReviewClaim> | { status: 'idle' }
  photos: Record<string, string>
  pending: PendingDecision | null
  reason: string
  items: string
  deadline: string
  problem: string | null
  busy: boolean
  notice: string | null
  today?: string
  /** 待人工核验 certificates in the region (null while unknown) */
  certificatesPending?: number | null
  onCertificates?(): void
  /** 风险隐患清单 and 异议核查 pages */
  onRisks?(): void
  onObjections?(): void
  onFilter(patch: Partial<QueueFilter>): void
  onRefresh(): void
  onSelect(id: string): void
  onToggleCheck(id: string): void
  onPublish(): void
  onDecide(to: string): void
  onReason(v: string): void
  onItems(v: string): void
  onDeadline(v: string): void
  onConfirm(): void
  onCancel(): void
}

/** A filter chip of the review desk (a radio in its group), shared with the 风险隐患清单 and 异议核查 pages. */
export function Chip({ id, label, on, onTap }: { id: string; label: string; on: boolean; onTap(): void }) {
  return (
    <Tappable id={id} className={on ? 'wb-chip wb-chip--on' : 'wb-chip'} role='radio' checked={on} onTap={onTap}>
      <Text>{label}</Text>
    </Tappable>
  )
}

function Queue(p: WorkbenchProps) {
  const q = p.queue
  const publishable = q.status === 'ready' ? q.data.filter((c) => c.state === 'second_review') : []
  return (
    <View className='wb-queue'>
      <View className='wb-filters' {...a11y({ role: 'radiogroup', 'aria-label': '按状态筛选' })}>
        <Chip id='filter-state-all' label='全部待办' on={p.filter.state === ''} onTap={() => p.onFilter({ state: '' })} />
        {p.stateOptions.map((s) => (
          <Chip key={s.code} id={`filter-state-${s.code}`} label={s.label} on={p.filter.state === s.code} onTap={() => p.onFilter({ state: s.code })} />
        ))}
      </View>
      <View className='wb-filters' {...a11y({ role: 'radiogroup', 'aria-label': '按补贴类型筛选' })}>
        <Chip id='filter-kind-all' label='全部类型' on={p.filter.kind === ''} onTap={() => p.onFilter({ kind: '' })} />
        {p.kindOptions.map((k) => (
          <Chip key={k.code} id={`filter-kind-${k.code}`} label={k.label} on={p.filter.kind === k.code} onTap={() => p.onFilter({ kind: k.code })} />
        ))}
      </View>
      <View className='wb-filters'>
        <Tappable
          id='filter-overdue'
          className={p.filter.overdueOnly ? 'wb-chip wb-chip--on' : 'wb-chip'}
          role='checkbox'
          checked={p.filter.overdueOnly}
          onTap={() => p.onFilter({ overdueOnly: !p.filter.overdueOnly })}
        >
          <Text>只看超期</Text>
        </Tappable>
        <Tappable id='refresh-queue' className='wb-link' onTap={p.onRefresh}>
          <Text>刷新</Text>
        </Tappable>
      </View>
      {publishable.length > 0 && (
        <View className='wb-batch'>
          <Text className='wb-batch__text'>{`复核通过 ${publishable.length} 件，已选 ${p.checked.length} 件`}</Text>
          <Tappable id='publish-announcement' className='wb-button wb-button--primary' disabled={p.checked.length === 0 || p.busy} onTap={p.onPublish}>
            <Text>{`发布公示（${p.checked.length}）`}</Text>
          </Tappable>
        </View>
      )}
      {q.status === 'loading' && <Text className='wb-muted'>正在加载…</Text>}
      {q.status === 'error' && <Text className='wb-problem'>{q.message}</Text>}
      {q.status === 'ready' && q.data.length === 0 && <Text className='wb-muted'>没有符合条件的申请。</Text>}
      {q.status === 'ready' && (
        <View className='wb-list' {...a11y({ role: 'list', 'aria-label': '审核队列' })}>
          {q.data.map((c) => (
            <View key={c.id} className={`wb-item${c.id === p.selectedId ? ' wb-item--on' : ''}${c.overdue ? ' wb-item--overdue' : ''}`} {...a11y({ role: 'listitem' })}>
              {c.state === 'second_review' && (
                <Tappable
                  className={p.checked.includes(c.id) ? 'wb-check wb-check--on' : 'wb-check'}
                  role='checkbox'
                  checked={p.checked.includes(c.id)}
                  label={`选中 ${c.applicantMasked} 发布公示`}
                  onTap={() => p.onToggleCheck(c.id)}
                >
                  <Text>{p.checked.includes(c.id) ? '✓' : ''}</Text>
                </Tappable>
              )}
              <Tappable id={`queue-${c.id}`} className='wb-item__main' onTap={() => p.onSelect(c.id)}>
                <View className='wb-item__head'>
                  <Text className='wb-item__who'>{c.applicantMasked}</Text>
                  <ClaimStateBadge state={c.state} label={c.stateLabel} />
                </View>
                <Text className='wb-item__what'>{`${c.kindLabel} · ${c.title}`}</Text>
                <Text className='wb-item__meta'>
                  {[c.amountYuan === null ? null : `${c.amountYuan}元`, c.office.name, c.deadline ? `${deadlineText(c.deadline, p.today)}办结` : null].filter(Boolean).join(' · ')}
                </Text>
                {c.overdue && <Text className='wb-overdue'>已超期</Text>}
                {c.objectionCount > 0 && <Text className='wb-objection'>{`异议 ${c.objectionCount}`}</Text>}
              </Tappable>
            </View>
          ))}
        </View>
      )}
    </View>
  )
}

/** Decisions that turn a claim down or back: never the same blue as 受理 / 确认已拨付 */
const NEGATIVE_DECISIONS = new Set(['rejected', 'payment_failed'])

/** 确认已拨付 already says 确认: no 「确认确认已拨付」 */
const confirmText = (label: string) => (label.startsWith('确认') ? label : `确认${label}`)

function DecisionForm(p: WorkbenchProps) {
  const d = p.pending
  if (!d) return null
  return (
    <View className='wb-decision' {...a11y({ role: 'group', 'aria-label': d.label })}>
      <Text className='wb-h3'>{`办理：${d.label.replace(/^确认/, '')}`}</Text>
      {d.needsItems && (
        <>
          <Text className='wb-label'>需要补正的材料（每行一项）</Text>
          <Textarea id='decision-items' className='wb-textarea' value={p.items} maxlength={500} placeholder='例如：培训签到表' aria-label='需要补正的材料' onInput={(e) => p.onItems(e.detail.value)} />
          <Text className='wb-label'>补正期限（不填为10个工作日）</Text>
          <Input id='decision-deadline' className='wb-input' value={p.deadline} maxlength={10} placeholder='YYYY-MM-DD' aria-label='补正期限' onInput={(e) => p.onDeadline(e.detail.value)} />
        </>
      )}
      <Text className='wb-label'>{d.needsReason ? '理由（必填，会告诉申请人）' : '备注（可不填）'}</Text>
      <Textarea id='decision-reason' className='wb-textarea' value={p.reason} maxlength={500} placeholder={d.needsReason ? '写清楚为什么，申请人会看到' : ''} aria-label='理由' onInput={(e) => p.onReason(e.detail.value)} />
      {p.problem && (
        <Text className='wb-problem' {...a11y({ role: 'alert' })}>
          {p.problem}
        </Text>
      )}
      <View className='wb-actions'>
        <Tappable id='confirm-decision' className='wb-button wb-button--primary' disabled={p.busy} onTap={p.onConfirm}>
          <Text>{p.busy ? '正在提交…' : confirmText(d.label)}</Text>
        </Tappable>
        <Tappable id='cancel-decision' className='wb-button' onTap={p.onCancel}>
          <Text>取消</Text>
        </Tappable>
      </View>
    </View>
  )
}

function Detail(p: WorkbenchProps) {
  const d = p.detail
  if (d.status === 'idle') return <Text className='wb-muted wb-empty'>从左边选一件申请开始审核。</Text>
  if (d.status === 'loading') return <Text className='wb-muted wb-empty'>正在加载…</Text>
  if (d.status === 'error') return <Text className='wb-problem'>{d.message}</Text>
  const c = d.data
  const cert = c.certificate
  return (
    <View className='wb-detail' id='claim-detail'>
      <View className='wb-detail__head'>
        <View>
          <Text className='wb-h2' {...a11y({ role: 'heading', 'aria-level': 2 })}>
            {`${c.applicantMasked} · ${c.kindLabel}`}
          </Text>
          <Text className='wb-muted'>{`${c.title} · 提交于 ${formatDateTime(c.submittedAt, p.today)} · ${c.office.name}`}</Text>
        </View>
        <View className='wb-detail__state'>
          <ClaimStateBadge state={c.state} label={c.stateLabel} />
          <Money yuan={c.amountYuan} />
        </View>
      </View>
      {c.conflict && (
        <Text id='claim-conflict' className='wb-problem'>
          {`你不能办理这个申请：${c.conflict.message}`}
        </Text>
      )}
      {c.deadline && <Text className={c.overdue ? 'wb-overdue wb-overdue--line' : 'wb-muted'}>{`本环节期限：${deadlineText(c.deadline, p.today)}${c.overdue ? '（已超期）' : ''}`}</Text>}

      <View className='wb-decisions'>
        {c.decisions.map((x) => (
          <View key={x.to} className='wb-decision-slot'>
            <Tappable id={`decide-${x.to}`} className={`wb-button${NEGATIVE_DECISIONS.has(x.to) ? ' wb-button--danger' : ' wb-button--primary'}`} disabled={!x.allowed || p.busy} onTap={() => p.onDecide(x.to)}>
              <Text>{x.label}</Text>
            </Tappable>
            {!x.allowed && x.refusal && <Text className='wb-refusal'>{x.refusal}</Text>}
          </View>
        ))}
        {c.state === 'second_review' && <Text className='wb-muted'>复核已通过：在左侧勾选后批量发布公示。</Text>}
        {c.decisions.length === 0 && c.state !== 'second_review' && <Text className='wb-muted'>这一步不需要审核员操作。</Text>}
      </View>
      <DecisionForm {...p} />
      {c.riskFlags.length > 0 && (
        <View id='risk-flags' className='wb-panel wb-panel--warn' {...a11y({ role: 'group', 'aria-label': '风险提示' })}>
          <Text className='wb-h3'>{`风险提示（${c.riskFlags.length}）：通过初审、复核需写明核实情况`}</Text>
          {c.riskFlags.map((f) => (
            <View key={f.code} className='wb-flag'>
              <Text className='wb-text'>{f.message}</Text>
              <Text className='wb-flag__source'>{`依据：${f.source.document}${f.source.clause ? ` ${f.source.clause}` : ''}`}</Text>
            </View>
          ))}
        </View>
      )}
      {p.notice && (
        <Text className='wb-notice' {...a11y({ role: 'status' })}>
          {p.notice}
        </Text>
      )}

      <View className='wb-grid'>
        <View className='wb-panel'>
          <Text className='wb-h3'>系统预检</Text>
          <VerdictList verdicts={c.verdicts} compact />
        </View>
        <View className='wb-panel'>
          <Text className='wb-h3'>证书与核验</Text>
          {cert ? (
            <>
              <KeyValue label='工种等级'>
                <Text>{`${cert.occupationName} ${cert.levelLabel}`}</Text>
              </KeyValue>
              <KeyValue label='证书编号'>
                <Text>{cert.numberMasked ?? '—'}</Text>
              </KeyValue>
              <KeyValue label='发证日期'>
                <Text>{cert.issueDate}</Text>
              </KeyValue>
              <KeyValue label='核验结果'>
                <Text className='wb-strong'>{cert.verificationLabel}</Text>
              </KeyValue>
            </>
          ) : (
            <Text className='wb-muted'>这项申请不依据证书。</Text>
          )}
          <KeyValue label='社保'>
            <Text>{c.insuranceLabel}</Text>
          </KeyValue>
          <KeyValue label='身份证'>
            <Text>{c.idNumberMasked ?? '—'}</Text>
          </KeyValue>
          <KeyValue label='收款账户'>
            <Text>{c.payoutAccount.type === 'social_security_card' ? '社会保障卡' : `${c.payoutAccount.bankName ?? ''} ${c.payoutAccount.accountMasked ?? ''}`}</Text>
          </KeyValue>
        </View>
      </View>

      {(cert?.photoFileIds.length ?? 0) + c.supplements.reduce((n, s) => n + s.photoFileIds.length, 0) > 0 && (
        <View className='wb-panel'>
          <Text className='wb-h3'>照片</Text>
          <View className='wb-photos'>
            {[...(cert?.photoFileIds ?? []), ...c.supplements.flatMap((s) => s.photoFileIds)].map((f, i) =>
              p.photos[f] ? <LabelledImage key={f} className='wb-photo' src={p.photos[f]} mode='aspectFit' label={`照片${i + 1}`} /> : <Text key={f} className='wb-muted'>照片加载中…</Text>
            )}
          </View>
        </View>
      )}

      {(cert?.photosWithheld ?? 0) + c.supplements.reduce((n, s) => n + s.photosWithheld, 0) > 0 && (
        <Text className='wb-muted'>{`还有 ${(cert?.photosWithheld ?? 0) + c.supplements.reduce((n, s) => n + s.photosWithheld, 0)} 张照片在做内容安全检测或没有通过，不能作为依据。`}</Text>
      )}

      {c.supplements.length > 0 && (
        <View className='wb-panel'>
          <Text className='wb-h3'>补正材料</Text>
          {c.supplements.map((s) => (
            <Text key={s.at} className='wb-text'>{`${formatDateTime(s.at, p.today)}：${s.note ?? '（只有照片）'}`}</Text>
          ))}
        </View>
      )}

      {c.objections.length > 0 && (
        <View className='wb-panel wb-panel--warn'>
          <Text className='wb-h3'>{`公示异议（${c.objections.length}）`}</Text>
          {c.objections.map((o) => (
            <Text key={o.id} className='wb-text'>{`${formatDateTime(o.createdAt, p.today)} · 联系电话 ${o.contactMasked}：${o.content}（${o.statusLabel}${o.resolutionReason ? `：${o.resolutionReason}` : ''}）`}</Text>
          ))}
        </View>
      )}

      <View className='wb-panel'>
        <Text className='wb-h3'>办理记录</Text>
        <ClaimTimeline steps={c.timeline.map((t) => ({ ...t, label: t.stateLabel }))} today={p.today} />
      </View>
    </View>
  )
}

export function WorkbenchView(p: WorkbenchProps) {
  return (
    <View className='wb'>
      <View className='wb-top'>
        <Text className='wb-h1' {...a11y({ role: 'heading', 'aria-level': 1 })}>
          补贴审核工作台
        </Text>
        <Text className='wb-muted'>{p.reviewer}</Text>
        {p.onCertificates && (
          <Tappable id='open-cert-review' className='wb-link' onTap={p.onCertificates}>
            <Text>{`证书人工核验${p.certificatesPending ? `（待核验 ${p.certificatesPending}）` : ''}`}</Text>
          </Tappable>
        )}
        {p.onObjections && (
          <Tappable id='open-objections' className='wb-link' onTap={p.onObjections}>
            <Text>异议核查</Text>
          </Tappable>
        )}
        {p.onRisks && (
          <Tappable id='open-risks' className='wb-link' onTap={p.onRisks}>
            <Text>风险隐患清单</Text>
          </Tappable>
        )}
      </View>
      <View className='wb-body'>
        <Queue {...p} />
        <Detail {...p} />
      </View>
    </View>
  )
}
