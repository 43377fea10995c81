/**
 * The worker's subsidy pages, presentational: 我的补贴, 我能领的补贴, the claim form (two screens),
 * claim detail with its flows (补正 / 申诉 / 更新收款账户), 消息 and the public 公示 page.
 * Props in, events out; the page hooks hold the state and call the services.
 */
import type { ReactNode } from 'react'
import { View, Text } from '@tarojs/components'
import { ClaimStateBadge, ClaimTimeline, KeyValue, Money, VerdictList, deadlineText, formatDateTime, type TimelineStep, type VerdictItem } from '../claim-parts'
import { BottomBar, Button, Choice, Field, ListRow, Problem, Tappable } from '../ui'
import './index.css'

/** H5 attributes Taro's prop types do not list (tabIndex, keyboard, role on Text); weapp ignores them. */
export const a11y = (attrs: Record<string, unknown>): object => attrs

export function Block(props: { title?: string; id?: string; children: ReactNode }) {
  return (
    <View className='cu-block' id={props.id}>
      {props.title && (
        <Text className='cu-block__title' {...a11y({ role: 'heading', 'aria-level': 2 })}>
          {props.title}
        </Text>
      )}
      {props.children}
    </View>
  )
}

export function Heading({ text, sub }: { text: string; sub?: string }) {
  return (
    <View className='cu-heading'>
      <Text className='cu-heading__text' {...a11y({ role: 'heading', 'aria-level': 1 })}>
        {text}
      </Text>
      {sub && <Text className='cu-heading__sub'>{sub}</Text>}
    </View>
  )
}

// ---------------------------------------------------------------- 我的补贴

export interface ClaimRow {
  id: string
  state: string
  stateLabel: string
  kindLabel: string
  /** e.g. 育婴员 四级 */
  subject: string
  amountYuan: number | null
  nextStep: string
  deadline: string | null
  office: string | null
  /** 「由 女儿 138****2002 代办」 when a relative submitted it */
  actedBy?: string | null
}

export interface ClaimsListProps {
  claims: readonly ClaimRow[]
  unread: number
  today?: string
  onOpen(id: string): void
  onAvailable(): void
  onInbox(): void
  onAnnouncements(): void
}

export function ClaimsListView(p: ClaimsListProps) {
  return (
    <View className='cu-page'>
      <Heading text='我的补贴' sub='申请到哪一步、下一步做什么，都在这里' />
      <View className='cu-row'>
        <Tappable id='open-available' className='cu-tile cu-tile--main' onTap={p.onAvailable}>
          <Text className='cu-tile__title'>我能领的补贴</Text>
          <Text className='cu-tile__hint'>看看证书和课程能领多少</Text>
        </Tappable>
        <Tappable id='open-inbox' className='cu-tile' onTap={p.onInbox}>
          <Text className='cu-tile__title'>消息</Text>
          <Text className='cu-tile__hint'>{p.unread > 0 ? `${p.unread}条未读` : '没有未读'}</Text>
          {p.unread > 0 && <Text className='cu-dot'>{p.unread > 99 ? '99+' : String(p.unread)}</Text>}
        </Tappable>
      </View>
      {p.claims.length === 0 ? (
        <Block>
          <Text className='cu-text'>你还没有申请过补贴。</Text>
          <Text className='cu-muted'>拿到证书或学完课程后，点上面的「我能领的补贴」，系统会先帮你核对能不能领。</Text>
        </Block>
      ) : (
        p.claims.map((c) => (
          <ListRow
            key={c.id}
            id={`claim-${c.id}`}
            className='claim-row'
            title={c.kindLabel}
            trailing={<ClaimStateBadge state={c.state} label={c.stateLabel} />}
            sub={c.subject}
            onTap={() => p.onOpen(c.id)}
          >
            <Money yuan={c.amountYuan} />
            <Text className='cu-next'>{`下一步：${c.nextStep}`}</Text>
            {c.deadline && <Text className='cu-deadline'>{`截止 ${deadlineText(c.deadline, p.today)}`}</Text>}
            {c.actedBy && <Text className='acted-by'>{c.actedBy}</Text>}
          </ListRow>
        ))
      )}
      <Button kind='secondary' id='open-announcements' text='查看补贴公示' onTap={p.onAnnouncements} />
    </View>
  )
}

// ---------------------------------------------------------------- 我能领的补贴

export interface Candidate {
  key: string
  kindLabel: string
  subject: string
  /** where it comes from: 证书编号… / 课程名 */
  basis: string
  amountYuan: number | null
  amountNote?: string
  ok: boolean
  office: string | null
  verdicts: readonly VerdictItem[]
}

export function AvailableView(p: { candidates: readonly Candidate[]; note?: string | null; onApply(key: string): void; onCourses(): void }) {
  const ok = p.candidates.filter((c) => c.ok)
  const not = p.candidates.filter((c) => !c.ok)
  return (
    <View className='cu-page'>
      <Heading text='我能领的补贴' sub='按你的证书和学完的课程，系统已先帮你核对' />
      {p.note && (
        <Block>
          <Text className='cu-muted'>{p.note}</Text>
        </Block>
      )}
      {p.candidates.length === 0 && (
        <Block>
          <Text className='cu-text'>暂时没有可以申请的补贴。</Text>
          <Text className='cu-muted'>拿到职业技能等级证书、或学完一门补贴课程后，就可以在这里申请。</Text>
          <Button kind='secondary' id='go-courses' text='去找补贴课程' onTap={p.onCourses} />
        </Block>
      )}
      {ok.map((c) => (
        <CandidateCard key={c.key} c={c} onApply={() => p.onApply(c.key)} />
      ))}
      {not.length > 0 && <Text className='cu-section'>暂时不能申请的</Text>}
      {not.map((c) => (
        <CandidateCard key={c.key} c={c} />
      ))}
    </View>
  )
}

function CandidateCard({ c, onApply }: { c: Candidate; onApply?: () => void }) {
  return (
    <View className={`cu-card candidate${c.ok ? '' : ' candidate--no'}`}>
      <View className='cu-card__head'>
        <Text className='cu-card__title'>{c.kindLabel}</Text>
        <Text className={c.ok ? 'cu-yes' : 'cu-no'}>{c.ok ? '可以申请' : '暂不能申请'}</Text>
      </View>
      <Text className='cu-card__sub'>{c.subject}</Text>
      <Text className='cu-muted'>{c.basis}</Text>
      <Money yuan={c.amountYuan} note={c.amountNote} />
      {c.office && <Text className='cu-muted'>{`受理机构：${c.office}`}</Text>}
      {/* Passed: one line is enough (the form shows every rule); refused: only what failed, each with its source. */}
      {c.ok ? (
        <Text className='cu-yes-line'>{`系统已核对 ${c.verdicts.length} 项条件，全部符合`}</Text>
      ) : (
        <VerdictList verdicts={c.verdicts.filter((v) => v.status !== 'pass')} compact />
      )}
      {onApply && <Button id={`apply-${c.key}`} text='申请这项补贴' onTap={onApply} />}
    </View>
  )
}

// ---------------------------------------------------------------- claim form (two screens)

export type PayoutType = 'social_security_card' | 'bank_card'

export interface ClaimFormProps {
  screen: 1 | 2
  kinds: readonly { code: string; label: string; hint?: string }[]
  kind: string | null
  subjects: readonly { id: string; label: string; hint?: string }[]
  subjectTitle: string
  subjectId: string | null
  checking: boolean
  verdicts: readonly VerdictItem[] | null
  precheckOk: boolean
  amountYuan: number | null
  office: string | null
  payoutType: PayoutType
  bankName: string
  accountNumber: string
  accountError: string | null
  realName: string | null
  /** a relative acting for the worker: the payout account stays with the worker (their saved one is used) */
  payoutByOwner?: boolean
  submitting: boolean
  problem: string | null
  subscribeHint: boolean
  onKind(code: string): void
  onSubject(id: string): void
  onNext(): void
  onBack(): void
  onPayoutType(t: PayoutType): void
  onBankName(v: string): void
  onAccountNumber(v: string): void
  onSubmit(): void
}

export function ClaimFormView(p: ClaimFormProps) {
  if (p.screen === 1) {
    return (
      <View className='cu-page cu-page--bar'>
        <Heading text='申请补贴' sub='第1步，共2步：选补贴和证书（课程）' />
        <Block title='申请哪种补贴'>
          {p.kinds.map((k) => (
            <Choice key={k.code} id={`kind-${k.code}`} className='kind-option' label={k.label} hint={k.hint} on={p.kind === k.code} onTap={() => p.onKind(k.code)} />
          ))}
        </Block>
        {p.kind && (
          <Block title={p.subjectTitle}>
            {p.subjects.length === 0 && <Text className='cu-muted'>没有可用的证书或课程。</Text>}
            {p.subjects.map((s) => (
              <Choice key={s.id} className='subject-option' label={s.label} hint={s.hint} on={p.subjectId === s.id} onTap={() => p.onSubject(s.id)} />
            ))}
          </Block>
        )}
        {(p.checking || p.verdicts) && (
          <Block title='系统核对结果'>
            {p.checking && <Text className='cu-muted'>正在核对…</Text>}
            {!p.checking && p.verdicts && (
              <>
                <Money yuan={p.amountYuan} note={p.office ? `受理机构：${p.office}` : undefined} />
                <VerdictList verdicts={p.verdicts} />
                {!p.precheckOk && <Problem message='有不符合的条件，这项补贴现在不能申请。' />}
              </>
            )}
          </Block>
        )}
        <Problem message={p.problem} />
        <BottomBar>
          <Button id='claim-next' text='下一步：收款账户' disabled={!p.precheckOk || p.checking} onTap={p.onNext} />
        </BottomBar>
      </View>
    )
  }
  return (
    <View className='cu-page cu-page--bar'>
      <Heading text='确认并提交' sub='第2步，共2步：补贴打到哪里' />
      <Block title='收款账户'>
        {p.payoutByOwner ? (
          <Text className='cu-text' id='payout-by-owner'>收款账户只能由本人设置。这次申请用本人已设置的账户；没有设置时，补贴发到本人的社会保障卡。</Text>
        ) : (
          <>
        <Choice id='payout-ssc' label='社会保障卡（推荐）' hint='补贴直接发到你的社保卡金融账户' on={p.payoutType === 'social_security_card'} onTap={() => p.onPayoutType('social_security_card')} />
        <Choice id='payout-bank' label='银行卡' hint={p.realName ? `必须是${p.realName}本人的卡` : '必须是本人的卡'} on={p.payoutType === 'bank_card'} onTap={() => p.onPayoutType('bank_card')} />
        {p.payoutType === 'bank_card' && (
          <>
            <Field id='account-number' label='银行卡号' type='number' maxlength={19} placeholder='16到19位数字' value={p.accountNumber} error={p.accountError} onChange={p.onAccountNumber} />
            <Field id='bank-name' label='开户银行' placeholder='例如：中国工商银行' value={p.bankName} onChange={p.onBankName} />
          </>
        )}
          </>
        )}
      </Block>
      <Block title='申请内容'>
        <KeyValue label='补贴'>
          <Text>{p.kinds.find((k) => k.code === p.kind)?.label ?? ''}</Text>
        </KeyValue>
        <KeyValue label='依据'>
          <Text>{p.subjects.find((s) => s.id === p.subjectId)?.label ?? ''}</Text>
        </KeyValue>
        <KeyValue label='金额'>
          <Money yuan={p.amountYuan} />
        </KeyValue>
        {p.office && (
          <KeyValue label='受理机构'>
            <Text>{p.office}</Text>
          </KeyValue>
        )}
        {p.subscribeHint && <Text className='cu-muted'>提交时会问你是否接收微信通知，办理进度一有变化就提醒你。</Text>}
      </Block>
      <Problem message={p.problem} />
      <BottomBar two>
        <Button kind='secondary' id='claim-back' text='上一步' onTap={p.onBack} />
        <Button id='claim-submit' text='提交申请' busy={p.submitting} disabled={!!p.accountError} onTap={p.onSubmit} />
      </BottomBar>
    </View>
  )
}

// ---------------------------------------------------------------- detail and flows

export interface ClaimDetail {
  id: string
  state: string
  stateLabel: string
  kindLabel: string
  subject: string
  amountYuan: number | null
  office: string | null
  nextStep: string
  deadline: string | null
  payoutMasked: string | null
  /** the items a reviewer asked for (需补正) */
  requestedItems: readonly string[]
  timeline: readonly TimelineStep[]
}

export type DetailFlow = 'supplement' | 'appeal' | 'account' | null

export interface ClaimDetailProps {
  claim: ClaimDetail
  today?: string
  can: { withdraw: boolean; supplement: boolean; appeal: boolean; account: boolean }
  flow: DetailFlow
  note: string
  bankName: string
  accountNumber: string
  payoutType: PayoutType
  error: string | null
  busy: boolean
  onFlow(flow: DetailFlow): void
  onNote(v: string): void
  onPayoutType(t: PayoutType): void
  onBankName(v: string): void
  onAccountNumber(v: string): void
  onSend(): void
  onWithdraw(): void
  /** Back to 我的补贴 — also keeps a focusable control on every state (keyboard users can scroll the page) */
  onMine?(): void
}

export function ClaimDetailView(p: ClaimDetailProps) {
  const c = p.claim
  return (
    <View className='cu-page'>
      <View className='cu-card claim-head'>
        <View className='cu-card__head'>
          <Text className='cu-card__title' {...a11y({ role: 'heading', 'aria-level': 1 })}>
            {c.kindLabel}
          </Text>
          <ClaimStateBadge state={c.state} label={c.stateLabel} />
        </View>
        <Text className='cu-card__sub'>{c.subject}</Text>
        <Money yuan={c.amountYuan} size='large' />
        <Text className='cu-next'>{`下一步：${c.nextStep}`}</Text>
        {c.deadline && <Text className='cu-deadline'>{`截止 ${deadlineText(c.deadline, p.today)}`}</Text>}
        {c.office && (
          <KeyValue label='受理机构'>
            <Text>{c.office}</Text>
          </KeyValue>
        )}
        {c.payoutMasked && (
          <KeyValue label='收款账户'>
            <Text>{c.payoutMasked}</Text>
          </KeyValue>
        )}
      </View>

      {c.requestedItems.length > 0 && c.state === 'needs_supplement' && (
        <Block title='需要你补充'>
          {c.requestedItems.map((i) => (
            <Text key={i} className='cu-text'>{`· ${i}`}</Text>
          ))}
        </Block>
      )}

      {p.flow === null && (p.can.supplement || p.can.appeal || p.can.account || p.can.withdraw) && (
        <Block>
          {p.can.supplement && <Button id='start-supplement' text='补充材料' onTap={() => p.onFlow('supplement')} />}
          {p.can.account && <Button id='start-account' text='更新收款账户' onTap={() => p.onFlow('account')} />}
          {p.can.appeal && <Button id='start-appeal' text='申诉' onTap={() => p.onFlow('appeal')} />}
          {p.can.withdraw && <Button kind='secondary' id='withdraw' text='撤回申请' danger onTap={p.onWithdraw} />}
        </Block>
      )}

      {p.flow === 'supplement' && (
        <Block title='补充材料'>
          <Field multiline id='supplement-note' label='说明' placeholder='写清楚补充了什么，例如：培训签到表已补交到培训机构' value={p.note} onChange={p.onNote} error={p.error} />
          <Button id='send-flow' text='提交补正' busy={p.busy} onTap={p.onSend} />
          <Button kind='secondary' text='取消' onTap={() => p.onFlow(null)} />
        </Block>
      )}
      {p.flow === 'appeal' && (
        <Block title='申诉'>
          <Text className='cu-muted'>每个申请只能申诉一次。写清楚你为什么不同意驳回的理由。</Text>
          <Field multiline id='appeal-reason' label='申诉理由' placeholder='例如：证书是今年考的，请重新核对' value={p.note} onChange={p.onNote} error={p.error} />
          <Button id='send-flow' text='提交申诉' busy={p.busy} onTap={p.onSend} />
          <Button kind='secondary' text='取消' onTap={() => p.onFlow(null)} />
        </Block>
      )}
      {p.flow === 'account' && (
        <Block title='更新收款账户'>
          <Choice id='payout-ssc' label='社会保障卡' on={p.payoutType === 'social_security_card'} onTap={() => p.onPayoutType('social_security_card')} />
          <Choice id='payout-bank' label='银行卡（本人）' on={p.payoutType === 'bank_card'} onTap={() => p.onPayoutType('bank_card')} />
          {p.payoutType === 'bank_card' && (
            <>
              <Field id='account-number' label='银行卡号' type='number' maxlength={19} placeholder='16到19位数字' value={p.accountNumber} onChange={p.onAccountNumber} />
              <Field id='bank-name' label='开户银行' placeholder='例如：中国工商银行' value={p.bankName} onChange={p.onBankName} />
            </>
          )}
          <Problem message={p.error} />
          <Button id='send-flow' text='保存并重新拨付' busy={p.busy} onTap={p.onSend} />
          <Button kind='secondary' text='取消' onTap={() => p.onFlow(null)} />
        </Block>
      )}

      <Block title='办理进度'>
        <ClaimTimeline steps={c.timeline} today={p.today} />
      </Block>
      {p.onMine && <Button kind='secondary' id='back-to-mine' text='回到我的补贴' onTap={p.onMine} />}
    </View>
  )
}

// ---------------------------------------------------------------- 消息

export interface InboxItem {
  id: string
  title: string
  body: string
  at: string
  read: boolean
  link?: string | null
}

export function InboxView(p: { items: readonly InboxItem[]; today?: string; onOpen(item: InboxItem): void; onReadAll(): void }) {
  const unread = p.items.filter((i) => !i.read).length
  return (
    <View className='cu-page'>
      <Heading text='消息' sub={unread > 0 ? `${unread}条未读` : '都看过了'} />
      {unread > 0 && <Button kind='secondary' id='read-all' text='全部标为已读' onTap={p.onReadAll} />}
      {p.items.length === 0 && (
        <Block>
          <Text className='cu-text'>还没有消息。补贴办理有进展时，会在这里告诉你。</Text>
        </Block>
      )}
      {p.items.map((m) => (
        <ListRow
          key={m.id}
          className={m.read ? 'inbox-item' : 'inbox-item inbox-item--unread'}
          title={m.title}
          trailing={!m.read && <Text className='cu-new'>未读</Text>}
          sub={m.body}
          meta={formatDateTime(m.at, p.today)}
          onTap={() => p.onOpen(m)}
        />
      ))}
    </View>
  )
}

// ---------------------------------------------------------------- 公示

export interface AnnouncementRow {
  claimId: string
  maskedName: string
  occupation: string
  level: string
  kindLabel: string
  amountYuan: number
  office: string
}

export interface AnnouncementBatch {
  id: string
  title: string
  office: string
  from: string
  to: string
  open: boolean
  rows: readonly AnnouncementRow[]
}

export interface ObjectionDraft {
  batchId: string
  claimId: string
  reason: string
  phone: string
}

export function AnnouncementsView(p: {
  batches: readonly AnnouncementBatch[]
  regionName: string
  today?: string
  objection: ObjectionDraft | null
  error: string | null
  busy: boolean
  sent: boolean
  onObject(batchId: string, claimId: string): void
  onReason(v: string): void
  onPhone(v: string): void
  onSend(): void
  onCancel(): void
}) {
  return (
    <View className='cu-page'>
      <Heading text='补贴公示' sub={`${p.regionName}的补贴发放公示。名单里的姓名只显示姓（如 王*英），没有身份证号和手机号。`} />
      {p.sent && (
        <Block>
          <Text className='cu-text' {...a11y({ role: 'status' })}>
            异议已收到，审核员会核实处理。
          </Text>
        </Block>
      )}
      {p.batches.length === 0 && (
        <Block>
          <Text className='cu-text'>现在没有公示。</Text>
        </Block>
      )}
      {p.batches.map((b) => (
        <View key={b.id} className='cu-card announcement'>
          <Text className='cu-card__title'>{b.title}</Text>
          <Text className='cu-muted'>{`${b.office} · 公示期 ${b.from.slice(0, 10)} 至 ${b.to.slice(0, 10)}${b.open ? '' : '（已结束）'}`}</Text>
          {b.rows.map((r) => (
            <View key={r.claimId} className='announcement__row'>
              <View className='announcement__who'>
                <Text className='cu-text'>{`${r.maskedName} · ${r.occupation} ${r.level}`}</Text>
                <Text className='cu-muted'>{`${r.kindLabel} ${r.amountYuan}元`}</Text>
              </View>
              {b.open && <Button kind='secondary' id={`object-${r.claimId}`} text='提异议' onTap={() => p.onObject(b.id, r.claimId)} />}
            </View>
          ))}
          {p.objection && p.objection.batchId === b.id && (
            <View className='objection'>
              <Field multiline id='objection-reason' label='异议内容' placeholder='请写明你了解的情况' value={p.objection.reason} onChange={p.onReason} />
              <Field id='objection-phone' label='联系电话' type='number' maxlength={11} placeholder='审核员核实时联系你' value={p.objection.phone} onChange={p.onPhone} />
              <Problem message={p.error} />
              <Button id='send-objection' text='提交异议' busy={p.busy} onTap={p.onSend} />
              <Button kind='secondary' text='取消' onTap={p.onCancel} />
            </View>
          )}
        </View>
      ))}
    </View>
  )
}
