/**
 * Field — a labelled text input (or a multi-line one) with its problem right under it.
 *   <Field id='bank-name' label='开户银行' value={v} placeholder='例如：中国工商银行' error={err} onChange={setV} />
 * The label is visible above the box and is also the input's accessible name; `hideLabel` keeps only the
 * accessible name (a field whose heading already says what it is). The problem is a FormError (role alert,
 * focusable) so useFocusFirstError finds it after a failed submit.
 */
import { View, Text, Input, Textarea } from '@tarojs/components'
import { FormError } from '../../form-error'

export type FieldType = 'text' | 'number' | 'idcard' | 'digit'

export interface TextBoxProps {
  id: string
  value: string
  placeholder?: string
  type?: FieldType
  maxlength?: number
  /** marks the box red (its message is shown elsewhere) */
  bad?: boolean
  /** take the keyboard focus (an error in this field) */
  focus?: boolean
  /** accessible name */
  label?: string
  multiline?: boolean
  onChange(value: string): void
}

/** The bare box, for a field laid out by hand (a row with a button beside it). */
export function TextBox(p: TextBoxProps) {
  if (p.multiline)
    return (
      <Textarea
        id={p.id}
        className={p.bad ? 'ui-textarea ui-input--bad' : 'ui-textarea'}
        maxlength={p.maxlength ?? 300}
        placeholder={p.placeholder}
        value={p.value}
        focus={p.focus}
        aria-label={p.label}
        onInput={(e) => p.onChange(e.detail.value)}
      />
    )
  return (
    <Input
      id={p.id}
      className={p.bad ? 'ui-input ui-input--bad' : 'ui-input'}
      type={p.type ?? 'text'}
      maxlength={p.maxlength ?? 60}
      placeholder={p.placeholder}
      value={p.value}
      focus={p.focus}
      aria-label={p.label}
      onInput={(e) => p.onChange(e.detail.value)}
    />
  )
}

export interface FieldProps extends Omit<TextBoxProps, 'bad' | 'label'> {
  label: string
  hideLabel?: boolean
  /** a short help line under the label */
  hint?: string
  error?: string | null
}

export function Field(p: FieldProps) {
  const { label, hideLabel, hint, error, ...box } = p
  return (
    <View className='ui-field'>
      {!hideLabel && <Text className='ui-field__label'>{label}</Text>}
      {hint && <Text className='ui-field__hint'>{hint}</Text>}
      <TextBox {...box} label={label} bad={!!error} />
      <Problem message={error} />
    </View>
  )
}

/** A form's problem (or none): a FormError, so it is an alert that takes focus after a failed submit. */
export function Problem({ id, message }: { id?: string; message: string | null | undefined }) {
  return message ? <FormError id={id} text={message} className='ui-problem' /> : null
}
