/**
 * Choice — one option of a set (a big tappable box with a label and a hint): `radio` when one of the set
 * can be chosen, `checkbox` when several. The state is in the border and the background, and in aria-checked.
 */
import { Text } from '@tarojs/components'
import { Tappable } from '../tappable'

export interface ChoiceProps {
  id?: string
  className?: string
  label: string
  hint?: string
  on: boolean
  disabled?: boolean
  /** default radio */
  role?: 'radio' | 'checkbox'
  onTap(): void
}

export function Choice(p: ChoiceProps) {
  const cls = `ui-choice${p.on ? ' ui-choice--on' : ''}${p.disabled ? ' ui-choice--off' : ''}${p.className ? ` ${p.className}` : ''}`
  return (
    <Tappable id={p.id} className={cls} role={p.role ?? 'radio'} checked={p.on} disabled={p.disabled} onTap={p.onTap}>
      <Text className='ui-choice__label'>{p.label}</Text>
      {p.hint && <Text className='ui-choice__hint'>{p.hint}</Text>}
    </Tappable>
  )
}
