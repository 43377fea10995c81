/** 我的资料 and 隐私设置: presentational only (props in, events out). */
import { formatBeijingTime } from '../../domain/format'
import { View, Text } from '@tarojs/components'
import type { PrivacyNotice, Profile } from '../../contract'
import { labelOf, WORKER_GROUPS } from '../../domain/catalog'
import { EMPLOYMENT_STATUSES, HUKOU_TYPES } from '../../domain/profile'
import { STORED_ITEMS } from '../../domain/personal-data'
import { Card } from '../signup-ui'
import { NoticeSections } from '../privacy-view'
import { Button, Choice, TextBox } from '../ui'
import './index.css'

export interface ProfileEdit {
  realName: string
  /** empty = keep the stored number */
  idNumber: string
  /** empty = keep the stored number */
  phone: string
  groups: string[]
  /** '' = not chosen (kept as it is) */
  hukouType: string
  employmentStatus: string
}
export type EditField = 'realName' | 'idNumber' | 'phone' | 'groups' | 'form'

export interface MyDataViewProps {
  profile: Profile
  regionName(code: string | null): string
  /** the full ID number after 查看完整号码 */
  revealedId: string | null
  editing: boolean
  edit: ProfileEdit
  errors: Partial<Record<EditField, string>>
  /** which field takes the focus (the first with an error) */
  focusField: EditField | null
  saving: boolean
  exporting: boolean
  /** where the export went, once saved */
  exportNote: string | null
  onReveal(): void
  onStartEdit(): void
  onCancelEdit(): void
  onChange(patch: Partial<ProfileEdit>): void
  onToggleGroup(code: string): void
  onSave(): void
  onExport(): void
  onPrivacySettings(): void
}

function Row({ k, v, id }: { k: string; v: string; id?: string }) {
  return (
    <View className='su-kv'>
      <Text className='su-kv__k'>{k}</Text>
      <Text className='su-kv__v' id={id}>
        {v}
      </Text>
    </View>
  )
}

const orDash = (v: string | null | undefined) => (v ? v : '未填写')

export function MyDataView(p: MyDataViewProps) {
  const pr = p.profile
  const err = (f: EditField) =>
    p.errors[f] ? (
      <View className='su-error' id={`${f}-error`} role='alert'>
        <Text>{p.errors[f]}</Text>
      </View>
    ) : null
  return (
    <View className='su-page my-data'>
      <View className='su-title' role='heading' aria-level={1}>
        <Text>我的资料</Text>
      </View>
      {!p.editing && (
        <Card title='我们存了你的这些信息'>
          <Row k='真实姓名' v={orDash(pr.realName)} />
          <Row k='身份证号' v={orDash(p.revealedId ?? pr.idNumberMasked)} id='id-number-shown' />
          {pr.idNumberMasked && !p.revealedId && <Button kind='link' id='reveal-id' text='查看完整号码（会留下查看记录）' onTap={p.onReveal} />}
          <Row k='出生日期' v={orDash(pr.birthDate)} />
          <Row k='性别' v={pr.gender ? (pr.gender === 'male' ? '男' : '女') : '未填写'} />
          <Row k='手机号' v={orDash(pr.phoneMasked)} />
          <Row k='户籍' v={pr.hukouType ? labelOf(HUKOU_TYPES, pr.hukouType) : '未填写'} />
          <Row k='户籍地' v={p.regionName(pr.homeRegion)} />
          <Row k='工作地' v={p.regionName(pr.workRegion)} />
          <Row k='人员类别' v={pr.groups.length ? pr.groups.map((g) => labelOf(WORKER_GROUPS, g)).join('、') : '未填写'} />
          <Row k='就业情况' v={pr.employmentStatus ? labelOf(EMPLOYMENT_STATUSES, pr.employmentStatus) : '未填写'} />
          <Text className='su-muted'>出生日期和性别从身份证号得出，不用另外填写。</Text>
          <Button id='edit-profile' text='修改资料' onTap={p.onStartEdit} />
        </Card>
      )}
      {p.editing && (
        <Card title='修改资料'>
          <Text className='su-muted'>只改你要改的。改了姓名或身份证号，要重新核对：人员类别要重新选，原来联网查到的证书要重新查询。</Text>
          <Text className='su-label' id='real-name-label'>
            真实姓名
          </Text>
          <TextBox
            id='edit-real-name'
            type='text'
            maxlength={20}
            placeholder='和身份证上一致'
            label='真实姓名'
            value={p.edit.realName}
            bad={!!p.errors.realName}
            focus={p.focusField === 'realName'}
            onChange={(v) => p.onChange({ realName: v })}
          />
          {err('realName')}
          <Text className='su-label'>身份证号</Text>
          <Text className='su-muted'>{`现在是 ${pr.idNumberMasked ?? '未填写'}，不改就不填`}</Text>
          <TextBox
            id='edit-id-number'
            type='idcard'
            maxlength={18}
            placeholder='新的身份证号'
            label='新的身份证号'
            value={p.edit.idNumber}
            bad={!!p.errors.idNumber}
            focus={p.focusField === 'idNumber'}
            onChange={(v) => p.onChange({ idNumber: v })}
          />
          {err('idNumber')}
          <Text className='su-label'>手机号</Text>
          <Text className='su-muted'>{`现在是 ${pr.phoneMasked ?? '未填写'}，不改就不填`}</Text>
          <TextBox
            id='edit-phone'
            type='number'
            maxlength={11}
            placeholder='新的手机号'
            label='新的手机号'
            value={p.edit.phone}
            bad={!!p.errors.phone}
            focus={p.focusField === 'phone'}
            onChange={(v) => p.onChange({ phone: v })}
          />
          {err('phone')}
          <Text className='su-label'>人员类别（可多选）</Text>
          {WORKER_GROUPS.map((g) => (
            <Choice role='checkbox' key={g.code} className='group-option' label={g.label} on={p.edit.groups.includes(g.code)} onTap={() => p.onToggleGroup(g.code)} />
          ))}
          {err('groups')}
          <Text className='su-label'>户籍</Text>
          {HUKOU_TYPES.map((h) => (
            <Choice role='checkbox' key={h.code} className='hukou-option' label={h.label} on={p.edit.hukouType === h.code} onTap={() => p.onChange({ hukouType: h.code })} />
          ))}
          <Text className='su-label'>就业情况</Text>
          {EMPLOYMENT_STATUSES.map((e) => (
            <Choice role='checkbox' key={e.code} className='employment-option' label={e.label} on={p.edit.employmentStatus === e.code} onTap={() => p.onChange({ employmentStatus: e.code })} />
          ))}
          {err('form')}
          <Button id='save-my-data' text={p.saving ? '正在保存…' : '保存修改'} disabled={p.saving} onTap={p.onSave} />
          <Button kind='link' id='cancel-edit' text='不改了' onTap={p.onCancelEdit} />
        </Card>
      )}
      <Card title='存了什么、为什么'>
        {STORED_ITEMS.map((i) => (
          <View key={i.key} className='my-data__item'>
            <Text className='su-subtitle'>{i.label}</Text>
            <Text className='su-text'>{`用途：${i.purpose}`}</Text>
          </View>
        ))}
      </Card>
      <Card title='下载我的数据'>
        <Text className='su-muted'>把我们存的你的全部信息下载成一个文件，可以用电脑打开，也可以交给别的机构。文件里的身份证号和手机号是完整的，请妥善保管。</Text>
        <Button id='export-data' text={p.exporting ? '正在准备…' : '下载我的数据'} disabled={p.exporting} onTap={p.onExport} />
        {p.exportNote && (
          <View className='su-text' id='export-note' role='status'>
            <Text>{p.exportNote}</Text>
          </View>
        )}
      </Card>
      <Button kind='link' id='open-privacy-settings' text='隐私设置：撤回同意、注销账号' onTap={p.onPrivacySettings} />
    </View>
  )
}

export interface PrivacySettingsViewProps {
  notice: PrivacyNotice
  /** consent to the current notice: when */
  consentAt: string | null
  busy: boolean
  error: string | null
  onWithdraw(): void
  onDelete(): void
  onMyData(): void
}

export function PrivacySettingsView(p: PrivacySettingsViewProps) {
  return (
    <View className='su-page my-data'>
      <View className='su-title' role='heading' aria-level={1}>
        <Text>隐私设置</Text>
      </View>
      <Card title='你的同意'>
        <Text className='su-text' id='consent-state'>
          {p.consentAt ? `你在 ${formatBeijingTime(p.consentAt)}（北京时间）同意了隐私保护指引（版本 ${p.notice.version}）。` : '你现在没有同意隐私保护指引，我们不会保存你新填的个人信息。'}
        </Text>
        <Button kind='link' id='open-my-data' text='我的资料：查看、修改、下载' onTap={p.onMyData} />
      </Card>
      {p.error && (
        <View className='su-error' role='alert'>
          <Text>{p.error}</Text>
        </View>
      )}
      <Card title='撤回同意或注销账号'>
        {p.consentAt && (
          <>
            <Text className='su-text'>撤回同意：删除你的个人资料、证书和照片、收款账户和通知订阅，审核中的补贴申请会撤回；账号还在，可以重新同意。</Text>
            <Button kind='link' id='withdraw-consent-settings' text='撤回同意' danger onTap={p.onWithdraw} />
          </>
        )}
        <Text className='su-text'>注销账号：除了上面这些，账号、手机号、微信身份和站内消息也删除，进行中的报名取消，无法恢复。</Text>
        <Button kind='link' id='delete-account-settings' text='注销账号' danger onTap={p.onDelete} />
      </Card>
      <Card title={p.notice.title}>
        <NoticeSections notice={p.notice} />
      </Card>
    </View>
  )
}
