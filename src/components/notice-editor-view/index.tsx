/** The office's notice editor: my region's notices (publish state, readers reached) and one form. Presentational. */
import { View, Text, Textarea } from '@tarojs/components'
import type { AdminNotice } from '../../contract'
import { NOTICE_LIMITS, NOTICE_TAGS, NOTICE_TAG_KIND_LABELS, type NoticeTagKind } from '../../domain/notice'
import type { Loadable } from '../async'
import { Tappable } from '../ui/tappable'
import { Card, LinkButton, Option, PrimaryButton, TextInput } from '../signup-ui'
import { StateView } from '../ui/state-view'
import '../signup-ui/index.css'
import './index.css'

export interface NoticeForm {
  title: string
  summary: string
  body: string
  issuer: string
  docNumber: string
  /** comma or space separated: 000000 (全国), 14, 1403, 140322 */
  regions: string
  tags: string[]
  validUntil: string
}

export interface NoticeEditorViewProps {
  list: Loadable<{ items: AdminNotice[]; scope: string }>
  editing: string | null
  form: NoticeForm
  error: string | null
  busy: boolean
  withdrawReason: string
  onField(field: keyof Omit<NoticeForm, 'tags'>, value: string): void
  onToggleTag(code: string): void
  onSubmit(): void
  onNew(): void
  onEdit(id: string): void
  onWithdrawReason(v: string): void
  onWithdraw(): void
  onRetry(): void
}

const FANOUT_LABEL: Record<AdminNotice['fanout'], string> = { pending: '等待推送', running: '正在推送', done: '已推送' }

function Field({ label, hint, children }: { label: string; hint?: string; children: React.ReactNode }) {
  return (
    <View className='ne-field'>
      <Text className='ne-label'>{label}</Text>
      {children}
      {hint && <Text className='ne-hint'>{hint}</Text>}
    </View>
  )
}

export function NoticeEditorView(p: NoticeEditorViewProps) {
  const { list, form } = p
  const kinds: NoticeTagKind[] = ['subsidy', 'group', 'trade']
  const editingNotice = list.status === 'ready' && p.editing ? list.data.items.find((n) => n.id === p.editing) : undefined
  return (
    <View className='ne'>
      {list.status === 'error' && <StateView kind='error' title={list.message} actionText='重试' onAction={p.onRetry} />}
      {list.status === 'ready' && (
        <Card title={`通知管理（${list.data.scope}）`}>
          {list.data.items.length === 0 && <Text className='ne-hint'>还没有通知</Text>}
          {list.data.items.map((n) => (
            <Tappable key={n.id} id={`ne-item-${n.id}`} role='link' className={`ne-item${p.editing === n.id ? ' ne-item--on' : ''}`} onTap={() => p.onEdit(n.id)}>
              <Text className='ne-item__title'>{n.title}</Text>
              <Text className='ne-item__meta'>
                {n.publishedAt} · {n.regionLabel} · {n.status === 'withdrawn' ? '已撤回' : `${FANOUT_LABEL[n.fanout]}，${n.delivered} 人收到`}
              </Text>
            </Tappable>
          ))}
          {p.editing && <LinkButton id='ne-new' text='＋ 发布新通知' onTap={p.onNew} />}
        </Card>
      )}
      <Card title={p.editing ? '修改通知（改完不再重复推送）' : '发布新通知'}>
        <Field label='标题' hint={`最多 ${NOTICE_LIMITS.title} 字`}>
          <TextInput id='ne-title' type='text' maxlength={NOTICE_LIMITS.title} placeholder='例：盂县冬季电工班报名' value={form.title} onChange={(v) => p.onField('title', v)} />
        </Field>
        <Field label='通俗摘要' hint={`${Array.from(form.summary).length}/${NOTICE_LIMITS.summary} 字：用大白话说清这条通知对读者意味着什么`}>
          <Textarea id='ne-summary' nativeProps={{ 'aria-label': '通俗摘要' }} className='ne-textarea ne-textarea--short' maxlength={NOTICE_LIMITS.summary} value={form.summary} onInput={(e) => p.onField('summary', e.detail.value)} />
        </Field>
        <Field label='正文'>
          <Textarea id='ne-body' nativeProps={{ 'aria-label': '正文' }} className='ne-textarea' maxlength={NOTICE_LIMITS.body} value={form.body} onInput={(e) => p.onField('body', e.detail.value)} />
        </Field>
        <Field label='发布单位'>
          <TextInput id='ne-issuer' type='text' maxlength={NOTICE_LIMITS.issuer} placeholder='例：盂县人力资源和社会保障局' value={form.issuer} onChange={(v) => p.onField('issuer', v)} />
        </Field>
        <Field label='文号（没有可不填）'>
          <TextInput id='ne-doc' type='text' maxlength={NOTICE_LIMITS.docNumber} placeholder='例：阳人社函〔2024〕22号' value={form.docNumber} onChange={(v) => p.onField('docNumber', v)} />
        </Field>
        <Field label='发布地区' hint='地区代码，多个用逗号隔开：1403 = 阳泉市，140322 = 盂县，000000 = 全国（仅管理员）'>
          <TextInput id='ne-regions' type='text' maxlength={120} placeholder='1403' value={form.regions} onChange={(v) => p.onField('regions', v)} />
        </Field>
        <Field label='有效期（没有可不填）' hint='格式：2027-01-31'>
          <TextInput id='ne-valid' type='text' maxlength={10} placeholder='2027-01-31' value={form.validUntil} onChange={(v) => p.onField('validUntil', v)} />
        </Field>
        {kinds.map((k) => (
          <Field key={k} label={`标签：${NOTICE_TAG_KIND_LABELS[k]}`}>
            <View className='ne-tags'>
              {NOTICE_TAGS.filter((t) => t.kind === k).map((t) => (
                <Option key={t.code} className='ne-tag' label={t.label} on={form.tags.includes(t.code)} onTap={() => p.onToggleTag(t.code)} />
              ))}
            </View>
          </Field>
        ))}
        {p.error && (
          <View role='alert'>
            <Text className='ne-error'>{p.error}</Text>
          </View>
        )}
        <PrimaryButton id='ne-submit' text={p.busy ? '正在提交…' : p.editing ? '保存修改' : '发布并推送给订阅的人'} disabled={p.busy} onTap={p.onSubmit} />
      </Card>
      {editingNotice && editingNotice.status === 'published' && (
        <Card title='撤回这条通知'>
          <Text className='ne-hint'>撤回后不再出现在通知列表；收到过的人会收到一条撤回说明。</Text>
          <Field label='撤回原因'>
            <TextInput id='ne-reason' type='text' maxlength={NOTICE_LIMITS.withdrawReason} placeholder='例：开班时间调整，另行通知' value={p.withdrawReason} onChange={p.onWithdrawReason} />
          </Field>
          <LinkButton id='ne-withdraw' text='撤回' danger onTap={p.onWithdraw} />
        </Card>
      )}
    </View>
  )
}
