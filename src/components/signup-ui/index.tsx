/** Small building blocks shared by the sign-up pages: big buttons, options and text fields (≥ 88rpx high). */
import type { ReactNode } from 'react'
import { View, Text, Input } from '@tarojs/components'
import { Tappable } from '../ui/tappable'
import './index.css'

/** A large text field; `bad` marks it red while its message is shown. */
export function TextInput(props: {
  id: string
  type: 'text' | 'number' | 'idcard'
  maxlength: number
  placeholder: string
  value: string
  bad?: boolean
  /** take the keyboard focus (an error in this field) */
  focus?: boolean
  /** accessible name when no visible label is tied to it */
  label?: string
  onChange(value: string): void
}) {
  return (
    <Input
      id={props.id}
      className={props.bad ? 'su-input su-input--bad' : 'su-input'}
      type={props.type}
      maxlength={props.maxlength}
      placeholder={props.placeholder}
      value={props.value}
      focus={props.focus}
      aria-label={props.label}
      onInput={(e) => props.onChange(e.detail.value)}
    />
  )
}

export function PrimaryButton(props: { id: string; text: string; disabled?: boolean; onTap(): void }) {
  return (
    <Tappable id={props.id} className={props.disabled ? 'su-primary su-primary--disabled' : 'su-primary'} disabled={props.disabled} onTap={props.onTap}>
      <Text>{props.text}</Text>
    </Tappable>
  )
}

export function LinkButton(props: { id?: string; text: string; danger?: boolean; onTap(): void }) {
  return (
    <Tappable id={props.id} className={props.danger ? 'su-link su-danger' : 'su-link'} onTap={props.onTap}>
      <Text>{props.text}</Text>
    </Tappable>
  )
}

export function Option(props: { className: string; label: string; hint?: string; on: boolean; onTap(): void }) {
  return (
    <Tappable className={`${props.className} su-option${props.on ? ' su-option--on' : ''}`} role='checkbox' checked={props.on} onTap={props.onTap}>
      <Text className='su-option__label'>{props.label}</Text>
      {props.hint && <Text className='su-option__hint'>{props.hint}</Text>}
    </Tappable>
  )
}

export function Card(props: { title?: string; children: ReactNode }) {
  return (
    <View className='su-card'>
      {props.title && <Text className='su-title'>{props.title}</Text>}
      {props.children}
    </View>
  )
}

export function Loading() {
  return (
    <View className='su-card'>
      <Text className='su-muted'>正在加载…</Text>
    </View>
  )
}
