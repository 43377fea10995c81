import { View, Text } from '@tarojs/components'
import { WORKER_GROUPS } from '../../domain/catalog'
import { EMPLOYMENT_STATUSES, type SignupField } from '../../domain/profile'
import { Card } from '../signup-ui'
import { FormError } from '../form-error'
import { Button, Choice, TextBox } from '../ui'

export interface ProfileDraft {
  realName: string
  idNumber: string
  phone: string
  groups: string[]
  employmentStatus: string | null
}

export interface ProfileFormProps {
  /** Only these fields are asked */
  missing: readonly SignupField[]
  draft: ProfileDraft
  /** Message per field (instant checks and the server's 400) */
  errors: Partial<Record<SignupField | 'employmentStatus' | 'form', string>>
  saving: boolean
  onChange(patch: Partial<ProfileDraft>): void
  onToggleGroup(code: string): void
  onSave(): void
  /** Sign-up: the course being signed up for, shown above the form (saving then signs up at once) */
  course?: { title: string; when: string; address: string } | null
  /** Button text; default 保存，下一步 */
  submitText?: string
}

const TEXT_FIELDS = [
  { field: 'realName', id: 'real-name', label: '真实姓名', type: 'text', maxlength: 20, placeholder: '和身份证上一致' },
  { field: 'idNumber', id: 'id-number', label: '身份证号', type: 'idcard', maxlength: 18, placeholder: '18位身份证号' },
  { field: 'phone', id: 'phone', label: '手机号', type: 'number', maxlength: 11, placeholder: '培训机构会打这个电话通知你' }
] as const

/** Asks only what sign-up still needs (progressive profile). */
export function ProfileForm(p: ProfileFormProps) {
  const asks = (f: SignupField) => p.missing.includes(f)
  const err = (f: keyof ProfileFormProps['errors']) =>
    p.errors[f] ? <FormError id={`${f}-error`} text={p.errors[f]!} /> : null
  return (
    <View className='su-page'>
      {p.course && (
        <Card title='报名课程'>
          <Text className='su-subtitle'>{p.course.title}</Text>
          <Text className='su-text'>{p.course.when}</Text>
          <Text className='su-text'>{p.course.address}</Text>
        </Card>
      )}
      <Card title='报名还需要这些信息'>
        <Text className='su-muted'>只填一次，下次报名不用再填。身份证号加密保存，只显示部分数字。</Text>
        {TEXT_FIELDS.filter((f) => asks(f.field)).map((f) => (
          <View key={f.field}>
            <Text className='su-label'>{f.label}</Text>
            <TextBox
              id={f.id}
              type={f.type}
              maxlength={f.maxlength}
              placeholder={f.placeholder}
              value={p.draft[f.field]}
              bad={!!p.errors[f.field]}
              onChange={(v) => p.onChange({ [f.field]: v })}
            />
            {err(f.field)}
          </View>
        ))}
      </Card>
      {asks('groups') && (
        <Card title='你属于哪一类？（可多选）'>
          <Text className='su-muted'>不同类别能领的补贴不一样，选符合你的情况。</Text>
          {WORKER_GROUPS.map((g) => (
            <Choice role='checkbox'
              key={g.code}
              className='group-option'
              label={g.label}
              hint={g.hint}
              on={p.draft.groups.includes(g.code)}
              onTap={() => p.onToggleGroup(g.code)}
            />
          ))}
          {err('groups')}
        </Card>
      )}
      {asks('groups') && (
        <Card title='现在有工作吗？（可不填）'>
          {EMPLOYMENT_STATUSES.map((s) => (
            <Choice role='checkbox'
              key={s.code}
              className='employment-option'
              label={s.label}
              on={p.draft.employmentStatus === s.code}
              onTap={() => p.onChange({ employmentStatus: p.draft.employmentStatus === s.code ? null : s.code })}
            />
          ))}
          {err('employmentStatus')}
        </Card>
      )}
      {err('form')}
      <Button id='save-profile' text={p.saving ? '正在保存…' : (p.submitText ?? '保存，下一步')} disabled={p.saving} onTap={p.onSave} />
    </View>
  )
}
