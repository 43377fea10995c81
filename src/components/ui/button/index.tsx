/**
 * Button — the kit's one button: a Tappable with a visible text, in four looks.
 *   primary   the one main action of a screen (filled, full width)
 *   secondary a further action (outlined)
 *   link      a quiet text action (查看…, 取消)
 * `danger` colours any of them red: an action that removes or ends something.
 * `busy` shows 请稍候… and refuses taps (a submit in flight); `disabled` keeps its place, dimmed.
 * Every size reads --tap / --ts, so 关怀模式 makes it taller and its text larger.
 */
import { Text } from '@tarojs/components'
import { Tappable } from '../tappable'

export type ButtonKind = 'primary' | 'secondary' | 'link'

export interface ButtonProps {
  id?: string
  text: string
  kind?: ButtonKind
  danger?: boolean
  disabled?: boolean
  busy?: boolean
  /** the text while busy (default 请稍候…) */
  busyText?: string
  /** accessible name when the text alone is not enough */
  label?: string
  /** extra class for the place it sits in (a bar, a row) — never for its look */
  className?: string
  onTap(): void
}

export function Button(p: ButtonProps) {
  const off = !!(p.disabled || p.busy)
  const cls = `ui-btn ui-btn--${p.kind ?? 'primary'}${p.danger ? ' ui-btn--danger' : ''}${p.className ? ` ${p.className}` : ''}`
  return (
    <Tappable id={p.id} className={cls} label={p.label} disabled={off} onTap={p.onTap}>
      <Text>{p.busy ? (p.busyText ?? '请稍候…') : p.text}</Text>
    </Tappable>
  )
}
