/**
 * Presentational pieces of a subsidy claim, shared by the worker's pages and the reviewer workbench:
 * state badge, money, pre-check verdicts, timeline. Props in, nothing out; no Taro API calls.
 * Shapes are structural so they accept the contract's objects as they are.
 */
import type { ReactNode } from 'react'
import { View, Text } from '@tarojs/components'
import { formatDate, formatYuan, todayInChina } from '../../domain/format'
import './index.css'

export type ClaimTone = 'progress' | 'action' | 'done' | 'ended'

/** Which colour a state wears: the worker must act (补正, 拨付失败), money arrived, closed, or in progress. */
export function toneOf(state: string): ClaimTone {
  if (state === 'needs_supplement' || state === 'payment_failed' || state === 'draft') return 'action'
  if (state === 'paid') return 'done'
  if (state === 'rejected' || state === 'withdrawn') return 'ended'
  return 'progress'
}

export function ClaimStateBadge({ state, label }: { state: string; label: string }) {
  return <Text className={`claim-badge claim-badge--${toneOf(state)}`}>{label}</Text>
}

/** An amount in yuan, large; `note` says what it depends on (e.g. 按阳泉市标准). */
export function Money({ yuan, note, size = 'normal' }: { yuan: number | null; note?: string; size?: 'normal' | 'large' }) {
  return (
    <View className={`claim-money claim-money--${size}`}>
      <Text className='claim-money__amount'>{yuan === null ? '金额待定' : formatYuan(yuan)}</Text>
      {note && <Text className='claim-money__note'>{note}</Text>}
    </View>
  )
}

export interface VerdictItem {
  rule: string
  status: 'pass' | 'fail' | 'needs_info'
  message: string
  source: string | { document: string; clause: string; guide?: boolean }
}

/** "依据：人社厅发〔2023〕55号 第十条" (+ 实施指南 when the figure comes from a public guide). */
export function citeText(source: VerdictItem['source']): string {
  if (typeof source === 'string') return `依据：${source}`
  return `依据：${source.document}${source.clause ? ` ${source.clause}` : ''}${source.guide ? '（实施指南）' : ''}`
}

const VERDICT_WORD: Record<VerdictItem['status'], string> = { pass: '符合', fail: '不符合', needs_info: '需补充' }

/** The pre-check: one line per rule, failures first, each with its source. */
export function VerdictList({ verdicts, compact }: { verdicts: readonly VerdictItem[]; compact?: boolean }) {
  const order = { fail: 0, needs_info: 1, pass: 2 } as const
  const sorted = [...verdicts].sort((a, b) => order[a.status] - order[b.status])
  return (
    <View className={compact ? 'verdicts verdicts--compact' : 'verdicts'} role='list'>
      {sorted.map((v) => (
        <View key={v.rule} className={`verdict verdict--${v.status}`} role='listitem'>
          <Text className='verdict__word'>{VERDICT_WORD[v.status]}</Text>
          <View className='verdict__body'>
            <Text className='verdict__message'>{v.message}</Text>
            <Text className='verdict__source'>{citeText(v.source)}</Text>
          </View>
        </View>
      ))}
    </View>
  )
}

export interface TimelineStep {
  state: string
  /** label of the state (from the domain); falls back to the code */
  label?: string
  at: string
  actorRole?: string | null
  office?: string | null
  reason?: string | null
  deadline?: string | null
  items?: readonly string[] | null
}

const ACTOR: Record<string, string> = {
  worker: '本人',
  reviewer: '审核员',
  admin: '管理员',
  station_staff: '服务站工作人员',
  system: '系统自动',
  public: '公众'
}

/** ISO time → "11月25日 14:30" in China time (UTC+8), the year only when not this year. */
export function formatDateTime(iso: string, today: string = todayInChina()): string {
  const t = Date.parse(iso)
  if (Number.isNaN(t)) return iso
  const local = new Date(t + 8 * 3_600_000).toISOString()
  return `${formatDate(local.slice(0, 10), today)} ${local.slice(11, 16)}`
}

/** The deadline as a date ("12月5日前") — deadlines are working-day dates, not times. */
export function deadlineText(deadline: string, today?: string): string {
  return `${formatDate(deadline.slice(0, 10), today)}前`
}

/** Every step the claim went through, newest first, with who acted, where, why and the next deadline. */
export function ClaimTimeline({ steps, today, footer }: { steps: readonly TimelineStep[]; today?: string; footer?: ReactNode }) {
  const newestFirst = [...steps].reverse()
  return (
    <View className='timeline' role='list' aria-label='办理进度'>
      {newestFirst.map((s, i) => (
        <View key={`${s.state}-${s.at}-${i}`} className={`timeline__step${i === 0 ? ' timeline__step--current' : ''}`} role='listitem'>
          <View className={`timeline__dot timeline__dot--${toneOf(s.state)}`} />
          <View className='timeline__body'>
            <Text className='timeline__state'>{s.label ?? s.state}</Text>
            <Text className='timeline__meta'>
              {[formatDateTime(s.at, today), s.office, s.actorRole ? ACTOR[s.actorRole] ?? s.actorRole : null].filter(Boolean).join(' · ')}
            </Text>
            {s.reason && <Text className='timeline__reason'>{`说明：${s.reason}`}</Text>}
            {s.items && s.items.length > 0 && <Text className='timeline__reason'>{`需要补充：${s.items.join('；')}`}</Text>}
            {s.deadline && <Text className='timeline__deadline'>{`截止：${deadlineText(s.deadline, today)}`}</Text>}
          </View>
        </View>
      ))}
      {footer}
    </View>
  )
}

/** A labelled value row (kept here so the claim pages share one look). */
export function KeyValue({ label, children }: { label: string; children: ReactNode }) {
  return (
    <View className='claim-field'>
      <Text className='claim-field__k'>{label}</Text>
      <View className='claim-field__v'>{children}</View>
    </View>
  )
}
